// Surprise-question answers: Observation pz#surprise-question, final/amended, valueBoolean
// (true = "would be surprised", false = "not surprised"), effectiveDateTime (pathway.md).
import type { RuleContext } from '../context';
import { memo } from '../context';
import type { Observation } from '../schemas/resources';
import type { PatientRecord } from '../schemas/record';
import { hasPz } from './common';
import { dayOf, toInstant, type DayNumber } from './time';

export interface SurpriseAnswer {
  observation: Observation;
  /** true = would be surprised; false = not surprised */
  surprised: boolean;
  day: DayNumber;
  ms: number;
}

export const FINAL_OBSERVATION = new Set(['final', 'amended', 'corrected']);

export function observationDate(o: Observation): string | undefined {
  return o.effectiveDateTime ?? o.effectivePeriod?.start ?? o.issued;
}

export function latestSurpriseAnswer(record: PatientRecord, ctx: RuleContext): SurpriseAnswer | undefined {
  return memo(ctx, 'surprise', () => {
    let best: SurpriseAnswer | undefined;
    for (const o of record.observations) {
      if (!FINAL_OBSERVATION.has(o.status) || typeof o.valueBoolean !== 'boolean' || !hasPz(ctx, o.code, 'surprise-question')) continue;
      const when = observationDate(o);
      const ms = toInstant(when, ctx.tz);
      const day = dayOf(when, ctx.tz);
      if (ms === undefined || day === undefined) continue; // an undated answer cannot be placed in the window
      if (!best || ms > best.ms) best = { observation: o, surprised: o.valueBoolean, day, ms };
    }
    return best;
  });
}

/** The latest answer, when it lies within the configured window (183 days). */
export function recentSurpriseAnswer(record: PatientRecord, ctx: RuleContext): SurpriseAnswer | undefined {
  const a = latestSurpriseAnswer(record, ctx);
  return a && ctx.today - a.day <= ctx.config.windows.surpriseQuestionDays ? a : undefined;
}
