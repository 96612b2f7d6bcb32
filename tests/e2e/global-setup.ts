// Once per e2e run, before any test file: the e2e build of the extension. Made here, asynchronously, in
// the runner's main process: a synchronous build inside a test worker blocks that worker, and on a loaded
// machine vitest's own "onTaskUpdate" message then times out and fails a run whose tests all passed.
import { buildE2eExtensionAsync } from './support/chromium';

export default async function setup(): Promise<void> {
  await buildE2eExtensionAsync();
}
