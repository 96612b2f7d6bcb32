// _include / _include:iterate on the demo FHIR server (demo/fhir/repository.ts): Medplum's in-memory
// repository ignores them, the demo adds them so the app gets the GP and huisartsenpost with the Patient.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoServer } from '../../demo/server';
import { GP_ID, GP_PRACTICE_ORG, HAP_ORG } from '../../demo/seed/people';
import { smartScopes } from '../../lib/fhir/smart-policy';
import { fhir, startTestDemo } from './support';

let demo: DemoServer;
let token: string;
beforeAll(async () => {
  demo = await startTestDemo();
  token = demo.issueToken('user/*.cruds');
});
afterAll(() => demo?.close());

type Entry = { resource: { resourceType: string; id: string; telecom?: Array<{ value: string }> }; search?: { mode?: string }; fullUrl?: string };
const summary = (entries: Entry[] | undefined) => (entries ?? []).map((e) => `${e.search?.mode}:${e.resource.resourceType}/${e.resource.id}`);

describe('_include on a Patient search', () => {
  it('without _include: the Patient alone, as before', async () => {
    const r = await fhir(demo, 'Patient?_id=pz-kees-meijer', { token });
    expect(r.status).toBe(200);
    expect(r.json.entry.map((e: Entry) => `${e.resource.resourceType}/${e.resource.id}`)).toEqual(['Patient/pz-kees-meijer']);
  });

  it('Patient:general-practitioner brings the GP and the huisartsenpost, marked include; total counts matches only', async () => {
    const r = await fhir(demo, 'Patient?_id=pz-kees-meijer&_include=Patient:general-practitioner', { token });
    expect(r.status).toBe(200);
    expect(summary(r.json.entry)).toEqual(['match:Patient/pz-kees-meijer', `include:Practitioner/${GP_ID}`, `include:Organization/${HAP_ORG}`]);
    expect(r.json.total).toBe(1);
    const hap = (r.json.entry as Entry[]).find((e) => e.resource.id === HAP_ORG)!;
    expect(hap.resource.telecom?.[0].value).toBe('0900 555 1234');
    expect(hap.fullUrl).toBe(`${demo.fhirBase}/Organization/${HAP_ORG}`);
    // one page: included entries are not taken for matches when the next link is computed
    expect(r.json.link.map((l: { relation: string }) => l.relation)).toEqual(['self']);
  });

  it('several patients share one GP: included once', async () => {
    const r = await fhir(demo, 'Patient?_id=pz-kees-meijer,pz-henk-jansen&_include=Patient:general-practitioner', { token });
    expect(summary(r.json.entry).filter((s) => s.startsWith('match:')).sort()).toEqual(['match:Patient/pz-henk-jansen', 'match:Patient/pz-kees-meijer']);
    expect(summary(r.json.entry).filter((s) => s.startsWith('include:'))).toEqual([`include:Practitioner/${GP_ID}`, `include:Organization/${HAP_ORG}`]);
  });

  it('_include:iterate follows a PractitionerRole to its practice; a plain _include does not', async () => {
    const created = await fhir(demo, 'Patient', {
      token,
      body: { resourceType: 'Patient', name: [{ family: 'Rolpatiënt' }], generalPractitioner: [{ reference: 'PractitionerRole/role-huisarts' }] },
    });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    const iterate = await fhir(demo, `Patient?_id=${id}&_include=Patient:general-practitioner&_include:iterate=PractitionerRole:organization`, { token });
    expect(summary(iterate.json.entry)).toEqual([`match:Patient/${id}`, 'include:PractitionerRole/role-huisarts', `include:Organization/${GP_PRACTICE_ORG}`]);
    const plain = await fhir(demo, `Patient?_id=${id}&_include=Patient:general-practitioner&_include=PractitionerRole:organization`, { token });
    expect(summary(plain.json.entry)).toEqual([`match:Patient/${id}`, 'include:PractitionerRole/role-huisarts']);
  });

  it('a targetType narrows the include', async () => {
    const r = await fhir(demo, 'Patient?_id=pz-kees-meijer&_include=Patient:general-practitioner:Organization', { token });
    expect(summary(r.json.entry)).toEqual(['match:Patient/pz-kees-meijer', `include:Organization/${HAP_ORG}`]);
  });

  it('an unknown or non-reference parameter is a 400, not silently ignored', async () => {
    const unknown = await fhir(demo, 'Patient?_id=pz-kees-meijer&_include=Patient:bestaat-niet', { token });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.json)).toMatch(/Unknown search parameter in _include/);
    const notRef = await fhir(demo, 'Patient?_id=pz-kees-meijer&_include=Patient:birthdate', { token });
    expect(notRef.status).toBe(400);
    expect(JSON.stringify(notRef.json)).toMatch(/reference search parameter/);
  });

  it('inside a batch Bundle too (what the gateway sends)', async () => {
    const r = await fhir(demo, '', {
      token,
      body: {
        resourceType: 'Bundle',
        type: 'batch',
        entry: [
          { request: { method: 'GET', url: 'Patient?_id=pz-kees-meijer&_include=Patient:general-practitioner&_count=500' } },
          { request: { method: 'GET', url: 'Condition?subject=Patient/pz-kees-meijer&_count=500' } },
        ],
      },
    });
    expect(r.status).toBe(200);
    expect(r.json.type).toBe('batch-response');
    expect(summary(r.json.entry[0].resource.entry)).toEqual(['match:Patient/pz-kees-meijer', `include:Practitioner/${GP_ID}`, `include:Organization/${HAP_ORG}`]);
    expect(r.json.entry[1].resource.entry.every((e: Entry) => e.resource.resourceType === 'Condition')).toBe(true);
  });

  it('a patient-scoped token gets included resources only of types it may read unrestricted', async () => {
    const q = 'Patient?_id=pz-kees-meijer&_include=Patient:general-practitioner';
    const withUser = demo.issueToken(['patient/Patient.rs', 'user/Practitioner.rs', 'user/Organization.rs'], { patient: 'pz-kees-meijer' });
    expect(summary((await fhir(demo, q, { token: withUser })).json.entry)).toEqual(['match:Patient/pz-kees-meijer', `include:Practitioner/${GP_ID}`, `include:Organization/${HAP_ORG}`]);
    const patientOnly = demo.issueToken(['patient/*.rs'], { patient: 'pz-kees-meijer' });
    const r = await fhir(demo, q, { token: patientOnly });
    expect(summary(r.json.entry)).toEqual(['match:Patient/pz-kees-meijer']);
    expect(r.json.total).toBe(1);
  });
});

