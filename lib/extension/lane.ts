// The fast lane: MessagePorts for the few messages of a patient switch that someone waits for.
//
// Why (measured, issue #17, trace in docs/performance.md): every extension message (runtime.sendMessage,
// runtime ports) is routed through the browser process's UI thread. At the very moment of a patient
// switch that thread is busy for 10–25 ms with the EHR's own same-document navigation (pushState, the
// new title, DidCommitSameDocumentNavigation), so the content script's pz:page reached the service
// worker 10–28 ms after the swap and the worker's context reached the panel 4–20 ms after that. A
// MessagePort is a direct pipe between the two renderers once it is set up: 0.8 ms at p50 in the same
// moment. So:
//   content script ──MessagePort──▶ lane frame (lane.html, an extension frame in the EHR tab)
//                                    ├─MessagePort──▶ service worker ──MessagePort──▶ side panel
//                                    └─MessagePort (the direct lane)────────────────▶ side panel
// The direct lane skips the worker (3–14 ms): lane frame and panel are both extension pages, in the same
// renderer. The worker introduces them (a MessageChannel, one end to each over their lanes) for the tab
// the panel follows, naming the document it believes (runtimeDoc); the panel applies a change on it at
// once only for that document and only when it needs no FHIR search (a fhir-id or no patient), and the
// worker's own context for it follows as always.
// The runtime messages stay exactly as they were: they are the source of truth (the badge's answer,
// every fallback) and a message the lane delivered first is recognised by its sequence number and not
// applied twice. Each lane is joined with a runtime Port: the browser vouches for the Port's sender
// (which tab; our own lane or panel page), the MessagePort only adds speed, and the Port's disconnect
// (worker restart, tab closed) ends the lane.
import type { PanelPatientContext } from '../host/contract';
import { isPagePatient, type PagePatient } from '../ehr/types';

/** runtime Port name of the lane frame (the panel's lane rides on its PANEL_PORT) */
export const LANE_PORT = 'pz-lane';
/** the lane frame's page (entrypoints/lane) */
export const LANE_PAGE = 'lane.html';

/** content script → lane frame, once: the port it will post page changes on */
export type LaneOpen = { type: 'pz:lane-open' };
/** lane frame or panel → service worker (ServiceWorker.postMessage, with the MessagePort) */
export type LaneOffer = { type: 'pz:lane'; laneId: string };
/** lane frame → service worker over its runtime Port: which lane this Port vouches for */
export type LaneHello = { type: 'hello'; laneId: string };
/** service worker → lane frame over its relay lane, with a MessagePort: the panel's end of a direct lane */
export type PanelPortOffer = { type: 'pz:panel-port' };

/**
 * A page change, as the content script numbers them: `doc` is random per document, `seq` counts up.
 * The same change goes over runtime.sendMessage as well; whichever arrives second is not applied again.
 */
export interface PageChange {
  type: 'pz:page';
  key: string | null;
  patient: PagePatient | null;
  doc: string;
  seq: number;
}

const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 100;

export function isLaneOffer(m: unknown): m is LaneOffer {
  return !!m && typeof m === 'object' && (m as LaneOffer).type === 'pz:lane' && isId((m as LaneOffer).laneId);
}

export function isLaneHello(m: unknown): m is LaneHello {
  return !!m && typeof m === 'object' && (m as LaneHello).type === 'hello' && isId((m as LaneHello).laneId);
}

/** shape only; the background checks the patient as it checks every pz:page */
export function isPageChange(m: unknown): m is PageChange {
  if (!m || typeof m !== 'object') return false;
  const c = m as PageChange;
  return c.type === 'pz:page' && (c.key === null || typeof c.key === 'string') && isId(c.doc) && Number.isSafeInteger(c.seq) && c.seq > 0;
}

/**
 * The patient key a page change names, or null for "no patient": a well-formed patient under a short
 * key. The worker (every pz:page) and the panel (a direct change) judge a change the same way.
 */
export function pageKey(key: unknown, patient: unknown): string | null {
  return typeof key === 'string' && key.length <= 600 && isPagePatient(patient) ? key : null;
}

/**
 * The context the worker's panelContext gives for this change without asking anyone (so the panel may
 * apply it straight off the direct lane); undefined for an identifier, which needs the worker's FHIR search.
 */
export function directContext(c: PageChange): PanelPatientContext | undefined {
  if (pageKey(c.key, c.patient) === null) return { kind: 'none' };
  const p = c.patient as PagePatient;
  return p.kind === 'fhir-id' ? { kind: 'patient', patientId: p.id } : undefined;
}

/** The end of a MessagePort the lane needs (a real MessagePort in the browser; a fake in unit tests). */
export interface LanePort {
  /** `transfer`: the worker hands a direct lane's ends to the lane frame and the panel */
  postMessage(m: unknown, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent) => void) | null;
  close(): void;
}

/**
 * Joins the two halves of a lane, which arrive in either order: the owner (known from a runtime Port the
 * browser vouches for) and the MessagePort (from ServiceWorker.postMessage). A half whose other half
 * never comes is forgotten after `max` newer ones, so a misbehaving page cannot grow the maps.
 */
export function createLaneJoin<Owner>(onJoined: (owner: Owner, port: LanePort) => void, max = 64) {
  const ports = new Map<string, LanePort>();
  const owners = new Map<string, Owner>();
  const bound = <V>(m: Map<string, V>, drop?: (v: V) => void) => {
    while (m.size > max) {
      const [k, v] = m.entries().next().value as [string, V];
      m.delete(k);
      drop?.(v);
    }
  };
  return {
    offerPort(laneId: string, port: LanePort) {
      const owner = owners.get(laneId);
      if (owner === undefined) {
        ports.get(laneId)?.close();
        ports.set(laneId, port);
        return bound(ports, (p) => p.close());
      }
      owners.delete(laneId);
      onJoined(owner, port);
    },
    offerOwner(laneId: string, owner: Owner) {
      const port = ports.get(laneId);
      if (!port) {
        owners.set(laneId, owner);
        return bound(owners);
      }
      ports.delete(laneId);
      onJoined(owner, port);
    },
    /** the owner's runtime Port went away before the join */
    forget(laneId: string) {
      owners.delete(laneId);
      ports.get(laneId)?.close();
      ports.delete(laneId);
    },
    /** for tests */
    get pending() {
      return ports.size + owners.size;
    },
  };
}
