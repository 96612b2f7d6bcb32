// The side panel's half of the fast lane (lib/extension/panel-host.ts followPatient): contexts come over
// the Port and, once joined, over the lane, and an older one never overwrites a newer one; the badge's
// record is asked over the lane only once the worker said lane-ready, else by runtime message; a Port
// that goes away answers what was asked on its lane with nothing, so the panel loads directly. The lane
// is a real MessageChannel: the fake LaneTarget captures the port the panel transfers to the "worker".
import 'fake-indexeddb/auto';
import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createExtensionPanelHost, type ExtensionPanelHost, type LaneTarget, type PanelHostApi } from '../../lib/extension/panel-host';
import { PzDatabase } from '../../lib/store/db';
import type { LoadedRecord } from '../../lib/fhir/gateway';
import type { PanelPatientContext } from '../../lib/host/contract';
import { isSessionExpired } from '../../lib/fhir/smart-policy';

const patientCtx = (id: string): PanelPatientContext => ({ kind: 'patient', patientId: id });
const rec = (id: string): LoadedRecord => ({ patientId: id, resources: [{ resourceType: 'Patient', id }], requests: 1 });

/** wakes every waiter on each change; waits are bounded by progress, never by the clock */
function signal() {
  let waiters: (() => void)[] = [];
  return {
    notify() {
      const w = waiters;
      waiters = [];
      w.forEach((r) => r());
    },
    async until(done: () => boolean) {
      while (!done()) await new Promise<void>((r) => waiters.push(r));
    },
  };
}

interface FakePort {
  sent: unknown[];
  deliver(m: unknown): void;
  drop(): void;
}

/** the browser's runtime: each Port answers `watch` with the context `first` numbered 1, as the worker does */
function fakeApi(first: PanelPatientContext, record?: (patientId: string) => unknown) {
  const ports: FakePort[] = [];
  const connected = signal();
  const sendMessage = vi.fn(async (m: unknown) => record?.((m as { patientId: string }).patientId));
  const api: PanelHostApi = {
    identity: { getRedirectURL: () => 'https://x.chromiumapp.org/', launchWebAuthFlow: vi.fn(async () => undefined) },
    storage: fakeBrowser.storage as unknown as PanelHostApi['storage'],
    windows: { getCurrent: async () => ({ id: 7 }) },
    runtime: {
      sendMessage,
      connect: ({ name }) => {
        const onMsg: ((m: unknown) => void)[] = [];
        const onDisc: (() => void)[] = [];
        const port: FakePort = { sent: [], deliver: (m) => onMsg.forEach((l) => l(m)), drop: () => onDisc.forEach((l) => l()) };
        ports.push(port);
        connected.notify();
        return {
          name,
          postMessage: (m: unknown) => {
            port.sent.push(m);
            if ((m as { type?: string }).type === 'watch') queueMicrotask(() => port.deliver({ type: 'context', ctx: first, seq: 1 }));
          },
          onMessage: { addListener: (cb: (m: unknown) => void) => onMsg.push(cb) },
          onDisconnect: { addListener: (cb: () => void) => onDisc.push(cb) },
          disconnect: () => {},
        };
      },
    },
  };
  return { api, ports, sendMessage, untilPorts: (n: number) => connected.until(() => ports.length >= n) };
}

const channels: MessagePort[] = [];

/** the "worker" side of the panel's lanes: every port the panel transfers, with what arrives on it */
function fakeLaneTarget() {
  const offers: { m: unknown; port: MessagePort; got: unknown[]; closed: boolean }[] = [];
  const changed = signal();
  const target: LaneTarget = async () => ({
    postMessage(m: unknown, transfer: Transferable[]) {
      const port = transfer[0] as MessagePort;
      channels.push(port);
      const offer = { m, port, got: [] as unknown[], closed: false };
      port.onmessage = (e) => {
        offer.got.push(e.data);
        changed.notify();
      };
      port.addEventListener('close', () => {
        offer.closed = true;
        changed.notify();
      });
      offers.push(offer);
      changed.notify();
    },
  });
  return {
    target,
    offers,
    until: (done: () => boolean) => changed.until(done),
  };
}

/** what the panel's subscribers saw */
function watchPatient(host: ExtensionPanelHost) {
  const seen: PanelPatientContext[] = [];
  const changed = signal();
  host.subscribePatient((c) => {
    seen.push(c);
    changed.notify();
  });
  return {
    seen,
    until: (c: PanelPatientContext) => changed.until(() => seen.some((s) => JSON.stringify(s) === JSON.stringify(c))),
    untilCount: (n: number) => changed.until(() => seen.length >= n),
  };
}

