// Patient switch in the EHR page → that patient's prompts visible in the extension's side panel, in
// headless Chromium with the built extension (the e2e variant, which may reach the loopback demo
// without a permission prompt) and the demo FHIR server answering every request `latencyMs` late.
// Both pages stamp their moments on the shared wall clock (performance.timeOrigin + now()).
import { execFileSync } from 'node:child_process';
import diagnostics from 'node:diagnostics_channel';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { parseSearchRequest } from '@medplum/core';
import { startDemo, type DemoServer } from '../demo/server';
import { benchNice, stepBack } from './priority';
import { asVisiblePanel, type PanelNiceRecord } from './panel-priority';
import { firstMarks } from './scenarios';
import { createFhirGateway } from '../lib/fhir/load-record';
import { smartScopes } from '../lib/fhir/smart-policy';
import { E2E_EXTENSION_DIR, launchPlain, launchWithExtension } from '../tests/e2e/support/chromium';
import { scriptTime, timeInWindows, type CpuProfile, type ScriptTime } from './profile';
import { TRACE_KEY } from '../lib/extension/trace';
import { cpuBetween, readCpu, type CpuReading } from './cpu';

// `chrome` exists in the extension's worker the callbacks below run in
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface SwitchReport {
  switches: number;
  latenciesMs: number[];
  /** FHIR requests the whole extension made per switch (badge and panel together) */
  requestsPerSwitch: number[];
  /** the bare FHIR round trip of one record load at the same latency, from Node, one after each switch */
  roundTripMs: number[];
  /** long tasks (> 50 ms) on the EHR page during the switches */
  hostLongTasks: number;
  /** the same switches in the same EHR without the extension: what the page costs by itself */
  hostLongTasksWithoutExtension: number;
  /** main-thread time of the content script on the EHR page over all switches (CPU profile) */
  contentScript: ScriptTime;
  /**
   * Each long task on the EHR page: its length, how much of it the content script had on the stack and
   * how much the thread was busy at all (the rest: the process was descheduled on the shared machine).
   */
  longTaskDetail: { ms: number; oursMs: number; busyMs: number }[];
  /**
   * Where each switch's time went (ms, shared wall clock): EHR swap → the record request reaches the
   * server, the server's answer (injected latency included), answer sent → prompts visible in the panel.
   */
  phasesMs: { toRequest: number[]; server: number[]; toPanel: number[]; overhead: number[] };
  /** the extension renderer's main-thread nice around each switch (bench/panel-priority.ts) */
  panelNice: PanelNiceRecord[];
}

/**
 * Arrival and finish of every /fhir request the extension made, on the demo server in this process
 * (node:diagnostics_channel). Only requests with the extension's Origin count: the demo EHR itself asks
 * the same FHIR server for its CDS Hooks prefetch on every chart (server side, no Origin), and that
 * request is neither ours nor the one a switch waits for.
 */
function watchFhirRequests(extensionOrigin: string) {
  const seen: { in: number; out?: number }[] = [];
  const onStart = (m: unknown) => {
    const { request, response } = m as { request: { url?: string; headers?: Record<string, string | undefined> }; response: { once(e: string, cb: () => void): void } };
    if (!request.url?.startsWith('/fhir') || request.headers?.origin !== extensionOrigin) return;
    const r: { in: number; out?: number } = { in: performance.timeOrigin + performance.now() };
    seen.push(r);
    response.once('finish', () => (r.out = performance.timeOrigin + performance.now()));
  };
  diagnostics.subscribe('http.server.request.start', onStart);
  return { seen, stop: () => diagnostics.unsubscribe('http.server.request.start', onStart) };
}

/**
 * The extension's FHIR requests as the extension itself saw them (Resource Timing in the service worker
 * and the panel: fetch() called → last byte in), on the shared wall clock. The demo server runs in this
 * Node process next to the demo EHR, whose CDS Hooks call on every chart keeps the event loop busy for
 * tens of ms at the very moment of a switch: the server's own arrival stamp of our request is then late
 * by that much, and "swap → request at the server" would count the server's queue as the extension's.
 */
