// The GP's and huisartsenpost's phone numbers (behandelwensen-unknown-at-seh) come from FHIR resources
// _included with the Patient, in the same single batch request per patient (lib/fhir/record-searches.ts).
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { DemoServer } from '../../demo/server';
import { GP_ID, HAP_ORG } from '../../demo/seed/people';
import { clearCapabilityCache } from '../../lib/fhir/capability';
import type { FhirJson } from '../../lib/fhir/gateway';
import { DEFAULT_PZ_SYSTEM } from '../../lib/fhir/codes';
import { FhirHttpError } from '../../lib/fhir/http';
import { FhirLoadError, createFhirGateway } from '../../lib/fhir/load-record';
import { GP_INCLUDES, GP_TYPES, gpResourcesFor, recordSearches } from '../../lib/fhir/record-searches';
import { smartScopes } from '../../lib/fhir/smart-policy';
import { evaluatePatient } from '../../lib/pathway/evaluate';
import { gpContacts } from '../../lib/ui/gp';
import { startTestDemo } from '../demo/support';
import { BASE, memoryFhir, type MemoryFhir } from './support/memory-fhir';

beforeEach(() => clearCapabilityCache());

const key = (r: FhirJson) => `${r.resourceType}/${r.id}`;
const patientOf = (resources: FhirJson[]) => resources.find((r) => r.resourceType === 'Patient')!;

describe('recordSearches', () => {
  const opts = { pzSystem: 'urn:pz', pageSize: 500 };
  test('one patient: the Patient is a search that _includes the GP (and a PractitionerRole’s practice and person)', () => {
    const [patient, ...rest] = recordSearches(['p 1'], opts);
    expect(patient).toEqual({
      resourceType: 'Patient',
      url: 'Patient?_id=p%201&_include=Patient:general-practitioner&_include:iterate=PractitionerRole:organization&_include:iterate=PractitionerRole:practitioner&_count=500',
      optional: false,
    });
    expect(rest.some((s) => s.resourceType === 'Patient')).toBe(false);
  });
  test('a ward: the same includes with _id=a,b', () => {
    const [patient] = recordSearches(['a', 'b'], opts);
    expect(patient.url).toBe(`Patient?_id=a,b&${GP_INCLUDES}&_count=500`);
  });
  test('gpResourcesFor keeps only what this patient’s generalPractitioner reaches', () => {
    const patient = { resourceType: 'Patient', id: 'p', generalPractitioner: [{ reference: 'PractitionerRole/r' }, { reference: 'Organization/hap' }] };
    const found = gpResourcesFor(patient, [
      { resourceType: 'PractitionerRole', id: 'r', organization: { reference: 'Organization/praktijk' }, practitioner: { reference: 'Practitioner/gp' } },
      { resourceType: 'Organization', id: 'praktijk' },
      { resourceType: 'Practitioner', id: 'gp' },
      { resourceType: 'Organization', id: 'hap' },
      { resourceType: 'Practitioner', id: 'someone-elses-gp' },
      { resourceType: 'Condition', id: 'x' },
    ]);
    expect(found.map(key)).toEqual(['PractitionerRole/r', 'Organization/praktijk', 'Practitioner/gp', 'Organization/hap']);
  });
});

