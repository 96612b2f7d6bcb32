// What a host (the extension's side panel, the SMART app, a test) hands to the screens.
// The screens depend on these interfaces only, never on how a host gets its session.
import type { WardOption } from '../fhir/wards';
import type { FhirGateway, FhirJson, WriteQueue } from '../fhir/gateway';
import type { EvaluationResult, PromptCode, Role } from '../pathway/types';

/** The engine call, injected so the screens stay testable and the host picks the config. */
export type EvaluateFn = (resources: FhirJson[], opts: { now: Date; role: Role; /** FHIR id of the patient the record is for */ patientId?: string }) => EvaluationResult;

/**
 * One acknowledgement or snooze of a prompt. Identity is the prompt `key` (patient, code, the data it
 * fired on), so a prompt whose data changed has a new key and fires again.
 */
export interface Acknowledgement {
  id: string;
  patientId: string;
  promptCode: PromptCode;
  promptKey: string;
  /** one of the preset reason ids (ack.reasons.*) or free text */
  reason: string;
  /** ISO instant the snooze ends; absent = until the data changes */
  until?: string;
  /** "Practitioner/<id>" */
  by?: string;
  /** display name of who acted, for the card */
  byDisplay?: string;
  /** ISO instant */
  at: string;
}

/** Who reopens an acknowledged/snoozed prompt and why (kept in the audit trail). */
export interface ReopenReason {
  reason: string;
  /** "Practitioner/<id>" */
  by?: string;
  byDisplay?: string;
}

/** A reopening from the audit trail, shown on the reopened card. */
export interface Reopening {
  promptKey: string;
  promptCode: string;
  reason: string;
  /** who, as recorded (display name or "Practitioner/<id>") */
  who: string;
  /** ISO instant */
  at: string;
}

export interface AckStore {
  list(patientId: string): Promise<Acknowledgement[]>;
  add(ack: Omit<Acknowledgement, 'id' | 'at'> & { at?: string }): Promise<Acknowledgement>;
  /** reopen: the acknowledgement no longer hides the prompt; with `reopen`, the audit trail records who and why */
  remove(id: string, reopen?: ReopenReason): Promise<void>;
  /** optional: the patient's reopenings (newest first), to show on the reopened card */
  reopenings?(patientId: string): Promise<Reopening[]>;
  /** optional: the last list this page read for the patient, at once (a prefetched switch applies it in its first render) */
  cached?(patientId: string): Acknowledgement[] | undefined;
}

/** The signed-in user, for `author` on writes and `by` on acknowledgements. */
export interface CurrentUser {
  /** "Practitioner/<id>" */
  reference?: string;
  display?: string;
}

/** Patient context pushed by the extension's background into the side panel. */
export type PanelPatientContext =
  /** the EHR page shows a patient that resolved to this FHIR Patient id */
  | { kind: 'patient'; patientId: string; /** what the EHR page showed, e.g. the BSN, to check against the record */ ehrIdentifier?: { system?: string; value: string } }
  /** no patient open on the EHR page (or not an EHR page) */
  | { kind: 'none' }
  /** the EHR page shows a patient that the FHIR server does not know, or ambiguously */
  | { kind: 'unknown'; ehrIdentifier?: { system?: string; value: string } };

/**
 * What the extension's side panel host must provide (implemented in entrypoints/ by the extension
 * helper). `subscribePatient` calls back at once with the current context and again on every change.
 */
export interface PanelHost {
  gateway: FhirGateway;
  queue: WriteQueue;
  acks: AckStore;
  evaluate: EvaluateFn;
  user: CurrentUser;
  /** initial role (from the options page); the user can switch in the panel */
  role: Role;
  subscribePatient(cb: (ctx: PanelPatientContext) => void): () => void;
  /** optional: persist a role switch (options storage) */
  setRole?(role: Role): void;
  /** optional: the user's ward, to offer the ward worklist (needs user-level read access) */
  ward?: { location?: string; group?: string };
  /** optional: the wards the user can pick for the worklist (user-level read access to Location) */
  wards?: () => Promise<WardOption[]>;
  /** optional: which load errors mean "log in again", and where */
  relogin?: { isAuthError: (e: unknown) => boolean; href: string };
}
