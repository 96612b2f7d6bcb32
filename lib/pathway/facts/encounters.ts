// Emergency / inpatient encounters (pathway.md "emergency / inpatient encounter", "Unplanned admissions").
import type { RuleContext } from '../context';
import type { Encounter } from '../schemas/resources';
import type { PatientRecord } from '../schemas/record';
import { SYSTEMS } from '../valuesets/systems';
import { hasCode } from './codes';
import { displayOf } from './common';
import { dayOf, dutchDay, toInstant } from './time';

/** Encounter.class is a Coding; accept a missing system, but a system other than v3-ActCode is not ours. */
export function classIs(e: Encounter, codes: readonly string[]): boolean {
  const c = e.class;
  return c.code !== undefined && codes.includes(c.code) && (c.system === undefined || c.system === SYSTEMS.actCode);
}

export const isEmergency = (e: Encounter) => classIs(e, ['EMER']);
export const isInpatient = (e: Encounter) => classIs(e, ['IMP', 'ACUTE']);

/** pathway.md: an emergency encounter is active when its status is arrived, triaged or in-progress. */
const ACTIVE_STATUS = new Set(['arrived', 'triaged', 'in-progress']);
/** An inpatient stay is also still running while the patient is on leave. */
const ACTIVE_INPATIENT_STATUS = new Set(['arrived', 'triaged', 'in-progress', 'onleave']);

export function activeEmergencyEncounters(record: PatientRecord): Encounter[] {
  return record.encounters.filter((e) => isEmergency(e) && ACTIVE_STATUS.has(e.status));
}

export function activeInpatientEncounters(record: PatientRecord): Encounter[] {
  return record.encounters.filter((e) => isInpatient(e) && ACTIVE_INPATIENT_STATUS.has(e.status));
}

export function isUnplanned(e: Encounter): boolean {
  if (e.status === 'cancelled' || e.status === 'entered-in-error' || e.status === 'planned') return false;
  if (isEmergency(e)) return true;
  return (
    isInpatient(e) &&
    (hasCode(e.priority, SYSTEMS.actPriority, 'EM') || hasCode(e.hospitalization?.admitSource, SYSTEMS.admitSource, 'emd'))
  );
}

/**
 * Unplanned admissions that started within the window. An ED visit followed by an admission is one
 * admission, not two (Synthea writes both an EMER and an IMP encounter at the same moment): encounters
 * starting on the same calendar day count once.
 */
export function recentUnplannedAdmissions(record: PatientRecord, ctx: RuleContext): Encounter[] {
  const window = ctx.config.windows.unplannedAdmissionDays;
  const recent: { e: Encounter; day: number }[] = [];
  for (const e of record.encounters) {
    if (!isUnplanned(e)) continue;
    const day = dayOf(e.period?.start, ctx.tz);
    if (day !== undefined && day <= ctx.today && ctx.today - day <= window) recent.push({ e, day });
  }
  recent.sort((a, b) => a.day - b.day);
  const seenDays = new Set<number>();
  const out: Encounter[] = [];
  for (const { e, day } of recent) {
    if (seenDays.has(day)) continue;
    seenDays.add(day);
    out.push(e);
  }
  return out;
}

export function encounterStartMs(e: Encounter, ctx: RuleContext): number | undefined {
  return toInstant(e.period?.start, ctx.tz);
}

/**
 * How a clinician names an encounter: what it is, where and since when ("de SEH-presentatie van
 * 1 december 2026", "de opname op Interne B3 sinds 28 november 2026"), never its FHIR id.
 */
export function describeEncounter(record: PatientRecord, e: Encounter, ctx: RuleContext): string {
  const kind = isEmergency(e) ? 'de SEH-presentatie' : isInpatient(e) ? 'de opname' : 'het contact';
  const where = e.location?.map((l) => displayOf(record, l.location)).find(Boolean);
  const day = dayOf(e.period?.start, ctx.tz);
  const since = day === undefined ? '' : isEmergency(e) ? ` van ${dutchDay(day)}` : ` sinds ${dutchDay(day)}`;
  return `${kind}${where ? ` op ${where}` : ''}${since}`;
}