type Timed = { evaluate<R>(fn: () => R | Promise<R>): Promise<R>; evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> };
async function takeRequestTimings(targets: Timed[], fhirBase: string): Promise<{ start: number; end: number }[]> {
  const all = await Promise.all(
    targets.map((t) =>
      t
        .evaluate(() => {
          const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
          performance.clearResourceTimings();
          return entries.map((r) => ({ name: r.name, start: performance.timeOrigin + r.startTime, end: performance.timeOrigin + r.responseEnd }));
        })
        .catch(() => [] as { name: string; start: number; end: number }[]),
    ),
  );
  return all
    .flat()
    .filter((r) => r.name.startsWith(fhirBase) && r.end > r.start)
    .sort((a, b) => a.start - b.start);
}

/**
 * The extension's trace marks (lib/extension/trace.ts) in each context since the last call, on the shared
 * wall clock; taken marks are cleared, so each switch reads only its own.
 */
async function takeMarks(targets: Timed[]): Promise<{ name: string; at: number }[]> {
  const all = await Promise.all(
    targets.map((t) =>
      t
        .evaluate((key) => {
          // the content script's, on the EHR page's timeline; the extension's own, in its array (trace.ts)
          const marks = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('pz:'));
          for (const n of new Set(marks.map((m) => m.name))) performance.clearMarks(n);
          const own = ((globalThis as unknown as Record<string, { name: string; at: number }[] | undefined>)[key] ?? []).splice(0);
          return [...marks.map((m) => ({ name: m.name.slice(3), at: performance.timeOrigin + m.startTime })), ...own];
        }, TRACE_KEY)
        .catch(() => [] as { name: string; at: number }[]),
    ),
  );
  return all.flat().sort((a, b) => a.at - b.at);
}

const FHIR_USER = 'Practitioner/pz-dr-visser';

async function until(check: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The EHR page's banner swaps, stamped by a MutationObserver the page gets at document start: before
 * the content script's own observer (document_idle), so the stamp is the swap itself and never waits
 * for the extension's work in the same microtask checkpoint (an observer made per switch, after the
 * content script's, was stamped up to 4 ms late and made every figure look that much better).
 */
async function probeSwaps(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { pzSwaps: { id: string; at: number }[]; pzSwapWaiters: (() => void)[] };
    w.pzSwaps = [];
    w.pzSwapWaiters = [];
    let last: string | undefined;
    new MutationObserver(() => {
      const id = document.getElementById('patient-banner')?.dataset.patientId;
      if (!id || id === last) return;
      last = id;
      w.pzSwaps.push({ id, at: performance.timeOrigin + performance.now() });
      w.pzSwapWaiters.splice(0).forEach((f) => f());
    }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-patient-id'] });
  });
}

/** In the EHR page (probed with probeSwaps): the first banner swap after the one that showed `from`. */
function ehrSwitchMoment(ehr: Page, from: string): Promise<{ id: string; at: number }> {
  return ehr.evaluate(
    (prev) =>
      new Promise<{ id: string; at: number }>((resolve) => {
        const w = window as unknown as { pzSwaps: { id: string; at: number }[]; pzSwapWaiters: (() => void)[] };
        const check = () => {
          const after = w.pzSwaps.map((x) => x.id).lastIndexOf(prev);
          const hit = w.pzSwaps.slice(after + 1).find((x) => x.id !== prev);
          if (hit) resolve(hit);
          else w.pzSwapWaiters.push(check);
        };
        check();
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

/**
 * The e2e variant (production build + loopback host access, see wxt.config.ts) built with
 * NODE_ENV=production: `wxt build --mode e2e` alone bundles React's development build, which makes the
 * panel several times slower than what users get. Built and copied under the build lock, into a private
 * directory: other helpers and test files rebuild .output/chrome-mv3-e2e while the bench runs, and
 * Chromium reads extension pages from disk lazily.
 */
function productionE2eBuild(): { dir: string; remove(): void } {
  const parent = mkdtempSync(join(tmpdir(), 'pz-bench-ext-'));
  const copy = join(parent, 'chrome-mv3-e2e');
  execFileSync('flock', ['/tmp/build.lock', 'sh', '-c', 'npx wxt build --mode e2e && cp -r "$1" "$2"', 'sh', E2E_EXTENSION_DIR, copy], {
    stdio: 'pipe',
    timeout: 300_000,
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return { dir: copy, remove: () => rmSync(parent, { recursive: true, force: true }) };
}

/** Record long tasks (> 50 ms, the browser's definition) in every document of the page from now on. */
async function probeLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { pzLongTasks: [number, number][] };
    w.pzLongTasks = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => w.pzLongTasks.push([e.startTime, e.duration]))).observe({ type: 'longtask' });
  });
}
/** [startTime (performance.now() of that document), duration] of each long task so far */
const longTasks = (page: Page) => page.evaluate(() => (window as unknown as { pzLongTasks?: [number, number][] }).pzLongTasks ?? []);

async function firstChart(demo: DemoServer): Promise<string> {
  const ward = await (await fetch(`${demo.url}/ehr/`)).text();
  return decodeURIComponent(/href="\/ehr\/patients\/([^"]+)"/.exec(ward)![1]);
}

