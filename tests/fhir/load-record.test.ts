import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, test } from 'vitest';
import { clearCapabilityCache } from '../../lib/fhir/capability';
import { DEFAULT_PZ_SYSTEM as PZ } from '../../lib/fhir/codes';
import { FhirHttpError } from '../../lib/fhir/http';
import { FhirLoadError, createFhirGateway } from '../../lib/fhir/load-record';
import { syntheaPath } from '../support/fixtures';
import { BASE, memoryFhir, type MemoryFhir } from './support/memory-fhir';

beforeEach(() => clearCapabilityCache());

async function create(server: MemoryFhir, resource: Record<string, unknown>): Promise<string> {
  const created = await server.repo.createResource(resource as never);
  return (created as { id: string }).id;
}

async function seedPatient(server: MemoryFhir, family: string) {
  const id = await create(server, { resourceType: 'Patient', name: [{ family }], birthDate: '1940-01-01' });
  const subject = { reference: `Patient/${id}` };
  await server.seed([
    { resourceType: 'Condition', subject, code: { coding: [{ system: 'http://snomed.info/sct', code: '84114007' }] } },
    { resourceType: 'Observation', status: 'final', subject, code: { coding: [{ system: PZ, code: 'surprise-question' }] }, valueBoolean: false },
    // a vital sign: no rule reads it, the code filter must keep it out
    { resourceType: 'Observation', status: 'final', subject, code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] } },
    { resourceType: 'Consent', status: 'active', patient: subject, scope: { coding: [{ code: 'treatment' }] }, category: [{ coding: [{ code: '129125009' }] }] },
    { resourceType: 'Task', status: 'completed', intent: 'order', for: subject, code: { coding: [{ system: PZ, code: 'nazorg-contact' }] } },
    { resourceType: 'RelatedPerson', patient: subject, name: [{ text: 'Anna' }] },
    { resourceType: 'Procedure', status: 'completed', subject, code: { coding: [{ system: 'http://snomed.info/sct', code: '713603004' }] } },
    { resourceType: 'Procedure', status: 'completed', subject, code: { coding: [{ system: 'http://snomed.info/sct', code: '80146002' }] } }, // appendectomy: filtered out
  ]);
  return id;
}

const types = (rs: Array<{ resourceType: string }>) => rs.map((r) => r.resourceType).sort();

