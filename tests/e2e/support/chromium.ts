import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { acquirePolicyLock } from './policy-lock';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const EXTENSION_DIR = resolve('.output/chrome-mv3');
/** The e2e build: the production build plus loopback host access (see wxt.config.ts for why). */
export const E2E_EXTENSION_DIR = resolve('.output/chrome-mv3-e2e');

/** Written by tests/e2e/global-setup.ts once this run's e2e build is complete. */
export const E2E_BUILD_MARKER = join(E2E_EXTENSION_DIR, '.e2e-build-complete');
const E2E_BUILD_ARGS = ['/tmp/build.lock', 'npx', 'wxt', 'build', '--mode', 'e2e'];
// NODE_ENV=production: `--mode e2e` alone bundles React's development build, several times slower than
// what users run, so the e2e tests would judge a panel nobody ships
const E2E_BUILD_ENV = () => ({ ...process.env, NODE_ENV: 'production' });

/**
 * The e2e build, made asynchronously (the test runner's own messages keep flowing meanwhile) under the
 * build lock the other builds use (they share .wxt/). The e2e config's global setup calls it once per run.
 */
export async function buildE2eExtensionAsync(): Promise<string> {
  rmSync(E2E_BUILD_MARKER, { force: true });
  await new Promise<void>((done, fail) =>
    execFile('flock', E2E_BUILD_ARGS, { env: E2E_BUILD_ENV(), maxBuffer: 64 * 1024 * 1024 }, (err, _out, stderr) => (err ? fail(new Error(`e2e build failed: ${stderr || err.message}`)) : done())),
  );
  writeFileSync(E2E_BUILD_MARKER, new Date().toISOString());
  return E2E_EXTENSION_DIR;
}

let e2eBuilt = false;
/**
 * The e2e variant of the extension (`wxt build --mode e2e`): the one the global setup made for this run,
 * else (a script outside the e2e config, e.g. the bench) built here, synchronously, once per process.
 */
export function buildE2eExtension(): string {
  if (!e2eBuilt && !existsSync(E2E_BUILD_MARKER)) {
    execFileSync('flock', E2E_BUILD_ARGS, { stdio: 'pipe', timeout: 300_000, env: E2E_BUILD_ENV() });
  }
  e2eBuilt = true;
  return E2E_EXTENSION_DIR;
}

/** End-to-end tests never skip in CI: a missing browser or build is a failure, not a skip. */
export function assertBrowserAvailable(): void {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run 'apt-get install -y chromium' (.ci/run does).`);
}

// Flags the machine needs (closed network) plus what makes runs repeatable.
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  /** the extension's service worker (evaluate in the background) */
  worker: Worker;
  /** the profile directory this browser was started with (names its processes apart from others) */
  userDataDir: string;
  close(): Promise<void>;
}

/** Real headless Chromium with the built MV3 extension loaded. */
export async function launchWithExtension(opts: { extensionDir?: string; /** the caller holds the policy lock exclusively (the managed-policy test) */ policyLockHeld?: boolean } = {}): Promise<ExtensionBrowser> {
  assertBrowserAvailable();
  // shared: no managed policy file of a test may appear while this browser runs (see policy-lock.ts)
  const lock = opts.policyLockHeld ? undefined : await acquirePolicyLock('shared');
  const dir = opts.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`Extension not built at ${dir}: run 'npm run build'.`);
  const userDataDir = mkdtempSync(join(tmpdir(), 'pz-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [...FLAGS, `--disable-extensions-except=${dir}`, `--load-extension=${dir}`],
  });
  let [worker] = context.serviceWorkers();
  if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 30_000 });
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    worker,
    userDataDir,
    async close() {
      try {
        await context.close();
        rmSync(userDataDir, { recursive: true, force: true });
      } finally {
        lock?.release();
      }
    },
  };
}

/** Plain headless Chromium (no extension), e.g. for the SMART app in the demo EHR. */
export async function launchPlain(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  assertBrowserAvailable();
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  return { context, close: () => browser.close() };
}