const settle = (ms = 400) => new Promise((r) => setTimeout(r, ms));

/**
 * One in-place switch on the EHR page (click "next patient": fetch, swap <main>, pushState), with the
 * long tasks counted from just before the click until `after` has finished. At the end of the ward
 * list the first chart is loaded again (a full page load, not measured). Returns the new patient.
 */
async function switchOnce(ehr: Page, current: string, after: (from: string) => Promise<string>, clockOffsetUs?: () => Promise<number>) {
  if ((await ehr.locator('[data-testid="next-patient"]').count()) === 0) return { restart: true as const };
  await settle();
  const before = (await longTasks(ehr)).length;
  const offsetUs = await clockOffsetUs?.();
  const id = await after(current);
  return { restart: false as const, id, longTasks: (await longTasks(ehr)).slice(before), offsetUs };
}

async function restartAtFirst(ehr: Page, demo: DemoServer, first: string) {
  await ehr.goto(`${demo.url}/ehr/patients/${encodeURIComponent(first)}`);
}

export async function measureSwitches(opts: { switches: number; latencyMs: number; log?: (m: string) => void }): Promise<SwitchReport> {
  const log = opts.log ?? (() => {});
  const ext = productionE2eBuild();
  const demo = await startDemo({ port: 0, buildSmart: false });
  const b = await launchWithExtension({ extensionDir: ext.dir });
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

    const first = await firstChart(demo);
    const ehr = await b.context.newPage();
    await probeSwaps(ehr);
    await probeLongTasks(ehr);
    await ehr.goto(`${demo.url}/ehr/patients/${encodeURIComponent(first)}`);
    await ehr.locator('zorgpad-badge').waitFor();
    const panel = await b.context.newPage();
    await panel.goto(`chrome-extension://${b.extensionId}/sidepanel.html`);
    await ehr.bringToFront(); // the panel follows the focused EHR tab of its window
    const panelOn = (id: string) => panel.locator(`[data-banner-state="patient"][data-patient-id="${id}"]`).waitFor({ timeout: 20_000 });
    await panelOn(first);

    // the bare round trip at the same latency, for "one round trip + at most 50 ms": sampled after
    // every switch, so it sees the same machine load as the switches
    const gateway = createFhirGateway({ serverUrl: demo.fhirBase, fetch: (u, i) => fetch(u, i), getAuthHeader: async () => `Bearer ${token}` });
    const roundTrip = async (id: string) => {
      const t = performance.now();
      await gateway.loadPatientRecord(id);
      return performance.now() - t;
    };
    demo.setLatency(opts.latencyMs);
    await roundTrip(first); // warm: connection and the server's first search

    const latenciesMs: number[] = [];
    const requestsPerSwitch: number[] = [];
    const roundTripMs: number[] = [];
    let hostLongTasks = 0;
    const taskWindows: { startUs: number; endUs: number; ms: number }[] = [];
    let current = first;
    const phasesMs: SwitchReport['phasesMs'] = { toRequest: [], server: [], toPanel: [], overhead: [] };
    const fhir = watchFhirRequests(`chrome-extension://${b.extensionId}`);
    // sample the EHR page's main thread (1 ms) to see how much of it is the content script's
    const cdp = await b.context.newCDPSession(ehr);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
    await cdp.send('Profiler.start');
    // performance.now() of the current document → the profile's clock (µs), to place long tasks in it
    await cdp.send('Performance.enable');
    const monotonicUs = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return (metrics.find((m) => m.name === 'Timestamp')?.value ?? NaN) * 1e6;
    };
    const clockOffsetUs = async () => {
      const a = await monotonicUs();
      const now = await ehr.evaluate(() => performance.now());
      const b2 = await monotonicUs();
      return (a + b2) / 2 - now * 1000;
    };
    // the panel at the priority a visible side panel has (bench/panel-priority.ts)
    const panelPriority = asVisiblePanel(b.userDataDir);
    while (latenciesMs.length < opts.switches) {
      const r = await switchOnce(ehr, current, async (from) => {
        fhir.seen.length = 0;
        panelPriority.beforeSwitch();
        const seenEhr = ehrSwitchMoment(ehr, from);
        const seenPanel = panelShowsMoment(panel, from);
        await ehr.click('[data-testid="next-patient"]');
        const [e, p] = await Promise.all([seenEhr, seenPanel]);
        panelPriority.afterSwitch();
        if (p.id !== e.id) throw new Error(`bench: the panel showed ${p.id} while the EHR showed ${e.id}`);
        await settle(); // let the badge's load finish too before counting
        latenciesMs.push(p.at - e.at);
        const req = fhir.seen[0];
        if (req?.out !== undefined) {
          phasesMs.toRequest.push(req.in - e.at);
          phasesMs.server.push(req.out - req.in);
          phasesMs.toPanel.push(p.at - req.out);
          // everything of this switch that was not the server answering its one request
          phasesMs.overhead.push(p.at - e.at - (req.out - req.in));
        }
        requestsPerSwitch.push(fhir.seen.length);
        log(`switch ${latenciesMs.length}/${opts.switches}: ${(p.at - e.at).toFixed(0)} ms, ${fhir.seen.length} requests, ${p.cards} cards`);
        return e.id;
      }, clockOffsetUs);
      if (r.restart) {
        await restartAtFirst(ehr, demo, first);
        if (current !== first) await panelOn(first);
        await ehr.locator('zorgpad-badge').waitFor();
        current = first;
        continue;
      }
      hostLongTasks += r.longTasks.length;
      for (const [start, duration] of r.longTasks) taskWindows.push({ startUs: start * 1000 + r.offsetUs!, endUs: (start + duration) * 1000 + r.offsetUs!, ms: duration });
      current = r.id;
      roundTripMs.push(await roundTrip(current));
    }
    fhir.stop();
    const { profile } = await cdp.send('Profiler.stop');
    // open in Chrome DevTools (Performance → Load profile) to see where the EHR page's time went
    if (process.env.PZ_BENCH_PROFILE) writeFileSync(process.env.PZ_BENCH_PROFILE, JSON.stringify(profile));
    const scriptUrl = `chrome-extension://${b.extensionId}/content-scripts/`;
    const contentScript = scriptTime(profile as CpuProfile, scriptUrl);
    const shares = timeInWindows(profile as CpuProfile, scriptUrl, taskWindows);
    const longTaskDetail = taskWindows.map((w, i) => ({ ms: Math.round(w.ms), oursMs: Math.round(shares[i].oursMs), busyMs: Math.round(shares[i].busyMs) }));
    await b.close();
    const hostLongTasksWithoutExtension = await baselineLongTasks(demo, first, opts.switches);
    return { switches: opts.switches, latenciesMs, requestsPerSwitch, roundTripMs, hostLongTasks, hostLongTasksWithoutExtension, contentScript, phasesMs, longTaskDetail, panelNice: panelPriority.records };
  } finally {
    await b.close().catch(() => {});
    await demo.close();
    ext.remove();
  }
}

