// SMART security after a full session (issue 7), in headless Chromium against the demo:
// - the SMART app EHR-launched from a chart in the demo EHR, a write made: its tokens are only where
//   lib/fhir/smart-launch.ts says fhirclient keeps them (sessionStorage of the app's own tab, under the
//   launch's state key), never in localStorage, IndexedDB (every database, every store), cookies, the
//   address bar or console output;
// - the extension logged in for real (options page → launchWebAuthFlow → demo login), its badge and
//   side panel used and a write made from the panel: the tokens are only in storage.session (memory),
//   never in storage.local / storage.sync, the extension's localStorage or IndexedDB, the EHR page's
//   storage, or the console of any page or the service worker;
// - a missing or mismatched state on the way back to the web app is refused with a clear message and no
//   token request, and neither client ever asks for PKCE plain.
// (The server-side refusals and the extension's state checks are unit-tested against the same demo
// authorization server in tests/reliability/smart-security.test.ts.)
import { badgeStatus } from './support/overlay';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchPlain, launchWithExtension, type ExtensionBrowser } from './support/chromium';
import { startE2eDemo, type DemoServer } from './support/demo';
import { badge, EHR_CONTENT_SCRIPT_MATCHES, openSidePanel, privateE2eExtension, registeredContentScripts, setOptions } from './support/logged-in-extension';

// `chrome` exists inside the extension's worker and pages these callbacks are evaluated in
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Everything the console said, in every page, frame and the extension's worker. */
function collectConsole(context: BrowserContext): string[] {
  const lines: string[] = [];
  context.on('console', (m) => lines.push(`${m.type()}: ${m.text()} ${JSON.stringify(m.location())}`));
  context.on('weberror', (e) => lines.push(`error: ${e.error().message} ${e.error().stack ?? ''}`));
  return lines;
}

/** Every token the authorization server handed out to this context (read off the token responses). */
function collectTokens(context: BrowserContext): Set<string> {
  const tokens = new Set<string>();
  context.on('response', (r) => {
    if (!r.url().includes('/auth/token') || r.request().method() !== 'POST') return;
    void r.json().then(
      (b: { access_token?: string; refresh_token?: string; id_token?: string }) => [b.access_token, b.refresh_token, b.id_token].forEach((t) => t && tokens.add(t)),
      () => {},
    );
  });
  return tokens;
}

