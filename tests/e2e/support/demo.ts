// The demo server for end-to-end tests: started in-process on a free port with the full seed (demo
// patients + the real fixtures), with dates relative to today unless a test pins `now`.
import { startDemo, type DemoOptions, type DemoServer } from '../../../demo/server';

export type { DemoServer } from '../../../demo/server';

export async function startE2eDemo(opts: DemoOptions = {}): Promise<DemoServer> {
  const demo = await startDemo({ port: 0, host: '127.0.0.1', ...opts });
  // /smart must be servable before a browser opens it (the e2e run builds it first; a fresh tree builds here)
  if (opts.buildSmart !== false && !(await demo.smartReady)) {
    await demo.close();
    throw new Error('dist/smart could not be built: run `npm run build:smart`');
  }
  return demo;
}