/** The same in-place switches in a browser without the extension: long tasks the EHR page has by itself. */
async function baselineLongTasks(demo: DemoServer, first: string, switches: number): Promise<number> {
  const plain = await launchPlain();
  try {
    const context: BrowserContext = plain.context;
    await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    const ehr = await context.newPage();
    await probeSwaps(ehr);
    await probeLongTasks(ehr);
    await ehr.goto(`${demo.url}/ehr/patients/${encodeURIComponent(first)}`);
    let total = 0;
    let current = first;
    for (let n = 0; n < switches; ) {
      const r = await switchOnce(ehr, current, async (from) => {
        const seen = ehrSwitchMoment(ehr, from);
        await ehr.click('[data-testid="next-patient"]');
        const e = await seen;
        await settle();
        return e.id;
      });
      if (r.restart) {
        await restartAtFirst(ehr, demo, first);
        current = first;
        continue;
      }
      total += r.longTasks.length;
      current = r.id;
      n++;
    }
    return total;
  } finally {
    await plain.close();
  }
}

export interface ScenarioSamples {
  scenario: 'cold' | 'prefetched' | 'prefetched-changed';
  /** the nice the servers and the driver ran at (bench/priority.ts); 0 = beside the browser as equals */
  serverNice: number;
  /** EHR banner swap → the panel's banner shows the new patient with its cards */
  visibleMs: number[];
  /** per switch: swap → fresh record on screen ("wordt bijgewerkt" gone), minus its request as the extension saw it */
  freshOverheadMs: number[];
  /** the same overhead, but on top of the server's own stamps of that request (arrival → answer sent) */
  freshOverheadServerMs: number[];
  /** the server's time for that request (its stamps) */
  serverMs: number[];
  /** the request as the extension saw it: fetch() → last byte (Resource Timing) */
  requestMs: number[];
  /**
   * Per switch, where the rest went, from the extension's side: EHR swap → fetch() of the record, last
   * byte in → fresh record on screen (relay, validation, rules, render)
   */
  phasesMs: { toRequest: number[]; toPanel: number[] };
  requestsPerSwitch: number[];
  /**
   * Per switch: EHR banner swap → the content script has seen it (`cs:page`), and → the side panel's
   * thread first hears of it (its first trace mark of the switch: the direct lane, the worker's context
   * or the page's own message). A diagnostic, not a target: nothing shows in the panel before `heardMs`;
   * what lies before it is the content script, the lane frame's task and the hop between two renderer
   * processes on the shared cores.
   */
  pageMs: number[];
  heardMs: number[];
  /** counted switches with no panel mark at all (none expected in the e2e build): not in `heardMs` */
  unheard: number;
  /**
   * The extension renderer's main-thread nice around each switch made, counted or not
   * (bench/panel-priority.ts): Chromium lowers it to 5 for a panel page in a background tab; before each
   * switch the bench gives it the nice of this browser's visible page, as a real side panel has.
   */
  panelNice: PanelNiceRecord[];
  /** switches made but not counted: the EHR walked into another ward and the ward list was opened again */
  uncounted: number;
  /** per trace step (lib/extension/trace.ts): ms from the EHR's banner swap to its first mark in that switch */
  marksMs: Record<string, number[]>;
  /**
   * CPU ms per counted switch, by process kind (bench/cpu.ts, /proc): from the click to the prompts
   * visible, and from the click to the end of the settle after it (the fresh load, the views made again)
   */
  cpuMsPerSwitch: { toVisible: Record<string, number>; whole: Record<string, number> };
}