describe('against the demo server (which supports _include)', () => {
  let demo: DemoServer;
  beforeAll(async () => {
    demo = await startTestDemo();
  });
  afterAll(() => demo?.close());

  const gatewayFor = (token: string) =>
    createFhirGateway({ serverUrl: demo.fhirBase, fetch: (u, i) => fetch(u, i), getAuthHeader: async () => `Bearer ${token}` });

  test('the extension (user scopes): GP and huisartsenpost with their phones, still one request', async () => {
    const gw = gatewayFor(demo.issueToken(smartScopes('user')));
    await gw.loadPatientRecord('pz-kees-meijer'); // warm the batch-support cache like a real session
    demo.resetRequestCount();
    const rec = await gw.loadPatientRecord('pz-kees-meijer');
    expect(rec.requests).toBe(1);
    expect(demo.requestCount()).toBe(1);
    const gp = rec.resources.find((r) => key(r) === `Practitioner/${GP_ID}`);
    const hap = rec.resources.find((r) => key(r) === `Organization/${HAP_ORG}`);
    expect(gp?.telecom).toEqual(expect.arrayContaining([expect.objectContaining({ system: 'phone', value: '023 555 0101' })]));
    expect(hap?.telecom).toEqual([expect.objectContaining({ system: 'phone', value: '0900 555 1234' })]);
    // nothing besides this patient's own resources and its GP/HAP
    expect(rec.resources.filter((r) => ['Practitioner', 'PractitionerRole', 'Organization'].includes(r.resourceType)).map(key)).toEqual([`Practitioner/${GP_ID}`, `Organization/${HAP_ORG}`]);
    expect(gpContacts(rec.resources, patientOf(rec.resources))).toEqual({
      gp: { name: 'dr. Jan Visser, huisarts', phone: '023 555 0101' },
      hap: { name: 'Huisartsenpost Kennemerland (avond, nacht, weekend)', phone: '0900 555 1234' },
    });
    // the engine takes the included resources without errors and still finds the SEH prompt
    const result = evaluatePatient(rec.resources, { now: new Date('2024-06-15T10:00:00+02:00'), role: 'seh-arts', patient: 'Patient/pz-kees-meijer' });
    expect(result.errors).toEqual([]);
    expect(result.prompts.map((p) => p.code)).toContain('behandelwensen-unknown-at-seh');
  });

  test('an EHR launch (patient scopes + user/Practitioner.rs, user/Organization.rs) gets the same numbers', async () => {
    const gw = gatewayFor(demo.issueToken(smartScopes('ehr'), { patient: 'pz-kees-meijer' }));
    const rec = await gw.loadPatientRecord('pz-kees-meijer');
    expect(rec.requests).toBe(1);
    const c = gpContacts(rec.resources, patientOf(rec.resources));
    expect([c.gp?.phone, c.hap?.phone]).toEqual(['023 555 0101', '0900 555 1234']);
  });

  test('a ward: each patient gets its own GP resources, still two requests', async () => {
    const gw = gatewayFor(demo.issueToken(smartScopes('user')));
    const ward = await gw.loadWard({ location: 'loc-seh' });
    expect(ward.requests).toBe(2);
    const kees = ward.patients.find((p) => p.patientId === 'pz-kees-meijer')!;
    expect(kees).toBeDefined();
    const c = gpContacts(kees.resources, patientOf(kees.resources));
    expect([c.gp?.phone, c.hap?.phone]).toEqual(['023 555 0101', '0900 555 1234']);
    for (const p of ward.patients) {
      expect(p.resources.filter((r) => r.resourceType === 'Patient').map((r) => r.id)).toEqual([p.patientId]);
    }
  });
});

