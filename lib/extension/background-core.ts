// The background's logic, with the browser APIs and the FHIR services injected (unit tested under
// fakeBrowser with the parts it lacks mocked). entrypoints/background.ts only wires real objects in.
//   content script  ── pz:page ──▶  TabRegistry ──▶ side panel of that window (port)
//                   ◀─ BadgeState ─ counts (gateway + engine + acknowledgements)
// Stale answers: every BadgeState carries the patient key it was computed for; pushes are only sent
// while the tab still shows that key, and the content script drops any other key anyway.
import type { PanelPatientContext } from '../host/contract';
import type { EhrAdapter, PagePatient } from '../ehr/types';
import { adaptersForUrl } from '../ehr/select';
import { isSessionExpired } from '../fhir/smart-policy';
import type { LoadedRecord } from '../fhir/gateway';
import type { RecordReply } from './shared-record';
import type { OpenSummary } from './badge-counts';
import { PROMPT_CODES, type PromptCode } from '../pathway/types';
import type { BackgroundToPanel, BadgeState, ContentMessage, Counts, LaneToPanel, PanelToBackground, PanelToLane } from './messages';
import { createLaneJoin, isLaneHello, isLaneOffer, isPageChange, LANE_PAGE, LANE_PORT, pageKey, type LanePort, type PanelPortOffer } from './lane';
import { PANEL_PORT } from './messages';
import { mark } from './trace';
import type { TabRegistry } from './tab-registry';

export interface Sender {
  tab?: { id?: number; windowId?: number; active?: boolean; url?: string };
  frameId?: number;
  url?: string;
}

export interface PortLike {
  name: string;
  /** who opened the Port, as the browser reports it */
  sender?: Sender;
  postMessage(m: unknown): void;
  onMessage: { addListener(cb: (m: unknown) => void): void };
  onDisconnect: { addListener(cb: () => void): void };
  disconnect?(): void;
}

export interface BackgroundApi {
  tabs: {
    sendMessage(tabId: number, message: unknown, options?: { frameId?: number }): Promise<unknown>;
  };
  sidePanel?: { open(o: { tabId?: number; windowId?: number }): Promise<void> };
  /** Firefox */
  sidebarAction?: { open(): Promise<void> };
}

export interface BackgroundDeps {
  api: BackgroundApi;
  registry: TabRegistry;
  adapters(): Promise<EhrAdapter[]>;
  hasSession(): Promise<boolean>;
  resolve(p: PagePatient): Promise<PanelPatientContext>;
  counts(patientId: string): Promise<Counts>;
  /** counts and the overlay's texts in one evaluation; when given, the badge gets both (issue #18) */
  open?(patientId: string): Promise<OpenSummary>;
  invalidate(patientId?: string): void;
  /** the shared record for the side panel (see shared-record.ts) */
  record?(patientId: string): Promise<LoadedRecord>;
  /** the sender is one of our own pages (side panel), not a content script in an EHR page */
  isExtensionPage?(sender: Sender): boolean;
  /** how long after a tab starts loading its content script is asked what it shows (onTabLoading); 300 ms */
  probeAfterMs?: number;
}

/**
 * Chrome reports a same-document navigation (the EHR's pushState on a patient switch) as a tab that
 * starts loading, at the very moment of the switch. The content script reports the new patient itself
 * within milliseconds; the probe is only needed where it never will (a page without our script), so it
 * waits until the switch's busy moment is over and is skipped when the page has spoken meanwhile.
 */
const PROBE_AFTER_MS = 300;

