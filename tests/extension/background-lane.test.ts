// The background's half of the fast lane (lib/extension/lane.ts, background-core.ts): every page change
// is applied once, in order, whichever way (lane or runtime message) it came first; a relay lane speaks
// for a tab only once a runtime Port from our own lane frame in that tab vouched for it; the panel's lane
// carries its contexts (numbered) and its record requests, and ends with its Port. Lanes are real
// MessageChannel ports; the worker's end is wrapped only to see when its handler has run.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createBackgroundCore, type PortLike, type Sender } from '../../lib/extension/background-core';
import { LANE_PORT, type LanePort, type PageChange } from '../../lib/extension/lane';
import { PANEL_PORT, type BackgroundToPanel, type Counts } from '../../lib/extension/messages';
import { TabRegistry } from '../../lib/extension/tab-registry';
import { DEMO_EHR_ADAPTER } from '../../lib/ehr/builtin';
import type { PagePatient } from '../../lib/ehr/types';
import type { LoadedRecord } from '../../lib/fhir/gateway';
import type { PanelPatientContext } from '../../lib/host/contract';

const EXT = 'chrome-extension://ours/';
const A: PagePatient = { kind: 'fhir-id', id: 'a' };
const B: PagePatient = { kind: 'fhir-id', id: 'b' };
const C: PagePatient = { kind: 'fhir-id', id: 'c' };
const patientCtx = (id: string): PanelPatientContext => ({ kind: 'patient', patientId: id });
const tick = () => new Promise((r) => setTimeout(r, 0));

