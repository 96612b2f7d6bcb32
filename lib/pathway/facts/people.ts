// Naasten (contact persons), mantelzorgers, children (kindcheck) and caregiver-burden assessments.
import type { RuleContext } from '../context';
import type { Observation, RelatedPerson } from '../schemas/resources';
import type { PatientRecord } from '../schemas/record';
import { CHILD_ROLE_CODES, MANTELZORGER_CODE } from '../valuesets/pathway-codes';
import { SYSTEMS } from '../valuesets/systems';
import { codings, hasCode, label } from './codes';
import { hasPz } from './common';
import { FINAL_OBSERVATION, observationDate } from './surprise';
import { dayOf, type DayNumber } from './time';

const activePerson = (r: RelatedPerson) => r.active !== false;

export function personName(r: RelatedPerson): string {
  const n = r.name?.[0];
  return n?.text ?? ([...(n?.given ?? []), n?.family].filter(Boolean).join(' ') || label(r.relationship) || 'naaste');
}

/** RelatedPerson for the patient (nl-core ContactPerson) or Patient.contact */
export function naasten(record: PatientRecord): { count: number; names: string[] } {
  const persons = record.relatedPersons.filter(activePerson);
  const contacts = record.patientResource?.contact ?? [];
  return { count: persons.length + contacts.length, names: persons.map(personName) };
}

export function mantelzorgers(record: PatientRecord, ctx: RuleContext): RelatedPerson[] {
  return record.relatedPersons.filter(
    (r) => activePerson(r) && (hasCode(r.relationship, SYSTEMS.nlContactRelation, MANTELZORGER_CODE) || hasPz(ctx, r.relationship, 'mantelzorger')),
  );
}

function hasValue(o: Observation): boolean {
  return (
    o.valueBoolean !== undefined ||
    o.valueString !== undefined ||
    o.valueCodeableConcept !== undefined ||
    o.valueInteger !== undefined ||
    o.valueQuantity !== undefined
  );
}

/** Any record either way of (minor) children: a kindcheck answer, or a child with a birth date. */
export function childrenKnown(record: PatientRecord, ctx: RuleContext): string | undefined {
  const obs = record.observations.find((o) => FINAL_OBSERVATION.has(o.status) && hasPz(ctx, o.code, 'kindcheck') && hasValue(o));
  if (obs) return `Observation/${obs.id}`;
  const child = record.relatedPersons.find(
    (r) => r.birthDate !== undefined && codings(r.relationship).some((c) => c.code !== undefined && CHILD_ROLE_CODES.includes(c.code)),
  );
  return child ? `RelatedPerson/${child.id}` : undefined;
}

export interface BurdenAssessment {
  observation: Observation;
  day: DayNumber;
  /** Caregiver Strain Index score 0–13, when recorded */
  score?: number;
}

export function latestBurdenAssessment(record: PatientRecord, ctx: RuleContext): BurdenAssessment | undefined {
  let best: BurdenAssessment | undefined;
  for (const o of record.observations) {
    if (!FINAL_OBSERVATION.has(o.status) || !hasPz(ctx, o.code, ['caregiver-burden', 'caregiver-burden-asked'])) continue;
    const day = dayOf(observationDate(o), ctx.tz);
    if (day === undefined) continue;
    if (!best || day > best.day) best = { observation: o, day, score: o.valueInteger ?? o.valueQuantity?.value };
  }
  return best;
}