/** In the panel: when the banner shows `to` with cards (visible) and when its record is fresh (marker gone). */
function panelMoments(panel: Page, to: string): Promise<{ visible: number; fresh: number; staleSeen: boolean }> {
  return panel.evaluate(
    (id) =>
      new Promise<{ visible: number; fresh: number; staleSeen: boolean }>((resolve) => {
        let visible: number | undefined;
        let staleSeen = false;
        const check = () => {
          const b = document.querySelector<HTMLElement>(`[data-banner-state="patient"][data-patient-id="${id}"]`);
          if (!b) return false;
          const t = performance.timeOrigin + performance.now();
          visible ??= t;
          const marker = document.querySelector('[data-stale]')?.getAttribute('data-stale');
          if (marker === 'true') staleSeen = true;
          if (marker === 'false') {
            resolve({ visible, fresh: t, staleSeen });
            return true;
          }
          return false;
        };
        if (check()) return;
        const o = new MutationObserver(() => check() && o.disconnect());
        o.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
      }),
    to,
  );
}

/**
 * Switches of one scenario. `prefetched`: the panel has the ward list of the EHR patient's ward open
 * once (ward tab → ward → back to the patient), so the next beds are in memory; a switch into another
 * ward is made but not counted, and the ward list is opened again. `prefetched-changed`: the same, and
 * before each switch the next patient's record gets a new version on the server, so the fresh load
 * replaces the prefetched one.
 */