describe('a server that ignores _include', () => {
  test('Medplum’s plain repository: the record loads as before, no phone numbers, no warnings', async () => {
    const server = memoryFhir();
    await server.seed([
      { resourceType: 'Practitioner', id: 'gp', name: [{ text: 'dr. Bakker' }], telecom: [{ system: 'phone', value: '010 111 2222' }] },
      { resourceType: 'Organization', id: 'hap', name: 'Huisartsenpost Rijnmond', telecom: [{ system: 'phone', value: '0900 111 2222' }] },
    ]);
    const patient = (await server.repo.createResource({
      resourceType: 'Patient',
      name: [{ family: 'Bakker' }],
      generalPractitioner: [{ reference: 'Practitioner/gp', display: 'dr. Bakker' }, { reference: 'Organization/hap' }],
    } as never)) as { id: string };
    const rec = await createFhirGateway({ serverUrl: BASE, fetch: server.fetch }).loadPatientRecord(patient.id);
    expect(rec.requests).toBe(1);
    expect(rec.warnings).toBeUndefined();
    expect(rec.resources.map((r) => r.resourceType)).toEqual(['Patient']);
    expect(gpContacts(rec.resources, patientOf(rec.resources))).toEqual({ gp: { name: 'dr. Bakker', phone: undefined }, hap: undefined });
  });

  test('a stub answering every search with the Patient alone or nothing', async () => {
    const patient = { resourceType: 'Patient', id: 'p1', generalPractitioner: [{ reference: 'Practitioner/gp' }] };
    const fetchStub = async (_url: string, init?: RequestInit) => {
      const req = JSON.parse(String(init?.body)) as { entry: Array<{ request: { url: string } }> };
      const entry = req.entry.map((e) => ({
        response: { status: '200 OK' },
        resource: { resourceType: 'Bundle', type: 'searchset', total: e.request.url.startsWith('Patient?') ? 1 : 0, entry: e.request.url.startsWith('Patient?') ? [{ resource: patient }] : [] },
      }));
      return new Response(JSON.stringify({ resourceType: 'Bundle', type: 'batch-response', entry }), { status: 200 });
    };
    const rec = await createFhirGateway({ serverUrl: BASE, fetch: fetchStub }).loadPatientRecord('p1');
    expect(rec.requests).toBe(1);
    expect(rec.resources).toEqual([patient]);
    expect(gpContacts(rec.resources, patient)).toEqual({ gp: { name: undefined, phone: undefined }, hap: undefined });
  });

  test('an unknown patient (empty searchset) is still a 404 "niet gevonden"', async () => {
    const server = memoryFhir();
    const err = await createFhirGateway({ serverUrl: BASE, fetch: server.fetch }).loadPatientRecord('bestaat-niet').catch((e) => e);
    expect(err.status).toBe(404);
    expect(err.message).toMatch(/niet gevonden/);
  });
});

describe('a malformed included resource', () => {
  test('is reported and skipped; the patient’s prompts are still there', async () => {
    const now = new Date('2024-06-15T10:00:00+02:00');
    const demo = await startTestDemo();
    try {
      const token = demo.issueToken(smartScopes('user'));
      const gw = createFhirGateway({ serverUrl: demo.fhirBase, fetch: (u, i) => fetch(u, i), getAuthHeader: async () => `Bearer ${token}` });
      const good = await gw.loadPatientRecord('pz-kees-meijer');
      const bad = good.resources.map((r) => (key(r) === `Organization/${HAP_ORG}` ? { ...r, name: 42 } : r));
      const before = evaluatePatient(good.resources, { now, role: 'seh-arts', patient: 'Patient/pz-kees-meijer' });
      const after = evaluatePatient(bad, { now, role: 'seh-arts', patient: 'Patient/pz-kees-meijer' });
      expect(after.errors).toEqual([expect.objectContaining({ resourceType: 'Organization', id: HAP_ORG, field: 'name' })]);
      expect(after.prompts.map((p) => p.code)).toEqual(before.prompts.map((p) => p.code));
      expect(after.prompts.map((p) => p.code)).toContain('behandelwensen-unknown-at-seh');
    } finally {
      await demo.close();
    }
  });
});

/** Answers the Patient entries of a batch (or a Patient GET) that carry `_include` with `status`, like a server that does not do it. */
function refusingInclude(server: MemoryFhir, status: number) {
  const refusal = (diagnostics: string) => ({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: status === 403 ? 'forbidden' : 'not-supported', diagnostics }] });
  const statusText = status === 403 ? '403 Forbidden' : `${status} Bad Request`;
  return async (url: string, init?: RequestInit): Promise<Response> => {
    const path = url.slice(BASE.length);
    if ((init?.method ?? 'GET') === 'GET' && path.startsWith('/Patient?') && path.includes('_include')) {
      return new Response(JSON.stringify(refusal('unsupported _include')), { status });
    }
    const res = await server.fetch(url, init);
    if (init?.method !== 'POST' || !res.ok) return res;
    const body = await res.json();
    const req = JSON.parse(String(init.body)) as { entry: Array<{ request: { url: string } }> };
    req.entry.forEach((e, i) => {
      if (e.request.url.startsWith('Patient?') && e.request.url.includes('_include')) {
        body.entry[i] = { response: { status: statusText, outcome: refusal('unsupported _include') } };
      }
    });
    return new Response(JSON.stringify(body), { status: res.status });
  };
}

