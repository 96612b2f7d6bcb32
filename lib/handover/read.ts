// Display readers over a validated PatientRecord: names of people and organisations (never a FHIR id),
// phone numbers, dates in Dutch. The schemas keep unknown fields (looseObject), so name/telecom/note are
// read defensively here.
import { label } from '../pathway/facts/codes';
import { dayOf, dutchDay } from '../pathway/facts/time';
import type { CodeableConcept, Reference } from '../pathway/schemas/primitives';
import { refKey, type PatientRecord } from '../pathway/schemas/record';
import { displayName, phoneOf, str } from '../ui/fhir-read';

type Json = Record<string, unknown>;

/** The shared resource (Organization/Practitioner/PractitionerRole) a reference points at, if loaded. */
export function resolveShared(record: PatientRecord, ref: Reference | undefined): Json | undefined {
  const key = refKey(record, ref);
  return key ? (record.shared.get(key) as Json | undefined) : undefined;
}

/**
 * A reference by name: its display, else the loaded resource's name (a PractitionerRole by its person,
 * else its organisation). Never "Type/id": when nothing names it, `fallback` is shown.
 */
export function nameOf(record: PatientRecord, ref: Reference | undefined, fallback = 'naam onbekend'): string {
  if (!ref) return fallback;
  if (ref.display?.trim()) return ref.display.trim();
  const res = resolveShared(record, ref);
  if (res?.resourceType === 'PractitionerRole') {
    const person = resolveShared(record, res.practitioner as Reference | undefined);
    const org = resolveShared(record, res.organization as Reference | undefined);
    return displayName(person) ?? displayName(org) ?? fallback;
  }
  return displayName(res) ?? fallback;
}

/** The first phone number of a reference's target (a PractitionerRole: its own, its person's, its organisation's). */
export function phoneOfRef(record: PatientRecord, ref: Reference | undefined): string | undefined {
  const res = resolveShared(record, ref);
  if (!res) return undefined;
  if (res.resourceType === 'PractitionerRole') {
    return (
      phoneOf(res) ??
      phoneOf(resolveShared(record, res.practitioner as Reference | undefined)) ??
      phoneOf(resolveShared(record, res.organization as Reference | undefined))
    );
  }
  return phoneOf(res);
}

/** The organisation a PractitionerRole works for, by name. */
export function organisationOfRef(record: PatientRecord, ref: Reference | undefined): string | undefined {
  const res = resolveShared(record, ref);
  if (res?.resourceType !== 'PractitionerRole') return undefined;
  const org = res.organization as Reference | undefined;
  return org ? nameOf(record, org, '') || undefined : undefined;
}

/** "12 maart 2025", or undefined for no/invalid date. */
export function dutchDate(value: string | undefined, tz: string): string | undefined {
  const d = dayOf(value, tz);
  return d === undefined ? undefined : dutchDay(d);
}

export const labelOr = (cc: CodeableConcept | CodeableConcept[] | undefined, fallback: string) => label(cc) ?? fallback;

/** Free texts of `note` (Annotation[]) on any resource. */
export function notesOf(resource: object): string[] {
  const notes = (resource as Json).note;
  return Array.isArray(notes) ? notes.map((n) => str((n as Json | undefined)?.text)).filter((t): t is string => !!t) : [];
}

export const textField = (resource: object, field: string) => str((resource as Json)[field]);

export { displayName, phoneOf, str };
