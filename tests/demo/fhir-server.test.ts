// The demo's FHIR server over real HTTP: what a client can do, and that bad input gets a 4xx
// OperationOutcome (never a crash, never HTML).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoServer } from '../../demo/server';
import { FHIR_JSON, fhir, startTestDemo } from './support';

let demo: DemoServer;
let token: string;
beforeAll(async () => {
  demo = await startTestDemo({ seed: false });
  token = demo.issueToken('user/*.cruds');
});
afterAll(() => demo?.close());

const patient = (family: string, extra: Record<string, unknown> = {}) => ({ resourceType: 'Patient', name: [{ family, given: ['Test'] }], birthDate: '1950-02-03', ...extra });

function expectOutcome(r: { status: number; json: any; headers: Headers }, status: number, text?: RegExp) {
  expect(r.status).toBe(status);
  expect(r.headers.get('content-type')).toMatch(/application\/fhir\+json/);
  expect(r.json?.resourceType).toBe('OperationOutcome');
  if (text) expect(JSON.stringify(r.json.issue)).toMatch(text);
}

describe('metadata', () => {
  it('is public and advertises batch, transaction and SMART', async () => {
    const r = await fhir(demo, 'metadata');
    expect(r.status).toBe(200);
    expect(r.json.resourceType).toBe('CapabilityStatement');
    expect(r.json.fhirVersion).toBe('4.0.1');
    const rest = r.json.rest[0];
    expect(rest.interaction.map((i: { code: string }) => i.code)).toEqual(expect.arrayContaining(['batch', 'transaction']));
    const oauth = rest.security.extension.find((e: { url: string }) => e.url.endsWith('oauth-uris'));
    expect(oauth.extension).toEqual(expect.arrayContaining([{ url: 'authorize', valueUri: `${demo.url}/auth/authorize` }, { url: 'token', valueUri: `${demo.url}/auth/token` }]));
    expect(rest.resource.find((x: { type: string }) => x.type === 'Patient').conditionalCreate).toBe(true);
    // what the app's one-request record load relies on for the GP's and the HAP's phone numbers
    expect(rest.resource.find((x: { type: string }) => x.type === 'Patient').searchInclude).toEqual(['Patient:general-practitioner']);
  });

  it('refuses data without a token: 401 OperationOutcome with WWW-Authenticate', async () => {
    const r = await fhir(demo, 'Patient');
    expectOutcome(r, 401, /Authorization required/);
    expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expectOutcome(await fhir(demo, 'Patient', { token: 'not-a-real-token' }), 401, /unknown or expired/);
  });
});

describe('CRUD', () => {
  it('creates, reads, updates and searches', async () => {
    const c = await fhir(demo, 'Patient', { token, body: patient('Aalbers') });
    expect(c.status).toBe(201);
    expect(c.headers.get('location')).toMatch(new RegExp(`^${demo.fhirBase}/Patient/${c.json.id}/_history/`));
    const read = await fhir(demo, `Patient/${c.json.id}`, { token });
    expect(read.status).toBe(200);
    expect(read.json.name[0].family).toBe('Aalbers');
    const u = await fhir(demo, `Patient/${c.json.id}`, { token, method: 'PUT', body: { ...read.json, gender: 'female' } });
    expect(u.status).toBe(200);
    expect(u.json.gender).toBe('female');
    expect(u.json.meta.versionId).not.toBe(read.json.meta.versionId);
    const s = await fhir(demo, 'Patient?family=Aalbers', { token });
    expect(s.json.type).toBe('searchset');
    expect(s.json.entry.map((e: any) => e.resource.id)).toEqual([c.json.id]);
    expect(s.json.entry[0].fullUrl).toBe(`${demo.fhirBase}/Patient/${c.json.id}`);
  });

  it('creates by PUT with a client-chosen id (201), then updates it (200)', async () => {
    const first = await fhir(demo, 'Patient/client-id-1', { token, method: 'PUT', body: patient('Clientid', { id: 'client-id-1' }) });
    expect(first.status).toBe(201);
    expect(first.json.id).toBe('client-id-1');
    const again = await fhir(demo, 'Patient/client-id-1', { token, method: 'PUT', body: patient('Clientid', { id: 'client-id-1', gender: 'male' }) });
    expect(again.status).toBe(200);
    expect((await fhir(demo, 'Patient/client-id-1', { token })).json.gender).toBe('male');
  });

  it('searches with POST _search (form-encoded)', async () => {
    await fhir(demo, 'Patient', { token, body: patient('Postzoek') });
    const res = await fetch(`${demo.fhirBase}/Patient/_search`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'family=Postzoek',
    });
    const json = await res.json();
    expect(res.status).toBe(200);
    expect(json.entry).toHaveLength(1);
  });

  it('pages with a next link that works', async () => {
    for (let i = 0; i < 3; i++) await fhir(demo, 'Patient', { token, body: patient('Paging') });
    const p1 = await fhir(demo, 'Patient?family=Paging&_count=2', { token });
    expect(p1.json.entry).toHaveLength(2);
    const next = p1.json.link.find((l: { relation: string }) => l.relation === 'next').url as string;
    const p2 = await fhir(demo, next.slice(demo.fhirBase.length), { token });
    expect(p2.json.entry).toHaveLength(1);
    expect(p2.json.link.some((l: { relation: string }) => l.relation === 'next')).toBe(false);
  });

  it('conditional create (If-None-Exist) is idempotent', async () => {
    const body = { resourceType: 'Task', status: 'completed', intent: 'order', identifier: [{ system: 'urn:pz:test', value: 'w-1' }], for: { reference: 'Patient/client-id-1' } };
    const h = { 'if-none-exist': 'identifier=urn:pz:test|w-1' };
    const a = await fhir(demo, 'Task', { token, body, headers: h });
    const b = await fhir(demo, 'Task', { token, body, headers: h });
    expect(a.status).toBe(201);
    expect(b.status).toBe(200);
    expect(b.json.id).toBe(a.json.id);
    const s = await fhir(demo, 'Task?identifier=urn:pz:test|w-1', { token });
    expect(s.json.entry).toHaveLength(1);
  });
});

