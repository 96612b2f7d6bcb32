import { defineConfig } from 'vitest/config';

// End-to-end: built extension + SMART app in Debian's headless Chromium against the demo server.
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['tests/e2e/**/*.e2e.test.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    environment: 'node',
    // hang guards, not speed assertions: a loaded machine makes a run slower, never red
    testTimeout: 600_000,
    hookTimeout: 600_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
