// seh-behandelwensen-bekend | emergency encounters (EMER) in the period of patients palliative at arrival
// | behandelwensen recorded before the encounter ended, or asked from GP/HAP during it | S3 SEH
// Decisions: the period is the month of arrival; an encounter is counted once it has ended (its window
// is the encounter itself); "recorded before" reads each behandelwensen resource's own date (Consent
// dateTime, Procedure performed, DocumentReference date, else meta.lastUpdated), so a directive written
// after the visit does not count; a marking without a date counts as palliative at arrival.
import { SOURCES } from '../sources';
import { isAdvanceDirectiveConsent, isTreatmentDirective } from '../facts/directives';
import { hasCode, hasSnomed } from '../facts/codes';
import { isEmergency } from '../facts/encounters';
import { palliativeMarking } from '../facts/palliative';
import { communicationsDuring, tasksDuring } from '../facts/tasks';
import { dayOfInstant, toInstant } from '../facts/time';
import type { RuleContext } from '../context';
import type { PatientRecord } from '../schemas/record';
import { ACP_PROCEDURE_SNOMED } from '../valuesets/pathway-codes';
import { SYSTEMS } from '../valuesets/systems';
import { ADVANCE_DIRECTIVE_LOINC } from '../valuesets/treatments';
import { monthOf, recordedAt, wardOf, type IndicatorEvent, type PathwayIndicator } from './indicator';

function behandelwensenBefore(record: PatientRecord, ctx: RuleContext, endMs: number): boolean {
  const before = (r: Record<string, unknown> & { resourceType: string }) => {
    const at = recordedAt(r, ctx);
    return at !== undefined && at <= endMs;
  };
  return (
    record.consents.some((c) => (isTreatmentDirective(c) || isAdvanceDirectiveConsent(c)) && ['active', 'inactive'].includes(c.status) && before(c)) ||
    record.documentReferences.some((d) => d.status !== 'entered-in-error' && hasCode(d.type, SYSTEMS.loinc, ADVANCE_DIRECTIVE_LOINC) && before(d)) ||
    record.procedures.some((p) => !['entered-in-error', 'not-done'].includes(p.status) && hasSnomed(p.code, ACP_PROCEDURE_SNOMED) && before(p))
  );
}

export const sehBehandelwensenBekend: PathwayIndicator = {
  id: 'seh-behandelwensen-bekend',
  source: [SOURCES.ziekenhuisSeh],
  reads: ['Patient', 'Encounter', 'Condition', 'Flag', 'Goal', 'EpisodeOfCare', 'Consent', 'DocumentReference', 'Procedure', 'Task', 'Communication'],
  evaluate(record, ctx) {
    const marking = palliativeMarking(record, ctx);
    if (!marking) return { events: [] };
    const events: IndicatorEvent[] = [];
    for (const e of record.encounters) {
      if (!isEmergency(e) || ['cancelled', 'entered-in-error', 'planned'].includes(e.status)) continue;
      const startMs = toInstant(e.period?.start, ctx.tz);
      const endMs = toInstant(e.period?.end, ctx.tz);
      if (startMs === undefined || endMs === undefined || endMs >= ctx.nowMs) continue;
      const arrival = dayOfInstant(startMs, ctx.tz);
      if (marking.day !== undefined && marking.day > arrival) continue;
      const asked =
        tasksDuring(record, ctx, 'behandelwensen-opgevraagd', e).length > 0 || communicationsDuring(record, ctx, 'behandelwensen-opgevraagd', e).length > 0;
      events.push({ period: monthOf(arrival), ward: wardOf(e), numerator: asked || behandelwensenBefore(record, ctx, endMs) });
    }
    return { events };
  },
};
