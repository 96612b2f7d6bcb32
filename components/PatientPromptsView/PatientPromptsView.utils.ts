import type { FhirJson } from '../../lib/fhir/gateway';
import type { NazorgStep, Prompt } from '../../lib/pathway/types';
import { arr, findPatient, str } from '../../lib/ui/fhir-read';

export type RecordMatch = { kind: 'ok'; patient: FhirJson } | { kind: 'unknown' } | { kind: 'mismatch' };

/**
 * Does the loaded record belong to the patient the host asked for, and (when the EHR page told us an
 * identifier such as the BSN) to the patient shown in the EHR? Anything else: show no prompts.
 */
export function matchRecord(resources: readonly FhirJson[], patientId: string, ehrIdentifier?: { system?: string; value: string }): RecordMatch {
  const patient = findPatient(resources, patientId);
  if (!patient) return { kind: 'unknown' };
  if (ehrIdentifier) {
    const ids = arr(patient.identifier);
    const same = ids.some((i) => str(i.value) === ehrIdentifier.value && (!ehrIdentifier.system || !i.system || i.system === ehrIdentifier.system));
    if (!same) return { kind: 'mismatch' };
  }
  return { kind: 'ok', patient };
}

/** The nazorg timeline travels on every nazorg prompt; take it from the first that has one. */
export function nazorgSteps(prompts: readonly Prompt[]): NazorgStep[] | undefined {
  return prompts.find((p) => p.nazorg && p.nazorg.length > 0)?.nazorg;
}
