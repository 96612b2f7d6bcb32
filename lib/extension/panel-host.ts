// The side panel's PanelHost (components/host.ts): the patient comes from the background (which EHR tab
// of this window was focused last, what its page shows); gateway, outbox and acknowledgements run in the
// panel itself over the shared login. The first load of a patient is shared with the badge's (one
// request per switch, shared-record.ts); reloads after a write go to the server from the panel.
import { browser } from 'wxt/browser';
import type { AckStore, PanelHost, PanelPatientContext } from '../host/contract';
import { createDexieAckStore } from '../store/dexie-ack-store';
import { engineEvaluate } from '../host/engine';
import type { OutboxEntry, WriteQueue } from '../fhir/gateway';
import { createFhirGateway } from '../fhir/load-record';
import { isSessionExpired } from '../fhir/smart-policy';
import { getDb, type PzDatabase } from '../store/db';
import { createOutbox } from '../store/outbox';
import { ROLES, type PromptCode, type Role } from '../pathway/types';
import { createLiveSession, type LiveSessionApi } from './live-session';
import { listWards } from '../fhir/wards';
import { PANEL_PORT, type BackgroundToPanel, type LaneToPanel, type PanelToBackground, type PanelToLane } from './messages';
import { directContext, isPageChange, type LaneOffer } from './lane';
import { loadOptions, type ManagedAreaLike, type StorageAreaLike } from './options';
import type { PortLike } from './background-core';
import { sharedFirstGateway, type RecordReply } from './shared-record';
import { createWardPrefetch, prefetchingGateway } from '../fhir/ward-prefetch';
import { rememberingAcks } from '../store/ack-memory';
import { mark } from './trace';

export const ROLE_KEY = 'pz-role';

export interface PanelHostApi extends LiveSessionApi {
  runtime: { connect(info: { name: string }): PortLike & { disconnect?(): void }; sendMessage?(m: unknown): Promise<unknown> };
  windows: { getCurrent(): Promise<{ id?: number }> };
  storage: LiveSessionApi['storage'] & { local: StorageAreaLike; managed?: ManagedAreaLike };
}

/** Where the panel offers its fast lane's MessagePort (lib/extension/lane.ts): the extension's service worker. */
export type LaneTarget = () => Promise<{ postMessage(m: unknown, transfer: Transferable[]): void } | null | undefined>;

const workerLane: LaneTarget = async () => (globalThis.navigator?.serviceWorker ? (await navigator.serviceWorker.ready).active : undefined);

export interface PanelHostOptions {
  api?: PanelHostApi;
  db?: PzDatabase;
  /** the panel page's URL: `?login=1` starts the interactive login (the re-login link points there) */
  href?: string;
  /** wait at most this long for the background's first answer (default 3 s) */
  firstContextMs?: number;
  /** how long a ward's prefetched records may be shown first (default 5 min, lib/fhir/ward-prefetch.ts) */
  prefetchTtlMs?: number;
  /** the fast lane's other end (default: the service worker; none in unit tests without one) */
  lane?: LaneTarget | null;
}

/** the same patient view: a context equal to the one shown is not rendered again */
function sameContext(a: PanelPatientContext, b: PanelPatientContext): boolean {
  const id = (c: PanelPatientContext) => (c.kind === 'none' ? undefined : c.ehrIdentifier);
  const ia = id(a);
  const ib = id(b);
  return (
    a.kind === b.kind &&
    (a.kind === 'patient' ? a.patientId : undefined) === (b.kind === 'patient' ? b.patientId : undefined) &&
    ia?.system === ib?.system &&
    ia?.value === ib?.value
  );
}

type PageRef = { tabId: number; doc: string; seq: number };

/**
 * Follows the background over a port. A service-worker restart drops the port; the panel reconnects and
 * asks again, so it never keeps showing a patient the background no longer vouches for.
 * The direct lane (lane.ts): page changes of the followed tab straight from its lane frame, applied at
 * once when they need no FHIR search; the worker's context for the same change follows and is the truth.
 */
