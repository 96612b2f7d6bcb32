import { chromium, type BrowserContext } from 'playwright-core';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const EXTENSION_DIR = resolve('.output/chrome-mv3');

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
  close(): Promise<void>;
}

/** Real headless Chromium with the built MV3 extension loaded. */
export async function launchWithExtension(): Promise<ExtensionBrowser> {
  assertBrowserAvailable();
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) throw new Error(`Extension not built at ${EXTENSION_DIR}: run 'npm run build'.`);
  const userDataDir = mkdtempSync(join(tmpdir(), 'pz-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [...FLAGS, `--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`],
  });
  let [worker] = context.serviceWorkers();
  if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 30_000 });
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
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
