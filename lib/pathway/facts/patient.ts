// Alive / death date / age / GP, from Patient and, for deceasedBoolean, the Encounter that ended in death.
import type { RuleContext } from '../context';
import { memo } from '../context';
import type { Reference } from '../schemas/primitives';
import type { Encounter } from '../schemas/resources';
import type { PatientRecord } from '../schemas/record';
import { SYSTEMS } from '../valuesets/systems';
import { hasCode } from './codes';
import { displayOf } from './common';
import { ageOn, dayOf, toInstant, type DayNumber } from './time';

export interface DeathFacts {
  deceased: boolean;
  /** instant of death when known */
  ms?: number;
  day?: DayNumber;
  /** the Encounter during which the patient died, when known */
  encounter?: Encounter;
}

const diedIn = (e: Encounter) => hasCode(e.hospitalization?.dischargeDisposition, SYSTEMS.dischargeDisposition, 'exp');

export function death(record: PatientRecord, ctx: RuleContext): DeathFacts {
  return memo(ctx, 'death', () => {
    const p = record.patientResource;
    // pathway.md: "Alive" means no Patient.deceased[x] that is true or a date.
    if (!p || (p.deceasedDateTime === undefined && p.deceasedBoolean !== true)) return { deceased: false };
    const expired = record.encounters.find(diedIn);
    if (p.deceasedDateTime) {
      const ms = toInstant(p.deceasedDateTime, ctx.tz);
      // The organisation where the patient died: the encounter discharged as "expired", else the
      // encounter that was running at the moment of death.
      const during =
        expired ??
        record.encounters.find((e) => {
          const s = toInstant(e.period?.start, ctx.tz);
          const end = toInstant(e.period?.end, ctx.tz);
          return ms !== undefined && s !== undefined && s <= ms && (end === undefined || end >= ms);
        });
      return { deceased: true, ms, day: dayOf(p.deceasedDateTime, ctx.tz), encounter: during };
    }
    // deceasedBoolean true: the date comes from an Encounter discharged as expired (pathway.md "death").
    const end = expired?.period?.end;
    return { deceased: true, ms: toInstant(end, ctx.tz), day: dayOf(end, ctx.tz), encounter: expired };
  });
}

export const isAlive = (record: PatientRecord, ctx: RuleContext) => !death(record, ctx).deceased;

/** Age in whole years today, or undefined without a birth date. */
export function ageToday(record: PatientRecord, ctx: RuleContext): number | undefined {
  return ageOn(record.patientResource?.birthDate, ctx.today);
}

/** Organisation where the patient died, when the record says so (default nazorg owner, S0). */
export function placeOfDeath(record: PatientRecord, ctx: RuleContext): { reference?: string; display?: string } | undefined {
  const enc = death(record, ctx).encounter;
  const ref: Reference | undefined = enc?.serviceProvider;
  if (!ref) return undefined;
  return { reference: ref.reference, display: displayOf(record, ref) ?? 'onbekende organisatie' };
}

export function generalPractitioner(record: PatientRecord): { reference?: string; display?: string } | undefined {
  const ref = record.patientResource?.generalPractitioner?.[0];
  return ref ? { reference: ref.reference, display: displayOf(record, ref) ?? 'huisarts' } : undefined;
}