const opened: MessageChannel[] = [];
/** ports that arrived on a test's end (a direct lane's): an open port would keep the test process alive */
const received: MessagePort[] = [];
afterEach(() => {
  for (const c of opened.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
  for (const p of received.splice(0)) p.close();
});

/** A waiting queue of what arrives on the test's end of a lane; waits are bounded by progress, not time. */
function inbox(port: MessagePort) {
  const got: unknown[] = [];
  /** the MessagePorts each message brought, by the same index */
  const ports: MessagePort[][] = [];
  let wake: () => void = () => {};
  let closed = false;
  port.onmessage = (e) => {
    got.push(e.data);
    ports.push([...e.ports]);
    received.push(...e.ports);
    wake();
  };
  port.addEventListener('close', () => {
    closed = true;
    wake();
  });
  return {
    got,
    ports,
    get closed() {
      return closed;
    },
    async until(n: number) {
      while (got.length < n) await new Promise<void>((r) => (wake = r));
    },
    async untilClosed() {
      while (!closed) await new Promise<void>((r) => (wake = r));
    },
  };
}

/**
 * A lane: the test holds port1, the worker gets port2 behind a LanePort that counts each message its
 * handler has finished with (so a test can wait until a change was handled, applied or not).
 */
function lane() {
  const channel = new MessageChannel();
  opened.push(channel);
  const real = channel.port2;
  let handler: ((e: MessageEvent) => void) | null = null;
  let handled = 0;
  let wake: () => void = () => {};
  const worker = {
    closed: false as boolean,
    postMessage: (m: unknown, transfer?: Transferable[]) => real.postMessage(m, (transfer ?? []) as never),
    close() {
      worker.closed = true;
      real.close();
    },
    get onmessage() {
      return handler;
    },
    set onmessage(h: ((e: MessageEvent) => void) | null) {
      handler = h;
      real.onmessage = h
        ? (e) => {
            h(e);
            handled++;
            wake();
          }
        : null;
    },
  } satisfies LanePort & { closed: boolean };
  return {
    worker,
    test: channel.port1,
    get handled() {
      return handled;
    },
    async untilHandled(n: number) {
      while (handled < n) await new Promise<void>((r) => (wake = r));
    },
  };
}

function setup(over: Partial<Parameters<typeof createBackgroundCore>[0]> = {}) {
  const registry = new TabRegistry();
  const setPage = vi.spyOn(registry, 'setPage');
  const counts = vi.fn(async (): Promise<Counts> => ({ critical: 0, warning: 1, info: 0 }));
  const record = vi.fn(async (id: string): Promise<LoadedRecord> => ({ patientId: id, resources: [{ resourceType: 'Patient', id }], requests: 1 }));
  const core = createBackgroundCore({
    api: { tabs: { sendMessage: vi.fn(async () => undefined) }, sidePanel: { open: vi.fn(async () => {}) } },
    registry,
    adapters: async () => [DEMO_EHR_ADAPTER],
    hasSession: async () => true,
    resolve: async (p) => (p.kind === 'fhir-id' ? patientCtx(p.id) : { kind: 'unknown' }),
    counts,
    invalidate: vi.fn(),
    record,
    isExtensionPage: (s: Sender) => !!s.url?.startsWith(EXT),
    ...over,
  });
  return { core, registry, setPage, counts, record };
}

/** the content script of an EHR tab's top frame */
const tab = (id: number, windowId = 1, active = true): Sender => ({ tab: { id, windowId, active, url: 'http://127.0.0.1:8787/ehr/patients/a' }, frameId: 0, url: 'http://127.0.0.1:8787/ehr/patients/a' });
const page = (patient: PagePatient | null, doc: string, seq: number): PageChange => ({ type: 'pz:page', key: patient && patient.kind === 'fhir-id' ? `fhir:${patient.id}` : null, patient, doc, seq });

/** a runtime Port as the browser hands it to the worker */
function fakePort(name: string, sender?: Sender) {
  const listeners: ((m: unknown) => void)[] = [];
  const disconnect: (() => void)[] = [];
  const posted: unknown[] = [];
  const port: PortLike = {
    name,
    sender,
    postMessage: (m) => posted.push(m),
    onMessage: { addListener: (cb) => listeners.push(cb) },
    onDisconnect: { addListener: (cb) => disconnect.push(cb) },
  };
  return { port, posted, send: (m: unknown) => listeners.forEach((l) => l(m)), close: () => disconnect.forEach((d) => d()) };
}

/** the lane frame's runtime Port: a sub-frame of the tab, our lane page */
const laneSender = (tabId: number, over: Partial<Sender> = {}): Sender => ({ tab: { id: tabId, windowId: 1 }, frameId: 3, url: `${EXT}lane.html`, ...over });

/** a relay lane for `tabId`, joined as the lane frame does it: runtime Port + hello, MessagePort offer */
function relay(core: ReturnType<typeof setup>['core'], tabId: number, laneId = `relay-${tabId}`) {
  const l = lane();
  const rt = fakePort(LANE_PORT, laneSender(tabId));
  core.onConnect(rt.port);
  rt.send({ type: 'hello', laneId });
  core.onLaneOffer({ type: 'pz:lane', laneId }, l.worker);
  return { ...l, rt };
}

/** a side panel watching window 1 over its Port (no lane) */
function panel(core: ReturnType<typeof setup>['core'], windowId = 1) {
  const p = fakePort(PANEL_PORT, { url: `${EXT}sidepanel.html` });
  core.onConnect(p.port);
  p.send({ type: 'watch', windowId });
  return { ...p, contexts: () => (p.posted as BackgroundToPanel[]).map((m) => m.ctx) };
}

/** Our own lane frame in tab 1 says hello for lane 'L'; resolves once the change waiting in it was handled. */
async function joinFromOwnFrame(core: ReturnType<typeof setup>['core'], l: ReturnType<typeof lane>) {
  const own = fakePort(LANE_PORT, laneSender(1));
  core.onConnect(own.port);
  own.send({ type: 'hello', laneId: 'L' });
  await l.untilHandled(1);
}

describe('each numbered page change applies once', () => {
  test('lane first, then the same change by runtime: applied once, the panel gets one context for it', async () => {
    const { core, setPage } = setup();
    await core.onContentMessage(page(A, 'd1', 1), tab(1));
    const p = panel(core);
    await tick();
    expect(p.contexts()).toEqual([patientCtx('a')]);
    const r = relay(core, 1);
    r.test.postMessage(page(B, 'd1', 2));
    await r.untilHandled(1);
    await tick();
    expect(p.contexts()).toEqual([patientCtx('a'), patientCtx('b')]);
    // the runtime copy still gets the badge's answer, but does not apply the change again
    expect(await core.onContentMessage(page(B, 'd1', 2), tab(1))).toMatchObject({ key: 'fhir:b', status: 'ready' });
    await tick();
    expect(p.contexts()).toEqual([patientCtx('a'), patientCtx('b')]);
    expect(setPage.mock.calls.map((c) => c[2])).toEqual(['fhir:a', 'fhir:b']);
  });

  test('runtime first, then the same change by lane: applied once', async () => {
    const { core, setPage } = setup();
    await core.onContentMessage(page(A, 'd1', 1), tab(1));
    const p = panel(core);
    const r = relay(core, 1);
    await core.onContentMessage(page(B, 'd1', 2), tab(1));
    r.test.postMessage(page(B, 'd1', 2));
    await r.untilHandled(1);
    await tick();
    expect(p.contexts()).toEqual([patientCtx('b')]);
    expect(setPage.mock.calls.map((c) => c[2])).toEqual(['fhir:a', 'fhir:b']);
  });

  test('A→B→A quickly by lane, then the runtime copy of B late: the panel ends on A and never goes back to B', async () => {
    const { core, registry } = setup();
    await core.onContentMessage(page(A, 'd1', 1), tab(1));
    const p = panel(core);
    await tick();
    const r = relay(core, 1);
    r.test.postMessage(page(B, 'd1', 2));
    r.test.postMessage(page(A, 'd1', 3));
    await r.untilHandled(2);
    await tick();
    expect(p.contexts().at(-1)).toEqual(patientCtx('a'));
    const before = p.contexts().length;
    // the runtime messages come late, B's first
    await core.onContentMessage(page(B, 'd1', 2), tab(1));
    await tick();
    await core.onContentMessage(page(A, 'd1', 3), tab(1));
    await tick();
    expect(p.contexts().slice(before)).toEqual([]);
    expect(registry.get(1)?.key).toBe('fhir:a');
    expect(await core.panelContext(1)).toEqual(patientCtx('a'));
  });

  test('the same late reorder by runtime alone is dropped too', async () => {
    const { core, registry } = setup();
    const p = panel(core);
    await core.onContentMessage(page(A, 'd1', 1), tab(1));
    await core.onContentMessage(page(A, 'd1', 3), tab(1));
    await core.onContentMessage(page(B, 'd1', 2), tab(1));
    await tick();
    expect(registry.get(1)?.key).toBe('fhir:a');
    expect(p.contexts()).not.toContainEqual(patientCtx('b'));
  });

  test('a new document (new doc) is applied, whatever its number', async () => {
    const { core, registry } = setup();
    const p = panel(core);
    await core.onContentMessage(page(A, 'd1', 7), tab(1));
    await core.onContentMessage(page(B, 'd2', 1), tab(1));
    await tick();
    expect(registry.get(1)?.key).toBe('fhir:b');
    expect(p.contexts().at(-1)).toEqual(patientCtx('b'));
    // and numbers are per tab: another tab's low number is its own first change
    await core.onContentMessage(page(C, 'd1', 1), tab(2, 1, false));
    expect(registry.get(2)?.key).toBe('fhir:c');
  });

  test('unnumbered messages apply as before, every time', async () => {
    const { core, registry, setPage } = setup();
    const p = panel(core);
    await core.onContentMessage(page(A, 'd1', 5), tab(1));
    await core.onContentMessage({ type: 'pz:page', key: 'fhir:b', patient: B }, tab(1));
    await core.onContentMessage({ type: 'pz:page', key: 'fhir:b', patient: B }, tab(1));
    await tick();
    expect(setPage).toHaveBeenCalledTimes(3);
    expect(registry.get(1)?.key).toBe('fhir:b');
    expect(p.contexts().at(-1)).toEqual(patientCtx('b'));
  });
});

describe('relay lanes', () => {
  test('a lane counts only after its runtime Port said hello with the same laneId', async () => {
    const { core, registry } = setup();
    await core.onContentMessage(page(A, 'd1', 1), tab(1));
    const l = lane();
    core.onLaneOffer({ type: 'pz:lane', laneId: 'L' }, l.worker);
    const stranger = fakePort(LANE_PORT, laneSender(1));
    core.onConnect(stranger.port);
    stranger.send({ type: 'hello', laneId: 'M' });
    // a second hello on the same Port does not rebind it
    stranger.send({ type: 'hello', laneId: 'L' });
    l.test.postMessage(page(B, 'd1', 2));
    await tick();
    expect(l.worker.onmessage).toBeNull();
    expect(registry.get(1)?.key).toBe('fhir:a');
    // the right hello joins, and the change that waited in the port is handled then
    await joinFromOwnFrame(core, l);
    expect(registry.get(1)?.key).toBe('fhir:b');
  });

  test.each([
    ['the top frame (frameId 0)', { frameId: 0 }],
    ['no frame id', { frameId: undefined }],
    ['a sender that is not our extension', { url: 'https://ehr.example/lane.html' }],
    ['another page of ours', { url: `${EXT}sidepanel.html` }],
    ['no tab', { tab: undefined }],
  ] as [string, Partial<Sender>][])('a runtime Port from %s never joins a lane', async (_, over) => {
    const { core, registry } = setup();
    await core.onContentMessage(page(A, 'd1', 1), tab(1));
    const l = lane();
    core.onLaneOffer({ type: 'pz:lane', laneId: 'L' }, l.worker);
    const bad = fakePort(LANE_PORT, laneSender(1, over));
    core.onConnect(bad.port);
    bad.send({ type: 'hello', laneId: 'L' });
    l.test.postMessage(page(B, 'd1', 2));
    await tick();
    expect(l.worker.onmessage).toBeNull();
    expect(registry.get(1)?.key).toBe('fhir:a');
    // the lane was still waiting: our own frame's Port joins it (so the refusal above was the sender's)
    await joinFromOwnFrame(core, l);
    expect(registry.get(1)?.key).toBe('fhir:b');
  });

  test('an offer that is not a lane offer closes its port', () => {
    const { core } = setup();
    const l = lane();
    core.onLaneOffer({ type: 'pz:lane', laneId: '' }, l.worker);
    expect(l.worker.closed).toBe(true);
    const m = lane();
    core.onLaneOffer({ type: 'hello', laneId: 'L' }, m.worker);
    expect(m.worker.closed).toBe(true);
  });

  test('lane page changes for a tab the registry does not know are ignored', async () => {
    const { core, registry, counts } = setup();
    const p = panel(core);
    await tick();
    const r = relay(core, 9);
    r.test.postMessage(page(B, 'd1', 1));
    await r.untilHandled(1);
    await tick();
    expect(registry.get(9)).toBeUndefined();
    expect(counts).not.toHaveBeenCalled();
    expect(p.contexts()).toEqual([{ kind: 'none' }]);
  });

  test('bad shapes on a joined lane are ignored', async () => {
    const { core, registry } = setup();
    await core.onContentMessage(page(A, 'd1', 1), tab(1));
    const r = relay(core, 1);
    r.test.postMessage({ ...page(B, 'd1', 2), seq: 0 });
    r.test.postMessage({ ...page(B, 'd1', 2), doc: undefined });
    r.test.postMessage({ type: 'pz:open-panel' });
    await r.untilHandled(3);
    expect(registry.get(1)?.key).toBe('fhir:a');
  });

  test('a lane page change never moves the window’s focus (active false); the runtime message of another change does', async () => {
    const { core, registry } = setup();
    await core.onContentMessage(page(A, 'd1', 1), tab(1));
    await core.onContentMessage(page(B, 'd2', 1), tab(2, 1, false));
    const p = panel(core);
    await tick();
    expect(p.contexts()).toEqual([patientCtx('a')]);
    const r = relay(core, 2);
    r.test.postMessage(page(C, 'd2', 2));
    await r.untilHandled(1);
    await tick();
    expect(registry.get(2)?.key).toBe('fhir:c');
    expect(registry.panelEntry(1)?.tabId).toBe(1);
    expect(p.contexts()).toEqual([patientCtx('a')]);
    // control: the browser's word (runtime, active) on a new change moves it
    await core.onContentMessage(page(B, 'd2', 3), tab(2, 1, true));
    await tick();
    expect(registry.panelEntry(1)?.tabId).toBe(2);
    expect(p.contexts().at(-1)).toEqual(patientCtx('b'));
  });

  test('a lane page change uses the window the registry knows for that tab', async () => {
    const { core, registry } = setup();
    await core.onContentMessage(page(A, 'd1', 1), tab(1, 4));
    const p = panel(core, 4);
    await tick();
    const r = relay(core, 1);
    r.test.postMessage(page(B, 'd1', 2));
    await r.untilHandled(1);
    await tick();
    expect(registry.get(1)?.windowId).toBe(4);
    expect(p.contexts().at(-1)).toEqual(patientCtx('b'));
  });

  test('the lane frame’s Port going away before the join forgets the lane: the MessagePort that comes later never joins', async () => {
    const { core, registry } = setup();
    await core.onContentMessage(page(A, 'd1', 1), tab(1));
    const rt = fakePort(LANE_PORT, laneSender(1));
    core.onConnect(rt.port);
    rt.send({ type: 'hello', laneId: 'L' });
    rt.close();
    const l = lane();
    core.onLaneOffer({ type: 'pz:lane', laneId: 'L' }, l.worker);
    l.test.postMessage(page(B, 'd1', 2));
    await tick();
    expect(l.worker.onmessage).toBeNull();
    expect(registry.get(1)?.key).toBe('fhir:a');
  });

  test('a Port that vouched for another lane going away leaves this lane waiting; its own Port then joins it', () => {
    const { core } = setup();
    const l = lane();
    core.onLaneOffer({ type: 'pz:lane', laneId: 'L' }, l.worker);
    const rt = fakePort(LANE_PORT, laneSender(1));
    core.onConnect(rt.port);
    rt.send({ type: 'hello', laneId: 'other' });
    rt.close();
    expect(l.worker.closed).toBe(false);
    const own = fakePort(LANE_PORT, laneSender(1));
    core.onConnect(own.port);
    own.send({ type: 'hello', laneId: 'L' });
    expect(l.worker.onmessage).not.toBeNull();
  });
});

describe('the panel lane', () => {
  test('watch with a laneId, then the offer: lane-ready, and from then on contexts go over the lane, numbered upward', async () => {
    const { core } = setup();
    await core.onContentMessage(page(A, 'd1', 1), tab(1));
    const p = fakePort(PANEL_PORT, { url: `${EXT}sidepanel.html` });
    core.onConnect(p.port);
    p.send({ type: 'watch', windowId: 1, laneId: 'P' });
    await tick();
    expect(p.posted).toEqual([{ type: 'context', ctx: patientCtx('a'), seq: 1, page: { tabId: 1, doc: 'd1', seq: 1 } }]);
    const l = lane();
    const got = inbox(l.test);
    core.onLaneOffer({ type: 'pz:lane', laneId: 'P' }, l.worker);
    await got.until(1);
    expect(got.got[0]).toEqual({ type: 'lane-ready' });
    await core.onContentMessage(page(B, 'd1', 2), tab(1));
    await got.until(2);
    await core.onContentMessage(page(C, 'd1', 3), tab(1));
    await got.until(3);
    expect(got.got.slice(1)).toEqual([
      { type: 'context', ctx: patientCtx('b'), seq: 2, page: { tabId: 1, doc: 'd1', seq: 2 } },
      { type: 'context', ctx: patientCtx('c'), seq: 3, page: { tabId: 1, doc: 'd1', seq: 3 } },
    ]);
    expect(p.posted).toHaveLength(1);
  });

  test('the offer first, then watch: joined at once, the first context already goes over the lane', async () => {
    const { core } = setup();
    await core.onContentMessage(page(A, 'd1', 1), tab(1));
    const l = lane();
    const got = inbox(l.test);
    core.onLaneOffer({ type: 'pz:lane', laneId: 'P' }, l.worker);
    const p = fakePort(PANEL_PORT, { url: `${EXT}sidepanel.html` });
    core.onConnect(p.port);
    p.send({ type: 'watch', windowId: 1, laneId: 'P' });
    await got.until(2);
    expect(got.got).toEqual([{ type: 'lane-ready' }, { type: 'context', ctx: patientCtx('a'), seq: 1, page: { tabId: 1, doc: 'd1', seq: 1 } }]);
    // a second watch on the same Port (same window) keeps the lane and the numbering
    p.send({ type: 'watch', windowId: 1, laneId: 'other' });
    await got.until(3);
    expect(got.got[2]).toEqual({ type: 'context', ctx: patientCtx('a'), seq: 2, page: { tabId: 1, doc: 'd1', seq: 1 } });
    expect(p.posted).toEqual([]);
  });

  test('a record request on the lane is answered with the record; a failed load with {ok:false}', async () => {
    const record = vi.fn(async (id: string): Promise<LoadedRecord> => (id === 'broken' ? Promise.reject(new Error('500')) : { patientId: id, resources: [], requests: 1 }));
    const { core } = setup({ record });
    const l = lane();
    const got = inbox(l.test);
    core.onLaneOffer({ type: 'pz:lane', laneId: 'P' }, l.worker);
    const p = fakePort(PANEL_PORT, { url: `${EXT}sidepanel.html` });
    core.onConnect(p.port);
    p.send({ type: 'watch', windowId: 1, laneId: 'P' });
    await got.until(2);
    l.test.postMessage({ type: 'record', rid: 1, patientId: 'a' });
    l.test.postMessage({ type: 'record', rid: 2, patientId: 'broken' });
    await got.until(4);
    expect(record.mock.calls.map((c) => c[0])).toEqual(['a', 'broken']);
    expect(got.got.slice(2)).toEqual(
      expect.arrayContaining([
        { type: 'record', rid: 1, reply: { ok: true, record: { patientId: 'a', resources: [], requests: 1 } } },
        { type: 'record', rid: 2, reply: { ok: false } },
      ]),
    );
    // a request without an id is not answered; one with an id but no patient is refused, never left
    // waiting (the panel's load waits for the answer); neither loads anything
    l.test.postMessage({ type: 'record', rid: '3', patientId: 'a' });
    l.test.postMessage({ type: 'record', rid: 4, patientId: 5 });
    l.test.postMessage({ type: 'record', rid: 5, patientId: 'a' });
    await got.until(6);
    expect(got.got.slice(4)).toHaveLength(2);
    expect(got.got.slice(4)).toEqual(
      expect.arrayContaining([
        { type: 'record', rid: 4, reply: { ok: false } },
        { type: 'record', rid: 5, reply: { ok: true, record: { patientId: 'a', resources: [], requests: 1 } } },
      ]),
    );
    expect(record).toHaveBeenCalledTimes(3);
  });

  test('the Port’s disconnect closes the panel’s lane', async () => {
    const { core } = setup();
    const l = lane();
    const got = inbox(l.test);
    const p = fakePort(PANEL_PORT, { url: `${EXT}sidepanel.html` });
    core.onConnect(p.port);
    p.send({ type: 'watch', windowId: 1, laneId: 'P' });
    core.onLaneOffer({ type: 'pz:lane', laneId: 'P' }, l.worker);
    await got.until(1);
    p.close();
    expect(l.worker.closed).toBe(true);
    await got.untilClosed();
    expect(core.portCount()).toBe(0);
  });

  test('a lane whose panel Port went away before the offer is closed, not joined', () => {
    const { core } = setup();
    const p = fakePort(PANEL_PORT, { url: `${EXT}sidepanel.html` });
    core.onConnect(p.port);
    p.send({ type: 'watch', windowId: 1, laneId: 'P' });
    p.close();
    const l = lane();
    core.onLaneOffer({ type: 'pz:lane', laneId: 'P' }, l.worker);
    expect(l.worker.closed).toBe(true);
    expect(l.worker.onmessage).toBeNull();
  });
});

describe('lane lifecycle (found by the lane tests, fixed)', () => {
  test('a joined relay lane ends with its runtime Port', async () => {
    const { core } = setup();
    await core.onContentMessage(page(A, 'd1', 1), tab(1));
    const r = relay(core, 1);
    expect(r.worker.onmessage).not.toBeNull();
    r.rt.close();
    expect(r.worker.closed).toBe(true);
  });

  test('lane copy first (active false), then the runtime copy (active true): not applied again, but the focus moves', async () => {
    const { core, registry } = setup();
    await core.onContentMessage(page(A, 'd1', 1), tab(1));
    await core.onContentMessage(page(B, 'd2', 1), tab(2, 1, false));
    const r = relay(core, 2);
    r.test.postMessage(page(C, 'd2', 2));
    await r.untilHandled(1);
    await core.onContentMessage(page(C, 'd2', 2), tab(2, 1, true));
    expect(registry.panelEntry(1)?.tabId).toBe(2);
  });

  test('a lane change is applied only for the document the tab named by runtime message (review: a page script could reload the frame and hand it its own port)', async () => {
    const { core, registry } = setup();
    await core.onContentMessage(page(A, 'real-doc', 1), tab(1));
    const r = relay(core, 1);
    // forged: another document name, however high its number
    r.test.postMessage(page(B, 'forged', 1_000_000));
    await r.untilHandled(1);
    expect(registry.get(1)?.key).toBe('fhir:a');
    // the real document's next change over the lane is applied
    r.test.postMessage(page(C, 'real-doc', 2));
    await r.untilHandled(2);
    expect(registry.get(1)?.key).toBe('fhir:c');
    // a malformed patient is "no patient", on either path
    await core.onContentMessage({ type: 'pz:page', key: 'fhir:x', patient: { kind: 'fhir-id', id: 'x'.repeat(300) }, doc: 'real-doc', seq: 3 } as never, tab(1));
    expect(registry.get(1)?.key).toBeNull();
  });

  test('a record request on the panel lane without deps.record is answered {ok:false}, never left waiting', async () => {
    const { core } = setup({ record: undefined });
    const l = lane();
    const got = inbox(l.test);
    core.onLaneOffer({ type: 'pz:lane', laneId: 'P' }, l.worker);
    const p = fakePort(PANEL_PORT, { url: `${EXT}sidepanel.html` });
    core.onConnect(p.port);
    p.send({ type: 'watch', windowId: 1, laneId: 'P' });
    await got.until(2);
    l.test.postMessage({ type: 'record', rid: 1, patientId: 'a' });
    await l.untilHandled(1);
    await tick();
    expect(got.got.filter((m) => (m as { type: string }).type === 'record')).toHaveLength(1);
  });
});

describe('the direct lane: the worker introduces the panel to the followed tab’s lane frame', () => {
  /** a side panel of `windowId` with its lane joined; `got` is what arrives on its lane (with ports) */
  async function lanePanel(core: ReturnType<typeof setup>['core'], windowId = 1, laneId = 'P') {
    const p = fakePort(PANEL_PORT, { url: `${EXT}sidepanel.html` });
    core.onConnect(p.port);
    p.send({ type: 'watch', windowId, laneId });
    const l = lane();
    const got = inbox(l.test);
    core.onLaneOffer({ type: 'pz:lane', laneId }, l.worker);
    await got.until(1);
    expect(got.got[0]).toEqual({ type: 'lane-ready' });
    return { ...p, l, got, introductions: () => got.got.filter((m) => (m as { type: string }).type === 'tab-lane') };
  }

  /** a relay lane whose test end records what the worker sends the lane frame */
  function frame(core: ReturnType<typeof setup>['core'], tabId: number, laneId?: string) {
    const r = relay(core, tabId, laneId);
    return { ...r, got: inbox(r.test) };
  }

  /** the two ends handed out are one channel: what the frame posts on its end arrives at the panel's */
  async function expectConnected(frameEnd: MessagePort, panelEnd: MessagePort) {
    const at = inbox(panelEnd);
    frameEnd.postMessage(page(B, 'probe', 1));
    await at.until(1);
    expect(at.got).toEqual([page(B, 'probe', 1)]);
    frameEnd.close();
  }

  test('panel lane joined, then the tab’s relay lane: one end to the frame, the other to the panel, with the tab and its document', async () => {
    const { core } = setup();
    await core.onContentMessage(page(A, 'd1', 1), tab(1));
    const p = await lanePanel(core);
    expect(p.introductions()).toEqual([]); // no lane frame yet
    const f = frame(core, 1);
    await f.got.until(1);
    await p.got.until(3);
    expect(f.got.got).toEqual([{ type: 'pz:panel-port' }]);
    const i = p.got.got.findIndex((m) => (m as { type: string }).type === 'tab-lane');
    expect(p.got.got[i]).toEqual({ type: 'tab-lane', tabId: 1, doc: 'd1', seq: 1 });
    await expectConnected(f.got.ports[0][0], p.got.ports[i][0]);
  });

  test('the relay lane first, then the panel’s: introduced as the panel lane joins', async () => {
    const { core } = setup();
    await core.onContentMessage(page(A, 'd1', 1), tab(1));
    const f = frame(core, 1);
    const p = await lanePanel(core);
    await f.got.until(1);
    await p.got.until(3);
    expect(p.got.got.slice(0, 2)).toEqual([{ type: 'lane-ready' }, { type: 'tab-lane', tabId: 1, doc: 'd1', seq: 1 }]);
    await expectConnected(f.got.ports[0][0], p.got.ports[1][0]);
  });

  test('only for the tab the panel follows, and once: further changes of the same document introduce nothing new', async () => {
    const { core } = setup();
    await core.onContentMessage(page(A, 'd1', 1), tab(1));
    await core.onContentMessage(page(B, 'd2', 1), tab(2, 1, false));
    const p = await lanePanel(core);
    const other = frame(core, 2);
    const f = frame(core, 1);
    await f.got.until(1);
    await core.onContentMessage(page(C, 'd1', 2), tab(1));
    await core.onContentMessage(page(A, 'd1', 3), tab(1));
    await p.got.until(5); // lane-ready, tab-lane, three contexts
    expect(p.introductions()).toEqual([{ type: 'tab-lane', tabId: 1, doc: 'd1', seq: 1 }]);
    expect(other.got.got).toEqual([]);
    expect(f.got.got).toHaveLength(1);
  });

  test('the followed tab changes (even to one with the same patient): a context naming the new tab, and an introduction to its frame', async () => {
    const { core } = setup();
    await core.onContentMessage(page(A, 'd1', 1), tab(1));
    await core.onContentMessage(page(A, 'd2', 4), tab(2, 1, false));
    const p = await lanePanel(core);
    const f1 = frame(core, 1);
    const f2 = frame(core, 2);
    await f1.got.until(1);
    await p.got.until(3);
    core.onTabActivated(2, 1);
    await f2.got.until(1);
    await p.got.until(5);
    const after = p.got.got.slice(3);
    expect(after).toContainEqual({ type: 'tab-lane', tabId: 2, doc: 'd2', seq: 2 });
    expect(after).toContainEqual({ type: 'context', ctx: patientCtx('a'), seq: 2, page: { tabId: 2, doc: 'd2', seq: 4 } });
    await expectConnected(f2.got.ports[0][0], p.got.ports[3 + after.findIndex((m) => (m as { type: string }).type === 'tab-lane')][0]);
    // and back to tab 1: introduced to it anew (the panel closed its first direct lane on tab 2's context)
    core.onTabActivated(1, 1);
    await f1.got.until(2);
    expect(f1.got.got).toEqual([{ type: 'pz:panel-port' }, { type: 'pz:panel-port' }]);
  });

  test('away to a tab without a lane frame and back: introduced to the first tab’s frame again', async () => {
    const { core } = setup();
    await core.onContentMessage(page(A, 'd1', 1), tab(1));
    await core.onContentMessage(page(B, 'd2', 1), tab(2, 1, false));
    const p = await lanePanel(core);
    const f = frame(core, 1);
    await f.got.until(1);
    await p.got.until(3);
    core.onTabActivated(2, 1);
    await p.got.until(4); // b's context, tab 2: nothing to introduce
    core.onTabActivated(1, 1);
    await f.got.until(2);
    expect(f.got.got).toEqual([{ type: 'pz:panel-port' }, { type: 'pz:panel-port' }]);
    await p.got.until(6); // lane-ready, tab-lane, a, b, a, tab-lane
    expect(p.introductions()).toHaveLength(2);
  });

  test('a new document in the tab (runtime message) or a reloaded lane frame: introduced again, with the new document', async () => {
    const { core } = setup();
    await core.onContentMessage(page(A, 'd1', 1), tab(1));
    const p = await lanePanel(core);
    frame(core, 1, 'first');
    await p.got.until(3);
    await core.onContentMessage(page(B, 'd2', 1), tab(1));
    await p.got.until(5);
    expect(p.introductions().at(-1)).toEqual({ type: 'tab-lane', tabId: 1, doc: 'd2', seq: 2 });
    const reloaded = frame(core, 1, 'second');
    await reloaded.got.until(1);
    await p.got.until(6);
    expect(p.introductions()).toHaveLength(3);
    expect(p.introductions().at(-1)).toEqual({ type: 'tab-lane', tabId: 1, doc: 'd2', seq: 2 });
  });

  test('a lane copy never names the document: a change with another doc over the lane introduces nothing', async () => {
    const { core } = setup();
    await core.onContentMessage(page(A, 'd1', 1), tab(1));
    const p = await lanePanel(core);
    const f = frame(core, 1);
    await p.got.until(3);
    f.test.postMessage(page(B, 'forged', 9));
    f.test.postMessage(page(C, 'd1', 2));
    await f.untilHandled(2);
    await p.got.until(4); // C's context
    expect(p.introductions()).toEqual([{ type: 'tab-lane', tabId: 1, doc: 'd1', seq: 1 }]);
  });

  test('a tab whose lane frame went away: no introduction to the gone lane', async () => {
    const { core } = setup();
    await core.onContentMessage(page(A, 'd1', 1), tab(1));
    const f = frame(core, 1);
    f.rt.close();
    const p = await lanePanel(core);
    await p.got.until(2); // the context
    expect(p.introductions()).toEqual([]);
  });

  test('every context names the page change it reflects', async () => {
    const { core } = setup();
    const p = panel(core);
    await tick();
    expect(p.posted).toEqual([{ type: 'context', ctx: { kind: 'none' }, seq: 1 }]);
    await core.onContentMessage(page(A, 'd1', 3), tab(1));
    await tick();
    expect(p.posted.at(-1)).toEqual({ type: 'context', ctx: patientCtx('a'), seq: 2, page: { tabId: 1, doc: 'd1', seq: 3 } });
  });
});
