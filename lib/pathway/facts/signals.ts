// The signals of pathway.md "Signals for surprise-question" as one fact, for the indicator
// `surprise-question-gesteld` (its denominator: living, not palliative patients with a signal). The
// surprise-question rule states the same three signals inline; both read the same facts below.
import type { RuleContext } from '../context';
import type { PatientRecord } from '../schemas/record';
import { activeConditions, seriousIllnesses } from './conditions';
import { recentUnplannedAdmissions } from './encounters';
import { ageToday } from './patient';

/** How many of the three kinds of signal hold today (serious illness; age ≥ 75 with ≥ 3 conditions; ≥ 2 unplanned admissions). */
export function surpriseSignalCount(record: PatientRecord, ctx: RuleContext): number {
  const t = ctx.config.thresholds;
  let n = 0;
  if (seriousIllnesses(record, ctx).length) n++;
  const age = ageToday(record, ctx);
  if (age !== undefined && age >= t.elderlyAge && activeConditions(record, ctx).length >= t.elderlyMinActiveConditions) n++;
  if (recentUnplannedAdmissions(record, ctx).length >= t.unplannedAdmissionsMin) n++;
  return n;
}
