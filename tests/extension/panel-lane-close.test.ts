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
