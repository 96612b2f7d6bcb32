// The real side panel page (sidepanel.html: PanelHost over the background port + ZorgpadPanel) of the
// built extension in headless Chromium against the demo EHR. It must show the prompts of the patient
// in the EHR tab of its window that was focused last, follow in-place switches and tab switches, and
// never show a card of one patient under the banner of another, also with a slow server.
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { axeSerious } from './support/axe';
import type { ExtensionBrowser } from './support/chromium';
import type { DemoServer } from './support/demo';
import { enginePrompts, issueUserToken, openChart, openSidePanel, startLoggedInExtension, storeToken, type LoggedInExtension } from './support/logged-in-extension';
import { TRACE_KEY } from '../../lib/extension/trace';

// `chrome` exists inside the extension's worker and pages these callbacks are evaluated in
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

let env: LoggedInExtension;
let demo: DemoServer;
let b: ExtensionBrowser;
let token: string;
let patients: string[];

/** The codes the panel must show for a patient: the same engine over the same record, no acknowledgements. */
const expected = new Map<string, string[]>();
async function expectedCodes(id: string): Promise<string[]> {
  const hit = expected.get(id);
  if (hit) return hit;
  const codes = (await enginePrompts(demo, token, id)).map((p) => p.code as string).sort();
  expected.set(id, codes);
  return codes;
}

const chartPatient = (page: Page) => page.getAttribute('#patient-banner', 'data-patient-id');

/** What the panel shows now: the banner's state and patient, and the codes of every card (sorted). */
type PanelView = { state: string; patient: string; codes: string[] };
async function panelView(panel: Page): Promise<PanelView> {
  return panel.evaluate(() => {
    const banner = document.querySelector('.pz-banner') as HTMLElement | null;
    return {
      state: banner?.dataset.bannerState ?? '',
      patient: banner?.dataset.patientId ?? '',
      codes: [...document.querySelectorAll('[data-prompt-code]')].map((e) => e.getAttribute('data-prompt-code')!).sort(),
    };
  });
}