function followPatient(api: PanelHostApi, windowId: number, laneTarget: LaneTarget | null) {
  let ctx: PanelPatientContext = { kind: 'none' };
  let port: ReturnType<PanelHostApi['runtime']['connect']> | undefined;
  // the fast lane of this connection: contexts come on it once joined, and records may be asked on it
  let lane: MessagePort | undefined;
  let laneReady = false;
  let rid = 0;
  const asked = new Map<number, (r: RecordReply | undefined) => void>();
  let lastSeq = 0;
  // the direct lane the worker introduced last, for which tab and document (none until it does)
  let direct: { port: MessagePort; tabId: number; doc: string; since: number } | undefined;
  // the page change the shown context reflects: nothing older (by either way) replaces it
  let shown: PageRef | undefined;
  const listeners = new Set<(c: PanelPatientContext) => void>();
  const focusListeners = new Set<(code: PromptCode) => void>();
  let first: () => void = () => {};
  const ready = new Promise<void>((r) => (first = r));
  let closed = false;
  const show = (next: PanelPatientContext, page: PageRef | undefined) => {
    shown = page;
    first();
    if (sameContext(next, ctx)) return; // the direct lane showed it already: no second render
    ctx = next;
    listeners.forEach((cb) => cb(ctx));
  };
  const dropDirect = () => {
    direct?.port.close();
    direct = undefined;
  };
  const onContext = (m: BackgroundToPanel) => {
    // the Port and the lane both carry contexts (the lane once joined): never an older over a newer one
    if (typeof m.seq === 'number') {
      if (m.seq <= lastSeq) return;
      lastSeq = m.seq;
    }
    mark('panel:context');
    const page = m.page;
    // the worker has not seen the change the direct lane brought yet: its context for it follows
    if (page && shown && page.tabId === shown.tabId && page.doc === shown.doc && page.seq < shown.seq) return;
    // nor one of the tab's previous document, numbered before the worker introduced the lane of the
    // document shown now (a late answer of its FHIR search): the worker's context for this one follows
    if (page && direct && shown && page.tabId === direct.tabId && shown.doc === direct.doc && page.doc !== direct.doc && typeof m.seq === 'number' && m.seq <= direct.since) return;
    // the worker follows another tab (or none): that tab's direct lane ends until it introduces one (not
    // for a context the worker numbered before the introduction, come late over the Port)
    if (direct && page?.tabId !== direct.tabId && !(typeof m.seq === 'number' && m.seq <= direct.since)) dropDirect();
    show(m.ctx, page);
    // after the patient: the card belongs to the context that came with it
    if (m.focus) focusListeners.forEach((cb) => cb(m.focus!));
  };
  /** a page change straight from the followed tab's lane frame */
  const onDirect = (from: MessagePort, change: unknown) => {
    // only the lane the worker gave last, only for the document it named (a page script cannot know it)
    if (!direct || from !== direct.port || !isPageChange(change) || change.doc !== direct.doc) return;
    const { tabId, doc } = direct;
    if (shown && shown.tabId === tabId && shown.doc === doc && change.seq <= shown.seq) return;
    const next = directContext(change);
    if (!next) return; // an identifier: the worker searches the FHIR server, its context follows
    mark('panel:direct');
    show(next, { tabId, doc, seq: change.seq });
  };
  const onTabLane = (m: { tabId?: unknown; doc?: unknown; seq?: unknown }, port: MessagePort | undefined) => {
    if (!port) return;
    if (typeof m.tabId !== 'number' || typeof m.doc !== 'string' || typeof m.seq !== 'number') return port.close();
    dropDirect();
    direct = { port, tabId: m.tabId, doc: m.doc, since: m.seq };
    port.onmessage = (e: MessageEvent) => onDirect(port, e.data);
  };
  const dropLane = () => {
    // the worker that introduced the direct lane is gone with it (or restarting): it introduces anew
    dropDirect();
    lane?.close();
    lane = undefined;
    laneReady = false;
    // asked on a lane that is gone: the caller goes the runtime way (or to the server) instead
    for (const done of asked.values()) done(undefined);
    asked.clear();
  };
  const openLane = (): string | undefined => {
    if (!laneTarget || typeof MessageChannel === 'undefined') return undefined;
    const laneId = crypto.randomUUID();
    const channel = new MessageChannel();
    const mine = channel.port1;
    lane = mine;
    mine.onmessage = (e: MessageEvent) => {
      if (lane !== mine) return;
      const m = e.data as LaneToPanel;
      if (m?.type === 'context') onContext(m);
      else if (m?.type === 'tab-lane') onTabLane(m, e.ports[0]);
      else if (m?.type === 'lane-ready') laneReady = true;
      else if (m?.type === 'record' && typeof m.rid === 'number') {
        asked.get(m.rid)?.(m.reply);
        asked.delete(m.rid);
      }
    };
    void laneTarget()
      .then((to) => to?.postMessage({ type: 'pz:lane', laneId } satisfies LaneOffer, [channel.port2]))
      .catch(() => {});
    return laneId;
  };
  const connect = () => {
    lastSeq = 0;
    shown = undefined; // a new worker numbers from what it sees; it is the truth
    dropLane();
    port = api.runtime.connect({ name: PANEL_PORT });
    port.onMessage.addListener((raw) => {
      const m = raw as BackgroundToPanel;
      if (m?.type === 'context') onContext(m);
    });
    port.onDisconnect.addListener(() => {
      port = undefined;
      dropLane();
      if (!closed) setTimeout(() => !closed && connect(), 100);
    });
    const laneId = openLane();
    const watch: PanelToBackground = { type: 'watch', windowId, ...(laneId ? { laneId } : {}) };
    port.postMessage(watch);
  };
  connect();
  return {
    ready,
    get current() {
      return ctx;
    },
    subscribe(cb: (c: PanelPatientContext) => void) {
      listeners.add(cb);
      cb(ctx);
      return () => void listeners.delete(cb);
    },
    onFocus(cb: (code: PromptCode) => void) {
      focusListeners.add(cb);
      return () => void focusListeners.delete(cb);
    },
    post(m: PanelToBackground) {
      try {
        port?.postMessage(m);
      } catch {
        // reconnecting: the background recomputes everything on reconnect anyway
      }
    },
    /** the record the badge loads, over the lane; undefined when there is no joined lane (ask by runtime) */
    askRecord(patientId: string): Promise<RecordReply | undefined> | undefined {
      if (!lane || !laneReady) return undefined;
      const id = ++rid;
      const reply = new Promise<RecordReply | undefined>((resolve) => asked.set(id, resolve));
      lane.postMessage({ type: 'record', rid: id, patientId } satisfies PanelToLane);
      return reply;
    },
    close() {
      closed = true;
      dropLane();
      port?.disconnect?.();
    },
  };
}

