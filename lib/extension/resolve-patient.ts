// From what the EHR page shows to the FHIR Patient: a FHIR id is taken as is; an identifier (BSN, a
// hospital number) is looked up with one search, Patient?identifier=system|value. Exactly one match
// counts; none or several means "unknown" (never guess which patient a screen shows).
import type { PanelPatientContext } from '../host/contract';
import { fhirFetch, readJson, type FhirConnection } from '../fhir/http';
import type { PagePatient } from '../ehr/types';
import { patientKey } from '../ehr/types';

export class PatientLookupError extends Error {
  constructor(readonly status: number) {
    super(`Patiënt zoeken mislukt (HTTP ${status})`);
    this.name = 'PatientLookupError';
  }
}

export function createPatientResolver(connection: () => FhirConnection) {
  // identifier → Patient id does not change within a session; a miss is not cached (the patient may be added)
  const found = new Map<string, string>();
  return {
    async resolve(p: PagePatient, signal?: AbortSignal): Promise<PanelPatientContext> {
      if (p.kind === 'fhir-id') return { kind: 'patient', patientId: p.id };
      const ehrIdentifier = { system: p.system, value: p.value };
      const key = patientKey(p)!;
      const hit = found.get(key);
      if (hit) return { kind: 'patient', patientId: hit, ehrIdentifier };
      const q = new URLSearchParams({ identifier: `${p.system}|${p.value}`, _elements: 'id', _count: '2' });
      const res = await fhirFetch(connection(), `Patient?${q}`, { signal });
      if (!res.ok) throw new PatientLookupError(res.status);
      const bundle = (await readJson(res)) as { entry?: { resource?: { resourceType?: string; id?: string } }[] } | undefined;
      const ids = (bundle?.entry ?? []).map((e) => e.resource).filter((r) => r?.resourceType === 'Patient' && r.id).map((r) => r!.id!);
      if (ids.length !== 1) return { kind: 'unknown', ehrIdentifier };
      found.set(key, ids[0]);
      return { kind: 'patient', patientId: ids[0], ehrIdentifier };
    },
    forget() {
      found.clear();
    },
  };
}
export type PatientResolver = ReturnType<typeof createPatientResolver>;
