// "Palliative" = the palliative phase is marked (pathway.md "palliative phase marked"). The marking
// date is the earliest date among all encodings found.
import type { RuleContext } from '../context';
import { memo } from '../context';
import type { CodeableConcept } from '../schemas/primitives';
import type { PatientRecord } from '../schemas/record';
import { PALLIATIVE_CARE_SNOMED, PALLIATIVE_GOAL_SNOMED } from '../valuesets/pathway-codes';
import { hasCode, hasSnomed } from './codes';
import { hasPz } from './common';
import { isVoided } from './conditions';
import { dayOf, type DayNumber } from './time';

export interface PalliativeMarking {
  /** earliest marking day, when any encoding carries a date */
  day?: DayNumber;
  /** e.g. "Condition/123" */
  evidence: string[];
}

const ACTIVE_GOAL = new Set(['active', 'accepted', 'planned', 'on-hold']);

function isPalliativeCode(ctx: RuleContext, cc: CodeableConcept | CodeableConcept[] | undefined): boolean {
  if (hasSnomed(cc, PALLIATIVE_CARE_SNOMED) || hasPz(ctx, cc, 'palliatieve-fase')) return true;
  const icpc = ctx.config.palliativeIcpc;
  return icpc.enabled && icpc.systems.some((s) => hasCode(cc, s, icpc.code));
}

export function palliativeMarking(record: PatientRecord, ctx: RuleContext): PalliativeMarking | null {
  return memo(ctx, 'palliative', () => {
    const evidence: string[] = [];
    const days: (DayNumber | undefined)[] = [];
    const add = (ref: string, day: DayNumber | undefined) => {
      evidence.push(ref);
      days.push(day);
    };
    for (const c of record.conditions) {
      if (!isVoided(c) && isPalliativeCode(ctx, c.code))
        add(`Condition/${c.id}`, dayOf(c.onsetDateTime ?? c.onsetPeriod?.start ?? c.recordedDate, ctx.tz));
    }
    for (const f of record.flags) {
      if (f.status === 'active' && isPalliativeCode(ctx, f.code)) add(`Flag/${f.id}`, dayOf(f.period?.start, ctx.tz));
    }
    for (const g of record.goals) {
      if (ACTIVE_GOAL.has(g.lifecycleStatus) && hasSnomed(g.description, PALLIATIVE_GOAL_SNOMED))
        add(`Goal/${g.id}`, dayOf(g.startDate ?? g.statusDate, ctx.tz));
    }
    for (const e of record.episodesOfCare) {
      if (e.status === 'active' && isPalliativeCode(ctx, e.type)) add(`EpisodeOfCare/${e.id}`, dayOf(e.period?.start, ctx.tz));
    }
    if (evidence.length === 0) return null;
    const known = days.filter((d): d is DayNumber => d !== undefined);
    return { day: known.length ? Math.min(...known) : undefined, evidence };
  });
}

export const isPalliative = (record: PatientRecord, ctx: RuleContext) => palliativeMarking(record, ctx) !== null;

