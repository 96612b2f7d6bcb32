// medication-review | alive, palliative, ≥ 5 active medications, no medication review in the last
// 183 days | info | specialist, zaalarts | record that the review was done → Procedure | S3 Medicatiereview
import { SOURCES } from '../sources';
import { hasSnomed } from '../facts/codes';
import { hasPz, withinLastDays } from '../facts/common';
import { activeMedications, medicationLabel } from '../facts/medications';
import { palliativeMarking } from '../facts/palliative';
import { isAlive } from '../facts/patient';
import { dayOf, dutchDay } from '../facts/time';
import { MEDICATION_REVIEW_SNOMED } from '../valuesets/pathway-codes';
import { makePrompt, type Rule } from './rule';

export const medicationReview: Rule = {
  code: 'medication-review',
  source: [SOURCES.medicatiereview],
  roles: ['specialist', 'zaalarts'],
  evaluate(record, ctx) {
    if (!isAlive(record, ctx) || !palliativeMarking(record, ctx)) return null;
    const meds = activeMedications(record, ctx);
    if (meds.length < ctx.config.thresholds.polypharmacyMinMedications) return null;
    const days = ctx.config.windows.medicationReviewDays;
    const reviews = record.procedures
      .filter((p) => !['entered-in-error', 'not-done'].includes(p.status) && (hasPz(ctx, p.code, 'medicatiereview') || hasSnomed(p.code, MEDICATION_REVIEW_SNOMED)))
      .map((p) => dayOf(p.performedDateTime ?? p.performedPeriod?.end ?? p.performedPeriod?.start, ctx.tz))
      .filter((d): d is number => d !== undefined)
      .sort((a, b) => b - a);
    if (withinLastDays(ctx, reviews[0], days)) return null;
    const names = meds.map(medicationLabel);
    return makePrompt(this, record, {
      indicator: 'info',
      summary: `${meds.length} actieve geneesmiddelen en geen medicatiereview in de laatste ${days} dagen: bekijk wat nog nodig is.`,
      detail:
        `Actief: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ` en ${names.length - 8} meer` : ''}. ` +
        (reviews[0] !== undefined ? `Laatste medicatiereview: ${dutchDay(reviews[0])} (${ctx.today - reviews[0]} dagen geleden).` : 'Er is geen medicatiereview vastgelegd.') +
        ' Stem de medicatie af op de palliatieve fase, in samenspraak met de apotheker.',
      actions: [{ id: 'record-medication-review', label: 'Leg de medicatiereview vast' }],
      firedOn: [reviews[0] !== undefined ? `review:${reviews[0]}` : 'no-review'],
    });
  },
};
