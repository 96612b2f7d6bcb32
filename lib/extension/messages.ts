// Messages between the content script, the background and the side panel. Plain runtime messages and
// one port (no messaging library: @webext-core/messaging hangs under fakeBrowser, and plain messages
// keep the content script small). Every patient-bound message carries the patient key, so a receiver
// drops answers for a patient the page has already left.
import type { PanelPatientContext } from '../host/contract';
import type { EhrAdapter, PagePatient } from '../ehr/types';
import type { Indicator } from '../pathway/types';

export type Counts = Record<Indicator, number>;

/** What the badge shows for the patient `key` (see lib/ehr patientKey). */
export type BadgeState =
  | { key: string; status: 'loading' }
  | { key: string; status: 'ready'; counts: Counts }
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
  | { type: 'pz:page'; key: string | null; patient: PagePatient | null }
  /** the user clicked the badge: open the side panel (must run inside the click's user gesture) */
  | { type: 'pz:open-panel' }
  /** side panel → background: the record the badge is loading or just loaded (extension pages only) */
  | { type: 'pz:record'; patientId: string };

export type AdaptersReply = { adapters: EhrAdapter[] };

/** background → content script (tabs.sendMessage): new counts after a login, a write or an acknowledgement */
export type BackgroundToContent = { type: 'pz:badge'; state: BadgeState };

export const PANEL_PORT = 'pz-panel';
/** side panel → background over the port */
export type PanelToBackground =
  | { type: 'watch'; windowId: number }
  /** the panel changed something that changes the counts (acknowledgement, confirmed write) */
  | { type: 'refresh'; patientId: string };
/** background → side panel over the port */
export type BackgroundToPanel = { type: 'context'; ctx: PanelPatientContext };

export function isContentMessage(m: unknown): m is ContentMessage {
  return !!m && typeof m === 'object' && typeof (m as { type?: unknown }).type === 'string' && (m as { type: string }).type.startsWith('pz:');
}
