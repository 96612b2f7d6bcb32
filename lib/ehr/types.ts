// EHR page adapters: how to find the open patient on an EHR web page, as data (validated in schema.ts).
// This file is types only, so the content script can import it without pulling zod into the EHR page.

export interface EhrAdapter {
  /** stable id, e.g. "demo-epd" */
  id: string;
  /** shown in the options page */
  name: string;
  /** match patterns of the EHR origin(s), e.g. "https://epd.ziekenhuis.nl/*"; requested as optional host permissions */
  origins: string[];
  /**
   * Regular expression tested against location.href. Without `selector` its first capture group (or the
   * named group `value`) is the patient value; with `selector` it only says on which pages to look.
   */
  urlPattern?: string;
  /** CSS selector of the element that shows the patient (e.g. the patient banner) */
  selector?: string;
  /** read this attribute of the element instead of its text */
  attribute?: string;
  /** regular expression applied to the text/attribute; its first capture group (or `value`) is the value */
  textPattern?: string;
  /** the value is an identifier in this system (e.g. the BSN system), resolved to a FHIR Patient by search */
  identifierSystem?: string;
  /** the value is the FHIR Patient id itself */
  fhirId?: true;
  /** CSS selector of the element the badge sits next to (default: the `selector` element) */
  anchor?: string;
}

/** What a page shows: either the FHIR Patient id, or an identifier to look up. */
export type PagePatient = { kind: 'fhir-id'; id: string } | { kind: 'identifier'; system: string; value: string };

/** What a message claims the page shows, checked before anyone acts on it: the right kind, short strings. */
export function isPagePatient(v: unknown): v is PagePatient {
  const ok = (s: unknown) => typeof s === 'string' && s.length > 0 && s.length <= 256;
  if (!v || typeof v !== 'object') return false;
  const p = v as Record<string, unknown>;
  return p.kind === 'fhir-id' ? ok(p.id) : p.kind === 'identifier' && ok(p.system) && ok(p.value);
}

/** A stable string for a page patient: every message about a patient carries it, so stale answers are recognised. */
export function patientKey(p: PagePatient | null): string | null {
  if (!p) return null;
  return p.kind === 'fhir-id' ? `fhir:${p.id}` : `id:${p.system}|${p.value}`;
}