let db: PzDatabase;
beforeEach(() => {
  fakeBrowser.reset();
  db = new PzDatabase(`pz-panel-lane-${Math.random()}`);
});
afterEach(() => {
  for (const p of channels.splice(0)) p.close();
});

async function start(record?: (patientId: string) => unknown) {
  const rt = fakeApi(patientCtx('a'), record);
  const lane = fakeLaneTarget();
  const host = await createExtensionPanelHost({ api: rt.api, db, href: 'chrome-extension://id/sidepanel.html', lane: lane.target });
  await lane.until(() => lane.offers.length === 1);
  const worker = lane.offers[0];
  return { ...rt, lane, host, worker };
}

describe('contexts over the Port and the lane', () => {
  test('the lane is offered with the laneId its watch names', async () => {
    const { host, ports, worker } = await start();
    const watch = ports[0].sent[0] as { type: string; windowId: number; laneId: string };
    expect(watch).toMatchObject({ type: 'watch', windowId: 7 });
    expect(typeof watch.laneId).toBe('string');
    expect(worker.m).toEqual({ type: 'pz:lane', laneId: watch.laneId });
    host.close();
  });

  test('a context numbered lower than (or the same as) one already applied is dropped, whichever way it came', async () => {
    const { host, ports, worker } = await start();
    const p = watchPatient(host);
    expect(p.seen).toEqual([patientCtx('a')]);
    worker.port.postMessage({ type: 'lane-ready' });
    worker.port.postMessage({ type: 'context', ctx: patientCtx('b'), seq: 3 });
    await p.until(patientCtx('b'));
    // the Port's copy of an older switch arrives after the lane's newer one
    ports[0].deliver({ type: 'context', ctx: patientCtx('x'), seq: 2 });
    ports[0].deliver({ type: 'context', ctx: patientCtx('y'), seq: 3 });
    expect(p.seen).toEqual([patientCtx('a'), patientCtx('b')]);
    // and the other way round: the Port ahead, the lane's older copy late
    ports[0].deliver({ type: 'context', ctx: patientCtx('c'), seq: 5 });
    worker.port.postMessage({ type: 'context', ctx: patientCtx('z'), seq: 4 });
    worker.port.postMessage({ type: 'context', ctx: patientCtx('d'), seq: 6 });
    await p.until(patientCtx('d'));
    expect(p.seen).toEqual([patientCtx('a'), patientCtx('b'), patientCtx('c'), patientCtx('d')]);
    host.close();
  });

  test('a new connection counts afresh: after a worker restart its context 1 is applied, the old lane is closed', async () => {
    const { host, ports, worker, lane, untilPorts } = await start();
    const p = watchPatient(host);
    worker.port.postMessage({ type: 'lane-ready' });
    worker.port.postMessage({ type: 'context', ctx: patientCtx('b'), seq: 9 });
    await p.until(patientCtx('b'));
    const before = p.seen.length;
    ports[0].drop();
    await lane.until(() => worker.closed);
    await untilPorts(2);
    await p.untilCount(before + 1);
    expect(p.seen.slice(before)).toEqual([patientCtx('a')]);
    await lane.until(() => lane.offers.length === 2);
    expect(lane.offers[1].m).toEqual({ type: 'pz:lane', laneId: (ports[1].sent[0] as { laneId: string }).laneId });
    host.close();
    await lane.until(() => lane.offers[1].closed);
  });
});

