// Patient switch in the EHR page → that patient's prompts visible in the extension's side panel, in
// headless Chromium with the built extension (the e2e variant, which may reach the loopback demo
// without a permission prompt) and the demo FHIR server answering every request `latencyMs` late.
// Both pages stamp their moments on the shared wall clock (performance.timeOrigin + now()).
import type { Page } from 'playwright-core';
import { startDemo } from '../demo/server';
import { createFhirGateway } from '../lib/fhir/load-record';
import { smartScopes } from '../lib/fhir/smart-policy';
import { buildE2eExtension, launchWithExtension } from '../tests/e2e/support/chromium';

// `chrome` exists in the extension's worker the callbacks below run in
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface SwitchReport {
  switches: number;
  latenciesMs: number[];
  /** FHIR requests the whole extension made per switch (badge and panel together) */
  requestsPerSwitch: number[];
  /** the bare FHIR round trip of one record load at the same latency, from Node */
  roundTripMs: number[];
  /** long tasks (> 50 ms) on the EHR page during the switches */
  hostLongTasks: number;
}

const FHIR_USER = 'Practitioner/pz-dr-visser';

async function until(check: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** In the EHR page: resolves with the wall-clock moment the banner shows a patient other than `from`. */
function ehrSwitchMoment(ehr: Page, from: string): Promise<{ id: string; at: number }> {
  return ehr.evaluate(
    (prev) =>
      new Promise<{ id: string; at: number }>((resolve) => {
        const check = () => {
          const id = document.getElementById('patient-banner')?.dataset.patientId;
          if (id && id !== prev) {
            resolve({ id, at: performance.timeOrigin + performance.now() });
            return true;
          }
          return false;
        };
        if (check()) return;
        const o = new MutationObserver(() => check() && o.disconnect());
        o.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-patient-id'] });
      }),
    from,
  );
}

/** In the panel: resolves when the banner shows a loaded patient other than `from`, with its prompt list. */
function panelShowsMoment(panel: Page, from: string): Promise<{ id: string; at: number; cards: number }> {
  return panel.evaluate(
    (prev) =>
      new Promise<{ id: string; at: number; cards: number }>((resolve) => {
        const check = () => {
          const b = document.querySelector<HTMLElement>('[data-banner-state="patient"]');
          const id = b?.dataset.patientId;
          if (id && id !== prev) {
            resolve({ id, at: performance.timeOrigin + performance.now(), cards: document.querySelectorAll('[data-prompt-code]').length });
            return true;
          }
          return false;
        };
        if (check()) return;
        const o = new MutationObserver(() => check() && o.disconnect());
        o.observe(document.body, { childList: true, subtree: true, attributes: true });
      }),
    from,
  );
}

export async function measureSwitches(opts: { switches: number; latencyMs: number; log?: (m: string) => void }): Promise<SwitchReport> {
  const log = opts.log ?? (() => {});
  const dir = buildE2eExtension();
  const demo = await startDemo({ port: 0, buildSmart: false });
  const b = await launchWithExtension({ extensionDir: dir });
  try {
    // tsx keeps function names with a __name helper that the pages do not have
    await b.context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    const token = demo.issueToken(smartScopes('user'), { fhirUser: FHIR_USER });
    await b.worker.evaluate(
      async ([fhirBase, accessToken, fhirUser]) => {
        await chrome.storage.local.set({ 'pz-options': { fhirBase } });
        await chrome.storage.session.set({ 'pz-smart-token': { serverUrl: fhirBase, accessToken, fhirUser } });
      },
      [demo.fhirBase, token, FHIR_USER] as const,
    );
    await until(async () => (await b.worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).length)) > 0, 'the EHR content script registration');

    const ward = await (await fetch(`${demo.url}/ehr/`)).text();
    const first = decodeURIComponent(/href="\/ehr\/patients\/([^"]+)"/.exec(ward)![1]);
    const ehr = await b.context.newPage();
    await ehr.addInitScript(() => {
      const w = window as unknown as { pzLongTasks: number };
      w.pzLongTasks = 0;
      new PerformanceObserver((l) => (w.pzLongTasks += l.getEntries().length)).observe({ type: 'longtask', buffered: true });
    });
    await ehr.goto(`${demo.url}/ehr/patients/${encodeURIComponent(first)}`);
    await ehr.locator('[data-testid="zorgpad-badge"]').waitFor();
    const panel = await b.context.newPage();
    await panel.goto(`chrome-extension://${b.extensionId}/sidepanel.html`);
    await ehr.bringToFront(); // the panel follows the focused EHR tab of its window
    await panel.locator(`[data-banner-state="patient"][data-patient-id="${first}"]`).waitFor({ timeout: 20_000 });

    // the bare round trip at the same latency, for "one round trip + at most 50 ms"
    const gateway = createFhirGateway({ serverUrl: demo.fhirBase, fetch: (u, i) => fetch(u, i), getAuthHeader: async () => `Bearer ${token}` });
    demo.setLatency(opts.latencyMs);
    const roundTripMs: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      await gateway.loadPatientRecord(first);
      roundTripMs.push(performance.now() - t);
    }

    const latenciesMs: number[] = [];
    const requestsPerSwitch: number[] = [];
    await ehr.evaluate(() => ((window as unknown as { pzLongTasks: number }).pzLongTasks = 0));
    let current = first;
    for (let i = 0; i < opts.switches; i++) {
      if ((await ehr.locator('[data-testid="next-patient"]').count()) === 0) {
        // end of the ward list: start again from the first chart (a full page load, not measured)
        await ehr.goto(`${demo.url}/ehr/patients/${encodeURIComponent(first)}`);
        if (current !== first) await panel.locator(`[data-banner-state="patient"][data-patient-id="${first}"]`).waitFor({ timeout: 20_000 });
        current = first;
        await ehr.locator('[data-testid="zorgpad-badge"]').waitFor();
      }
      // settle: nothing of the previous switch still in flight
      await new Promise((r) => setTimeout(r, 400));
      demo.resetRequestCount();
      const seenEhr = ehrSwitchMoment(ehr, current);
      const seenPanel = panelShowsMoment(panel, current);
      await ehr.click('[data-testid="next-patient"]');
      const [e, p] = await Promise.all([seenEhr, seenPanel]);
      if (p.id !== e.id) throw new Error(`bench: the panel showed ${p.id} while the EHR showed ${e.id}`);
      await new Promise((r) => setTimeout(r, 400)); // let the badge's load finish too before counting
      latenciesMs.push(p.at - e.at);
      requestsPerSwitch.push(demo.requestCount());
      current = e.id;
      log(`switch ${i + 1}/${opts.switches}: ${(p.at - e.at).toFixed(0)} ms, ${demo.requestCount()} requests, ${p.cards} cards`);
    }
    const hostLongTasks = await ehr.evaluate(() => (window as unknown as { pzLongTasks: number }).pzLongTasks);
    return { switches: opts.switches, latenciesMs, requestsPerSwitch, roundTripMs, hostLongTasks };
  } finally {
    await b.close();
    await demo.close();
  }
}
