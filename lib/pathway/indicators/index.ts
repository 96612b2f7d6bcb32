// Pathway indicators (pathway.md "Pathway indicators"): one file per indicator id, a registry, a tally.
import { defaultConfig, type PathwayConfig } from '../config';
import { makeContext } from '../context';
import type { PatientRecord } from '../schemas/record';
import type { IndicatorId, IndicatorOutcome } from './indicator';
import { PATHWAY_INDICATORS } from './registry';

export { INDICATOR_IDS, type IndicatorId, type IndicatorEvent, type IndicatorOutcome, type PathwayIndicator } from './indicator';
export { PATHWAY_INDICATORS } from './registry';
export { IndicatorTally, type IndicatorEntry } from './tally';

/**
 * Every indicator for one validated record on the report date `now`. A validation error on a resource
 * type an indicator reads makes the patient unreadable for that indicator (never counted as "not done").
 */
export function evaluateIndicators(record: PatientRecord, opts: { now: Date; config?: PathwayConfig }): { id: IndicatorId; outcome: IndicatorOutcome }[] {
  const ctx = makeContext(opts.now, opts.config ?? defaultConfig);
  const broken = new Set(record.errors.map((e) => e.resourceType));
  return PATHWAY_INDICATORS.map((ind) => {
    const bad = ind.reads.find((t) => broken.has(t));
    if (bad) {
      const first = record.errors.find((e) => e.resourceType === bad)!;
      return { id: ind.id, outcome: { unreadable: `${bad}${first.id ? ` ${first.id}` : ''}: ${first.message}` } };
    }
    return { id: ind.id, outcome: ind.evaluate(record, ctx) };
  });
}
