// The built extension in headless Chromium against the demo EHR: the content script finds the patient
// on the chart, the badge shows that patient's open prompts and follows rapid in-place switches (also
// with a slow server) without ever showing another patient's counts, and the side panel's patient
// follows the active tab.
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ExtensionBrowser } from './support/chromium';
import type { DemoServer } from './support/demo';
import { badge, enginePrompts, issueUserToken, openChart, openSidePanel, setOptions, startLoggedInExtension, storeToken, type LoggedInExtension } from './support/logged-in-extension';
import type { Counts } from '../../lib/extension/messages';
import { contentWorld, type ContentWorld } from './support/overlay';

// `chrome` exists inside the extension's worker and pages these callbacks are evaluated in
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

let env: LoggedInExtension;
let demo: DemoServer;
let b: ExtensionBrowser;
let token: string;
let patients: string[];

/** What the badge must show: the same engine over the same record, no acknowledgements yet. */
const expected = new Map<string, Counts>();
async function expectedCounts(id: string): Promise<Counts> {
  const hit = expected.get(id);
  if (hit) return hit;
  const counts: Counts = { critical: 0, warning: 0, info: 0 };
  for (const p of await enginePrompts(demo, token, id)) counts[p.indicator]++;
  expected.set(id, counts);
  return counts;
}

// the badge's shadow root is closed: it is read in the content script's own (isolated) world
const worlds = new WeakMap<Page, Promise<ContentWorld>>();
const world = (page: Page) => {
  if (!worlds.has(page)) worlds.set(page, contentWorld(page));
  return worlds.get(page)!;
};
async function badgeState(page: Page): Promise<Record<string, string | undefined>> {
  return (await world(page)).evaluate(() => {
    const host = document.querySelector('zorgpad-badge');
    const root = host ? (globalThis as unknown as { chrome: { dom: { openOrClosedShadowRoot(e: Element): ShadowRoot | null } } }).chrome.dom.openOrClosedShadowRoot(host) : null;
    const b = root?.querySelector('button') as HTMLElement | null | undefined;
    return b ? { ...b.dataset } : {};
  });
}

beforeAll(async () => {
  // this file loads .output/chrome-mv3-e2e itself, not a private copy
  env = await startLoggedInExtension({ privateCopy: false });
  ({ demo, b, token, patients } = env);
});

afterAll(async () => {
  await env?.close();
});

describe('badge on the demo EHR', () => {
  test('a chart shows the badge with that patient’s open prompts by indicator; the ward list shows none', async () => {
    const page = await b.context.newPage();
    await page.goto(`${demo.url}/ehr/`);
    await page.waitForTimeout(300);
    expect(await badge(page).count()).toBe(0);
    const id = patients[0];
    await page.goto(`${demo.url}/ehr/patients/${encodeURIComponent(id)}`);
    await expect.poll(() => badgeState(page).then((s) => s.status), { timeout: 15_000 }).toBe('ready');
    const want = await expectedCounts(id);
    expect(await badgeState(page)).toMatchObject({ patientKey: `fhir:${id}`, critical: String(want.critical), warning: String(want.warning), info: String(want.info) });
    mkdirSync('docs/screenshots', { recursive: true });
    await page.screenshot({ path: 'docs/screenshots/extension-badge.png', clip: { x: 0, y: 0, width: 1280, height: 260 } });
    await page.close();
  });
});

/** Record, in the page, every state the badge shows together with the patient the banner shows at that moment. */
async function recordBadge(page: Page) {
  await (await world(page)).evaluate(() => {
    const w = globalThis as unknown as { pzLog: { key?: string; status?: string; c?: string; w?: string; i?: string; banner?: string }[]; chrome: { dom: { openOrClosedShadowRoot(e: Element): ShadowRoot | null } } };
    w.pzLog = [];
    const shadow = (host: Element) => w.chrome.dom.openOrClosedShadowRoot(host);
    const record = (host: Element) => {
      const b = shadow(host)?.querySelector('button') as HTMLElement | null;
      if (!b) return;
      const banner = (document.getElementById('patient-banner') as HTMLElement | null)?.dataset.patientId;
      w.pzLog.push({ key: b.dataset.patientKey, status: b.dataset.status, c: b.dataset.critical, w: b.dataset.warning, i: b.dataset.info, banner });
    };
    const watchHost = (host: Element) => {
      record(host);
      new MutationObserver(() => record(host)).observe(shadow(host)!, { subtree: true, attributes: true, childList: true, characterData: true });
    };
    const existing = document.querySelector('zorgpad-badge');
    if (existing) watchHost(existing);
    new MutationObserver((ms) => ms.forEach((m) => m.addedNodes.forEach((n) => n instanceof Element && n.localName === 'zorgpad-badge' && watchHost(n)))).observe(document.documentElement, { childList: true });
  });
}
type LogEntry = { key?: string; status?: string; c?: string; w?: string; i?: string; banner?: string };
const readLog = async (page: Page) => (await world(page)).evaluate(() => (globalThis as unknown as { pzLog: LogEntry[] }).pzLog);

