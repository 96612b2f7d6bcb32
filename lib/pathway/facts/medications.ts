// Active medications (pathway.md: MedicationRequest active, MedicationStatement active/intended).
import type { RuleContext } from '../context';
import { memo } from '../context';
import type { MedicationRequest, MedicationStatement } from '../schemas/resources';
import type { PatientRecord } from '../schemas/record';
import { codings, label } from './codes';

export type MedicationResource = MedicationRequest | MedicationStatement;

const ACTIVE_STATEMENT = new Set(['active', 'intended']);

export function isActiveMedication(m: MedicationResource): boolean {
  return m.resourceType === 'MedicationRequest' ? m.status === 'active' : ACTIVE_STATEMENT.has(m.status);
}

/** The same drug recorded as a request and as a statement is one medication, not two. */
export function medicationIdentity(m: MedicationResource): string {
  const c = codings(m.medicationCodeableConcept)[0];
  if (c?.code) return `${c.system ?? ''}|${c.code}`;
  if (m.medicationCodeableConcept?.text) return `text|${m.medicationCodeableConcept.text.toLowerCase()}`;
  if (m.medicationReference?.reference) return `ref|${m.medicationReference.reference}`;
  return `${m.resourceType}/${m.id}`;
}

export function medicationLabel(m: MedicationResource): string {
  return label(m.medicationCodeableConcept) ?? m.medicationReference?.display ?? 'medicatie';
}

export function activeMedications(record: PatientRecord, ctx: RuleContext): MedicationResource[] {
  return memo(ctx, 'activeMeds', () => {
    const byId = new Map<string, MedicationResource>();
    for (const m of [...record.medicationRequests, ...record.medicationStatements]) {
      if (!isActiveMedication(m)) continue;
      const id = medicationIdentity(m);
      if (!byId.has(id)) byId.set(id, m);
    }
    return [...byId.values()];
  });
}