type Dump = { localStorage: Record<string, string>; sessionStorage: Record<string, string>; indexedDB: Record<string, unknown[]>; cookie: string; href: string };
/** localStorage, sessionStorage, cookies and every row of every store of every IndexedDB database of this page's origin, read in the page. */
function dumpStorage(target: Page | Frame): Promise<Dump> {
  return target.evaluate(async () => {
    const all = (s: Storage) => Object.fromEntries(Array.from({ length: s.length }, (_, i) => s.key(i)!).map((k) => [k, s.getItem(k) ?? '']));
    const idb: Record<string, unknown[]> = {};
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((res, rej) => {
        const o = indexedDB.open(info.name!);
        o.onsuccess = () => res(o.result);
        o.onerror = () => rej(o.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        idb[`${info.name}/${store}`] = await new Promise<unknown[]>((res, rej) => {
          const g = db.transaction(store).objectStore(store).getAll();
          g.onsuccess = () => res(g.result);
          g.onerror = () => rej(g.error);
        });
      }
      db.close();
    }
    return { localStorage: all(localStorage), sessionStorage: all(sessionStorage), indexedDB: idb, cookie: document.cookie, href: location.href };
  });
}

/** Where (if anywhere) in this value one of the tokens occurs: paths like "indexedDB.pz/outbox[3]". */
function findTokens(value: unknown, tokens: Set<string>, path = ''): string[] {
  if (typeof value === 'string') return [...tokens].some((t) => value.includes(t)) ? [path || '(value)'] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => findTokens(v, tokens, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => findTokens(v, tokens, path ? `${path}.${k}` : k));
  return [];
}

const waitForRow = async (target: Page | Frame, status: string) =>
  expect
    .poll(async () => Object.entries((await dumpStorage(target)).indexedDB).filter(([k]) => k.endsWith('/outbox')).flatMap(([, rows]) => rows as { status: string }[]).map((r) => r.status), { timeout: 30_000 })
    .toEqual([status]);

describe('the SMART app after a full EHR-launched session', () => {
  let demo: DemoServer;
  let browser: Awaited<ReturnType<typeof launchPlain>>;
  beforeAll(async () => {
    demo = await startE2eDemo({ fixturesDir: false });
    browser = await launchPlain();
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  test('tokens only in the app tab’s sessionStorage under the launch’s state key; none in localStorage, IndexedDB, cookies, URL or console', async () => {
    const consoleLines = collectConsole(browser.context);
    const tokens = collectTokens(browser.context);
    const authorizeUrls: string[] = [];
    browser.context.on('request', (r) => r.url().includes('/auth/authorize') && authorizeUrls.push(r.url()));
    const page = await browser.context.newPage();
    await page.goto(`${demo.url}/ehr/patients/pz-henk-jansen`);
    await page.click('[data-testid=launch-smart]');
    const frame = (await (await page.waitForSelector('#smart-frame')).contentFrame())!;
    await frame.waitForURL(/\/smart\/index\.html/, { timeout: 30_000 });
    // the app works: the chart's patient with its surprise question, answered (a write through the outbox)
    await frame.waitForSelector('[data-prompt-code="surprise-question"] .pz-surprise button', { timeout: 30_000 });
    await frame.click('[data-prompt-code="surprise-question"] .pz-surprise button >> nth=0');
    await waitForRow(frame, 'confirmed');
    await expect.poll(() => frame.locator('[data-prompt-code="surprise-question"]').count(), { timeout: 20_000 }).toBe(0);

    await expect.poll(() => tokens.size, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    // the launch asked for S256 with a state, never plain
    expect(authorizeUrls.length).toBeGreaterThan(0);
    for (const u of authorizeUrls) {
      const q = new URL(u).searchParams;
      expect(q.get('code_challenge_method')).toBe('S256');
      expect(q.get('state')!.length).toBeGreaterThanOrEqual(22);
    }

    const app = await dumpStorage(frame);
    const ehr = await dumpStorage(page);
    // positive control: fhirclient's launch state (with the token response) is in the tab's sessionStorage
    // under the state key the app chose, and only there
    const stateKey = JSON.parse(app.sessionStorage.SMART_KEY ?? 'null') as string | null;
    expect(stateKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(findTokens(app.sessionStorage, tokens)).toEqual([stateKey]);
    // forbidden places
    expect(findTokens({ localStorage: app.localStorage, indexedDB: app.indexedDB, cookie: app.cookie, href: app.href }, tokens)).toEqual([]);
    expect(findTokens({ localStorage: ehr.localStorage, indexedDB: ehr.indexedDB, cookie: ehr.cookie, href: ehr.href }, tokens)).toEqual([]);
    expect(Object.keys(app.indexedDB).some((k) => k.endsWith('/outbox'))).toBe(true); // the stores were read
    expect(findTokens(await browser.context.cookies(), tokens)).toEqual([]);
    expect(findTokens(consoleLines, tokens)).toEqual([]);
    console.log(`smart app: ${tokens.size} tokens searched in ${Object.keys(app.indexedDB).length} IndexedDB stores, ${Object.keys(app.localStorage).length} localStorage keys, ${consoleLines.length} console lines`);
    await page.close();
  });

  for (const [name, tamper, message] of [
    ['missing', (u: URL) => u.searchParams.delete('state'), /state-parameter ontbreekt/],
    ['mismatched', (u: URL) => u.searchParams.set('state', crypto.randomUUID()), /state komt niet overeen/],
  ] as const) {
    test(`a ${name} state on the way back to the app is refused with a clear message, before any token request`, async () => {
      const page = await browser.context.newPage();
      const tokenRequests: string[] = [];
      page.on('request', (r) => r.url().includes('/auth/token') && tokenRequests.push(r.url()));
      // rewrite the login's redirect back to the app, as an attacker's link would
      await page.route(/\/auth\/authorize/, async (route) => {
        if (route.request().method() !== 'POST') return route.continue();
        const res = await route.fetch({ maxRedirects: 0 });
        const location = res.headers()['location'];
        if (!location || !/\/smart\/index\.html\?/.test(location)) return route.fulfill({ response: res });
        const u = new URL(location, route.request().url());
        expect(u.searchParams.get('code')).toBeTruthy();
        tamper(u);
        u.searchParams.set('pz-tampered', '1');
        await route.fulfill({ status: 302, headers: { location: u.href } });
      });
      await page.goto(`${demo.url}/smart/launch.html?iss=${encodeURIComponent(demo.fhirBase)}`);
      await page.waitForSelector('button[value=allow]');
      expect(new URL(page.url()).searchParams.get('code_challenge_method')).toBe('S256');
      await page.selectOption('select[name=pz_patient]', demo.seed!.patients[0].id);
      await page.click('button[value=allow]');
      await page.waitForURL(/pz-tampered/);
      await expect.poll(() => page.textContent('body'), { timeout: 20_000 }).toMatch(message);
      expect(tokenRequests).toEqual([]);
      expect(await page.evaluate(() => (window as { __pzContext?: unknown }).__pzContext)).toBeUndefined();
      await page.close();
    });
  }
});

describe('the extension after a real login, the badge, the side panel and a write', () => {
  let demo: DemoServer;
  let b: ExtensionBrowser;
  let extension: { dir: string; remove(): void } | undefined;
  beforeAll(async () => {
    extension = privateE2eExtension();
    demo = await startE2eDemo({ buildSmart: false, fixturesDir: false });
    b = await launchWithExtension({ extensionDir: extension.dir });
  });
  afterAll(async () => {
    await b?.close();
    await demo?.close();
    extension?.remove();
  });

  test('tokens only in storage.session; none in storage.local/sync, the extension’s or the EHR’s localStorage/IndexedDB, or any console', async () => {
    const consoleLines = collectConsole(b.context);
    const tokens = collectTokens(b.context);
    await setOptions(b, demo.fhirBase);
    await expect.poll(() => registeredContentScripts(b), { timeout: 15_000 }).toBe(EHR_CONTENT_SCRIPT_MATCHES);

    // log in the way a user does: options page → the server's login window (launchWebAuthFlow) → allow
    const options = await b.context.newPage();
    await options.goto(`chrome-extension://${b.extensionId}/options.html`);
    const [login] = await Promise.all([
      b.context.waitForEvent('page', { predicate: (p) => p.url().includes('/auth/authorize'), timeout: 20_000 }),
      options.click('text=Inloggen bij de FHIR-server'),
    ]);
    const authorize = new URL(login.url()).searchParams;
    expect(authorize.get('code_challenge_method')).toBe('S256');
    expect(authorize.get('state')!.length).toBeGreaterThanOrEqual(43);
    await login.click('button[value=allow]');
    await expect.poll(() => options.textContent('[data-testid=login-status]'), { timeout: 20_000 }).toBe('Ingelogd');
    // access and refresh token (and the id token); the response bodies are read asynchronously, so poll
    await expect.poll(() => tokens.size, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);

    // the EHR chart with its badge, the side panel on that patient, and a write from the panel
    const ehr = await b.context.newPage();
    await ehr.goto(`${demo.url}/ehr/patients/pz-henk-jansen`);
    await expect.poll(() => badgeStatus(ehr).catch(() => ''), { timeout: 20_000 }).toBe('ready');
    const panel = await openSidePanel(b);
    await ehr.bringToFront();
    await panel.waitForSelector('[data-banner-state=patient][data-patient-id="pz-henk-jansen"]', { timeout: 20_000 }).catch(async () => {
      // the panel follows the EHR tab focused last; focusing it again settles a race with the panel's start
      await ehr.bringToFront();
      await panel.waitForSelector('[data-banner-state=patient][data-patient-id="pz-henk-jansen"]', { timeout: 20_000 });
    });
    await panel.click('[data-prompt-code="surprise-question"] .pz-surprise button >> nth=0');
    await waitForRow(panel, 'confirmed');

    // positive control: the token is where extension-auth.ts keeps it
    const session = await b.worker.evaluate(() => chrome.storage.session.get(null));
    expect(findTokens(session, tokens).length).toBeGreaterThan(0);
    // forbidden places
    const local = await b.worker.evaluate(() => chrome.storage.local.get(null));
    const sync = await b.worker.evaluate(() => chrome.storage.sync.get(null).catch(() => ({})));
    expect(Object.keys(local)).toContain('pz-options'); // really read
    expect(findTokens({ local, sync }, tokens)).toEqual([]);
    const ext = await dumpStorage(panel);
    expect(Object.keys(ext.indexedDB).some((k) => k.endsWith('/outbox'))).toBe(true);
    expect(findTokens(ext, tokens)).toEqual([]);
    const page = await dumpStorage(ehr); // the EHR's origin: the content script must not leave anything there
    expect(findTokens(page, tokens)).toEqual([]);
    const loginOrigin = login.isClosed() ? undefined : await dumpStorage(login).catch(() => undefined);
    if (loginOrigin) expect(findTokens(loginOrigin, tokens)).toEqual([]);
    expect(findTokens(await b.context.cookies(), tokens)).toEqual([]);
    expect(findTokens(consoleLines, tokens)).toEqual([]);
    console.log(`extension: ${tokens.size} tokens searched in storage.local (${Object.keys(local).length} keys), ${Object.keys(ext.indexedDB).length} extension and ${Object.keys(page.indexedDB).length} EHR IndexedDB stores, ${consoleLines.length} console lines:\n${consoleLines.map((l) => l.slice(0, 160)).join('\n')}`);
    await Promise.all([options.close(), ehr.close(), panel.close()]);
  });
});
