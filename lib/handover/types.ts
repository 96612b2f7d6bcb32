// The warm handover document (issue #15) as a plain model: what the screens preview, what the letter
// prints and what the FHIR Composition is made from. One model, three renderings, so they cannot drift.
import type { HandoverItemId, ResourceError } from '../pathway/types';

/** The four extra sections next to the nine handover items of pathway.md. */
export const CONTEXT_SECTIONS = ['naasten', 'huisarts-hap', 'opname', 'besproken'] as const;
export type ContextSectionId = (typeof CONTEXT_SECTIONS)[number];
export type SectionId = HandoverItemId | ContextSectionId;

export interface HandoverConfig {
  /** shown in the letter head and as the document's custodian */
  hospitalName: string;
}

export const DEFAULT_HANDOVER_CONFIG: HandoverConfig = { hospitalName: 'Ziekenhuis' };

export interface HandoverLine {
  /** Dutch, names people and organisations by name, never a FHIR id */
  text: string;
  /** a gap inside a present-looking item (e.g. a medication started without a reason): highlighted */
  gap?: boolean;
}

export interface HandoverSection {
  id: SectionId;
  title: string;
  /** for the nine items: exactly what handover-gaps reports (facts/handover.ts); context sections: any line */
  present: boolean;
  lines: HandoverLine[];
  /** "Type/id" of the source resources (the Composition's section.entry) */
  entries: string[];
  /** missing: where to record it (Dutch), and the hospital's link when configured */
  where?: string;
  href?: string;
}

export interface HandoverStay {
  encounter: string;
  start?: string;
  end?: string;
  ended: boolean;
  /** ward and organisation by name */
  ward?: string;
  organisation?: string;
}

export interface HandoverDocument {
  /** "Patient/<id>" */
  patient: string;
  patientName: string;
  birthDate?: string;
  bsn?: string;
  hospitalName: string;
  /** ISO instant the document was made (the `now` input) */
  date: string;
  stay?: HandoverStay;
  /** the nine handover items, in pathway.md order */
  items: HandoverSection[];
  /** naasten, GP/HAP, the admission, what was discussed */
  context: HandoverSection[];
  missing: HandoverItemId[];
  /** malformed resources that were skipped (reported; the rest of the document is still made) */
  errors: ResourceError[];
}
