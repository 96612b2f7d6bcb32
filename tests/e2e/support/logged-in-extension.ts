// "A logged-in extension against the demo", once for every e2e file that needs it: the e2e build (a
// private copy if asked), the demo server, headless Chromium with the extension, the options and the
// token written where the options page's login puts them, and the content script's registration
// awaited; plus the small pieces those files all used (side panel page, chart tab, badge locator, the
// engine's expectation). These lines used to be copied into each file and drifted apart one by one.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { buildE2eExtension, launchWithExtension, type ExtensionBrowser } from './chromium';
import { startE2eDemo, type DemoServer } from './demo';
import type { DemoOptions } from '../../../demo/server';
import { createFhirGateway } from '../../../lib/fhir/load-record';
import { smartScopes } from '../../../lib/fhir/smart-policy';
import { engineEvaluate } from '../../../lib/host/engine';

// `chrome` exists inside the extension's worker these callbacks are evaluated in
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The demo's practitioner the tests log in as. */
export const FHIR_USER = 'Practitioner/pz-dr-visser';
/** The background's EHR content-script registration for the granted loopback origin (JSON of the matches). */
export const EHR_CONTENT_SCRIPT_MATCHES = '[["http://127.0.0.1/*"]]';

/**
 * The e2e build, copied under the build lock into a private directory: other test files (and the
 * bench) rebuild .output/chrome-mv3-e2e while this browser runs, and Chromium reads extension pages
 * from disk lazily.
 */
export function privateE2eExtension(): { dir: string; remove(): void } {
  const dir = join(mkdtempSync(join(tmpdir(), 'pz-ext-')), 'chrome-mv3-e2e');
  execFileSync('flock', ['/tmp/build.lock', 'cp', '-r', buildE2eExtension(), dir]);
  return { dir, remove: () => rmSync(join(dir, '..'), { recursive: true, force: true }) };
}

/** A user token for the demo's practitioner, as the demo's authorization server would issue it. */
export const issueUserToken = (demo: DemoServer): string => demo.issueToken(smartScopes('user'), { fhirUser: FHIR_USER });

/** The FHIR server set in the options page. */
export async function setOptions(b: ExtensionBrowser, fhirBase: string): Promise<void> {
  await b.worker.evaluate(async (base) => chrome.storage.local.set({ 'pz-options': { fhirBase: base } }), fhirBase);
}

/**
 * A (new) login: the token where lib/fhir/extension-auth.ts keeps it, storage.session, never
 * storage.local. A new login also empties the background's count cache.
 */
export async function storeToken(b: ExtensionBrowser, serverUrl: string, accessToken: string): Promise<void> {
  await b.worker.evaluate(
    async ([base, token, fhirUser]) => chrome.storage.session.set({ 'pz-smart-token': { serverUrl: base, accessToken: token, fhirUser } }),
    [serverUrl, accessToken, FHIR_USER] as const,
  );
}

/** The user set the FHIR server in the options page and logged in. */
export async function logIn(b: ExtensionBrowser, fhirBase: string, accessToken: string): Promise<void> {
  await setOptions(b, fhirBase);
  await storeToken(b, fhirBase, accessToken);
  // the background registers the EHR content script after it has read the options (and the hospital
  // policy, which Chromium answers slowly on a fresh profile): an EHR page opened before that has no badge
  await waitFor(async () => (await registeredContentScripts(b)) === EHR_CONTENT_SCRIPT_MATCHES, 60_000);
}

/** The matches of the content scripts the background has registered, as JSON (compare with EHR_CONTENT_SCRIPT_MATCHES). */
export async function registeredContentScripts(b: ExtensionBrowser): Promise<string> {
  return JSON.stringify(await b.worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).map((s: { matches?: string[] }) => s.matches)));
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The badge the content script puts on an EHR page: its host element (the shadow root inside is closed). */
export const badge = (page: Page) => page.locator('zorgpad-badge');

/** A new tab on the patient's chart in the demo EHR, once the badge is on it. */
export async function openChart(b: ExtensionBrowser, demo: DemoServer, patientId: string): Promise<Page> {
  const tab = await b.context.newPage();
  await tab.goto(`${demo.url}/ehr/patients/${encodeURIComponent(patientId)}`);
  await badge(tab).waitFor();
  return tab;
}

/** The extension's side panel page (sidepanel.html), opened as a tab. */
export async function openSidePanel(b: ExtensionBrowser): Promise<Page> {
  const panel = await b.context.newPage();
  await panel.goto(`chrome-extension://${b.extensionId}/sidepanel.html`);
  return panel;
}

/** What the extension must show for a patient: the same engine over the same record, no acknowledgements. */
export async function enginePrompts(demo: DemoServer, token: string, patientId: string) {
  const gateway = createFhirGateway({ serverUrl: demo.fhirBase, fetch: (u, i) => fetch(u, i), getAuthHeader: async () => `Bearer ${token}` });
  const record = await gateway.loadPatientRecord(patientId);
  return engineEvaluate()(record.resources, { now: new Date(), role: 'specialist', patientId }).prompts;
}

export interface LoggedInExtension {
  demo: DemoServer;
  b: ExtensionBrowser;
  /** the token the user logged in with */
  token: string;
  /** the patients on the demo EHR's ward list, in its order */
  patients: string[];
  /** the browser, the demo and the private copy of the build */
  close(): Promise<void>;
}

/**
 * The e2e extension in headless Chromium against a fresh demo, logged in as the demo's practitioner
 * (options and token written as the options page would), once the EHR content script is registered.
 * `privateCopy: false` loads .output/chrome-mv3-e2e itself.
 */
export async function startLoggedInExtension(opts: { demo?: DemoOptions; privateCopy?: boolean } = {}): Promise<LoggedInExtension> {
  const extension = opts.privateCopy === false ? { dir: buildE2eExtension(), remove() {} } : privateE2eExtension();
  let demo: DemoServer | undefined;
  let b: ExtensionBrowser | undefined;
  const close = async () => {
    await b?.close();
    await demo?.close();
    extension.remove();
  };
  try {
    demo = await startE2eDemo(opts.demo);
    const wardHtml = await (await fetch(`${demo.url}/ehr/`)).text();
    const patients = [...new Set([...wardHtml.matchAll(/href="\/ehr\/patients\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1])))];
    const token = issueUserToken(demo);
    b = await launchWithExtension({ extensionDir: extension.dir });
    await logIn(b, demo.fhirBase, token);
    // the background registers the EHR content script for the granted loopback origin
    const browser = b;
    await waitFor(async () => (await registeredContentScripts(browser)) === EHR_CONTENT_SCRIPT_MATCHES);
    return { demo, b, token, patients, close };
  } catch (e) {
    await close();
    throw e;
  }
}
