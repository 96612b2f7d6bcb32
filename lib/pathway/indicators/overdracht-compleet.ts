// overdracht-compleet | inpatient stays of palliative patients that ended in the period | no missing
// handover item at the end of the stay | S3 informatieoverdracht; S4 warme overdracht
// Decisions: the handover items are judged as the handover-gaps prompt judges them, on the record with
// "now" set to the end of the stay; a stay is counted once the prompt's after-discharge window (24 h)
// has passed; a stay that ended in death (discharge disposition `exp`) has no handover and is not counted.
import { SOURCES } from '../sources';
import { makeContext } from '../context';
import { hasCode } from '../facts/codes';
import { isInpatient } from '../facts/encounters';
import { handoverGaps } from '../facts/handover';
import { palliativeMarking } from '../facts/palliative';
import { HOUR_MS, dayOfInstant, toInstant } from '../facts/time';
import { SYSTEMS } from '../valuesets/systems';
import { monthOf, wardOf, type IndicatorEvent, type PathwayIndicator } from './indicator';

export const overdrachtCompleet: PathwayIndicator = {
  id: 'overdracht-compleet',
  source: [SOURCES.informatieoverdracht, SOURCES.utrechtWarmeOverdracht],
  reads: ['Patient', 'Encounter', 'Condition', 'Flag', 'Goal', 'EpisodeOfCare', 'Consent', 'DocumentReference', 'Composition', 'Procedure', 'CareTeam', 'CarePlan', 'MedicationRequest', 'MedicationStatement'],
  evaluate(record, ctx) {
    if (!palliativeMarking(record, ctx)) return { events: [] };
    const events: IndicatorEvent[] = [];
    for (const e of record.encounters) {
      if (!isInpatient(e) || ['cancelled', 'entered-in-error', 'planned'].includes(e.status)) continue;
      if (hasCode(e.hospitalization?.dischargeDisposition, SYSTEMS.dischargeDisposition, 'exp')) continue;
      const endMs = toInstant(e.period?.end, ctx.tz);
      if (endMs === undefined || endMs + ctx.config.windows.handoverEndedHours * HOUR_MS >= ctx.nowMs) continue;
      const atEnd = makeContext(new Date(endMs), ctx.config);
      // palliative at the end of the stay, judged on that day (an undated marking counts)
      const marking = palliativeMarking(record, atEnd);
      if (!marking || (marking.day !== undefined && marking.day > atEnd.today)) continue;
      const gaps = handoverGaps(record, atEnd, e);
      events.push({ period: monthOf(dayOfInstant(endMs, ctx.tz)), ward: wardOf(e), numerator: gaps.missing.length === 0 });
    }
    return { events };
  },
};
