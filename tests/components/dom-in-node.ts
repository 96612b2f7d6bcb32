// A jsdom window in a node-environment test file: for component tests that also run the demo server
// in-process (its modules need file: import.meta.url, which the jsdom environment does not give).
// Import this first, before React and @testing-library/react.
import { builtinEnvironments } from 'vitest/environments';

const env = await builtinEnvironments.jsdom.setup(globalThis, { jsdom: { url: 'http://localhost/' } });

/**
 * Restores the node globals (call in afterAll, after the demo server is closed). React's scheduler
 * finishes its work in setImmediate slices after the last unmount, and a load that the closed server
 * refused still settles a moment later: let both run dry first, or React throws "window is not defined"
 * into the runner after the window has gone (seen once in a loaded CI run, every test passed).
 */
export const teardownDom = async (): Promise<void> => {
  const turn = () => new Promise<void>((r) => setImmediate(r));
  for (let round = 0; round < 5; round++) {
    for (let i = 0; i < 20; i++) await turn();
    await new Promise<void>((r) => setTimeout(r, 10));
  }
  await env.teardown(globalThis);
};