describe('loadPatientRecord against a server with batch', () => {
  test('loads the record the rules need in exactly one request, filtered to this patient and our codes', async () => {
    const server = memoryFhir();
    const id = await seedPatient(server, 'Jansen');
    await seedPatient(server, 'de Vries'); // another patient: must not leak in
    const gw = createFhirGateway({ serverUrl: BASE, fetch: server.fetch });
    const rec = await gw.loadPatientRecord(id);
    expect(rec.requests).toBe(1);
    expect(server.log).toEqual(['POST /']);
    expect(rec.patientId).toBe(id);
    expect(types(rec.resources)).toEqual(['Condition', 'Consent', 'Observation', 'Patient', 'Procedure', 'RelatedPerson', 'Task']);
    expect(rec.resources.find((r) => r.resourceType === 'Patient')!.id).toBe(id);
  });

  test('sends the bearer header from getAuthHeader on every request', async () => {
    const server = memoryFhir();
    const id = await seedPatient(server, 'Jansen');
    const seen: Array<string | null> = [];
    const gw = createFhirGateway({
      serverUrl: `${BASE}/`,
      fetch: (url, init) => {
        seen.push(new Headers(init?.headers).get('authorization'));
        return server.fetch(url, init);
      },
      getAuthHeader: async () => 'Bearer t0k3n',
    });
    await gw.loadPatientRecord(id);
    expect(seen).toEqual(['Bearer t0k3n']);
  });

  test('follows next links only when a search has more than one page', async () => {
    const server = memoryFhir();
    const id = await seedPatient(server, 'Jansen');
    for (let i = 0; i < 4; i++) await server.seed([{ resourceType: 'Condition', subject: { reference: `Patient/${id}` }, code: { text: `c${i}` } }]);
    const gw = createFhirGateway({ serverUrl: BASE, fetch: server.fetch, pageSize: 2 });
    const rec = await gw.loadPatientRecord(id);
    expect(rec.resources.filter((r) => r.resourceType === 'Condition')).toHaveLength(5);
    // 1 batch + 2 extra Condition pages (5 conditions, 2 per page); every other search fits in one page
    expect(rec.requests).toBe(3);
    expect(server.log.slice(1).every((l) => l.startsWith('GET /Condition'))).toBe(true);
  });

  test('an unknown patient is a clear 404, not an empty record', async () => {
    const server = memoryFhir();
    const gw = createFhirGateway({ serverUrl: BASE, fetch: server.fetch });
    const err = await gw.loadPatientRecord('bestaat-niet').catch((e) => e);
    expect(err).toBeInstanceOf(FhirHttpError);
    expect(err.status).toBe(404);
    expect(err.message).toMatch(/niet gevonden/);
  });

  test('a failing required search fails the load; a failing optional one becomes a warning', async () => {
    const server = memoryFhir();
    const id = await seedPatient(server, 'Jansen');
    const refuse = (type: string) => async (url: string, init?: RequestInit) => {
      const res = await server.fetch(url, init);
      const body = await res.json();
      // the batch answers in request order: replace the entry of `type` by a refusal
      const req = JSON.parse(String(init?.body));
      req.entry.forEach((entry: { request: { url: string } }, i: number) => {
        if (entry.request.url.startsWith(`${type}?`)) {
          body.entry[i] = { response: { status: '400 Bad Request', outcome: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-supported', diagnostics: `${type} search not supported` }] } } };
        }
      });
      return new Response(JSON.stringify(body), { status: 200 });
    };
    const optional = await createFhirGateway({ serverUrl: BASE, fetch: refuse('Flag') }).loadPatientRecord(id);
    expect(optional.warnings).toEqual(['Flag: Flag search not supported']);
    const err = await createFhirGateway({ serverUrl: BASE, fetch: refuse('Consent') }).loadPatientRecord(id).catch((e) => e);
    expect(err).toBeInstanceOf(FhirLoadError);
    expect(err.message).toMatch(/Consent/);
  });

  test('a record for another patient than asked is refused', async () => {
    const server = memoryFhir();
    const id = await seedPatient(server, 'Jansen');
    const other = await seedPatient(server, 'Bakker');
    const swap = (url: string, init?: RequestInit) => server.fetch(url, { ...init, body: String(init?.body).replaceAll(id, other) });
    await expect(createFhirGateway({ serverUrl: BASE, fetch: swap }).loadPatientRecord(id)).rejects.toThrow(FhirLoadError);
  });
});

describe('loadPatientRecord against a server without batch', () => {
  test('falls back to parallel GETs after one refused batch and remembers it per server', async () => {
    const server = memoryFhir({ batch: false });
    const id = await seedPatient(server, 'Jansen');
    const gw = createFhirGateway({ serverUrl: BASE, fetch: server.fetch });
    const first = await gw.loadPatientRecord(id);
    // refused batch + CapabilityStatement + 1 read + 18 searches
    expect(first.requests).toBe(21);
    expect(server.log.slice(0, 2)).toEqual(['POST /', 'GET /metadata']);
    const second = await gw.loadPatientRecord(id);
    expect(second.requests).toBe(19);
    expect(types(second.resources)).toEqual(types(first.resources));
    expect(types(first.resources)).toContain('Consent');
  });

  test('a server that lists batch but refuses this one is an error, not a silent fallback', async () => {
    const server = memoryFhir();
    const id = await seedPatient(server, 'Jansen');
    const fetch = (url: string, init?: RequestInit) =>
      init?.method === 'POST' ? Promise.resolve(new Response(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'too-costly', diagnostics: 'te groot' }] }), { status: 422 })) : server.fetch(url, init);
    await expect(createFhirGateway({ serverUrl: BASE, fetch }).loadPatientRecord(id)).rejects.toThrow('te groot');
  });

  test('401 is passed on as a session problem, never taken for "no batch"', async () => {
    const fetch = async () => new Response('{}', { status: 401 });
    const err = await createFhirGateway({ serverUrl: BASE, fetch }).loadPatientRecord('x').catch((e) => e);
    expect(err).toBeInstanceOf(FhirHttpError);
    expect(err.status).toBe(401);
  });
});

describe('a real Synthea record', () => {
  test('loads through the same path in one request, without the vital signs', async () => {
    const server = memoryFhir();
    const bundle = JSON.parse(readFileSync(syntheaPath('Ned_Hintz'), 'utf8'));
    const res = await server.fetch(`${BASE}/`, { method: 'POST', body: JSON.stringify(bundle) });
    expect(res.status).toBe(200);
    const patient = (await server.repo.search({ resourceType: 'Patient' })).entry![0].resource!;
    const rec = await createFhirGateway({ serverUrl: BASE, fetch: server.fetch }).loadPatientRecord(patient.id!);
    expect(rec.requests).toBe(1);
    const counts = Object.fromEntries(['Encounter', 'Condition', 'MedicationRequest', 'Observation'].map((t) => [t, rec.resources.filter((r) => r.resourceType === t).length]));
    expect(counts).toEqual({ Encounter: 6, Condition: 3, MedicationRequest: 2, Observation: 0 });
  });
});

