// The contract between the rules (lib/pathway), the FHIR layer (lib/fhir), the screens (components/)
// and the CLI. Change it only with all of them in view.

export const PROMPT_CODES = [
  'surprise-question',
  'mark-palliative-phase',
  'behandelwensen-missing',
  'behandelwensen-known',
  'behandelwensen-unknown-at-seh',
  'topz-consult',
  'central-caregiver-missing',
  'handover-gaps',
  'medication-review',
  'naasten-unknown',
  'kindcheck',
  'caregiver-burden',
  'death-inform-caregivers',
  'nazorg-owner-missing',
  'nazorg-contact-due',
  'nazorggesprek-due',
  'nazorg-brochure',
] as const;
export type PromptCode = (typeof PROMPT_CODES)[number];

export const ROLES = ['specialist', 'seh-arts', 'zaalarts', 'verpleegkundige'] as const;
export type Role = (typeof ROLES)[number];

export const INDICATORS = ['info', 'warning', 'critical'] as const;
export type Indicator = (typeof INDICATORS)[number];

export const HANDOVER_ITEMS = [
  'behandeldoel',
  'behandelwensen',
  'medicatieoverzicht',
  'mdo-verslag',
  'centrale-zorgverlener',
  'betrokken-zorgverleners',
  'vervolgbeleid',
  'problemen-4-dimensies',
  'individueel-zorgplan',
] as const;
export type HandoverItemId = (typeof HANDOVER_ITEMS)[number];

/**
 * What a clinician can do from a prompt. Each id maps to exactly one write builder in
 * lib/fhir/writes (one documented FHIR encoding each), except `view` actions that write nothing.
 */
export const ACTION_IDS = [
  'answer-surprise-question', // Observation pz#surprise-question valueBoolean
  'mark-palliative-phase', // Condition SNOMED 103735009 + pz#palliatieve-fase
  'record-behandelwensengesprek', // Procedure SNOMED 713603004
  'handover-behandelwensengesprek', // Task pz#behandelwensengesprek with owner
  'record-behandelwensen-opgevraagd', // Task pz#behandelwensen-opgevraagd completed (GP/HAP asked)
  'request-topz-consult', // ServiceRequest pz#topz-consult
  'appoint-central-caregiver', // CareTeam participant role pz#centrale-zorgverlener + SNOMED 768832004
  'record-medication-review', // Procedure pz#medicatiereview + SNOMED 182836005
  'record-naaste', // RelatedPerson
  'record-kindcheck', // Observation pz#kindcheck
  'record-caregiver-burden', // Observation pz#caregiver-burden (CSI score) or pz#caregiver-burden-asked
  'record-caregivers-informed', // Task pz#overlijden-melden completed
  'assign-nazorg-owner', // Task pz#nazorg with owner
  'record-nazorg-contact', // Task pz#nazorg-contact completed
  'record-nazorggesprek', // Task pz#nazorggesprek completed (done) or cancelled+statusReason (declined)
  'record-brochure-sent', // Task pz#nazorg-brochure completed
  'save-handover', // document Bundle + DocumentReference (LOINC 18761-7), lib/handover
  'view-directives', // nothing written
  'open-handover-item', // nothing written: a link to where the item is filled in
] as const;
export type ActionId = (typeof ACTION_IDS)[number];

export interface PromptAction {
  id: ActionId;
  /** Dutch label for the button. The UI may translate by `id`. */
  label: string;
  /** e.g. the handover item id for `open-handover-item`, the default owner for `assign-nazorg-owner`. */
  params?: Record<string, string>;
}

export interface SourceCitation {
  /** seed file id, e.g. "S3" */
  seed: 'S0' | 'S1' | 'S2' | 'S3' | 'S4';
  /** human title of the document */
  title: string;
  /** section within the document */
  section: string;
  /** public link where the seed gives one */
  url?: string;
}

/** A treatment directive or advance directive as shown by `behandelwensen-known`. */
export interface DirectiveView {
  resourceType: 'Consent' | 'DocumentReference';
  id?: string;
  kind: 'treatment-directive' | 'advance-directive';
  /** Dutch label of the treatment, e.g. "Reanimatie" */
  treatment: string;
  /** permit = wel uitvoeren; deny = niet uitvoeren; other = SpecificationOther overrides */
  decision: 'permit' | 'deny' | 'other' | 'unknown';
  /** SpecificationOther text, shown verbatim when present */
  specificationOther?: string;
  date?: string;
  /** who agreed / source of the directive (display text) */
  source?: string;
}

export interface NazorgStep {
  step: 'overlijden-melden' | 'nazorg' | 'nazorg-contact' | 'nazorggesprek' | 'nazorg-brochure';
  status: 'done' | 'declined' | 'open' | 'not-applicable';
  windowStart?: string; // ISO date
  windowEnd?: string; // ISO date
  owner?: string; // display
}

export interface Prompt {
  code: PromptCode;
  indicator: Indicator;
  /** Dutch, at most 140 characters */
  summary: string;
  /** Dutch, at most 40 characters: what the badge on the EHR page says (set by evaluateRecord, lib/pathway/short) */
  short?: string;
  /** Why it fired, from the patient's own data (which condition, which date, how many days). Dutch. */
  detail: string;
  source: SourceCitation[];
  roles: Role[];
  /** ISO date (YYYY-MM-DD) when relevant */
  due?: string;
  actions: PromptAction[];
  /** handover-gaps only: the missing item ids */
  missing?: HandoverItemId[];
  /** behandelwensen-known only */
  directives?: DirectiveView[];
  /** nazorg prompts: the whole timeline for the UI */
  nazorg?: NazorgStep[];
  /**
   * Identity for acknowledge/snooze: a stable string from (patient, code, the data it fired on),
   * so a new fact re-opens it.
   */
  key: string;
}

export interface ResourceError {
  resourceType: string;
  id?: string;
  /** dotted path of the offending field, '' for the whole resource */
  field: string;
  message: string;
}

export interface EvaluationResult {
  /** "Patient/<id>" */
  patient: string;
  prompts: Prompt[];
  errors: ResourceError[];
}
