// Ward worklist: the records of every patient at a ward location, loaded through the real gateway over
// HTTP from the demo FHIR server with injected latency. Each patient carries an active inpatient
// encounter at the ward and a serious illness, so the rules have something to say.
import { startDemo } from '../demo/server';
import { createFhirGateway } from '../lib/fhir/load-record';
import { smartScopes } from '../lib/fhir/smart-policy';

export interface WardReport {
  patients: number;
  ms: number;
  requests: number;
}

export async function measureWard(size: number, latencyMs: number): Promise<WardReport> {
  const demo = await startDemo({ port: 0, seed: false, fixturesDir: false, buildSmart: false });
  try {
    demo.repo.validate = false; // bulk-loading a known-good shape; validation is tested elsewhere
    const location = `ward-${size}`;
    await demo.repo.updateResource({ resourceType: 'Location', id: location, name: `Afdeling van ${size}` } as never);
    for (let i = 0; i < size; i++) {
      const id = `bench-${size}-${i}`;
      const subject = { reference: `Patient/${id}` };
      await demo.repo.updateResource({ resourceType: 'Patient', id, name: [{ family: `Patiënt ${i}` }], birthDate: '1940-05-01' } as never);
      await demo.repo.updateResource({
        resourceType: 'Encounter',
        id: `enc-${id}`,
        status: 'in-progress',
        class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
        subject,
        location: [{ location: { reference: `Location/${location}` } }],
      } as never);
      await demo.repo.updateResource({
        resourceType: 'Condition',
        id: `cond-${id}`,
        subject,
        clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
        code: { coding: [{ system: 'http://snomed.info/sct', code: '84114007' }] },
      } as never);
    }
    const bearer = `Bearer ${demo.issueToken(smartScopes('user').split(' '), {})}`;
    const gateway = createFhirGateway({ serverUrl: demo.fhirBase, fetch: (u, i) => fetch(u, i), getAuthHeader: async () => bearer });
    await gateway.loadWard({ location }); // warm: connection, JIT, the server's first-search costs
    demo.setLatency(latencyMs);
    const t = performance.now();
    const ward = await gateway.loadWard({ location });
    const ms = performance.now() - t;
    if (ward.patients.length !== size) throw new Error(`ward of ${size}: loaded ${ward.patients.length} patients`);
    return { patients: size, ms, requests: ward.requests };
  } finally {
    await demo.close();
  }
}