/** Record, in the panel page, every distinct view the panel shows (banner + cards at that moment). */
async function recordPanel(panel: Page) {
  await panel.evaluate(() => {
    const w = window as unknown as { pzLog: { state: string; patient: string; codes: string[] }[] };
    w.pzLog = [];
    const record = () => {
      const banner = document.querySelector('.pz-banner') as HTMLElement | null;
      const entry = {
        state: banner?.dataset.bannerState ?? '',
        patient: banner?.dataset.patientId ?? '',
        codes: [...document.querySelectorAll('[data-prompt-code]')].map((e) => e.getAttribute('data-prompt-code')!).sort(),
      };
      const last = w.pzLog.at(-1);
      if (!last || JSON.stringify(last) !== JSON.stringify(entry)) w.pzLog.push(entry);
    };
    record();
    // synchronous observer callbacks run after each React commit, before the next paint
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}
const readLog = (panel: Page) => panel.evaluate(() => (window as unknown as { pzLog: PanelView[] }).pzLog);

/**
 * Every view the panel showed: a patient banner comes with exactly that patient's cards, anything else
 * (loading, no patient) with no cards at all. Returns the patients the panel showed, in order.
 */
async function assertNeverMixed(log: PanelView[]): Promise<string[]> {
  const shown: string[] = [];
  for (const e of log) {
    if (e.state === 'patient') {
      expect({ patient: e.patient, codes: e.codes }, JSON.stringify(log)).toEqual({ patient: e.patient, codes: await expectedCodes(e.patient) });
      if (shown.at(-1) !== e.patient) shown.push(e.patient);
    } else {
      expect(e.codes, `cards under a ${e.state} banner: ${JSON.stringify(e)}`).toEqual([]);
    }
  }
  return shown;
}

async function expectPanelShows(panel: Page, id: string) {
  await expect.poll(() => panelView(panel).then((v) => `${v.state} ${v.patient}`), { timeout: 15_000 }).toBe(`patient ${id}`);
  expect((await panelView(panel)).codes).toEqual(await expectedCodes(id));
}

async function nextPatientInPlace(page: Page): Promise<string> {
  const before = await chartPatient(page);
  await page.click('[data-testid="next-patient"]');
  // the EHR fetches the next chart, swaps <main> and pushes the new URL (no reload)
  await page.waitForFunction((prev) => document.getElementById('patient-banner')?.dataset.patientId !== prev, before);
  return (await chartPatient(page))!;
}

async function freshLogin() {
  // a new login also empties the background's count cache, so every answer comes from the server now
  await storeToken(b, demo.fhirBase, issueUserToken(demo));
}

beforeAll(async () => {
  env = await startLoggedInExtension({ demo: { buildSmart: false } });
  ({ demo, b, token, patients } = env);
});

afterAll(async () => {
  await env?.close();
});

describe('the side panel page on the demo EHR', () => {
  test('shows the chart’s patient in its banner and exactly the engine’s prompts as cards', async () => {
    const id = patients[0];
    const tab = await openChart(b, demo, id);
    const panel = await openSidePanel(b);
    // as a real side panel would be: in the window of the EHR tab
    const windows = await b.worker.evaluate(async (ext) => {
      const tabs = await chrome.tabs.query({});
      return [...new Set(tabs.filter((t: { url?: string }) => t.url?.includes('/ehr/patients/') || t.url?.startsWith(ext)).map((t: { windowId: number }) => t.windowId))];
    }, `chrome-extension://${b.extensionId}/`);
    expect(windows).toHaveLength(1);
    await expectPanelShows(panel, id);
    expect((await expectedCodes(id)).length).toBeGreaterThan(0);
    // the person is recognisable to the user too: the panel's banner names the chart's BSN
    const bsn = (await tab.getAttribute('#patient-banner', 'data-bsn'))!;
    expect(bsn).toMatch(/^\d{9}$/);
    expect(await panel.locator('.pz-banner').textContent()).toContain(bsn);
    mkdirSync('docs/screenshots', { recursive: true });
    await panel.setViewportSize({ width: 420, height: 800 });
    await panel.screenshot({ path: 'docs/screenshots/extension-sidepanel.png' });
    await Promise.all([tab.close(), panel.close()]);
  });

  for (const latency of [0, 300]) {
    test(`follows in-place switches and tab switches, never a previous patient’s card (server latency ${latency} ms)`, async () => {
      await freshLogin();
      demo.setLatency(latency);
      try {
        const [x, y] = [patients[1], patients[4]];
        const tabX = await openChart(b, demo, x);
        const tabY = await openChart(b, demo, y);
        // the panel page is itself the focused tab now: the panel stays with the last EHR tab (Y)
        const panel = await openSidePanel(b);
        await expectPanelShows(panel, y);
        await recordPanel(panel);

        // in-place switches in Y (pushState), each awaited in the panel, then two quick ones
        await tabY.bringToFront();
        const z1 = await nextPatientInPlace(tabY);
        await expectPanelShows(panel, z1);
        const z2 = await nextPatientInPlace(tabY);
        await expectPanelShows(panel, z2);
        await nextPatientInPlace(tabY);
        const z4 = await nextPatientInPlace(tabY);
        await expectPanelShows(panel, z4);

        // tab switch to X and back to Y
        await tabX.bringToFront();
        await expectPanelShows(panel, x);
        await tabY.bringToFront();
        await expectPanelShows(panel, z4);
        // back in history in Y (popstate swaps the chart back)
        await tabY.goBack();
        await tabY.waitForFunction((id) => document.getElementById('patient-banner')?.dataset.patientId !== id, z4);
        const back = (await chartPatient(tabY))!;
        await expectPanelShows(panel, back);
        // let every slow answer for a patient passed by arrive, then judge the panel's whole history
        await panel.waitForTimeout(latency * 3 + 300);
        expect((await panelView(panel)).patient).toBe(back);
        const log = await readLog(panel);
        const shown = await assertNeverMixed(log);
        // the recorder saw the panel between patients too (a slow server: a loading banner, no cards)
        if (latency > 0) expect(log.some((e) => e.state === 'loading')).toBe(true);
        for (const id of [z1, z2, z4, x, back]) expect(shown).toContain(id);
        await Promise.all([tabX.close(), tabY.close(), panel.close()]);
      } finally {
        demo.setLatency(0);
      }
    });
  }

  test('leaving the chart clears the panel; the ward list shows no patient', async () => {
    const tab = await openChart(b, demo, patients[2]);
    const panel = await openSidePanel(b);
    await expectPanelShows(panel, patients[2]);
    await recordPanel(panel);
    await tab.bringToFront();
    await tab.goto(`${demo.url}/ehr/`);
    await expect.poll(() => panelView(panel), { timeout: 15_000 }).toEqual({ state: 'none', patient: '', codes: [] });
    await assertNeverMixed(await readLog(panel));
    await Promise.all([tab.close(), panel.close()]);
  });
});

describe('the fast lane (lib/extension/lane.ts)', () => {
  test('a switch reaches the worker over the lane frame; the page cannot see the frame or speak on the lane', async () => {
    // lanes joined by earlier tests' tabs must not count for this one
    // trace marks (lib/extension/trace.ts): the worker's own are in its TRACE_KEY array
    type Traced = Record<string, { name: string }[] | undefined>;
    const traced = (name: string) => b.worker.evaluate(([n, key]) => ((globalThis as unknown as Traced)[key] ?? []).filter((m) => m.name === n).length, [name, TRACE_KEY] as const);
    const clearTrace = () => b.worker.evaluate((key) => void (globalThis as unknown as Traced)[key]?.splice(0), TRACE_KEY);
    await clearTrace();
    const tab = await openChart(b, demo, patients[0]);
    const panel = await openSidePanel(b);
    await tab.bringToFront();
    await expectPanelShows(panel, patients[0]);
    // the frame is in a closed shadow root: the EHR page's own DOM has no iframe of ours, nothing to tab to
    expect(await tab.evaluate(() => [...document.querySelectorAll('iframe')].filter((f) => f.src.startsWith('chrome-extension:')).length)).toBe(0);
    expect(await tab.locator('zorgpad-lane').evaluate((e) => getComputedStyle(e).display)).toBe('none');
    // trace marks exist in this (e2e) build only; cleared here, so the count is this test's own. The
    // frame is put in when the page is idle: the lane carries switches once the worker has joined it
    await expect.poll(() => traced('bg:lane-joined'), { timeout: 15_000 }).toBeGreaterThan(0);
    await clearTrace();
    const z1 = await nextPatientInPlace(tab);
    await expectPanelShows(panel, z1);
    expect(await traced('bg:lane-page')).toBeGreaterThan(0);

    // The page's own script attacks the lane: it reloads the lane frame (the host element is visible to
    // it, the shadow root is not), offers every child frame a port of its own before the content script
    // can, and claims another patient on it. The worker believes a lane only for the document name the
    // content script gave by runtime message, which the page cannot know: nothing changes.
    const other = patients.find((p) => p !== z1)!;
    await recordPanel(panel);
    await tab.evaluate((id) => {
      const host = document.querySelector('zorgpad-lane')!;
      host.remove();
      document.documentElement.append(host);
      const offer = () => {
        for (let i = 0; i < window.frames.length; i++) {
          const c = new MessageChannel();
          window.frames[i].postMessage({ type: 'pz:lane-open' }, '*', [c.port2]);
          for (let seq = 1; seq < 50; seq++) c.port1.postMessage({ type: 'pz:page', key: `fhir:${id}`, patient: { kind: 'fhir-id', id }, doc: 'forged', seq });
        }
      };
      offer();
      // and again once the reloaded frame is there (before or after the content script's own offer)
      const poll = setInterval(offer, 5);
      setTimeout(() => clearInterval(poll), 400);
    }, other);
    // bounded by progress, not by a clock: two real switches after the attack, each shown, and never `other`
    const z2 = await nextPatientInPlace(tab);
    await expectPanelShows(panel, z2);
    const z3 = await nextPatientInPlace(tab);
    await expectPanelShows(panel, z3);
    for (const e of await readLog(panel)) expect(e.patient === '' || [z1, z2, z3].includes(e.patient), JSON.stringify(e)).toBe(true);
    await Promise.all([tab.close(), panel.close()]);
  });
});

describe('the ward round in the side panel', () => {
  test('the Afdeling tab offers the server’s wards; the chosen ward lists its patients with the engine’s counts; one click opens a patient', async () => {
    const tab = await openChart(b, demo, patients[0]);
    const panel = await openSidePanel(b);
    await expectPanelShows(panel, patients[0]);
    await panel.getByRole('button', { name: 'Afdeling', exact: true }).click();
    const picker = panel.getByTestId('ward-picker');
    await picker.waitFor({ timeout: 15_000 });
    const wards = await picker.locator('option').allTextContents();
    expect(wards).toEqual(expect.arrayContaining(['Afdeling Interne Geneeskunde (B3)', 'Spoedeisende Hulp (SEH)']));
    await picker.selectOption({ label: 'Afdeling Interne Geneeskunde (B3)' });
    const rows = panel.locator('.pz-ward-view tbody tr');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBeGreaterThan(1);
    const ids = await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-patient-id')!));
    for (const id of ids) {
      const prompts = await enginePrompts(demo, token, id);
      const want = (['critical', 'warning', 'info'] as const).map((k) => String(prompts.filter((p) => p.indicator === k).length));
      expect(await panel.locator(`.pz-ward-view tbody tr[data-patient-id="${id}"] td.pz-count`).allTextContents(), id).toEqual(want);
    }
    expect(await axeSerious(panel)).toEqual([]);
    mkdirSync('docs/screenshots', { recursive: true });
    await panel.setViewportSize({ width: 420, height: 800 });
    await panel.screenshot({ path: 'docs/screenshots/extension-sidepanel-ward.png' });
    const other = ids.find((id) => id !== patients[0])!;
    await panel.locator(`.pz-ward-view tbody tr[data-patient-id="${other}"] button`).click();
    await expectPanelShows(panel, other);
    // back to the chart's patient: the EHR's patient, not the one picked from the list
    await panel.getByRole('button', { name: 'Terug naar de patiënt in het EPD' }).click();
    await expectPanelShows(panel, patients[0]);
    await Promise.all([tab.close(), panel.close()]);
  });
});