async function seedWithGp(server: MemoryFhir, family: string, gp?: { id: string; phone: string }): Promise<string> {
  if (gp) await server.seed([{ resourceType: 'Practitioner', id: gp.id, name: [{ text: `dr. ${gp.id}` }], telecom: [{ system: 'phone', value: gp.phone }] }]);
  const { id } = (await server.repo.createResource({
    resourceType: 'Patient',
    name: [{ family }],
    birthDate: '1940-01-01',
    ...(gp ? { generalPractitioner: [{ reference: `Practitioner/${gp.id}` }] } : {}),
  } as never)) as { id: string };
  const subject = { reference: `Patient/${id}` };
  await server.seed([
    { resourceType: 'Condition', subject, clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] }, code: { coding: [{ system: 'http://snomed.info/sct', code: '363346000' }] } },
    { resourceType: 'Observation', status: 'final', subject, effectiveDateTime: '2024-06-01', code: { coding: [{ system: DEFAULT_PZ_SYSTEM, code: 'surprise-question' }] }, valueBoolean: false },
  ]);
  return id;
}

const gpKeys = (resources: FhirJson[]) => resources.filter((r) => GP_TYPES.has(r.resourceType)).map(key).sort();

describe('a server that refuses _include (4xx on the Patient search)', () => {
  const now = new Date('2024-06-15T10:00:00+02:00');

  test('400: one plain Patient read more, the record loads without GP resources, prompts unchanged', async () => {
    const server = memoryFhir();
    const id = await seedWithGp(server, 'Bakker', { id: 'gp-b', phone: '010 111 2222' });
    // the reference: the same server, accepting (and ignoring) the _include
    const plain = await createFhirGateway({ serverUrl: BASE, fetch: server.fetch }).loadPatientRecord(id);
    server.log.length = 0;
    const rec = await createFhirGateway({ serverUrl: BASE, fetch: refusingInclude(server, 400) }).loadPatientRecord(id);
    expect(rec.requests).toBe(2);
    expect(server.log).toEqual(['POST /', `GET /Patient/${id}`]);
    expect(rec.warnings).toBeUndefined();
    expect(gpKeys(rec.resources)).toEqual([]);
    expect(rec.resources.filter((r) => r.resourceType === 'Patient').map((r) => r.id)).toEqual([id]);
    expect(rec.resources.map(key).sort()).toEqual(plain.resources.map(key).sort());
    const before = evaluatePatient(plain.resources, { now, role: 'specialist', patient: `Patient/${id}` });
    const after = evaluatePatient(rec.resources, { now, role: 'specialist', patient: `Patient/${id}` });
    expect(after.errors).toEqual([]);
    expect(before.prompts.length).toBeGreaterThan(0);
    expect(after.prompts.map((p) => p.key)).toEqual(before.prompts.map((p) => p.key));
  });

  test('400 on a server without batch: the same retry after the GETs', async () => {
    const server = memoryFhir({ batch: false });
    const id = await seedWithGp(server, 'Bakker', { id: 'gp-b', phone: '010 111 2222' });
    const rec = await createFhirGateway({ serverUrl: BASE, fetch: refusingInclude(server, 400) }).loadPatientRecord(id);
    // refused batch + CapabilityStatement + 19 searches (the Patient one refused) + the plain read
    expect(rec.requests).toBe(22);
    expect(server.log.at(-1)).toBe(`GET /Patient/${id}`);
    expect(rec.resources.filter((r) => r.resourceType === 'Patient').map((r) => r.id)).toEqual([id]);
    expect(gpKeys(rec.resources)).toEqual([]);
  });

  test('the retried read still refuses another patient than asked', async () => {
    const server = memoryFhir();
    const id = await seedWithGp(server, 'Bakker');
    const other = await seedWithGp(server, 'Jansen');
    const refusing = refusingInclude(server, 400);
    const swapRead = (url: string, init?: RequestInit) => refusing(url.endsWith(`/Patient/${id}`) ? `${BASE}/Patient/${other}` : url, init);
    const err = await createFhirGateway({ serverUrl: BASE, fetch: swapRead }).loadPatientRecord(id).catch((e) => e);
    expect(err).toBeInstanceOf(FhirLoadError);
  });

  test('an unknown patient is still a 404 "niet gevonden" after the retry', async () => {
    const server = memoryFhir();
    const err = await createFhirGateway({ serverUrl: BASE, fetch: refusingInclude(server, 400) }).loadPatientRecord('bestaat-niet').catch((e) => e);
    expect(err).toBeInstanceOf(FhirHttpError);
    expect(err.status).toBe(404);
    expect(err.message).toMatch(/niet gevonden/);
    expect(server.log).toEqual(['POST /', 'GET /Patient/bestaat-niet']);
  });

  test('403 on the Patient search still fails the load, without a retry', async () => {
    const server = memoryFhir();
    const id = await seedWithGp(server, 'Bakker', { id: 'gp-b', phone: '010 111 2222' });
    const err = await createFhirGateway({ serverUrl: BASE, fetch: refusingInclude(server, 403) }).loadPatientRecord(id).catch((e) => e);
    expect(err).toBeInstanceOf(FhirHttpError);
    expect(err.status).toBe(403);
    expect(server.log).toEqual(['POST /']);
  });

  test('a ward: the refused Patient searches go again without _include, one request more', async () => {
    const server = memoryFhir();
    const location = ((await server.repo.createResource({ resourceType: 'Location', name: 'B3' } as never)) as { id: string }).id;
    const ids: string[] = [];
    for (const [i, family] of ['A', 'B', 'C'].entries()) {
      const id = await seedWithGp(server, family, i < 2 ? { id: `gp-${family}`, phone: `010 000 000${i}` } : undefined);
      ids.push(id);
      await server.seed([{ resourceType: 'Encounter', status: 'in-progress', class: { code: 'IMP' }, subject: { reference: `Patient/${id}` }, location: [{ location: { reference: `Location/${location}` } }] }]);
    }
    // two Patient searches (2 + 1 patients): both refused, both retried in the one extra batch
    const gw = createFhirGateway({ serverUrl: BASE, fetch: refusingInclude(server, 400), patientsPerSearch: 2 });
    const ward = await gw.loadWard({ location });
    // the ward's Encounter search, the records' batch, the retry's batch
    expect(ward.requests).toBe(3);
    expect(server.log).toEqual(['POST /', 'POST /', 'POST /']);
    expect(ward.patients.map((p) => p.patientId).sort()).toEqual([...ids].sort());
    for (const p of ward.patients) {
      expect(p.resources.filter((r) => r.resourceType === 'Patient').map((r) => r.id)).toEqual([p.patientId]);
      expect(gpKeys(p.resources)).toEqual([]);
      expect(p.warnings).toBeUndefined();
    }

    const err = await createFhirGateway({ serverUrl: BASE, fetch: refusingInclude(server, 403) }).loadWard({ location }).catch((e) => e);
    expect(err).toBeInstanceOf(FhirLoadError);
    expect(err.failures.map((f: { status: number }) => f.status)).toEqual([403]);
  });
});

