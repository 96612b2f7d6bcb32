// The GP's and huisartsenpost's phone numbers (behandelwensen-unknown-at-seh) come from FHIR resources
// _included with the Patient, in the same single batch request per patient (lib/fhir/record-searches.ts).
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { DemoServer } from '../../demo/server';
import { GP_ID, HAP_ORG } from '../../demo/seed/people';
import { clearCapabilityCache } from '../../lib/fhir/capability';
import type { FhirJson } from '../../lib/fhir/gateway';
import { createFhirGateway } from '../../lib/fhir/load-record';
import { GP_INCLUDES, gpResourcesFor, recordSearches } from '../../lib/fhir/record-searches';
import { smartScopes } from '../../lib/fhir/smart-policy';
import { evaluatePatient } from '../../lib/pathway/evaluate';
import { gpContacts } from '../../lib/ui/gp';
import { startTestDemo } from '../demo/support';
import { BASE, memoryFhir } from './support/memory-fhir';

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
      gp: { name: 'dr. Jan Visser, huisarts (praktijk 023 555 0101, HAP 0900 555 1234)', phone: '023 555 0101' },
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
