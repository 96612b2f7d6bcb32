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

// The selections below decide whether an item is present; lib/handover/items.ts lists what they
// select, so the document and the handover-gaps prompt can never disagree.

/** Active or accepted Goals coded as a treatment goal (curative or palliative). */
export function treatmentGoals(record: PatientRecord): PatientRecord['goals'] {
  return record.goals.filter((g) => ACTIVE_GOAL.has(g.lifecycleStatus) && hasSnomed(g.description, TREATMENT_GOAL_SNOMED));
}

/** Active CarePlans of one pz category (vervolgbeleid, individueel-zorgplan). */
export function activeCarePlans(record: PatientRecord, ctx: RuleContext, code: string): PatientRecord['carePlans'] {
  return record.carePlans.filter((c) => c.status === 'active' && hasPz(ctx, c.category, code));
}

/** The date an MDO/PaTz DocumentReference counts from: its date, else its context period. */
export const mdoDocumentDate = (d: PatientRecord['documentReferences'][number]) => d.date ?? d.context?.period?.end ?? d.context?.period?.start;

/** MDO or PaTz reports within mdoVerslagDays: current DocumentReferences and Compositions not entered in error. */
export function recentMdoReports(record: PatientRecord, ctx: RuleContext): { documents: PatientRecord['documentReferences']; compositions: PatientRecord['compositions'] } {
  const days = ctx.config.windows.mdoVerslagDays;
  return {
    documents: record.documentReferences.filter(
      (d) => d.status === 'current' && hasPz(ctx, d.type, ['mdo-verslag', 'patz-verslag']) && withinLastDays(ctx, dayOf(mdoDocumentDate(d), ctx.tz), days),
    ),
    compositions: record.compositions.filter(
      (c) => c.status !== 'entered-in-error' && hasPz(ctx, c.type, ['mdo-verslag', 'patz-verslag']) && withinLastDays(ctx, dayOf(c.date, ctx.tz), days),
    ),
  };
}

/** Active Conditions recorded under one of the four dimensions. */
export function dimensionConditions(record: PatientRecord, ctx: RuleContext, dimension: string): PatientRecord['conditions'] {
  return record.conditions.filter((c) => isActiveCondition(c, ctx) && hasPz(ctx, c.category, dimension));
}

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
  if (treatmentGoals(record).length === 0) missing.push('behandeldoel');
  if (!hasBehandelwensen(record, ctx)) missing.push('behandelwensen');

  const medicationNotes = medicationGaps(record, ctx, encounter);
  if (activeMedications(record, ctx).length === 0 || medicationNotes.length) missing.push('medicatieoverzicht');

  const mdo = recentMdoReports(record, ctx);
  if (mdo.documents.length === 0 && mdo.compositions.length === 0) missing.push('mdo-verslag');

  if (centralCaregivers(record, ctx).length === 0) missing.push('centrale-zorgverlener');
  if (!hasPractitionerParticipant(record, ctx) && !(record.patientResource?.generalPractitioner?.length ?? 0)) missing.push('betrokken-zorgverleners');
  if (activeCarePlans(record, ctx, 'vervolgbeleid').length === 0) missing.push('vervolgbeleid');

  const recorded = new Set(DIMENSION_CODES.filter((d) => dimensionConditions(record, ctx, d).length > 0));
  const dimensionsMissing = DIMENSION_CODES.filter((d) => !recorded.has(d)).map((d) => DIMENSION_LABELS[d]);
  if (recorded.size === 0) missing.push('problemen-4-dimensies');
  if (activeCarePlans(record, ctx, 'individueel-zorgplan').length === 0) missing.push('individueel-zorgplan');
  return { missing, dimensionsMissing, medicationNotes };
}