async function assertNeverMixed(log: LogEntry[]) {
  const ready = log.filter((e) => e.status === 'ready');
  expect(ready.length).toBeGreaterThan(0);
  for (const e of log) expect(e.key, JSON.stringify(e)).toBe(`fhir:${e.banner}`);
  for (const e of ready) {
    const want = await expectedCounts(e.banner!);
    expect({ banner: e.banner, c: e.c, w: e.w, i: e.i }).toEqual({ banner: e.banner, c: String(want.critical), w: String(want.warning), i: String(want.info) });
  }
}

async function rapidSwitches(page: Page, switches: number) {
  const visited: string[] = [];
  for (let n = 0; n < switches; n++) {
    const before = await page.getAttribute('#patient-banner', 'data-patient-id');
    if (!(await page.locator('[data-testid="next-patient"]').count())) break;
    await page.click('[data-testid="next-patient"]');
    // the EHR swaps the chart in place (fetch + replace + pushState); click again as soon as it did
    await page.waitForFunction((prev) => document.getElementById('patient-banner')?.dataset.patientId !== prev, before);
    visited.push((await page.getAttribute('#patient-banner', 'data-patient-id'))!);
  }
  return visited;
}

describe('rapid in-place patient switches', () => {
  for (const latency of [0, 300]) {
    test(`the badge follows and never shows another patient’s counts (server latency ${latency} ms)`, async () => {
      demo.setLatency(latency);
      // a new login empties the background's count cache: every answer in this run comes from the (slow) server
      await storeToken(b, demo.fhirBase, issueUserToken(demo));
      try {
        const page = await openChart(b, demo, patients[0]);
        await recordBadge(page);
        const visited = await rapidSwitches(page, 5);
        expect(visited.length).toBeGreaterThanOrEqual(3);
        // back through history (popstate): the EHR swaps the chart back
        await page.goBack();
        await page.waitForFunction((id) => document.getElementById('patient-banner')?.dataset.patientId === id, visited.at(-2));
        const last = visited.at(-2)!;
        await expect.poll(() => badgeState(page).then((s) => `${s.patientKey} ${s.status}`), { timeout: 15_000 }).toBe(`fhir:${last} ready`);
        // give every slow answer for the patients passed by time to arrive, then check the whole history
        await page.waitForTimeout(latency * 3 + 300);
        expect((await badgeState(page)).patientKey).toBe(`fhir:${last}`);
        await assertNeverMixed(await readLog(page));
        await page.close();
      } finally {
        demo.setLatency(0);
      }
    });
  }

  test('after an in-place switch the badge names the new patient before the server has answered (as loading, then counts)', async () => {
    const page = await openChart(b, demo, patients[0]);
    demo.setLatency(300);
    try {
      await page.click('[data-testid="next-patient"]');
      const status = await (await world(page)).evaluate(
        (first: string) =>
          new Promise<string | undefined>((resolve) => {
            // the badge's state when it first names the new patient: the server holds every answer back
            // 300 ms, so "loading" proves the badge followed the banner at once, however slow the machine
            const start = () => {
              const id = document.getElementById('patient-banner')!.dataset.patientId;
              const poll = () => {
                const host = document.querySelector('zorgpad-badge');
                const root = host ? (globalThis as unknown as { chrome: { dom: { openOrClosedShadowRoot(e: Element): ShadowRoot | null } } }).chrome.dom.openOrClosedShadowRoot(host) : null;
                const b = root?.querySelector('button') as HTMLElement | undefined;
                if (b?.dataset.patientKey === `fhir:${id}`) resolve(b.dataset.status);
                else requestAnimationFrame(poll);
              };
              poll();
            };
            if (document.getElementById('patient-banner')!.dataset.patientId !== first) start();
            else new MutationObserver((_, o) => (o.disconnect(), start())).observe(document.getElementById('main')!.parentNode!, { childList: true });
          }),
        patients[0],
      );
      // at first sight the badge names the new patient as loading, or already with counts when the
      // background had them (the short-lived count cache of a patient visited before): never an old state
      expect(['loading', 'ready']).toContain(status);
    } finally {
      demo.setLatency(0);
    }
    await page.close();
  });
});

