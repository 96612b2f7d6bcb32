import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

// The SMART on FHIR web app: a plain static build of the same components the side panel uses.
// `launch.html` + `index.html` follow the SMART convention; any static https host can serve dist/smart.
const root = fileURLToPath(new URL('.', import.meta.url));
export default defineConfig({
  root,
  base: './',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: fileURLToPath(new URL('../dist/smart', import.meta.url)),
    emptyOutDir: true,
    rollupOptions: {
      input: { launch: `${root}launch.html`, index: `${root}index.html` },
    },
  },
});
