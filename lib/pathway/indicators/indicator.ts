// The shape of a pathway indicator (pathway.md "Pathway indicators") and the dates they count with.
// An indicator looks at one patient's record on the report date (`ctx.now`) and returns the events that
// put the patient in its denominator, each marked whether it is in the numerator too. Aggregation over
// patients, months and wards is in ./tally.ts.
import type { RuleContext } from '../context';
import type { Encounter, Task } from '../schemas/resources';
import type { PatientRecord } from '../schemas/record';
import type { SourceCitation } from '../types';
import { death } from '../facts/patient';
import { dayOf, isoDay, toInstant, type DayNumber } from '../facts/time';

export const INDICATOR_IDS = [
  'overlijden-gemeld',
  'nazorg-eigenaar',
  'nazorg-contact-tijdig',
  'nazorggesprek-tijdig',
  'centrale-zorgverlener',
  'behandelwensen-vastgelegd',
  'seh-behandelwensen-bekend',
  'surprise-question-gesteld',
  'overdracht-compleet',
] as const;
export type IndicatorId = (typeof INDICATOR_IDS)[number];

export interface IndicatorEvent {
  /** calendar month (YYYY-MM, configured time zone) of the event that puts the patient in the denominator */
  period: string;
  /** the ward/team where the data says so: the Encounter's ward location (physicalType 'wa', else the last one): its reference, else its inline display (wardOf) */
  ward?: string;
  numerator: boolean;
}

/** Events, or: the data this indicator needs could not be read (left out of both counts, listed). */
export type IndicatorOutcome = { events: IndicatorEvent[] } | { unreadable: string; period?: string };

export interface PathwayIndicator {
  id: IndicatorId;
  source: SourceCitation[];
  /** resource types the indicator reads; a validation error on one makes the patient unreadable for it */
  reads: readonly string[];
  evaluate(record: PatientRecord, ctx: RuleContext): IndicatorOutcome;
}

export const monthOf = (day: DayNumber) => isoDay(day).slice(0, 7);

type Meta = { meta?: { lastUpdated?: string } };
const lastUpdated = (r: object) => (r as Meta).meta?.lastUpdated;

/** pathway.md: a Task is done at `executionPeriod.end`, else `lastModified`, else `authoredOn` (else meta.lastUpdated). */
export function taskDoneDay(t: Task, ctx: RuleContext): DayNumber | undefined {
  return dayOf(t.executionPeriod?.end ?? t.lastModified ?? t.authoredOn ?? lastUpdated(t), ctx.tz);
}

/** The date the encoding table names for a resource, else meta.lastUpdated (pathway.md "done at"). */
export function recordedAt(r: Record<string, unknown> & { resourceType: string }, ctx: RuleContext): number | undefined {
  const s = (k: string) => (typeof r[k] === 'string' ? (r[k] as string) : undefined);
  const period = (k: string) => (r[k] as { start?: string } | undefined)?.start;
  const value = s('effectiveDateTime') ?? s('performedDateTime') ?? period('performedPeriod') ?? s('dateTime') ?? s('recordedDate') ?? s('onsetDateTime') ?? (r.resourceType === 'DocumentReference' ? s('date') : undefined);
  return toInstant(value ?? lastUpdated(r), ctx.tz);
}

type EncounterLocation = { location?: { reference?: string; display?: string }; physicalType?: { coding?: { code?: string }[] } };
/** Location.physicalType 'wa' (ward), http://terminology.hl7.org/CodeSystem/location-physical-type */
const isWardType = (t: { coding?: { code?: string }[] } | undefined) => t?.coding?.some((c) => c.code === 'wa') === true;

/**
 * The ward of an encounter: the location the encounter marks as a ward (physicalType 'wa'), else its
 * last location; its reference, else its display. A zib list runs ward, room, bed: the last is the bed,
 * so the tally's `wardName` resolves a reference with `wardNameOf` (partOf up to the ward) and falls
 * back to the inline display when the export holds no such Location.
 */
export function wardOf(e: Encounter | undefined): string | undefined {
  const locations = (e?.location ?? []) as EncounterLocation[];
  const loc = (locations.find((l) => isWardType(l.physicalType)) ?? locations.at(-1))?.location;
  return loc?.reference ?? loc?.display;
}

/** What `wardNameOf` needs of a Location resource. */
export interface WardLocation {
  name?: string;
  /** physicalType 'wa' */
  ward: boolean;
  /** "Location/<id>" of Location.partOf */
  partOf?: string;
}

/**
 * The name clinicians read for a location reference: the Location itself when it is a ward, else the
 * first ward up its partOf chain (bed → room → ward), else its own name; else the encounter's inline
 * display of that location (`display`); undefined when neither is known.
 */
export function wardNameOf(reference: string, locations: (ref: string) => WardLocation | undefined, display?: string): string | undefined {
  const own = locations(reference);
  if (!own) return display;
  const seen = new Set<string>([reference]);
  for (let l: WardLocation | undefined = own; l; ) {
    if (l.ward && l.name) return l.name;
    if (!l.partOf || seen.has(l.partOf)) break;
    seen.add(l.partOf);
    l = locations(l.partOf);
  }
  return own.name ?? display;
}

/** The inline displays of an encounter's locations by reference (the fallback of `wardNameOf`). */
export function locationDisplays(encounters: readonly Encounter[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of encounters)
    for (const l of (e.location ?? []) as EncounterLocation[]) if (l.location?.reference && l.location.display && !out.has(l.location.reference)) out.set(l.location.reference, l.location.display);
  return out;
}

export type DeathEvent = { day: DayNumber; daysSince: number; period: string; ward?: string };

/**
 * The death that puts a patient in a death indicator's denominator: only once the report date is past
 * the end of the indicator's window (`windowEnd` days after the death; pathway.md: "a death of 10 days ago
 * is not yet in the 21-day indicator"). A death without a date cannot be placed in a period: unreadable.
 */
export function deathPastWindow(record: PatientRecord, ctx: RuleContext, windowEnd: number): DeathEvent | 'undated' | null {
  const d = death(record, ctx);
  if (!d.deceased) return null;
  if (d.day === undefined) return 'undated';
  const daysSince = ctx.today - d.day;
  if (daysSince <= windowEnd) return null;
  return { day: d.day, daysSince, period: monthOf(d.day), ward: wardOf(d.encounter) };
}

/** The common shape of the four death indicators: one event per death, in the numerator when `done` holds. */
export function deathIndicator(record: PatientRecord, ctx: RuleContext, windowEnd: number, done: (deathDay: DayNumber) => boolean): IndicatorOutcome {
  const ev = deathPastWindow(record, ctx, windowEnd);
  if (ev === null) return { events: [] };
  if (ev === 'undated') return { unreadable: 'overlijdensdatum onbekend' };
  return { events: [{ period: ev.period, ward: ev.ward, numerator: done(ev.day) }] };
}

/** For the indicators on the report date: the ward of a running stay, if any. */
export function currentWard(record: PatientRecord, ctx: RuleContext): string | undefined {
  const running = record.encounters.filter((e) => ['arrived', 'triaged', 'in-progress', 'onleave'].includes(e.status));
  running.sort((a, b) => (toInstant(b.period?.start, ctx.tz) ?? 0) - (toInstant(a.period?.start, ctx.tz) ?? 0));
  return wardOf(running[0]);
}