describe('the side panel follows the active EHR tab of its window', () => {
  test('tab switches and in-place switches change the panel’s patient; leaving the chart clears it', async () => {
    const [x, y] = [patients[1], patients[2]];
    const tabX = await openChart(b, demo, x);
    const tabY = await openChart(b, demo, y);
    const windowId = await b.worker.evaluate(async (url) => (await chrome.tabs.query({ url: `${url}/ehr/*` }))[0]?.windowId, demo.url);

    // the panel page (as the side panel would be): listens on the same port the PanelHost uses
    const panel = await openSidePanel(b);
    await panel.evaluate((w) => {
      const g = window as unknown as { pzCtx: unknown[] };
      g.pzCtx = [];
      const port = chrome.runtime.connect({ name: 'pz-panel' });
      port.onMessage.addListener((m: { ctx: unknown }) => g.pzCtx.push(m.ctx));
      port.postMessage({ type: 'watch', windowId: w });
    }, windowId);
    const last = () => panel.evaluate(() => JSON.stringify((window as unknown as { pzCtx: unknown[] }).pzCtx.at(-1)));
    const showing = (id: string) => JSON.stringify({ kind: 'patient', patientId: id });

    await tabX.bringToFront();
    await expect.poll(last, { timeout: 10_000 }).toBe(showing(x));
    await tabY.bringToFront();
    await expect.poll(last, { timeout: 10_000 }).toBe(showing(y));
    // the panel page itself (not an EHR tab) in front: the panel stays with the last EHR tab
    await panel.bringToFront();
    await panel.waitForTimeout(300);
    expect(await last()).toBe(showing(y));
    // an in-place switch in the focused EHR tab
    await tabY.bringToFront();
    await tabY.click('[data-testid="next-patient"]');
    await tabY.waitForFunction((prev) => document.getElementById('patient-banner')?.dataset.patientId !== prev, y);
    const z = (await tabY.getAttribute('#patient-banner', 'data-patient-id'))!;
    await expect.poll(last, { timeout: 10_000 }).toBe(showing(z));
    // leaving the chart for the ward list (full navigation): no patient
    await tabY.goto(`${demo.url}/ehr/`);
    await expect.poll(last, { timeout: 10_000 }).toBe(JSON.stringify({ kind: 'none' }));
    // back to the other tab
    await tabX.bringToFront();
    await expect.poll(last, { timeout: 10_000 }).toBe(showing(x));
    // closing it: nothing to show
    await tabX.close();
    await expect.poll(last, { timeout: 10_000 }).toBe(JSON.stringify({ kind: 'none' }));
    await Promise.all([tabY.close(), panel.close()]);
  });
});

describe('an EHR that shows only the BSN', () => {
  test('a hospital adapter reading the BSN: the background resolves it to the FHIR Patient and the badge counts that patient', async () => {
    const { DEMO_EHR_BSN_ADAPTER } = await import('../../lib/ehr/builtin');
    // the hospital's own adapter replaces the built-in one (same id), as if pasted in the options page
    const bsnAdapter = { ...DEMO_EHR_BSN_ADAPTER, id: 'demo-epd' };
    await b.worker.evaluate(async ([fhirBase, adapter]) => chrome.storage.local.set({ 'pz-options': { fhirBase, adapters: [adapter] } }), [demo.fhirBase, bsnAdapter] as const);
    try {
      const id = patients[0];
      const page = await b.context.newPage();
      await page.goto(`${demo.url}/ehr/patients/${encodeURIComponent(id)}`);
      const bsn = (await page.getAttribute('#patient-banner', 'data-bsn'))!;
      expect(bsn).toMatch(/^\d{9}$/);
      await expect.poll(() => badgeState(page).then((s) => `${s.patientKey} ${s.status}`), { timeout: 15_000 }).toBe(`id:http://fhir.nl/fhir/NamingSystem/bsn|${bsn} ready`);
      const want = await expectedCounts(id);
      expect(await badgeState(page)).toMatchObject({ critical: String(want.critical), warning: String(want.warning), info: String(want.info) });
      await page.close();
    } finally {
      await setOptions(b, demo.fhirBase);
    }
  });
});
