// The nine handover items of S3 "Bij elke (terug)verwijzing … wordt … overgedragen" and when each is
// present (pathway.md "Handover items").
import type { RuleContext } from '../context';
import type { Encounter } from '../schemas/resources';
import type { PatientRecord } from '../schemas/record';
import { refKey } from '../schemas/record';
import type { HandoverItemId } from '../types';
import { DIMENSION_CODES, DIMENSION_LABELS, TREATMENT_GOAL_SNOMED } from '../valuesets/pathway-codes';
import { hasSnomed } from './codes';
import { hasPz, withinLastDays } from './common';
import { centralCaregivers, hasPractitionerParticipant } from './careteam';
import { isActiveCondition } from './conditions';
import { hasBehandelwensen } from './directives';
import { activeMedications, medicationLabel, type MedicationResource } from './medications';
import { dayOf, toInstant } from './time';

export const HANDOVER_LABELS: Record<HandoverItemId, string> = {
  behandeldoel: 'Belangrijkste behandeldoel (curatief of palliatief)',
  behandelwensen: 'Behandelwensen en -grenzen',
  medicatieoverzicht: 'Actueel medicatieoverzicht met reden van start en stop',
  'mdo-verslag': 'Verslag MDO of aandachtspunten PaTz',
  'centrale-zorgverlener': 'Centrale zorgverlener (met thuiszorgorganisatie en team)',
  'betrokken-zorgverleners': 'Betrokken zorgverleners',
  vervolgbeleid: 'Advies vervolgbeleid / proactief anticiperend beleid',
  'problemen-4-dimensies': 'Problemen in de vier dimensies',
  'individueel-zorgplan': 'Individueel zorgplan',
};

const ACTIVE_GOAL = new Set(['active', 'accepted']);

// The predicates below decide whether an item is present (handoverGaps: .some); lib/handover/items.ts
// lists what they select (.filter), so the document and the handover-gaps prompt can never disagree.

/** An active or accepted Goal coded as a treatment goal (curative or palliative). */
export const isTreatmentGoal = (g: PatientRecord['goals'][number]) => ACTIVE_GOAL.has(g.lifecycleStatus) && hasSnomed(g.description, TREATMENT_GOAL_SNOMED);

/** An active CarePlan of one pz category (vervolgbeleid, individueel-zorgplan). */
export const isActiveCarePlanOf = (ctx: RuleContext, code: string) => (c: PatientRecord['carePlans'][number]) => c.status === 'active' && hasPz(ctx, c.category, code);

/** The date an MDO/PaTz DocumentReference counts from: its date, else its context period. */
export const mdoDocumentDate = (d: PatientRecord['documentReferences'][number]) => d.date ?? d.context?.period?.end ?? d.context?.period?.start;

/** A current MDO or PaTz DocumentReference within mdoVerslagDays. */
export const isRecentMdoDocument = (ctx: RuleContext) => (d: PatientRecord['documentReferences'][number]) =>
  d.status === 'current' && hasPz(ctx, d.type, ['mdo-verslag', 'patz-verslag']) && withinLastDays(ctx, dayOf(mdoDocumentDate(d), ctx.tz), ctx.config.windows.mdoVerslagDays);

/** An MDO or PaTz Composition, not entered in error, within mdoVerslagDays. */
export const isRecentMdoComposition = (ctx: RuleContext) => (c: PatientRecord['compositions'][number]) =>
  c.status !== 'entered-in-error' && hasPz(ctx, c.type, ['mdo-verslag', 'patz-verslag']) && withinLastDays(ctx, dayOf(c.date, ctx.tz), ctx.config.windows.mdoVerslagDays);

/** An active Condition recorded under one of the four dimensions. */
export const isDimensionCondition = (ctx: RuleContext, dimension: string) => (c: PatientRecord['conditions'][number]) => isActiveCondition(c, ctx) && hasPz(ctx, c.category, dimension);

function stayBounds(e: Encounter, ctx: RuleContext) {
  return { start: toInstant(e.period?.start, ctx.tz) ?? -Infinity, end: toInstant(e.period?.end, ctx.tz) ?? Infinity };
}