describe('the record over the lane', () => {
  test('before lane-ready it is asked by runtime message; after it, over the lane only', async () => {
    const { host, worker, sendMessage, lane } = await start((id) => ({ ok: true, record: rec(id) }));
    const p = watchPatient(host);
    expect(await host.gateway.loadPatientRecord('a')).toEqual(rec('a'));
    expect(sendMessage.mock.calls).toEqual([[{ type: 'pz:record', patientId: 'a' }]]);
    // lane-ready, then a context after it on the same lane: once that is seen, lane-ready was taken
    worker.port.postMessage({ type: 'lane-ready' });
    worker.port.postMessage({ type: 'context', ctx: patientCtx('b'), seq: 2 });
    await p.until(patientCtx('b'));
    const loading = host.gateway.loadPatientRecord('b');
    await lane.until(() => worker.got.length === 1);
    // the first thing the worker ever got on the lane: so 'a' did not go this way
    expect(worker.got).toEqual([{ type: 'record', rid: 1, patientId: 'b' }]);
    // an answer for another request is not taken for this one
    worker.port.postMessage({ type: 'record', rid: 99, reply: { ok: true, record: rec('x') } });
    worker.port.postMessage({ type: 'record', rid: 1, reply: { ok: true, record: rec('b') } });
    expect(await loading).toEqual(rec('b'));
    expect(sendMessage).toHaveBeenCalledTimes(1);
    host.close();
  });

  test('a lane answer {ok:false} makes the panel load directly (here: not logged in, so the session error)', async () => {
    const { host, worker, sendMessage } = await start();
    const p = watchPatient(host);
    worker.port.postMessage({ type: 'lane-ready' });
    worker.port.postMessage({ type: 'context', ctx: patientCtx('b'), seq: 2 });
    await p.until(patientCtx('b'));
    const loading = host.gateway.loadPatientRecord('b');
    worker.port.postMessage({ type: 'record', rid: 1, reply: { ok: false } });
    await expect(loading).rejects.toSatisfy(isSessionExpired);
    expect(sendMessage).not.toHaveBeenCalled();
    host.close();
  });

  test('a Port disconnect answers what is pending on the lane with nothing: the panel loads directly', async () => {
    const { host, worker, ports, sendMessage, lane, untilPorts } = await start((id) => ({ ok: true, record: rec(id) }));
    const p = watchPatient(host);
    worker.port.postMessage({ type: 'lane-ready' });
    worker.port.postMessage({ type: 'context', ctx: patientCtx('c'), seq: 2 });
    await p.until(patientCtx('c'));
    const loading = host.gateway.loadPatientRecord('c');
    await lane.until(() => worker.got.length === 1);
    expect(worker.got[0]).toMatchObject({ type: 'record', patientId: 'c' });
    ports[0].drop();
    // not by runtime (the worker that would answer is the one that went away), straight to the server
    await expect(loading).rejects.toSatisfy(isSessionExpired);
    expect(sendMessage).not.toHaveBeenCalled();
    await lane.until(() => worker.closed);
    // until the new connection's lane is ready, records are asked by runtime again
    await untilPorts(2);
    expect(await host.gateway.loadPatientRecord('d')).toEqual(rec('d'));
    expect(sendMessage.mock.calls).toEqual([[{ type: 'pz:record', patientId: 'd' }]]);
    host.close();
  });

  test('without a lane (lane: null) the watch names none and records go by runtime message', async () => {
    const rt = fakeApi(patientCtx('a'), (id) => ({ ok: true, record: rec(id) }));
    const host = await createExtensionPanelHost({ api: rt.api, db, href: 'chrome-extension://id/sidepanel.html', lane: null });
    expect(rt.ports[0].sent[0]).toEqual({ type: 'watch', windowId: 7 });
    expect(await host.gateway.loadPatientRecord('a')).toEqual(rec('a'));
    expect(rt.sendMessage).toHaveBeenCalledTimes(1);
    host.close();
  });
});

test('close() during the reconnect delay does not reconnect afterwards', async () => {
  const { host, ports } = await start();
  vi.useFakeTimers({ toFake: ['setTimeout'] });
  try {
    ports[0].drop();
    host.close();
    vi.advanceTimersByTime(100);
    expect(ports).toHaveLength(1);
  } finally {
    vi.useRealTimers();
  }
});

