// A jsdom window in a node-environment test file: for component tests that also run the demo server
// in-process (its modules need file: import.meta.url, which the jsdom environment does not give).
// Import this first, before React and @testing-library/react.
import { builtinEnvironments } from 'vitest/environments';

const env = await builtinEnvironments.jsdom.setup(globalThis, { jsdom: { url: 'http://localhost/' } });

/** restores the node globals (call in afterAll) */
export const teardownDom = async (): Promise<void> => {
  await env.teardown(globalThis);
};
