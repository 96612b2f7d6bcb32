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
afterEach(() => {
  for (const c of opened.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

/** A waiting queue of what arrives on the test's end of a lane; waits are bounded by progress, not time. */
function inbox(port: MessagePort) {
  const got: unknown[] = [];
  let wake: () => void = () => {};
  let closed = false;
  port.onmessage = (e) => {
    got.push(e.data);
    wake();
  };
  port.addEventListener('close', () => {
    closed = true;
    wake();
  });
  return {
    got,
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
    postMessage: (m: unknown) => real.postMessage(m),
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