describe('the direct lane: page changes straight from the followed tab’s lane frame', () => {
  const fhir = (id: string, doc: string, seq: number) => ({ type: 'pz:page', key: `fhir:${id}`, patient: { kind: 'fhir-id', id }, doc, seq });
  const pageOf = (tabId: number, doc: string, seq: number) => ({ tabId, doc, seq });

  /** the worker introduces the panel to tab `tabId`'s lane frame for `doc`; returns the frame's end */
  function introduce(worker: Awaited<ReturnType<typeof start>>['worker'], tabId: number, doc: string, seq = 1) {
    const channel = new MessageChannel();
    channels.push(channel.port1, channel.port2);
    worker.port.postMessage({ type: 'tab-lane', tabId, doc, seq }, [channel.port2]);
    const closed = signal();
    let isClosed = false;
    channel.port1.addEventListener('close', () => {
      isClosed = true;
      closed.notify();
    });
    return { frame: channel.port1, untilClosed: () => closed.until(() => isClosed) };
  }

  test('a fhir-id change for the document the worker named is shown at once, without the worker', async () => {
    const { host, worker } = await start();
    const p = watchPatient(host);
    const { frame } = introduce(worker, 1, 'd1');
    frame.postMessage(fhir('b', 'd1', 2));
    await p.until(patientCtx('b'));
    expect(p.seen).toEqual([patientCtx('a'), patientCtx('b')]);
    host.close();
  });

  test('no patient, or a malformed one, is "none"', async () => {
    const { host, worker } = await start();
    const p = watchPatient(host);
    const { frame } = introduce(worker, 1, 'd1');
    frame.postMessage({ type: 'pz:page', key: null, patient: null, doc: 'd1', seq: 2 });
    await p.until({ kind: 'none' });
    frame.postMessage(fhir('b', 'd1', 3));
    await p.until(patientCtx('b'));
    frame.postMessage({ ...fhir('x', 'd1', 4), patient: { kind: 'fhir-id', id: 'x'.repeat(300) } });
    await p.untilCount(4);
    expect(p.seen).toEqual([patientCtx('a'), { kind: 'none' }, patientCtx('b'), { kind: 'none' }]);
    host.close();
  });

  test('ignored: another document, an older or the same number, an identifier (the worker searches it); the next good one on the same lane is shown', async () => {
    const { host, worker } = await start();
    const p = watchPatient(host);
    const { frame } = introduce(worker, 1, 'd1');
    frame.postMessage(fhir('b', 'd1', 5));
    await p.until(patientCtx('b'));
    frame.postMessage(fhir('forged', 'page-script', 99));
    frame.postMessage(fhir('older', 'd1', 4));
    frame.postMessage(fhir('same', 'd1', 5));
    frame.postMessage({ type: 'pz:page', key: 'id:bsn|1', patient: { kind: 'identifier', system: 'bsn', value: '1' }, doc: 'd1', seq: 6 });
    frame.postMessage({ ...fhir('noseq', 'd1', 7), seq: 0 });
    frame.postMessage(fhir('c', 'd1', 8));
    await p.until(patientCtx('c'));
    expect(p.seen).toEqual([patientCtx('a'), patientCtx('b'), patientCtx('c')]);
    host.close();
  });

  test('a change numbered no newer than the worker’s context already shown for that tab and document is ignored', async () => {
    const { host, worker } = await start();
    const p = watchPatient(host);
    worker.port.postMessage({ type: 'context', ctx: patientCtx('b'), seq: 2, page: pageOf(1, 'd1', 5) });
    await p.until(patientCtx('b'));
    const { frame } = introduce(worker, 1, 'd1');
    frame.postMessage(fhir('late', 'd1', 5));
    frame.postMessage(fhir('c', 'd1', 6));
    await p.until(patientCtx('c'));
    expect(p.seen).toEqual([patientCtx('a'), patientCtx('b'), patientCtx('c')]);
    host.close();
  });

  test('a new introduction closes the previous direct lane: what comes on it is not shown', async () => {
    const { host, worker } = await start();
    const p = watchPatient(host);
    const first = introduce(worker, 1, 'd1');
    const second = introduce(worker, 1, 'd2');
    await first.untilClosed();
    first.frame.postMessage(fhir('old', 'd1', 2));
    second.frame.postMessage(fhir('old-doc', 'd1', 3)); // right lane, the document it no longer names
    second.frame.postMessage(fhir('b', 'd2', 1));
    await p.until(patientCtx('b'));
    expect(p.seen).toEqual([patientCtx('a'), patientCtx('b')]);
    host.close();
  });

  test('a worker context older than the direct change is dropped; the worker’s own context for it is not rendered again; a newer one is', async () => {
    const { host, worker } = await start();
    const p = watchPatient(host);
    const { frame } = introduce(worker, 1, 'd1');
    frame.postMessage(fhir('b', 'd1', 5));
    await p.until(patientCtx('b'));
    // the worker's context for the change before (it has not seen 5 yet)
    worker.port.postMessage({ type: 'context', ctx: patientCtx('a'), seq: 2, page: pageOf(1, 'd1', 4) });
    // its context for 5: what is shown already
    worker.port.postMessage({ type: 'context', ctx: patientCtx('b'), seq: 3, page: pageOf(1, 'd1', 5) });
    worker.port.postMessage({ type: 'context', ctx: patientCtx('c'), seq: 4, page: pageOf(1, 'd1', 6) });
    await p.until(patientCtx('c'));
    expect(p.seen).toEqual([patientCtx('a'), patientCtx('b'), patientCtx('c')]);
    host.close();
  });

  test('a worker context for another tab is shown, whatever its number, and ends the direct lane', async () => {
    const { host, worker } = await start();
    const p = watchPatient(host);
    const { frame, untilClosed } = introduce(worker, 1, 'd1');
    frame.postMessage(fhir('b', 'd1', 5));
    await p.until(patientCtx('b'));
    worker.port.postMessage({ type: 'context', ctx: patientCtx('c'), seq: 2, page: pageOf(2, 'd1', 1) });
    await p.until(patientCtx('c'));
    await untilClosed();
    expect(p.seen).toEqual([patientCtx('a'), patientCtx('b'), patientCtx('c')]);
    // introduced to tab 1 again: its changes are shown again
    const again = introduce(worker, 1, 'd1', 2);
    again.frame.postMessage(fhir('d', 'd1', 6));
    await p.until(patientCtx('d'));
    host.close();
  });

  test('a late context of the tab\'s previous document (numbered before the new document\'s lane) never replaces a direct change of the new one', async () => {
    const { host, worker } = await start();
    const p = watchPatient(host);
    // the tab loaded a new document d2; the worker introduced its lane after numbering context 3
    const { frame } = introduce(worker, 1, 'd2', 3);
    frame.postMessage(fhir('b', 'd2', 1));
    await p.until(patientCtx('b'));
    // the worker's answer for d1 (say an identifier it was still searching), numbered 3: dropped
    worker.port.postMessage({ type: 'context', ctx: patientCtx('old'), seq: 3, page: pageOf(1, 'd1', 7) });
    // its context for d2 follows, and then a newer change: shown, and 'old' never was
    worker.port.postMessage({ type: 'context', ctx: patientCtx('c'), seq: 4, page: pageOf(1, 'd2', 2) });
    await p.until(patientCtx('c'));
    expect(p.seen).toEqual([patientCtx('a'), patientCtx('b'), patientCtx('c')]);
    host.close();
  });

  test('a context the worker numbered before the introduction, late over the Port for another tab, does not end the direct lane', async () => {
    const { host, worker, ports } = await start();
    const p = watchPatient(host);
    const { frame } = introduce(worker, 1, 'd1', 3);
    // the introduction must have been taken before the late context: a change on it is shown
    frame.postMessage(fhir('b', 'd1', 2));
    await p.until(patientCtx('b'));
    ports[0].deliver({ type: 'context', ctx: patientCtx('c'), seq: 3, page: pageOf(2, 'd9', 1) });
    await p.until(patientCtx('c'));
    frame.postMessage(fhir('d', 'd1', 3));
    await p.until(patientCtx('d'));
    host.close();
  });

  test('a worker context equal to the one shown (kind, patient, identifier) does not notify again; one with another identifier does', async () => {
    const { host, worker } = await start();
    const p = watchPatient(host);
    worker.port.postMessage({ type: 'context', ctx: patientCtx('a'), seq: 2 });
    worker.port.postMessage({ type: 'context', ctx: { kind: 'patient', patientId: 'a', ehrIdentifier: { system: 'bsn', value: '1' } }, seq: 3 });
    await p.untilCount(2);
    worker.port.postMessage({ type: 'context', ctx: { kind: 'patient', patientId: 'a', ehrIdentifier: { system: 'bsn', value: '1' } }, seq: 4 });
    worker.port.postMessage({ type: 'context', ctx: { kind: 'unknown', ehrIdentifier: { system: 'bsn', value: '1' } }, seq: 5 });
    await p.untilCount(3);
    expect(p.seen).toEqual([patientCtx('a'), { kind: 'patient', patientId: 'a', ehrIdentifier: { system: 'bsn', value: '1' } }, { kind: 'unknown', ehrIdentifier: { system: 'bsn', value: '1' } }]);
    host.close();
  });

  test('a worker restart (Port dropped) ends the direct lane', async () => {
    const { host, worker, ports, untilPorts } = await start();
    const p = watchPatient(host);
    const { frame, untilClosed } = introduce(worker, 1, 'd1');
    // taken: a change on it is shown
    frame.postMessage(fhir('b', 'd1', 2));
    await p.until(patientCtx('b'));
    ports[0].drop();
    await untilClosed();
    await untilPorts(2);
    // the new connection's first context (the fake worker's 'a') is shown: nothing of the old lane holds it back
    await p.untilCount(3);
    expect(p.seen).toEqual([patientCtx('a'), patientCtx('b'), patientCtx('a')]);
    host.close();
  });
});