/** Acknowledging a prompt or a confirmed write changes the badge's counts: tell the background. */
export function notifying(acks: AckStore, refresh: (patientId: string) => void): AckStore {
  return {
    list: (p) => acks.list(p),
    add: async (a) => {
      const r = await acks.add(a);
      refresh(a.patientId);
      return r;
    },
    // the reason goes along: a reopening without it would leave no audit entry
    remove: async (id, reopen) => {
      await acks.remove(id, reopen);
      refresh(''); // the id does not say which patient: refresh every badge (cheap, cached)
    },
    ...(acks.reopenings ? { reopenings: (p: string) => acks.reopenings!(p) } : {}),
  };
}

function notifyingQueue(queue: WriteQueue, refresh: (patientId: string) => void): WriteQueue {
  return {
    enqueue: (i) => queue.enqueue(i),
    list: (p) => queue.list(p),
    flush: () => queue.flush(),
    retry: (id) => queue.retry(id),
    subscribe(patientId, cb) {
      const confirmed = new Set<string>();
      let firstCall = true;
      return queue.subscribe(patientId, (entries: OutboxEntry[]) => {
        const fresh = entries.filter((e) => e.status === 'confirmed' && !confirmed.has(e.id));
        fresh.forEach((e) => confirmed.add(e.id));
        if (fresh.length && !firstCall) refresh(patientId);
        firstCall = false;
        cb(entries);
      });
    },
  };
}