/** A server that does `_include` the GP: memoryFhir's Patient searchset plus what generalPractitioner (and a PractitionerRole) points at. */
function includingGp(server: MemoryFhir) {
  return async (url: string, init?: RequestInit): Promise<Response> => {
    const res = await server.fetch(url, init);
    if (init?.method !== 'POST' || !res.ok) return res;
    const body = await res.json();
    const req = JSON.parse(String(init.body)) as { entry: Array<{ request: { url: string } }> };
    for (const [i, e] of req.entry.entries()) {
      if (!e.request.url.startsWith('Patient?') || !e.request.url.includes(GP_INCLUDES)) continue;
      const bundle = body.entry[i].resource as { entry?: Array<{ resource: FhirJson; search?: { mode: string } }> };
      const included = new Map<string, FhirJson>();
      const add = async (ref: { reference?: string } | undefined) => {
        const [type, id] = (ref?.reference ?? '').split('/');
        if (!type || !id || included.has(`${type}/${id}`)) return;
        const r = (await server.repo.readResource(type as never, id)) as unknown as FhirJson;
        included.set(`${type}/${id}`, r);
        if (type === 'PractitionerRole') {
          await add(r.organization as { reference?: string });
          await add(r.practitioner as { reference?: string });
        }
      };
      for (const m of bundle.entry ?? []) for (const gp of (m.resource.generalPractitioner as Array<{ reference?: string }> | undefined) ?? []) await add(gp);
      bundle.entry = [...(bundle.entry ?? []), ...[...included.values()].map((resource) => ({ resource, search: { mode: 'include' } }))];
    }
    return new Response(JSON.stringify(body), { status: res.status });
  };
}