describe('loadWard', () => {
  async function ward(server: MemoryFhir, n: number) {
    const location = await create(server, { resourceType: 'Location', name: 'Afdeling 5 Oost' });
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const id = await seedPatient(server, `P${i}`);
      ids.push(id);
      await server.seed([{ resourceType: 'Encounter', status: i % 2 ? 'in-progress' : 'arrived', class: { code: 'IMP' }, subject: { reference: `Patient/${id}` }, location: [{ location: { reference: `Location/${location}` } }] }]);
    }
    // discharged: not on the ward any more
    const gone = await seedPatient(server, 'Ontslagen');
    await server.seed([{ resourceType: 'Encounter', status: 'finished', class: { code: 'IMP' }, subject: { reference: `Patient/${gone}` }, location: [{ location: { reference: `Location/${location}` } }] }]);
    return { location, ids, gone };
  }

  test('30 patients: every record, split per patient, in 2 requests', async () => {
    const server = memoryFhir();
    const { location, ids, gone } = await ward(server, 30);
    const gw = createFhirGateway({ serverUrl: BASE, fetch: server.fetch });
    const result = await gw.loadWard({ location });
    expect(result.requests).toBe(2);
    expect(result.patients.map((p) => p.patientId).sort()).toEqual([...ids].sort());
    expect(result.patients.some((p) => p.patientId === gone)).toBe(false);
    for (const p of result.patients) {
      // each patient's own 7 types + its ward Encounter, nothing of anyone else
      expect(types(p.resources)).toEqual(['Condition', 'Consent', 'Encounter', 'Observation', 'Patient', 'Procedure', 'RelatedPerson', 'Task']);
      expect(p.resources.find((r) => r.resourceType === 'Patient')!.id).toBe(p.patientId);
    }
  });

  test('many patients go out as parallel batches: still two round trips', async () => {
    const server = memoryFhir();
    const { location, ids } = await ward(server, 45);
    let inFlight = 0;
    let maxInFlight = 0;
    const fetch = async (url: string, init?: RequestInit) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      try {
        return await server.fetch(url, init);
      } finally {
        inFlight--;
      }
    };
    const gw = createFhirGateway({ serverUrl: BASE, fetch, patientsPerSearch: 10, entriesPerBatch: 40 });
    const result = await gw.loadWard({ location });
    expect(result.patients).toHaveLength(ids.length);
    // 5 chunks x 19 searches = 95 entries -> 3 batch Bundles, all in flight together
    expect(result.requests).toBe(4);
    expect(maxInFlight).toBe(3);
  });

  test('a Group lists the patients', async () => {
    const server = memoryFhir();
    const a = await seedPatient(server, 'A');
    const b = await seedPatient(server, 'B');
    const group = await create(server, { resourceType: 'Group', type: 'person', actual: true, member: [{ entity: { reference: `Patient/${a}` } }, { entity: { reference: `Patient/${b}` }, inactive: true }] });
    const result = await createFhirGateway({ serverUrl: BASE, fetch: server.fetch }).loadWard({ group });
    expect(result.patients.map((p) => p.patientId)).toEqual([a]);
    expect(result.requests).toBe(2);
  });
});

describe('searchPractitioners', () => {
  test('finds practitioners and organisations by name in one request', async () => {
    const server = memoryFhir();
    await server.seed([
      { resourceType: 'Practitioner', name: [{ given: ['Els'], family: 'de Huisarts' }], qualification: [{ code: { text: 'huisarts' } }] },
      { resourceType: 'Organization', name: 'Thuiszorg de Huisartsenpost', type: [{ text: 'thuiszorg' }] },
      { resourceType: 'Practitioner', name: [{ family: 'Pietersen' }] },
    ]);
    const gw = createFhirGateway({ serverUrl: BASE, fetch: server.fetch });
    const found = await gw.searchPractitioners('huisarts');
    expect(found.map((f) => [f.display, f.description])).toEqual([
      ['Els de Huisarts', 'huisarts'],
      ['Thuiszorg de Huisartsenpost', 'thuiszorg'],
    ]);
    expect(found[0].reference).toMatch(/^Practitioner\//);
    expect(await gw.searchPractitioners(' ')).toEqual([]);
  });
});