export type ExtensionPanelHost = PanelHost & {
  /** the EHR page's popover asked to show this card ("Open in zijpaneel") */
  onFocusCard(cb: (code: PromptCode) => void): () => void;
  close(): void;
};

export async function createExtensionPanelHost(opts: PanelHostOptions = {}): Promise<ExtensionPanelHost> {
  const api = opts.api ?? (browser as unknown as PanelHostApi);
  const options = await loadOptions(api.storage.local, api.storage.managed);
  const session = createLiveSession(api, { fhirBase: options.fhirBase, clientId: options.clientId, scope: options.scopes });
  const href = opts.href ?? globalThis.location?.href ?? '';
  const url = href ? new URL(href) : undefined;
  if (url?.searchParams.has('login')) {
    // the re-login link: log in, then drop the parameter so a reload does not log in again
    await session.login().catch(() => undefined);
    url.searchParams.delete('login');
    globalThis.history?.replaceState(null, '', url.pathname + url.search);
  }
  const token = await session.token().catch(() => undefined);
  const db = opts.db ?? getDb();
  const win = await api.windows.getCurrent();
  const follow = followPatient(api, win.id ?? -1, opts.lane === undefined ? (opts.api ? null : workerLane) : opts.lane);
  const refresh = (patientId: string) => follow.post({ type: 'refresh', patientId });
  const stored = (await api.storage.local.get(ROLE_KEY))[ROLE_KEY];
  const role: Role = (ROLES as readonly string[]).includes(stored as string) ? (stored as Role) : options.defaultRole;
  await Promise.race([follow.ready, new Promise((r) => setTimeout(r, opts.firstContextMs ?? 3000))]);
  // user-level token on a possibly shared computer: only this user's queued writes go out under it
  const outbox = createOutbox({ db, connection: session.connection, onlyAuthor: token?.fhirUser });
  // ward prefetch in this page's memory only; any login, refresh or logout forgets it
  const prefetch = createWardPrefetch({ ttlMs: opts.prefetchTtlMs });
  const acks = rememberingAcks(notifying(createDexieAckStore(db), refresh));
  const stopPrefetchClear = session.onTokenChange(() => {
    prefetch.clear();
    acks.forget();
  });
  const prefetching = prefetchingGateway(
    sharedFirstGateway(createFhirGateway(session.connection), async (patientId) => {
      const reply = await (follow.askRecord(patientId) ??
        (api.runtime.sendMessage ? (api.runtime.sendMessage({ type: 'pz:record', patientId }) as Promise<RecordReply | undefined>) : undefined));
      mark('panel:record');
      return reply;
    }),
    prefetch,
  );

  return {
    gateway: {
      ...prefetching,
      // a ward list opened: read its patients' acknowledgements too (local, cheap), so a switch to one of
      // them applies them in its first render (lib/store/ack-memory.ts)
      async loadWard(ward, o) {
        const records = await prefetching.loadWard(ward, o);
        void Promise.all(records.patients.map((p) => acks.list(p.patientId).catch(() => undefined)));
        return records;
      },
    },
    queue: notifyingQueue(outbox, refresh),
    acks,
    evaluate: engineEvaluate(),
    user: { reference: token?.fhirUser },
    role,
    subscribePatient: (cb) => follow.subscribe(cb),
    onFocusCard: (cb) => follow.onFocus(cb),
    setRole: (r) => void api.storage.local.set({ [ROLE_KEY]: r }),
    // the side panel logs in at user level, so the ward worklist is offered with the server's wards
    wards: () => listWards(session.connection),
    relogin: { isAuthError: isSessionExpired, href: `${url?.pathname ?? '/sidepanel.html'}?login=1` },
    close() {
      stopPrefetchClear();
      prefetch.clear();
      acks.forget();
      follow.close();
      outbox.close();
      session.close();
    },
  };
}

/** The seam entrypoints/sidepanel/panel-host.ts expects: null when the host cannot be built. */
export async function createPanelHost(): Promise<ExtensionPanelHost | null> {
  return createExtensionPanelHost().catch(() => null);
}