describe('a ward whose patients have different GPs', () => {
  test('each patient gets only the GP resources its own generalPractitioner points at; one without a GP gets none', async () => {
    const server = memoryFhir();
    await server.seed([
      { resourceType: 'Practitioner', id: 'gp-a', name: [{ text: 'dr. A' }], telecom: [{ system: 'phone', value: '010 111 1111' }] },
      { resourceType: 'Practitioner', id: 'gp-b', name: [{ text: 'dr. B' }], telecom: [{ system: 'phone', value: '020 222 2222' }] },
      { resourceType: 'Organization', id: 'praktijk-b', name: 'Praktijk B', telecom: [{ system: 'phone', value: '020 222 0000' }] },
      { resourceType: 'PractitionerRole', id: 'role-b', practitioner: { reference: 'Practitioner/gp-b' }, organization: { reference: 'Organization/praktijk-b' } },
      { resourceType: 'Organization', id: 'hap-b', name: 'HAP B', telecom: [{ system: 'phone', value: '0900 222 2222' }] },
    ]);
    const location = ((await server.repo.createResource({ resourceType: 'Location', name: 'B3' } as never)) as { id: string }).id;
    const make = async (family: string, gps: string[]) => {
      const { id } = (await server.repo.createResource({ resourceType: 'Patient', name: [{ family }], ...(gps.length ? { generalPractitioner: gps.map((reference) => ({ reference })) } : {}) } as never)) as { id: string };
      await server.seed([{ resourceType: 'Encounter', status: 'in-progress', class: { code: 'IMP' }, subject: { reference: `Patient/${id}` }, location: [{ location: { reference: `Location/${location}` } }] }]);
      return id;
    };
    const a = await make('A', ['Practitioner/gp-a']);
    const b = await make('B', ['PractitionerRole/role-b', 'Organization/hap-b']);
    const c = await make('C', []);

    const ward = await createFhirGateway({ serverUrl: BASE, fetch: includingGp(server) }).loadWard({ location });
    expect(ward.requests).toBe(2);
    const of = (id: string) => ward.patients.find((p) => p.patientId === id)!.resources;
    // the one Patient search included all of them
    expect(gpKeys(of(a))).toEqual(['Practitioner/gp-a']);
    expect(gpKeys(of(b))).toEqual(['Organization/hap-b', 'Organization/praktijk-b', 'Practitioner/gp-b', 'PractitionerRole/role-b']);
    expect(gpKeys(of(c))).toEqual([]);
    expect(gpContacts(of(a), patientOf(of(a))).gp?.phone).toBe('010 111 1111');
    expect([gpContacts(of(b), patientOf(of(b))).gp?.phone, gpContacts(of(b), patientOf(of(b))).hap?.phone]).toEqual([expect.stringMatching(/^020 222/), '0900 222 2222']);
    expect(gpContacts(of(c), patientOf(of(c)))).toEqual({ gp: undefined, hap: undefined });

    // the same split when the patients are in different Patient searches
    const split = await createFhirGateway({ serverUrl: BASE, fetch: includingGp(server), patientsPerSearch: 1 }).loadWard({ location });
    for (const p of split.patients) expect(gpKeys(p.resources)).toEqual(gpKeys(of(p.patientId)));
  });
});