describe('batch and transaction', () => {
  it('answers a batch of searches and reads entry by entry, a bad entry failing alone', async () => {
    const p = await fhir(demo, 'Patient', { token, body: patient('Batchtest') });
    await fhir(demo, 'Observation', { token, body: { resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: `Patient/${p.json.id}` } } });
    const r = await fhir(demo, '', {
      token,
      body: {
        resourceType: 'Bundle',
        type: 'batch',
        entry: [
          { request: { method: 'GET', url: `Patient/${p.json.id}` } },
          { request: { method: 'GET', url: `Observation?subject=Patient/${p.json.id}` } },
          { request: { method: 'GET', url: 'Patient/does-not-exist' } },
          { request: { method: 'GET', url: 'Nonsense?x=1' } },
        ],
      },
    });
    expect(r.status).toBe(200);
    expect(r.json.type).toBe('batch-response');
    expect(r.json.entry.map((e: any) => e.response.status)).toEqual(['200', '200', '404', '400']);
    expect(r.json.entry[0].resource.id).toBe(p.json.id);
    expect(r.json.entry[1].resource.entry).toHaveLength(1);
  });

  it('runs a transaction and resolves urn:uuid references', async () => {
    const pid = 'urn:uuid:2a0b1c4e-5f3e-4a8e-9d1c-0e2f4a6b8c0d';
    const r = await fhir(demo, '', {
      token,
      body: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          { fullUrl: pid, resource: patient('Transactie'), request: { method: 'POST', url: 'Patient' } },
          { resource: { resourceType: 'Condition', code: { text: 'COPD' }, subject: { reference: pid } }, request: { method: 'POST', url: 'Condition' } },
        ],
      },
    });
    expect(r.status).toBe(200);
    expect(r.json.type).toBe('transaction-response');
    expect(r.json.entry.map((e: any) => e.response.status)).toEqual(['201', '201']);
    const newId = r.json.entry[0].response.location.split('/')[1];
    const conds = await fhir(demo, `Condition?subject=Patient/${newId}`, { token });
    expect(conds.json.entry).toHaveLength(1);
  });

  it('refuses a transaction with an invalid resource, all or nothing', async () => {
    const r = await fhir(demo, '', {
      token,
      body: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          { resource: patient('Allesofniets'), request: { method: 'POST', url: 'Patient' } },
          { resource: { resourceType: 'Patient', birthDate: 'gisteren' }, request: { method: 'POST', url: 'Patient' } },
        ],
      },
    });
    expectOutcome(r, 400, /birthDate/);
    // the valid first entry was rolled back with the transaction
    expect((await fhir(demo, 'Patient?family=Allesofniets', { token })).json.entry ?? []).toEqual([]);
  });
});