export async function measureScenario(opts: { scenario: ScenarioSamples['scenario']; switches: number; latencyMs: number; extensionDir: string; log?: (m: string) => void }): Promise<ScenarioSamples> {
  const log = opts.log ?? (() => {});
  const demo = await startDemo({ port: 0, buildSmart: false });
  const b = await launchWithExtension({ extensionDir: opts.extensionDir });
  // after the launch: the browser keeps normal priority, the servers and the driver step back (bench/priority.ts)
  const priority = stepBack(benchNice());
  const out: ScenarioSamples = { scenario: opts.scenario, serverNice: priority.nice, visibleMs: [], freshOverheadMs: [], freshOverheadServerMs: [], serverMs: [], requestMs: [], phasesMs: { toRequest: [], toPanel: [] }, requestsPerSwitch: [], pageMs: [], heardMs: [], unheard: 0, panelNice: [], uncounted: 0, marksMs: {}, cpuMsPerSwitch: { toVisible: {}, whole: {} } };
  const cpuSum = { toVisible: new Map() as CpuReading, whole: new Map() as CpuReading };
  const add = (into: CpuReading, d: CpuReading) => d.forEach((v, k) => into.set(k, (into.get(k) ?? 0) + v));
  try {
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
    const first = await firstChart(demo);
    const ehr = await b.context.newPage();
    await probeSwaps(ehr);
    await ehr.goto(`${demo.url}/ehr/patients/${encodeURIComponent(first)}`);
    // the badge's button lives in a closed shadow root: its host element is what the page can see
    await ehr.locator('zorgpad-badge').waitFor();
    const panel = await b.context.newPage();
    await panel.goto(`chrome-extension://${b.extensionId}/sidepanel.html`);
    await ehr.bringToFront();
    const panelOn = (id: string) => panel.locator(`[data-banner-state="patient"][data-patient-id="${id}"]`).waitFor({ timeout: 20_000 });
    await panelOn(first);

    // the record request leaves from the worker (shared with the badge) or, when that relay fails, the panel
    const timed: Timed[] = [b.worker, panel];
    await Promise.all(timed.map((t) => t.evaluate(() => performance.setResourceTimingBufferSize(1000))));
    const wardOf = async (id: string): Promise<string | undefined> => {
      const bundle = (await demo.repo.searchResources(parseSearchRequest(`Encounter?subject=Patient/${id}`))) as unknown as { status?: string; location?: { location?: { reference?: string } }[] }[];
      return bundle.find((e) => ['in-progress', 'arrived', 'triaged'].includes(e.status ?? ''))?.location?.[0]?.location?.reference;
    };
    let wardOpen: string | undefined;
    /**
     * The ward list, as a clinician opens it at the start of a round: ward tab, the ward, back. Back only
     * once the list shows `next` (a patient of that ward): until then it may still show the previous
     * ward's rows, and leaving the tab then abandons the load that fills the prefetch.
     */
    const openWard = async (ward: string, next: string) => {
      // the panel's own tabs (a "Patiënt" column header button exists in the worklist too)
      await panel.locator('nav.pz-tabs button').nth(1).click({ timeout: 20_000 });
      await panel.locator('[data-testid="ward-picker"] option[value="' + ward + '"]').waitFor({ state: 'attached', timeout: 20_000 });
      await panel.selectOption('[data-testid="ward-picker"]', ward);
      await panel.locator(`table.pz-ward tbody tr[data-patient-id="${next}"]`).waitFor({ timeout: 20_000 });
      await panel.locator('nav.pz-tabs button').nth(0).click({ timeout: 20_000 });
      wardOpen = ward;
    };
    const bump = async (id: string) => {
      // a new version of the Patient: the fresh record differs from the prefetched one
      const p = (await demo.repo.readResource('Patient', id)) as unknown as { telecom?: unknown[] } & Record<string, unknown>;
      await demo.repo.updateResource({ ...p, telecom: [...(p.telecom ?? []), { system: 'phone', value: `0612${String(out.uncounted + out.visibleMs.length).padStart(6, '0')}`, use: 'temp' }] } as never);
    };

    // PZ_BENCH_PANEL_PROFILE=<file>: the side panel's CPU profile over the scenario (DevTools → Performance)
    const panelCdp = process.env.PZ_BENCH_PANEL_PROFILE ? await b.context.newCDPSession(panel) : undefined;
    if (panelCdp) {
      await panelCdp.send('Profiler.enable');
      await panelCdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await panelCdp.send('Profiler.start');
    }
    // PZ_BENCH_TRACE=<file>: a Chrome trace of every process over the scenario (chrome://tracing, Perfetto)
    const traceCdp = process.env.PZ_BENCH_TRACE ? await b.context.newCDPSession(ehr) : undefined;
    const traceEvents: unknown[] = [];
    if (traceCdp) {
      traceCdp.on('Tracing.dataCollected', (d: { value: unknown[] }) => void traceEvents.push(...d.value));
      await traceCdp.send('Tracing.start', {
        transferMode: 'ReportEvents',
        traceConfig: { includedCategories: ['toplevel', 'ipc', 'mojom', 'extensions', 'blink.user_timing', 'devtools.timeline', 'v8.execute', 'navigation', 'browser', 'disabled-by-default-devtools.timeline', 'loading', 'content', 'renderer.scheduler', 'sequence_manager', ...(process.env.PZ_BENCH_TRACE_JS ? ['disabled-by-default-v8.cpu_profiler'] : [])] },
      } as never);
    }
    demo.setLatency(opts.latencyMs);
    const fhir = watchFhirRequests(`chrome-extension://${b.extensionId}`);
    // the panel at the priority a visible side panel has (bench/panel-priority.ts)
    const panelPriority = asVisiblePanel(b.userDataDir);
    out.panelNice = panelPriority.records;
    let current = first;
    // progress bounds, not clocks: switches that should have counted and did not, and whole walks
    // through the EHR's list without a single counted switch
    let failed = 0;
    let countedAtLap = 0;
    while (out.visibleMs.length < opts.switches) {
      const next = decodeURIComponent(((await ehr.locator('[data-testid="next-patient"]').getAttribute('href').catch(() => null)) ?? '').replace('/ehr/patients/', ''));
      if (!next) {
        if (out.visibleMs.length === countedAtLap) throw new Error(`bench: ${opts.scenario}: a whole walk through the EHR's patient list counted no switch (${out.visibleMs.length} counted)`);
        countedAtLap = out.visibleMs.length;
        await restartAtFirst(ehr, demo, first);
        if (current !== first) await panelOn(first);
        current = first;
        continue;
      }
      let counted = true;
      let inWard = true;
      if (opts.scenario !== 'cold') {
        const ward = await wardOf(next);
        inWard = !!ward;
        if (ward && ward !== wardOpen)
          await openWard(ward, next).catch((e: unknown) => {
            wardOpen = undefined;
            log(`${opts.scenario}: could not open the ward list of ${ward}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
          });
        counted = !!ward && ward === wardOpen;
        if (opts.scenario === 'prefetched-changed' && counted) await bump(next);
      }
      // a switch that cannot count (into a patient in no ward) only walks the list on: no settling, so
      // a 200-switch run is not mostly spent on beds that are never measured
      if (counted) await settle();
      fhir.seen.length = 0;
      panelPriority.beforeSwitch();
      await takeRequestTimings(timed, demo.fhirBase);
      await takeMarks([ehr, ...timed]);
      const seenEhr = ehrSwitchMoment(ehr, current);
      const seenPanel = panelMoments(panel, next);
      const cpu0 = readCpu();
      await ehr.click('[data-testid="next-patient"]');
      const [e, p] = await Promise.all([seenEhr, seenPanel]);
      const cpu1 = readCpu();
      panelPriority.afterSwitch();
      if (e.id !== next) throw new Error(`bench: the EHR showed ${e.id}, expected ${next}`);
      if (counted) await settle();
      const cpu2 = readCpu();
      current = e.id;
      const req = fhir.seen[0];
      // the record request of this switch, as the extension saw it: the first one after the swap
      const mine = (await takeRequestTimings(timed, demo.fhirBase)).find((r) => r.start >= e.at - 1 && r.end <= p.fresh + 1);
      // a prefetched scenario counts only switches that did show the prefetched record first
      if (!counted || req?.out === undefined || !mine || (opts.scenario !== 'cold' && !p.staleSeen)) {
        out.uncounted++;
        log(`${opts.scenario}: switch to ${next} not counted (${!inWard ? 'in no ward' : !counted ? 'ward list not open' : req?.out === undefined || !mine ? 'no request seen' : 'no prefetched record shown'})`);
        // a patient in no ward cannot be prefetched (not a failure); any other miss is
        if (inWard && ++failed > opts.switches / 2 + 10) throw new Error(`bench: ${opts.scenario}: ${failed} switches that should have counted did not (${out.uncounted} not counted, ${out.visibleMs.length} counted)`);
        continue;
      }
      const steps: string[] = [];
      const marks = (await takeMarks([ehr, ...timed])).filter((m) => m.at >= e.at - 5 && m.at <= p.fresh + 1);
      for (const m of marks) {
        if (steps.some((x) => x.startsWith(m.name + ' '))) continue;
        steps.push(`${m.name} ${(m.at - e.at).toFixed(1)}`);
        (out.marksMs[m.name] ??= []).push(m.at - e.at);
      }
      const seen = firstMarks(marks, e.at);
      if (seen.page !== undefined) out.pageMs.push(seen.page);
      if (seen.heard !== undefined) out.heardMs.push(seen.heard);
      else out.unheard++;
      steps.push(`request ${(mine.start - e.at).toFixed(1)}–${(mine.end - e.at).toFixed(1)}`, `visible ${(p.visible - e.at).toFixed(1)}`, `fresh ${(p.fresh - e.at).toFixed(1)}`);
      out.visibleMs.push(p.visible - e.at);
      out.serverMs.push(req.out - req.in);
      out.requestMs.push(mine.end - mine.start);
      out.freshOverheadServerMs.push(p.fresh - e.at - (req.out - req.in));
      out.phasesMs.toRequest.push(mine.start - e.at);
      out.phasesMs.toPanel.push(p.fresh - mine.end);
      out.freshOverheadMs.push(p.fresh - e.at - (mine.end - mine.start));
      out.requestsPerSwitch.push(fhir.seen.length);
      add(cpuSum.toVisible, cpuBetween(cpu0, cpu1));
      add(cpuSum.whole, cpuBetween(cpu0, cpu2));
      log(`${opts.scenario} ${out.visibleMs.length}/${opts.switches} (${next}): visible ${(p.visible - e.at).toFixed(0)} ms, fresh +${(p.fresh - e.at - (mine.end - mine.start)).toFixed(0)} ms (swap → fetch ${(mine.start - e.at).toFixed(0)}, last byte → screen ${(p.fresh - mine.end).toFixed(0)}; on the server's stamps +${(p.fresh - e.at - (req.out - req.in)).toFixed(0)}), ${fhir.seen.length} requests; ${steps.join(', ')}`);
    }
    fhir.stop();
    for (const w of ['toVisible', 'whole'] as const) cpuSum[w].forEach((v, k) => (out.cpuMsPerSwitch[w][k] = Math.round((v / out.visibleMs.length) * 10) / 10));
    if (traceCdp) {
      const done = new Promise<void>((r) => traceCdp.once('Tracing.tracingComplete', () => r()));
      await traceCdp.send('Tracing.end');
      await done;
      writeFileSync(process.env.PZ_BENCH_TRACE!, JSON.stringify({ traceEvents }));
    }
    if (panelCdp) writeFileSync(process.env.PZ_BENCH_PANEL_PROFILE!, JSON.stringify((await panelCdp.send('Profiler.stop')).profile));
    return out;
  } finally {
    if (!priority.restore()) log(`could not undo the step back to nice ${priority.nice}: the rest of this run is measured stepped back`);
    await b.close().catch(() => {});
    await demo.close();
  }
}

/** The production e2e build for the scenarios (see productionE2eBuild). */
export const scenarioBuild = productionE2eBuild;