export function createBackgroundCore(deps: BackgroundDeps) {
  const { api, registry } = deps;
  /**
   * per panel Port: its window, context numbering and lane; `tab`: the tab its last context was for;
   * `introduced`: the tab lane frame it was last introduced to, for which document (the direct lane)
   */
  type PanelState = { windowId: number; seq: number; lane?: LanePort; tab?: number; introduced?: { tabId: number; doc: string; relay: LanePort } };
  const ports = new Map<PortLike, PanelState>();
  /** per tab: the newest page change applied (content script's document and number, lane.ts PageChange) */
  const applied = new Map<number, { doc: string; seq: number }>();
  /** per tab: the content script's document as its runtime messages name it (lane.ts: the lane is believed for it only) */
  const runtimeDoc = new Map<number, string>();
  /** per tab: its lane frame's joined relay lane, the newest (a reloaded frame joins anew) */
  const relays = new Map<number, LanePort>();
  type LaneOwner = { kind: 'relay'; tabId: number; joined?: LanePort } | { kind: 'panel'; port: PortLike };
  const lanes = createLaneJoin<LaneOwner>((owner, lane) => {
    if (owner.kind === 'panel') return joinPanel(owner.port, lane);
    owner.joined = lane; // closed with the owner's runtime Port
    relays.set(owner.tabId, lane);
    joinRelay(owner.tabId, lane);
  });
  /** "Open in zijpaneel" per window: the card the panel scrolls to with its next context, for that page key */
  const focusFor = new Map<number, { key: string; code: PromptCode }>();

  async function badgeFor(key: string, patient: PagePatient): Promise<BadgeState> {
    try {
      if (!(await deps.hasSession())) return { key, status: 'login' };
      const ctx = await deps.resolve(patient);
      if (ctx.kind !== 'patient') return { key, status: 'unknown' };
      if (deps.open) {
        const { counts, overlay } = await deps.open(ctx.patientId);
        return { key, status: 'ready', counts, overlay };
      }
      return { key, status: 'ready', counts: await deps.counts(ctx.patientId) };
    } catch (e) {
      return isSessionExpired(e) ? { key, status: 'login' } : { key, status: 'error' };
    }
  }

  async function panelContext(windowId: number): Promise<PanelPatientContext> {
    const entry = registry.panelEntry(windowId);
    const p = entry?.patient;
    if (!p) return { kind: 'none' };
    if (p.kind === 'fhir-id') return { kind: 'patient', patientId: p.id };
    try {
      return await deps.resolve(p);
    } catch {
      // not logged in yet or the search failed: say what the page shows, resolve again after login
      return { kind: 'unknown', ehrIdentifier: { system: p.system, value: p.value } };
    }
  }

  async function postContext(port: PortLike): Promise<void> {
    const state = ports.get(port);
    if (!state) return;
    const mine = ++state.seq;
    // which change of which tab this context reflects, read now: panelContext reads the registry now too
    const tabId = registry.panelTab(state.windowId);
    state.tab = tabId;
    const last = tabId === undefined ? undefined : applied.get(tabId);
    const ctx = await panelContext(state.windowId);
    // a newer switch started while this one resolved: its answer wins
    if (ports.get(port)?.seq !== mine) return;
    const m: BackgroundToPanel = { type: 'context', ctx, seq: mine };
    if (tabId !== undefined && last) m.page = { tabId, doc: last.doc, seq: last.seq };
    const focus = focusFor.get(state.windowId);
    if (focus) {
      focusFor.delete(state.windowId);
      // only while the window's EHR tab still shows the patient whose popover asked
      if (registry.panelEntry(state.windowId)?.key === focus.key && ctx.kind === 'patient') m.focus = focus.code;
    }
    try {
      // the lane when the panel has one (lane.ts: the Port waits behind the EHR's navigation)
      (state.lane ?? port).postMessage(m);
      mark('bg:context');
    } catch {
      ports.delete(port); // panel closed
    }
  }

  function notifyWindows(windows: number[]): void {
    for (const [port, s] of ports) {
      // also when only the followed tab changed (another tab with the same patient: no key changed): the
      // context names the new tab, which ends the panel's direct lane to the old one
      if (windows.includes(s.windowId) || registry.panelTab(s.windowId) !== s.tab) void postContext(port);
      introduce(port);
    }
  }

  /**
   * The direct lane (lane.ts): a MessageChannel between the lane frame of the tab this panel follows and
   * the panel, one end over each one's lane, naming the document the tab's runtime messages named. Again
   * whenever the tab, its relay lane or that document changes; nothing while either lane is missing.
   */
  function introduce(port: PortLike): void {
    const s = ports.get(port);
    if (!s?.lane) return;
    const tabId = registry.panelTab(s.windowId);
    const relay = tabId === undefined ? undefined : relays.get(tabId);
    const doc = tabId === undefined ? undefined : runtimeDoc.get(tabId);
    if (tabId === undefined || !relay || !doc) {
      s.introduced = undefined; // so the same tab, back again, is introduced anew
      return;
    }
    const i = s.introduced;
    if (i && i.tabId === tabId && i.doc === doc && i.relay === relay) return;
    const channel = new MessageChannel();
    try {
      relay.postMessage({ type: 'pz:panel-port' } satisfies PanelPortOffer, [channel.port1]);
      s.lane.postMessage({ type: 'tab-lane', tabId, doc, seq: s.seq } satisfies LaneToPanel, [channel.port2]);
      s.introduced = { tabId, doc, relay };
    } catch {
      // a lane that is gone: its runtime Port's disconnect follows; the contexts still come as before
      channel.port1.close();
      channel.port2.close();
    }
  }

  function introduceAll(): void {
    for (const port of ports.keys()) introduce(port);
  }

  /** Recompute and push the badge of one tab, if it still shows `key` when the answer is there. */
  async function pushBadge(tabId: number): Promise<void> {
    const entry = registry.get(tabId);
    if (!entry?.key || !entry.patient) return;
    const key = entry.key;
    const state = await badgeFor(key, entry.patient);
    if (registry.get(tabId)?.key !== key) return;
    await api.tabs.sendMessage(tabId, { type: 'pz:badge', state }, { frameId: 0 }).catch(() => {});
  }

  /** After a login, an options change or a write: every badge and every panel again. */
  function refreshAll(patientId?: string): void {
    deps.invalidate(patientId);
    for (const [tabId] of registry.entries()) void pushBadge(tabId);
    for (const port of ports.keys()) void postContext(port);
  }

  /**
   * runtime.onMessage from content scripts. Returns the reply (or a promise of it); `undefined` = not
   * ours. `pz:open-panel` is handled synchronously: sidePanel.open must run inside the click's gesture.
   */
  function onContentMessage(msg: ContentMessage, sender: Sender, lane = false): unknown {
    if (msg.type === 'pz:record') {
      // a content script runs in the EHR page's process: it never gets a whole record
      if (!deps.record || !deps.isExtensionPage?.(sender) || typeof msg.patientId !== 'string') return undefined;
      return deps.record(msg.patientId).then(
        (record): RecordReply => (mark('bg:reply'), { ok: true, record }),
        (): RecordReply => ({ ok: false }),
      );
    }
    const tab = sender.tab;
    if (tab?.id === undefined || tab.windowId === undefined) return undefined;
    // only the top frame speaks for the tab; an EHR iframe must not switch the patient
    if (sender.frameId !== undefined && sender.frameId !== 0) return undefined;
    const tabId = tab.id;
    switch (msg.type) {
      case 'pz:adapters':
        return deps.adapters().then((all) => ({ adapters: adaptersForUrl(all, sender.url ?? tab.url) }));
      case 'pz:page': {
        mark('bg:page');
        // a well-formed patient under a short key, or it is "no patient"
        const key = pageKey(msg.key, msg.patient);
        // the document a runtime message (the browser vouches: this tab's top frame) numbers its changes in;
        // the tab's lane (joinRelay) and its direct lanes to panels (introduce) are believed only for it
        // (a new document is always a new change: notifyWindows below introduces the panels to it)
        if (!lane && typeof msg.doc === 'string') runtimeDoc.set(tabId, msg.doc);
        // the same change may come twice (lane and runtime) and an older one late: apply each once, in order
        if (isNewChange(tabId, msg)) notifyWindows(registry.setPage(tabId, tab.windowId, key, key ? msg.patient : null, tab.active ?? false));
        // a copy the lane delivered first was applied without the browser's word on `active`: this is it
        else if (tab.active) notifyWindows(registry.activated(tabId, tab.windowId));
        if (!key || !msg.patient) return Promise.resolve(null);
        return badgeFor(key, msg.patient as PagePatient);
      }
      case 'pz:open-panel':
        openPanel(tabId);
        return Promise.resolve(null);
      case 'pz:open-card': {
        // first, synchronously: the click's user gesture lasts only as long as this call
        openPanel(tabId);
        const code = msg.code as unknown;
        if (typeof msg.key === 'string' && (PROMPT_CODES as readonly unknown[]).includes(code) && registry.get(tabId)?.key === msg.key) {
          focusFor.set(tab.windowId, { key: msg.key, code: code as PromptCode });
          // an open panel scrolls now; one that is just opening gets it with its first context
          notifyWindows([tab.windowId]);
        }
        return Promise.resolve(null);
      }
      default:
        return undefined;
    }
  }

  function isNewChange(tabId: number, msg: { doc?: unknown; seq?: unknown }): boolean {
    if (typeof msg.doc !== 'string' || typeof msg.seq !== 'number') return true; // unnumbered: as before
    const last = applied.get(tabId);
    if (last?.doc === msg.doc && msg.seq <= last.seq) return false;
    applied.set(tabId, { doc: msg.doc, seq: msg.seq });
    return true;
  }

  /**
   * A page change over a tab's lane: handled as the tab's pz:page, for a tab the registry already knows
   * (its window from there; `active` false, so it never moves the window's focus: the runtime copy that
   * follows is not applied again, but its `active`, the browser's word, still moves the focus). The
   * badge's answer goes by the runtime message.
   */
  function joinRelay(tabId: number, lane: LanePort): void {
    mark('bg:lane-joined');
    introduceAll(); // the panels that follow this tab get a direct lane to the (new) frame
    lane.onmessage = (e) => {
      const change = e.data;
      const entry = registry.get(tabId);
      // Only a change of the document the tab's top frame named by runtime message: a script of the EHR
      // page can reload the lane frame and hand it a port of its own, but it cannot know that document's
      // random name (the content script's isolated world), so what it posts is never applied.
      if (!isPageChange(change) || !entry || change.doc !== runtimeDoc.get(tabId)) return;
      mark('bg:lane-page');
      void onContentMessage(change, { tab: { id: tabId, windowId: entry.windowId, active: false }, frameId: 0 }, true);
    };
  }

  /** The panel's lane: contexts go out on it from now on, and the panel may ask for records on it. */
  function joinPanel(port: PortLike, lane: LanePort): void {
    const state = ports.get(port);
    if (!state) return lane.close();
    state.lane?.close();
    state.lane = lane;
    state.introduced = undefined;
    lane.onmessage = (e) => {
      const m = e.data as PanelToLane;
      if (m?.type !== 'record' || typeof m.rid !== 'number') return;
      // every request with an id gets an answer: the panel's load waits for it
      const load = typeof m.patientId === 'string' && deps.record ? deps.record(m.patientId) : Promise.reject(new Error('no record'));
      void load.then(
        (record) => ({ ok: true as const, record }),
        () => ({ ok: false as const }),
      ).then((reply) => {
        mark('bg:reply');
        try {
          lane.postMessage({ type: 'record', rid: m.rid, reply } satisfies LaneToPanel);
        } catch {
          // panel gone
        }
      });
    };
    lane.postMessage({ type: 'lane-ready' } satisfies LaneToPanel);
    introduce(port);
  }

  /** ServiceWorker 'message' event: half of a lane (its MessagePort), from one of our own pages */
  function onLaneOffer(data: unknown, port: LanePort | undefined): void {
    if (isLaneOffer(data) && port) lanes.offerPort(data.laneId, port);
    else port?.close();
  }

  /** runtime Port from a lane frame: the browser says which tab it is in */
  function onLaneConnect(port: PortLike): void {
    const s = port.sender;
    const tabId = s?.tab?.id;
    // our lane page, as a frame inside a tab (never the top frame: that would be an extension tab)
    if (tabId === undefined || !s?.frameId || !deps.isExtensionPage?.(s) || !s.url?.includes(`/${LANE_PAGE}`)) {
      port.disconnect?.(); // the frame then knows it has no lane
      return;
    }
    let laneId: string | undefined;
    const owner: LaneOwner = { kind: 'relay', tabId };
    port.onMessage.addListener((m) => {
      if (laneId || !isLaneHello(m)) return;
      laneId = m.laneId;
      lanes.offerOwner(laneId, owner);
    });
    port.onDisconnect.addListener(() => {
      if (laneId) lanes.forget(laneId);
      if (owner.joined && relays.get(tabId) === owner.joined) relays.delete(tabId);
      owner.joined?.close();
    });
  }

  function openPanel(tabId: number): void {
    if (api.sidePanel) void api.sidePanel.open({ tabId }).catch(() => {});
    else void api.sidebarAction?.open().catch(() => {});
  }

  function onConnect(port: PortLike): void {
    if (port.name !== PANEL_PORT) return;
    port.onMessage.addListener((raw) => {
      const m = raw as PanelToBackground;
      if (m?.type === 'watch' && typeof m.windowId === 'number') {
        const before = ports.get(port);
        ports.set(port, { ...before, windowId: m.windowId, seq: before?.seq ?? 0 });
        // a lane serves whole records: only to our own pages, as pz:record (the browser names the sender)
        const ours = !!port.sender && !!deps.isExtensionPage?.(port.sender);
        if (typeof m.laneId === 'string' && m.laneId && !before?.lane && ours) lanes.offerOwner(m.laneId, { kind: 'panel', port });
        void postContext(port);
      } else if (m?.type === 'refresh' && typeof m.patientId === 'string') {
        refreshAll(m.patientId);
      }
    });
    port.onDisconnect.addListener(() => {
      ports.get(port)?.lane?.close();
      ports.delete(port);
    });
  }

  return {
    onContentMessage,
    onConnect: (port: PortLike) => (port.name === LANE_PORT ? onLaneConnect(port) : onConnect(port)),
    onLaneOffer,
    onTabActivated: (tabId: number, windowId: number) => notifyWindows(registry.activated(tabId, windowId)),
    onTabRemoved: (tabId: number) => {
      applied.delete(tabId);
      runtimeDoc.delete(tabId);
      relays.delete(tabId);
      notifyWindows(registry.removed(tabId));
    },
    onTabAttached: (tabId: number, windowId: number) => notifyWindows(registry.attached(tabId, windowId)),
    /**
     * The tab started loading (new document or same-document navigation) or finished loading: unless
     * its content script reports meanwhile, ask it what it shows (PROBE_AFTER_MS later). No answer = a
     * new document without our script (left the EHR): the tab shows nobody.
     */
    async onTabLoading(tabId: number): Promise<void> {
      const before = registry.get(tabId);
      if (!before) return;
      await new Promise((r) => setTimeout(r, deps.probeAfterMs ?? PROBE_AFTER_MS));
      if (registry.get(tabId) !== before) return; // the page reported itself: no need to ask
      const reply = (await api.tabs.sendMessage(tabId, { type: 'pz:ping' }, { frameId: 0 }).catch(() => undefined)) as
        | { key: string | null; patient: PagePatient | null }
        | undefined;
      if (registry.get(tabId) !== before) return; // the page reported itself meanwhile: that is newer
      if (!reply) notifyWindows(registry.removed(tabId));
      else if (reply.key !== before.key) notifyWindows(registry.setPage(tabId, before.windowId, reply.key, reply.patient, false));
    },
    refreshAll,
    panelContext,
    badgeFor,
    /** for tests */
    portCount: () => ports.size,
  };
}
export type BackgroundCore = ReturnType<typeof createBackgroundCore>;