function within(ms: number | undefined, b: { start: number; end: number }) {
  return ms !== undefined && ms >= b.start && ms <= b.end;
}

const linkedTo = (record: PatientRecord, m: MedicationResource, encounter: Encounter) =>
  refKey(record, m.resourceType === 'MedicationRequest' ? m.encounter : m.context) === `Encounter/${encounter.id}`;

const hasReason = (m: MedicationResource) => (m.reasonCode?.length ?? 0) > 0 || (m.reasonReference?.length ?? 0) > 0;
const hasStopReason = (m: MedicationResource) =>
  m.resourceType === 'MedicationRequest' ? m.statusReason !== undefined : (m.statusReason?.length ?? 0) > 0;

/**
 * Started during the stay: authored (request) or started (statement) within it, or linked to it.
 * Stopped during the stay: status stopped and, since R4 has no stop date on a MedicationRequest, its
 * validity period (request) or effective period (statement) ending within the stay, or linked to it.
 */
function medicationGaps(record: PatientRecord, ctx: RuleContext, encounter: Encounter): string[] {
  const b = stayBounds(encounter, ctx);
  const notes: string[] = [];
  for (const m of [...record.medicationRequests, ...record.medicationStatements]) {
    if (m.status === 'entered-in-error') continue;
    const started =
      m.resourceType === 'MedicationRequest'
        ? toInstant(m.authoredOn, ctx.tz)
        : toInstant(m.effectivePeriod?.start ?? m.effectiveDateTime ?? m.dateAsserted, ctx.tz);
    const stoppedAt =
      m.resourceType === 'MedicationRequest' ? toInstant(m.dispenseRequest?.validityPeriod?.end, ctx.tz) : toInstant(m.effectivePeriod?.end, ctx.tz);
    const linked = linkedTo(record, m, encounter);
    if (m.status === 'stopped') {
      if ((within(stoppedAt, b) || linked) && !hasStopReason(m)) notes.push(`Gestopt zonder reden: ${medicationLabel(m)}.`);
    } else if ((within(started, b) || linked) && !hasReason(m)) {
      notes.push(`Gestart zonder reden: ${medicationLabel(m)}.`);
    }
  }
  return notes;
}

export interface HandoverGaps {
  missing: HandoverItemId[];
  /** the four dimensions with nothing recorded (named in the detail) */
  dimensionsMissing: string[];
  medicationNotes: string[];
}

export function handoverGaps(record: PatientRecord, ctx: RuleContext, encounter: Encounter): HandoverGaps {
  const missing: HandoverItemId[] = [];
  if (!record.goals.some(isTreatmentGoal)) missing.push('behandeldoel');
  if (!hasBehandelwensen(record, ctx)) missing.push('behandelwensen');

  const medicationNotes = medicationGaps(record, ctx, encounter);
  if (activeMedications(record, ctx).length === 0 || medicationNotes.length) missing.push('medicatieoverzicht');

  if (!record.documentReferences.some(isRecentMdoDocument(ctx)) && !record.compositions.some(isRecentMdoComposition(ctx))) missing.push('mdo-verslag');

  if (centralCaregivers(record, ctx).length === 0) missing.push('centrale-zorgverlener');
  if (!hasPractitionerParticipant(record, ctx) && !(record.patientResource?.generalPractitioner?.length ?? 0)) missing.push('betrokken-zorgverleners');
  if (!record.carePlans.some(isActiveCarePlanOf(ctx, 'vervolgbeleid'))) missing.push('vervolgbeleid');

  const recorded = new Set(DIMENSION_CODES.filter((d) => record.conditions.some(isDimensionCondition(ctx, d))));
  const dimensionsMissing = DIMENSION_CODES.filter((d) => !recorded.has(d)).map((d) => DIMENSION_LABELS[d]);
  if (recorded.size === 0) missing.push('problemen-4-dimensies');
  if (!record.carePlans.some(isActiveCarePlanOf(ctx, 'individueel-zorgplan'))) missing.push('individueel-zorgplan');
  return { missing, dimensionsMissing, medicationNotes };
}
