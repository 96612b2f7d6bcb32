// The contract between the FHIR layer (lib/fhir, lib/store) and its hosts (side panel, SMART app,
// bench). The screens depend on these interfaces only, so either host can plug in its own session.
import type { ActionId } from '../pathway/types';

/** Raw FHIR JSON as it came from the server; the pathway engine validates it per resource. */
export type FhirJson = { resourceType: string; id?: string; [k: string]: unknown };

export interface LoadedRecord {
  /** the FHIR Patient id this record was loaded for: displays and writes are tied to it */
  patientId: string;
  resources: FhirJson[];
  /** HTTP requests it took (1 against a server with batch) */
  requests: number;
  /** searches for optional types (Flag, EpisodeOfCare, Composition, Communication) the server refused */
  warnings?: string[];
}

export interface WardRecords {
  patients: LoadedRecord[];
  requests: number;
}

export interface PractitionerOption {
  /** e.g. "Practitioner/abc" or "PractitionerRole/def" */
  reference: string;
  display: string;
  /** e.g. "huisarts", "wijkverpleegkundige", "care team" */
  description?: string;
}

export interface FhirGateway {
  readonly serverUrl: string;
  loadPatientRecord(patientId: string, opts?: { signal?: AbortSignal }): Promise<LoadedRecord>;
  loadWard(ward: { location?: string; group?: string }, opts?: { signal?: AbortSignal }): Promise<WardRecords>;
  searchPractitioners(text: string, opts?: { signal?: AbortSignal }): Promise<PractitionerOption[]>;
  /**
   * optional: a record of this patient already in memory (ward prefetch, lib/fhir/ward-prefetch.ts),
   * shown at once and marked as being refreshed until loadPatientRecord confirms or replaces it
   */
  cachedRecord?(patientId: string): LoadedRecord | undefined;
  /** optional, with cachedRecord: the patients it has a record of now, in the ward list's order */
  prefetchedIds?(): string[];
  /** optional: called whenever prefetchedIds() may have changed (a ward load, an expiry, a logout) */
  onPrefetchChange?(cb: () => void): () => void;
}

/**
 * Parameters per action (all strings, so an intent survives IndexedDB and messaging unchanged):
 * - answer-surprise-question: answer 'true' (would be surprised) | 'false' (not surprised)
 * - mark-palliative-phase: (none)
 * - record-behandelwensengesprek: date? (ISO)
 * - handover-behandelwensengesprek: owner (reference), ownerDisplay
 * - record-behandelwensen-opgevraagd: encounter (reference), contacted 'huisarts' | 'hap', note?
 * - request-topz-consult: encounter (reference), performer? (reference), performerDisplay?
 * - appoint-central-caregiver: participant (reference), display, careTeam? (reference of an existing CareTeam)
 * - record-medication-review: (none)
 * - record-naaste: name, relationship (RolCodelijst code or v3 RoleCode), phone?, mantelzorger 'true'|'false'
 * - record-kindcheck: minorChildren 'true' | 'false', note?
 * - record-caregiver-burden: score? ('0'..'13', Caregiver Strain Index), note?
 * - record-caregivers-informed: informed (comma-separated display names, at least the GP)
 * - assign-nazorg-owner: owner (reference), ownerDisplay
 * - record-nazorg-contact: note?
 * - record-nazorggesprek: outcome 'done' | 'declined', reason? (required when declined)
 * - record-brochure-sent: channel 'post' | 'digitaal'
 * - save-handover: document (JSON: the handover document Bundle, its DocumentReference, the ones it supersedes; lib/handover)
 */
export type ActionParams = Record<string, string>;

export interface WriteIntent {
  /** client-generated UUID: also the FHIR `identifier` value, so a retry never duplicates */
  id: string;
  patientId: string;
  action: ActionId;
  params: ActionParams;
  /** the prompt this answers, for the audit trail */
  promptKey?: string;
  /** "Practitioner/<id>" of the user who acted */
  author?: string;
  createdAt: string;
}

export type WriteStatus = 'pending' | 'sending' | 'confirmed' | 'failed';

export interface OutboxEntry extends WriteIntent {
  status: WriteStatus;
  attempts: number;
  /** the server's message for a 4xx/409, or the network error; shown to the user */
  lastError?: string;
  nextAttemptAt?: string;
  confirmedAt?: string;
  /** "ResourceType/id" the server created or matched */
  serverRef?: string;
  /** FHIR base the write belongs to: a patient id only means something on its own server */
  serverUrl?: string;
}

export interface WriteQueue {
  enqueue(intent: Omit<WriteIntent, 'id' | 'createdAt'>): Promise<OutboxEntry>;
  list(patientId: string): Promise<OutboxEntry[]>;
  /** called with the patient's entries now and on every change; returns unsubscribe */
  subscribe(patientId: string, cb: (entries: OutboxEntry[]) => void): () => void;
  /** try every due entry now */
  flush(): Promise<void>;
  /** put a failed entry back in the queue (user pressed "opnieuw") */
  retry(id: string): Promise<void>;
}
