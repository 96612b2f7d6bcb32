// Messages between the content script, the background and the side panel. Plain runtime messages and
// one port (no messaging library: @webext-core/messaging hangs under fakeBrowser, and plain messages
// keep the content script small). Every patient-bound message carries the patient key, so a receiver
// drops answers for a patient the page has already left.
import type { PanelPatientContext } from '../host/contract';
import type { EhrAdapter, PagePatient } from '../ehr/types';
import type { Indicator, PromptCode } from '../pathway/types';
import type { RecordReply } from './shared-record';

export type Counts = Record<Indicator, number>;

/** What the badge shows for the patient `key` (see lib/ehr patientKey). */
export type BadgeState =
  | { key: string; status: 'loading' }
  | { key: string; status: 'ready'; counts: Counts; overlay?: OverlayContent }
  /** no FHIR session yet: log in (side panel or options page) */
  | { key: string; status: 'login' }
  /** the EHR shows a patient the FHIR server does not know (or not uniquely) */
  | { key: string; status: 'unknown' }
  | { key: string; status: 'error' };

/** content script → background */
export type ContentMessage =
  /** which adapters apply to the sender's page (validated in the background; zod stays off the EHR page) */
  | { type: 'pz:adapters' }
  /** the page now shows this patient (or none); answered with a BadgeState or null */
  | { type: 'pz:page'; key: string | null; patient: PagePatient | null; /** per document, see lane.ts PageChange */ doc?: string; seq?: number }
  /** the user clicked the badge: open the side panel (must run inside the click's user gesture) */
  | { type: 'pz:open-panel' }
  /** side panel → background: the record the badge is loading or just loaded (extension pages only) */
  | { type: 'pz:record'; patientId: string }
  | OverlayMessage;

export type AdaptersReply = { adapters: EhrAdapter[] };

/** background → content script (tabs.sendMessage): new counts after a login, a write or an acknowledgement */
export type BackgroundToContent = { type: 'pz:badge'; state: BadgeState };

export const PANEL_PORT = 'pz-panel';
/** side panel → background over the port */
export type PanelToBackground =
  | { type: 'watch'; windowId: number; /** the panel's fast lane (lane.ts), offered to the worker with the same id */ laneId?: string }
  /** the panel changed something that changes the counts (acknowledgement, confirmed write) */
  | { type: 'refresh'; patientId: string };
/** background → side panel over the port */
export type BackgroundToPanel = {
  type: 'context';
  ctx: PanelPatientContext;
  /** scroll to this card (the popover's "Open in zijpaneel") */
  focus?: PromptCode;
  /** counts up per panel connection: a context that arrives after a newer one (lane vs Port) is dropped */
  seq?: number;
  /**
   * the page change of the followed tab this context reflects (lane.ts PageChange): the panel drops a
   * context older than a change it applied off its direct lane, and ends that lane on another tab's
   */
  page?: { tabId: number; doc: string; seq: number };
};

/** background → side panel over its fast lane (lane.ts) */
export type LaneToPanel =
  | BackgroundToPanel
  /** the lane is joined: records may be asked over it from now on */
  | { type: 'lane-ready' }
  | { type: 'record'; rid: number; reply: RecordReply }
  /**
   * with a MessagePort: the direct lane from the lane frame of tab `tabId`, whose page changes the panel
   * believes for document `doc` only (the worker learned it by runtime message, lane.ts); `seq`: the
   * newest context numbered before it (one of those, late over the Port, does not end this lane)
   */
  | { type: 'tab-lane'; tabId: number; doc: string; seq: number };
/** side panel → background over its fast lane */
export type PanelToLane = { type: 'record'; rid: number; patientId: string };

// ── The overlay on the EHR page (issue #18): the badge's short text and the popover's list ──────────
// The content script runs in the EHR page's process: it gets exactly what the overlay shows (no prompt
// key, no detail, no FHIR id), already composed and ordered by the engine in the background.

/** One open prompt as the popover lists it. */
export interface OverlayPrompt {
  code: PromptCode;
  indicator: Indicator;
  /** the engine's Dutch summary */
  summary: string;
}

export interface OverlayContent {
  /** the first open critical prompt's short text (lib/pathway/short); absent when none is open */
  short?: string;
  /** every open prompt, in the user's role order */
  prompts: OverlayPrompt[];
}

/**
 * content script → background: "Open in zijpaneel" in the popover. The background opens the side
 * panel inside the click's user gesture and scrolls it to that card, if the tab still shows `key`.
 */
export type OverlayMessage = { type: 'pz:open-card'; key: string; code: PromptCode };

export function isContentMessage(m: unknown): m is ContentMessage {
  return !!m && typeof m === 'object' && typeof (m as { type?: unknown }).type === 'string' && (m as { type: string }).type.startsWith('pz:');
}