describe('_include never shows more than the token may read', () => {
  const includes = (entries: Entry[] | undefined) => summary(entries).filter((s) => s.startsWith('include:'));

  it('user/Encounter.rs only: Patient is refused, and Encounter?_include=Encounter:subject brings no Patients', async () => {
    const t = demo.issueToken('user/Encounter.rs');
    expect((await fhir(demo, 'Patient', { token: t })).status).toBe(403);
    const all = await fhir(demo, 'Encounter?_include=Encounter:subject&_count=500', { token });
    expect(includes(all.json.entry).some((s) => s.startsWith('include:Patient/'))).toBe(true); // the case is real
    const r = await fhir(demo, 'Encounter?_include=Encounter:subject&_count=500', { token: t });
    expect(r.status).toBe(200);
    expect(summary(r.json.entry).filter((s) => s.startsWith('match:Encounter/')).length).toBeGreaterThan(0);
    expect(includes(r.json.entry)).toEqual([]);
    expect(r.json.total).toBe(all.json.total);
  });

  it('the same through POST _search and inside a batch Bundle', async () => {
    const t = demo.issueToken('user/Encounter.rs');
    const post = await fhir(demo, 'Encounter/_search', {
      token: t,
      body: '_include=Encounter:subject&_count=500',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(post.status).toBe(200);
    expect(summary(post.json.entry).filter((s) => s.startsWith('match:Encounter/')).length).toBeGreaterThan(0);
    expect(includes(post.json.entry)).toEqual([]);
    const batch = await fhir(demo, '', {
      token: t,
      body: { resourceType: 'Bundle', type: 'batch', entry: [{ request: { method: 'GET', url: 'Encounter?_include=Encounter:subject&_count=500' } }] },
    });
    expect(batch.status).toBe(200);
    expect(summary(batch.json.entry[0].resource.entry).filter((s) => s.startsWith('match:Encounter/')).length).toBeGreaterThan(0);
    expect(includes(batch.json.entry[0].resource.entry)).toEqual([]);
  });

  it('user/Location.rs only: Location?_include=Location:organization brings no Organization', async () => {
    const all = await fhir(demo, 'Location?_include=Location:organization', { token });
    expect(includes(all.json.entry).some((s) => s.startsWith('include:Organization/'))).toBe(true);
    const r = await fhir(demo, 'Location?_include=Location:organization', { token: demo.issueToken('user/Location.rs') });
    expect(r.status).toBe(200);
    expect(summary(r.json.entry).filter((s) => s.startsWith('match:Location/')).length).toBeGreaterThan(0);
    expect(includes(r.json.entry)).toEqual([]);
    // with Organization readable too, it is included again
    const both = await fhir(demo, 'Location?_include=Location:organization', { token: demo.issueToken(['user/Location.rs', 'user/Organization.rs']) });
    expect(includes(both.json.entry)).toEqual(includes(all.json.entry));
  });

  it('user/*.rs still gets every include', async () => {
    const r = await fhir(demo, 'Patient?_id=pz-kees-meijer&_include=Patient:general-practitioner', { token: demo.issueToken('user/*.rs') });
    expect(summary(r.json.entry)).toEqual(['match:Patient/pz-kees-meijer', `include:Practitioner/${GP_ID}`, `include:Organization/${HAP_ORG}`]);
  });

  it("the app's EHR-launch token (patient-scoped) still gets its own patient's GP and huisartsenpost", async () => {
    const t = demo.issueToken(smartScopes('ehr'), { patient: 'pz-kees-meijer' });
    const r = await fhir(demo, 'Patient?_id=pz-kees-meijer&_include=Patient:general-practitioner', { token: t });
    expect(r.status).toBe(200);
    expect(summary(r.json.entry)).toEqual(['match:Patient/pz-kees-meijer', `include:Practitioner/${GP_ID}`, `include:Organization/${HAP_ORG}`]);
  });

  it('a patient-scoped include is kept only inside the patient compartment', async () => {
    // patient/Encounter.rs + patient/Patient.rs: the subject of the patient's own Encounters is the patient
    const enc = await fhir(demo, 'Encounter', {
      token,
      body: { resourceType: 'Encounter', status: 'finished', class: { code: 'AMB' }, subject: { reference: 'Patient/pz-kees-meijer' }, serviceProvider: { reference: `Organization/${HAP_ORG}` } },
    });
    expect(enc.status).toBe(201);
    const t = demo.issueToken(['patient/Encounter.rs', 'patient/Patient.rs', 'patient/Organization.rs'], { patient: 'pz-kees-meijer' });
    const r = await fhir(demo, 'Encounter?_include=Encounter:subject&_include=Encounter:service-provider&_count=500', { token: t });
    expect(r.status).toBe(200);
    expect(summary(r.json.entry)).toContain(`match:Encounter/${enc.json.id}`);
    // the Organization is outside the compartment (a patient/ scope does not reach it)
    expect(includes(r.json.entry)).toEqual(['include:Patient/pz-kees-meijer']);
    // without Patient read access the patient is not included either
    const noPatient = demo.issueToken(['patient/Encounter.rs'], { patient: 'pz-kees-meijer' });
    expect(includes((await fhir(demo, 'Encounter?_include=Encounter:subject&_count=500', { token: noPatient })).json.entry)).toEqual([]);
  });
});
