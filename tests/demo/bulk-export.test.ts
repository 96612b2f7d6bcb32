// The Bulk Data client (lib/bulk) against the real demo server: group and system export, _type,
// _since, and the failure paths injected around the real server (429 with Retry-After, 5xx, a token
// that expires mid-export, error files, POST refused, cancel). A virtual clock: sleeps advance it
// instantly, so the test is bounded by poll counts and progress, never by wall-clock waits.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkExportToDir, RULE_TYPES, type BulkExportOptions } from '../../lib/bulk/index';
import type { DemoServer } from '../../demo/server';
import { pkce, startTestDemo } from './support';

let demo: DemoServer;
let keyDir: string;

beforeAll(async () => {
  keyDir = mkdtempSync(join(tmpdir(), 'pz-bulk-key-'));
  demo = await startTestDemo({ population: 40, backendKeyFile: join(keyDir, 'backend.jwk') });
});
afterAll(() => demo?.close());

interface Call {
  method: string;
  url: string;
  status: number;
}

/** A virtual clock and a logging fetch; `intercept` may answer instead of the server. */
function harness(intercept?: (method: string, url: string, n: number) => Response | undefined | Promise<Response | undefined>) {
  let offset = 0;
  const sleeps: number[] = [];
  const calls: Call[] = [];
  const doFetch: typeof fetch = async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    const method = (init?.method ?? 'GET').toUpperCase();
    const injected = await intercept?.(method, url, calls.length);
    const res = injected ?? (await fetch(input, init));
    calls.push({ method, url, status: res.status });
    return res;
  };
  return {
    calls,
    sleeps,
    tuning: {
      seed: 42,
      maxPolls: 5000,
      runtime: {
        now: () => Date.now() + offset,
        sleep: async (ms: number) => {
          sleeps.push(ms);
          offset += ms;
          await nextTurn(); // let the server's job make progress
        },
      },
    },
    fetch: doFetch,
  };
}

const outDir = () => mkdtempSync(join(tmpdir(), 'pz-bulk-out-'));
const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { resourceType: string; id: string; [k: string]: unknown });
const authOf = (extra: Partial<NonNullable<BulkExportOptions['auth']>> = {}) => ({ clientId: demo.backend.clientId, jwkFile: demo.backend.keyFile, ...extra });

