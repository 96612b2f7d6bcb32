import { defineConfig } from 'vitest/config';

// End-to-end: built extension + SMART app in Debian's headless Chromium against the demo server.
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