describe('bad input gets a 4xx OperationOutcome', () => {
  it('malformed JSON', async () => {
    expectOutcome(await fhir(demo, 'Patient', { token, body: '{"resourceType": "Patient", ' }), 400, /Malformed JSON/);
  });
  it('resourceType in the body differs from the URL', async () => {
    expectOutcome(await fhir(demo, 'Patient', { token, body: { resourceType: 'Observation', status: 'final', code: { text: 'x' } } }), 400, /does not match/);
  });
  it('missing resourceType', async () => {
    expectOutcome(await fhir(demo, 'Patient', { token, body: { name: [{ family: 'X' }] } }), 400, /<missing>/);
  });
  it('unknown resource type (read, search and create)', async () => {
    expectOutcome(await fhir(demo, 'Foo/1', { token }), 404, /Unknown resource type: Foo/);
    expectOutcome(await fhir(demo, 'Foo', { token, body: { resourceType: 'Foo' } }), 404, /Unknown resource type/);
  });
  it('an invalid resource names the field', async () => {
    expectOutcome(await fhir(demo, 'Patient', { token, body: { resourceType: 'Patient', birthDate: '31-12-1950', hobby: 'x' } }), 400, /Patient\.birthDate.*|hobby/);
  });
  it('property names that are not FHIR elements but look like JavaScript internals', async () => {
    expectOutcome(await fhir(demo, 'Patient', { token, body: '{"resourceType":"Patient","__proto__":{"polluted":1}}' }), 400, /__proto__/);
    expectOutcome(await fhir(demo, 'Patient', { token, body: '{"resourceType":"Patient","name":[{"constructor":{"prototype":{}}}]}' }), 400, /constructor/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('a JSON array, a string, null', async () => {
    expectOutcome(await fhir(demo, 'Patient', { token, body: '[1,2]' }), 400, /JSON object/);
    expectOutcome(await fhir(demo, 'Patient', { token, body: '"Patient"' }), 400);
    expectOutcome(await fhir(demo, 'Patient', { token, body: 'null' }), 400);
  });
  it('a body that is not JSON at all', async () => {
    expectOutcome(await fhir(demo, 'Patient', { token, body: '<Patient/>', headers: { 'content-type': 'application/fhir+xml' } }), 415, /Content-Type/);
  });
  it('a huge body', async () => {
    const huge = JSON.stringify(patient('Groot', { text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${'x'.repeat(9 * 1024 * 1024)}</div>` } }));
    expectOutcome(await fhir(demo, 'Patient', { token, body: huge }), 413, /too large/);
  });
  it('a POST to the base that is not a batch or transaction', async () => {
    expectOutcome(await fhir(demo, '', { token, body: patient('Geenbundle') }), 400, /needs a Bundle/);
    expectOutcome(await fhir(demo, '', { token, body: { resourceType: 'Bundle', type: 'collection' } }), 400, /batch or transaction/);
  });
  it('a PUT whose id differs from the URL', async () => {
    expectOutcome(await fhir(demo, 'Patient/a1', { token, method: 'PUT', body: patient('X', { id: 'b2' }) }), 400, /does not match/);
  });
  it('an unsupported operation', async () => {
    expectOutcome(await fhir(demo, 'Patient/$everything', { token }), 400, /not supported/);
  });
  it('and the server is still fine afterwards', async () => {
    expect((await fhir(demo, 'metadata')).status).toBe(200);
    expect((await fhir(demo, 'Patient?_count=1', { token })).status).toBe(200);
  });
});

describe('scopes', () => {
  let a: string;
  let b: string;
  beforeAll(async () => {
    a = (await fhir(demo, 'Patient', { token, body: patient('Scope-A') })).json.id;
    b = (await fhir(demo, 'Patient', { token, body: patient('Scope-B') })).json.id;
    for (const id of [a, b]) await fhir(demo, 'Observation', { token, body: { resourceType: 'Observation', status: 'final', code: { text: 'scope' }, subject: { reference: `Patient/${id}` } } });
  });

  it('patient/*.rs reads and searches only the launch patient', async () => {
    const t = demo.issueToken('launch patient/*.rs', { patient: a });
    expect((await fhir(demo, `Patient/${a}`, { token: t })).status).toBe(200);
    expectOutcome(await fhir(demo, `Patient/${b}`, { token: t }), 403, /Patient\//);
    const obs = await fhir(demo, 'Observation?code:text=scope', { token: t });
    expect(obs.json.entry.map((e: any) => e.resource.subject.reference)).toEqual([`Patient/${a}`]);
    expectOutcome(await fhir(demo, 'Observation', { token: t, body: { resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: `Patient/${a}` } } }), 403, /do not allow 'c'/);
  });

  it('patient/Observation.c writes only for the launch patient', async () => {
    const t = demo.issueToken('patient/Observation.c', { patient: a });
    const obs = (subject: string) => ({ resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: `Patient/${subject}` } });
    expect((await fhir(demo, 'Observation', { token: t, body: obs(a) })).status).toBe(201);
    expectOutcome(await fhir(demo, 'Observation', { token: t, body: obs(b) }), 403, /only write/);
  });

  it('v1 scopes: patient/*.read', async () => {
    const t = demo.issueToken('patient/*.read', { patient: a });
    expect((await fhir(demo, `Patient/${a}`, { token: t })).status).toBe(200);
    expectOutcome(await fhir(demo, 'Patient', { token: t, body: patient('Nee') }), 403);
  });

  it('a resource type outside the scopes is refused', async () => {
    const t = demo.issueToken('user/Patient.rs');
    expect((await fhir(demo, `Patient/${b}`, { token: t })).status).toBe(200);
    expectOutcome(await fhir(demo, 'Observation', { token: t }), 403, /Observation/);
  });

  it('batch entries outside the scopes fail alone; a transaction fails whole', async () => {
    const t = demo.issueToken('patient/*.rs', { patient: a });
    const r = await fhir(demo, '', {
      token: t,
      body: { resourceType: 'Bundle', type: 'batch', entry: [{ request: { method: 'GET', url: `Patient/${a}` } }, { request: { method: 'GET', url: `Patient/${b}` } }, { request: { method: 'GET', url: `Observation?subject=Patient/${b}` } }] },
    });
    expect(r.json.entry.map((e: any) => e.response.status)).toEqual(['200', '403', '200']);
    expect(r.json.entry[2].resource.entry).toEqual([]);
    const tx = await fhir(demo, '', { token: t, body: { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: patient('Tx'), request: { method: 'POST', url: 'Patient' } }] } });
    expectOutcome(tx, 403, /Transaction refused/);
  });

  it('an expired token is refused', async () => {
    const t = demo.issueToken('user/*.rs');
    const { issueTestToken } = await import('../../demo/server');
    const expired = issueTestToken('user/*.rs', {}, -1);
    expect((await fhir(demo, 'Patient?_count=1', { token: t })).status).toBe(200);
    expectOutcome(await fhir(demo, 'Patient?_count=1', { token: expired }), 401);
  });
});

describe('for the extension, the bench and the EHR', () => {
  it('answers CORS preflights for extension origins only', async () => {
    const pre = await fetch(`${demo.fhirBase}/Patient`, { method: 'OPTIONS', headers: { origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop', 'access-control-request-headers': 'authorization' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('chrome-extension://abcdefghijklmnopabcdefghijklmnop');
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    const evil = await fetch(`${demo.fhirBase}/Patient`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('injects latency and counts requests', async () => {
    demo.resetRequestCount();
    demo.setLatency(80);
    const t0 = performance.now();
    await fhir(demo, 'metadata');
    const took = performance.now() - t0;
    demo.setLatency(0);
    await fhir(demo, 'metadata');
    expect(took).toBeGreaterThanOrEqual(75);
    expect(demo.requestCount()).toBe(2);
  });

  it('a patient PUT into the server shows up in the ward list and has a chart', async () => {
    const body = patient('Nieuwkomer', { id: 'later-toegevoegd', identifier: [{ system: 'http://fhir.nl/fhir/NamingSystem/bsn', value: '999099999' }] });
    expect((await fhir(demo, 'Patient/later-toegevoegd', { token, method: 'PUT', body })).status).toBe(201);
    const list = await (await fetch(`${demo.url}/ehr/`)).text();
    expect(list).toContain('data-patient-id="later-toegevoegd"');
    const chart = await fetch(`${demo.url}/ehr/patients/later-toegevoegd`);
    expect(chart.status).toBe(200);
    const html = await chart.text();
    expect(html).toMatch(/id="patient-banner"[^>]*data-patient-id="later-toegevoegd"[^>]*data-bsn="999099999"/);
    expect((await fetch(`${demo.url}/ehr/patients/bestaat-niet`)).status).toBe(404);
  });

  it('writes the FHIR content type', async () => {
    const r = await fhir(demo, 'metadata');
    expect(r.headers.get('content-type')).toContain(FHIR_JSON);
  });
});