describe('bulk export against the demo server', () => {
  it('advertises Backend Services in .well-known/smart-configuration', async () => {
    const c = await (await fetch(`${demo.fhirBase}/.well-known/smart-configuration`)).json();
    expect(c.token_endpoint_auth_methods_supported).toContain('private_key_jwt');
    expect(c.token_endpoint_auth_signing_alg_values_supported).toEqual(['ES384', 'RS384']);
    expect(c.grant_types_supported).toContain('client_credentials');
    expect(c.scopes_supported).toContain('system/*.rs');
    const cap = await (await fetch(`${demo.fhirBase}/metadata`)).json();
    expect(cap.instantiates).toContain('http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data');
    expect(cap.rest[0].resource.find((r: { type: string }) => r.type === 'Group').operation[0].definition).toBe('http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export');
  });

  it('exports a ward Group: only its members, only the types the rules read, with the token', async () => {
    const h = harness();
    const group = (await demo.repo.readResource('Group', 'group-ward-interne')) as { member?: { entity: { reference: string } }[] };
    const members = new Set(group.member!.map((m) => m.entity.reference.replace('Patient/', '')));
    expect(members.size).toBeGreaterThan(3);
    const phases: string[] = [];
    const r = await bulkExportToDir({ fhirBase: demo.fhirBase, group: 'group-ward-interne', outDir: outDir(), auth: authOf(), fetch: h.fetch, onProgress: (p) => phases.push(p.phase) }, h.tuning);
    expect(phases[0]).toBe('kickoff');
    expect(phases).toContain('polling');
    expect(phases.at(-1)).toBe('done');
    const patients = r.files.filter((f) => f.type === 'Patient').flatMap((f) => lines(f.path));
    expect(new Set(patients.map((p) => p.id))).toEqual(members);
    for (const f of r.files) {
      expect(RULE_TYPES).toContain(f.type);
      for (const res of lines(f.path)) {
        expect(res.resourceType).toBe(f.type);
        const subject = (res.subject ?? res.patient ?? res.for) as { reference?: string } | undefined;
        if (subject?.reference?.startsWith('Patient/')) expect(members.has(subject.reference.slice(8)), `${f.type} of a non-member`).toBe(true);
      }
    }
    expect(r.files.some((f) => f.type === 'Encounter')).toBe(true);
    expect(r.errors).toEqual([]);
    expect(JSON.parse(readFileSync(join(r.outDir, 'manifest.json'), 'utf8')).requiresAccessToken).toBe(true);
    // the file download without a token is refused: requiresAccessToken is real
    const fileUrl = r.files[0].url;
    expect((await fetch(fileUrl)).status).toBe(401);
    // discovery + token + kick-off + ≥1 poll + downloads + the clean-up DELETE
    expect(r.requests).toBeGreaterThanOrEqual(4 + r.files.length);
    expect(h.calls.filter((c) => c.method === 'DELETE')).toHaveLength(1);
  });

  it('exports at system level with _type: exactly those types, every patient on the server', async () => {
    const h = harness();
    const r = await bulkExportToDir({ fhirBase: demo.fhirBase, types: ['Patient', 'Condition'], outDir: outDir(), auth: authOf(), fetch: h.fetch }, h.tuning);
    expect(new Set(r.files.map((f) => f.type))).toEqual(new Set(['Patient', 'Condition']));
    const all = await demo.repo.searchResources({ resourceType: 'Patient', count: 10_000 });
    expect(r.files.filter((f) => f.type === 'Patient').flatMap((f) => lines(f.path)).length).toBe(all.length);
    expect(all.length).toBeGreaterThanOrEqual(18 + 40);
    const kick = h.calls.find((c) => c.url.endsWith('/$export'))!;
    expect(kick.method).toBe('POST');
    expect(kick.status).toBe(202);
  });

  it('_since: an incremental run gets only what changed after the last transactionTime', async () => {
    const h = harness();
    const first = await bulkExportToDir({ fhirBase: demo.fhirBase, types: ['Patient', 'Condition'], outDir: outDir(), auth: authOf(), fetch: h.fetch }, h.tuning);
    // lastUpdated has millisecond precision: the next write must be later than transactionTime
    while (Date.now() <= Date.parse(first.transactionTime)) await nextTurn();
    const created = await demo.repo.createResource({ resourceType: 'Condition', subject: { reference: 'Patient/pz-henk-jansen' }, code: { text: 'Delier' } });
    const second = await bulkExportToDir({ fhirBase: demo.fhirBase, types: ['Patient', 'Condition'], since: first.transactionTime, outDir: outDir(), auth: authOf(), fetch: h.fetch }, h.tuning);
    const got = second.files.flatMap((f) => lines(f.path));
    expect(got.map((x) => `${x.resourceType}/${x.id}`)).toEqual([`Condition/${created.id}`]);
  });

  it('honours Retry-After on a 429 and retries a 503, then completes', async () => {
    let statusPolls = 0;
    let downloads = 0;
    const h = harness((method, url) => {
      if (method === 'GET' && url.includes('$export-status') && ++statusPolls === 1) return new Response('', { status: 429, headers: { 'retry-after': '7' } });
      if (url.includes('$export-file') && ++downloads === 1) return new Response('busy', { status: 503 });
      return undefined;
    });
    const r = await bulkExportToDir({ fhirBase: demo.fhirBase, types: ['Patient'], outDir: outDir(), auth: authOf(), fetch: h.fetch }, h.tuning);
    expect(h.sleeps[0]).toBe(7000);
    expect(h.calls.filter((c) => c.status === 503)).toHaveLength(1);
    expect(h.calls.filter((c) => c.url.includes('$export-file') && c.status === 200)).toHaveLength(r.files.length);
    expect(r.files.length).toBeGreaterThan(0);
  });

  it('gets a new token when the old one expires mid-export (401) and carries on', async () => {
    let expired = false;
    const h = harness((method, url) => {
      if (!expired && url.includes('$export-status')) {
        demo.backend.expireTokens(); // the token issued at kick-off ends now
        expired = true;
      }
      return undefined;
    });
    const r = await bulkExportToDir({ fhirBase: demo.fhirBase, group: 'group-ziekenhuis', types: ['Patient'], outDir: outDir(), auth: authOf(), fetch: h.fetch }, h.tuning);
    expect(h.calls.filter((c) => c.url.endsWith('/auth/token'))).toHaveLength(2);
    expect(h.calls.filter((c) => c.status === 401)).toHaveLength(1);
    expect(r.files.length).toBe(1);
  });

  it('downloads and reports the error files of the manifest (types the token may not read)', async () => {
    const h = harness();
    const r = await bulkExportToDir({ fhirBase: demo.fhirBase, types: ['Patient', 'Condition'], outDir: outDir(), auth: authOf({ scope: 'system/Patient.rs' }), fetch: h.fetch }, h.tuning);
    expect(r.files.map((f) => f.type)).toEqual(['Patient']);
    expect(r.errors).toHaveLength(1);
    const oo = lines(r.errors[0].path);
    expect(oo[0].resourceType).toBe('OperationOutcome');
    expect(JSON.stringify(oo[0])).toContain('Condition');
    expect(readdirSync(join(r.outDir, 'errors'))).toEqual(['OperationOutcome.001.ndjson']);
  });

  it('a file that cannot be downloaded is reported in errors/ and the other files still arrive', async () => {
    const h = harness((method, url) => (url.includes('$export-file') && url.includes('/Condition-') ? new Response('{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found","details":{"text":"gone"}}]}', { status: 404 }) : undefined));
    const r = await bulkExportToDir({ fhirBase: demo.fhirBase, types: ['Patient', 'Condition'], outDir: outDir(), auth: authOf(), fetch: h.fetch }, h.tuning);
    expect(r.files.map((f) => f.type)).toEqual(['Patient']);
    expect(r.errors).toHaveLength(1);
    const [oo] = lines(r.errors[0].path);
    expect(JSON.stringify(oo)).toMatch(/Condition file .* answered 404: gone/);
  });

  it('kicks off with GET when the server refuses the POST', async () => {
    const h = harness((method, url) => (method === 'POST' && url.endsWith('/$export') ? new Response('', { status: 405 }) : undefined));
    const r = await bulkExportToDir({ fhirBase: demo.fhirBase, types: ['Patient'], since: '2000-01-01T00:00:00Z', outDir: outDir(), auth: authOf(), fetch: h.fetch }, h.tuning);
    const get = h.calls.find((c) => c.method === 'GET' && c.url.includes('/$export?'))!;
    expect(new URL(get.url).searchParams.get('_type')).toBe('Patient');
    expect(new URL(get.url).searchParams.get('_since')).toBe('2000-01-01T00:00:00Z');
    expect(get.status).toBe(202);
    expect(r.files.length).toBe(1);
  });

  it('cancel (AbortSignal, as Ctrl-C) sends DELETE to the status URL and the job is gone', async () => {
    const controller = new AbortController();
    const h = harness((method, url) => {
      if (method === 'GET' && url.includes('$export-status')) controller.abort(new Error('Ctrl-C'));
      return undefined;
    });
    await expect(bulkExportToDir({ fhirBase: demo.fhirBase, types: ['Patient'], outDir: outDir(), auth: authOf(), fetch: h.fetch, signal: controller.signal }, h.tuning)).rejects.toThrow();
    const del = h.calls.find((c) => c.method === 'DELETE');
    expect(del?.status).toBe(202);
    const token = demo.issueToken('system/*.rs');
    expect((await fetch(del!.url, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
  });

  it('gives up when the export never finishes (poll limit and time limit on the virtual clock), cancelling it', async () => {
    const running = () => new Response('', { status: 202, headers: { 'x-progress': 'bezig', 'retry-after': '3600' } });
    const h = harness((method, url) => (method === 'GET' && url.includes('$export-status') ? running() : undefined));
    await expect(bulkExportToDir({ fhirBase: demo.fhirBase, types: ['Patient'], outDir: outDir(), auth: authOf(), fetch: h.fetch }, { ...h.tuning, maxPolls: 5 })).rejects.toThrow(/after 5 status requests/);
    expect(h.calls.filter((c) => c.url.includes('$export-status') && c.method === 'GET')).toHaveLength(5);
    expect(h.calls.at(-1)?.method).toBe('DELETE');
    const h2 = harness((method, url) => (method === 'GET' && url.includes('$export-status') ? running() : undefined));
    await expect(bulkExportToDir({ fhirBase: demo.fhirBase, types: ['Patient'], outDir: outDir(), auth: authOf(), fetch: h2.fetch }, { ...h2.tuning, timeLimitMs: 11 * 60_000 })).rejects.toThrow(/longer than 660 s/);
    // Retry-After 1 h is capped at the client's 2 min maximum wait: six waits pass the 11 min limit
    expect(h2.sleeps).toEqual(Array(6).fill(120_000));
    expect(h2.calls.at(-1)?.method).toBe('DELETE');
  });

  it('refuses a kick-off without a token, with a patient-level token and without Prefer: respond-async', async () => {
    const kick = (headers: Record<string, string>) => fetch(`${demo.fhirBase}/Patient/$export`, { headers: { accept: 'application/fhir+json', ...headers } });
    expect((await kick({ prefer: 'respond-async' })).status).toBe(401);
    const patientToken = demo.issueToken('patient/*.rs', { patient: 'pz-henk-jansen' });
    expect((await kick({ prefer: 'respond-async', authorization: `Bearer ${patientToken}` })).status).toBe(403);
    const sys = demo.issueToken('system/*.rs');
    expect((await kick({ authorization: `Bearer ${sys}` })).status).toBe(400);
    const ok = await kick({ prefer: 'respond-async', authorization: `Bearer ${sys}` });
    expect(ok.status).toBe(202);
    expect(ok.headers.get('content-location')).toMatch(/\/fhir\/\$export-status\//);
    const bad = await fetch(`${demo.fhirBase}/$export?_type=Nope`, { headers: { prefer: 'respond-async', authorization: `Bearer ${sys}` } });
    expect(bad.status).toBe(400);
    expect((await fetch(`${demo.fhirBase}/Group/unknown/$export`, { headers: { prefer: 'respond-async', authorization: `Bearer ${sys}` } })).status).toBe(404);
  });
  it('refuses user-level and patient-level tokens with 403 and an OperationOutcome, even with system/ scopes from a login', async () => {
    // a real login (authorization_code) that asked for system/*.rs too: the authorize endpoint grants
    // the scope string, but the token still acts for a clinician, so it may not export
    const { verifier, challenge } = pkce();
    const redirectUri = `${demo.url}/smart/index.html`;
    const params = { response_type: 'code', client_id: 'palliatief-zorgpad', redirect_uri: redirectUri, scope: 'openid fhirUser user/*.rs system/*.rs', state: 'st-bulk', aud: demo.fhirBase, code_challenge: challenge, code_challenge_method: 'S256' };
    const login = await fetch(`${demo.url}/auth/authorize`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ...params, pz_login: '1', pz_practitioner: 'prac-specialist', pz_action: 'allow' }), redirect: 'manual' });
    const code = new URL(login.headers.get('location')!).searchParams.get('code')!;
    const tokenRes = await fetch(`${demo.url}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: 'palliatief-zorgpad', code_verifier: verifier }) });
    const t = (await tokenRes.json()) as { access_token: string; scope: string };
    expect(t.scope.split(' ')).toContain('system/*.rs');
    const tokens = {
      login: t.access_token,
      user: demo.issueToken('user/*.cruds', { fhirUser: 'Practitioner/prac-specialist' }),
      patient: demo.issueToken('patient/*.rs', { patient: 'pz-henk-jansen' }),
    };
    for (const [kind, token] of Object.entries(tokens)) {
      for (const path of ['$export', 'Patient/$export', 'Group/group-ward-interne/$export']) {
        const res = await fetch(`${demo.fhirBase}/${path}`, { headers: { prefer: 'respond-async', accept: 'application/fhir+json', authorization: `Bearer ${token}` } });
        expect(res.status, `${kind} ${path}`).toBe(403);
        const body = (await res.json()) as { resourceType: string; issue: { code: string; details: { text: string } }[] };
        expect(body.resourceType).toBe('OperationOutcome');
        expect(body.issue[0].code).toBe('forbidden');
        expect(body.issue[0].details.text).toMatch(/client_credentials/);
      }
    }
    // nor may a user token poll or fetch a backend export's files
    const sys = demo.issueToken('system/*.rs');
    const kick = await fetch(`${demo.fhirBase}/$export?_type=Patient`, { headers: { prefer: 'respond-async', authorization: `Bearer ${sys}` } });
    expect(kick.status).toBe(202);
    const status = await fetch(kick.headers.get('content-location')!, { headers: { authorization: `Bearer ${tokens.user}` } });
    expect(status.status).toBe(403);
  });
});
