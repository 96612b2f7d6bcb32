import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// Unit and component tests. End-to-end tests (real Chromium, real demo server) have their own
// config in tests/e2e/ and run after the build.
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  resolve: {
    alias: {
      // wxt/testing pulls esbuild into jsdom and trips a TextEncoder invariant (design.md, known traps).
      'wxt/testing': fileURLToPath(new URL('./node_modules/wxt/dist/testing/fake-browser.mjs', import.meta.url)),
      '@': fileURLToPath(new URL('.', import.meta.url)),
    },
  },
  test: {
    include: ['tests/**/*.test.{ts,tsx}', 'lib/**/*.test.{ts,tsx}', 'components/**/*.test.{ts,tsx}', 'demo/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    globals: true,
    // a hang guard, not a speed assertion: a loaded machine must make a test slower, never red
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
