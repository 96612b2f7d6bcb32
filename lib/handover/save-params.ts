// The outbox intent's params for "Opslaan in dossier" (action save-handover): the document Bundle, its
// DocumentReference and the earlier DocumentReference(s) it replaces, as one JSON string (intent
// params are strings so they survive IndexedDB and messaging unchanged).
import type { PatientRecord } from '../pathway/schemas/record';
import type { HandoverFhir } from './fhir';

export function saveHandoverParams(fhir: HandoverFhir, record: PatientRecord): Record<string, string> {
  const superseded = record.documentReferences.filter((d) => fhir.replaces.includes(`DocumentReference/${d.id}`));
  return { document: JSON.stringify({ bundle: fhir.bundle, documentReference: fhir.documentReference, superseded }) };
}
