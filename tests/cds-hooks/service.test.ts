// The CDS Hooks service against the demo's real FHIR server: same prompts as the engine, each legal
// form of a missing prefetch, JWT refusals (bare 401), feedback counted once across a restart.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CdsResponseSchema, DiscoverySchema } from '../../lib/cds-hooks/schemas';
import { openFeedbackStore } from '../../lib/cds-hooks/feedback-store';
import { uuidFor } from '../../lib/cds-hooks/uuid';
import { createFhirGateway } from '../../lib/fhir/load-record';
import { evaluatePatient } from '../../lib/pathway';
import { startTestDemo } from '../demo/support';
import type { DemoServer } from '../../demo/server';

const NOW = new Date('2024-06-15T10:00:00+02:00');
let demo: DemoServer;
let key: Awaited<ReturnType<typeof generateKeyPair>>;
const ISS = 'https://test-client.example';
let dbDir: string;

beforeAll(async () => {
  key = await generateKeyPair('ES384');
  const jwk = { ...(await exportJWK(key.publicKey)), kid: 'k1', alg: 'ES384' };
  dbDir = mkdtempSync(join(tmpdir(), 'pz-cds-'));
  const clients = join(dbDir, 'clients.json');
  (await import('node:fs')).writeFileSync(clients, JSON.stringify([{ iss: ISS, jwks: { keys: [jwk] } }]));
  demo = await startTestDemo({ cdsClientsFile: clients, cdsDbPath: join(dbDir, 'fb.sqlite') });
}, 60_000);
afterAll(() => demo?.close());

const SERVICE = 'palliatief-zorgpad-patient-view';
const url = (id = SERVICE) => `${demo.url}/cds-services/${id}`;

async function jwt(aud: string, over: { alg?: string; exp?: string | number; jti?: string; jku?: string; iss?: string } = {}) {
  const header: Record<string, unknown> = { alg: over.alg ?? 'ES384', typ: 'JWT', kid: 'k1' };
  if (over.jku) header.jku = over.jku;
  return new SignJWT({}).setProtectedHeader(header as never).setIssuer(over.iss ?? ISS).setSubject('t').setAudience(aud).setIssuedAt()
    .setExpirationTime(over.exp ?? '4m').setJti(over.jti ?? randomUUID()).sign(key.privateKey);
}

function body(patientId: string, prefetch?: Record<string, unknown>, withServer = true) {
  return {
    hook: 'patient-view',
    hookInstance: randomUUID(),
    ...(withServer ? { fhirServer: demo.fhirBase, fhirAuthorization: { access_token: demo.issueToken('user/*.rs'), token_type: 'Bearer', expires_in: 300, scope: 'user/*.rs', subject: 'x' } } : {}),
    context: { userId: 'Practitioner/prac-1', patientId },
    ...(prefetch ? { prefetch } : {}),
  };
}

async function call(b: unknown, token?: string, id = SERVICE) {
  const res = await fetch(url(id), { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token ?? (await jwt(url(id)))}` }, body: JSON.stringify(b) });
  const text = await res.text();
  return { status: res.status, text, json: text ? JSON.parse(text) : undefined };
}

async function engineCodes(patientId: string) {
  const gw = createFhirGateway({ serverUrl: demo.fhirBase, fetch: (u, i) => fetch(u, i), getAuthHeader: async () => `Bearer ${demo.issueToken('user/*.rs')}` });
  const rec = await gw.loadPatientRecord(patientId);
  return evaluatePatient(rec.resources, { now: NOW, patient: `Patient/${patientId}` }).prompts;
}

async function fullPrefetch(patientId: string) {
  const d = DiscoverySchema.parse(await (await fetch(`${demo.url}/cds-services`)).json());
  const tpl = d.services[0].prefetch!;
  const out: Record<string, unknown> = {};
  for (const [k, t] of Object.entries(tpl)) {
    const r = await fetch(`${demo.fhirBase}/${t.replace('{{context.patientId}}', patientId)}`, { headers: { authorization: `Bearer ${demo.issueToken('user/*.rs')}` } });
    const b = await r.json();
    out[k] = { ...b, total: b.entry?.length ?? 0 };
  }
  return out;
}

const PATIENTS = ['pz-henk-jansen', 'pz-gerda-de-vries', 'pz-willem-bakker', 'pz-joke-smit', 'pz-kees-meijer', 'pz-ans-dijkstra', 'pz-piet-mulder'];

describe('CDS Hooks service', () => {
  it('discovery lists the three hooks with the record searches as prefetch (GP _include too)', async () => {
    const d = DiscoverySchema.parse(await (await fetch(`${demo.url}/cds-services`)).json());
    expect(d.services.map((s) => s.hook)).toEqual(['patient-view', 'encounter-start', 'encounter-discharge']);
    expect(d.services[0].prefetch!.patient).toContain('_include=Patient:general-practitioner');
    expect(d.services[0].prefetch!.consent).toBe('Consent?patient=Patient/{{context.patientId}}&_count=500');
  });

  it.each(PATIENTS)('%s: the same cards as the engine, without prefetch (one batch) and with a full prefetch', async (id) => {
    const prompts = await engineCodes(id);
    const without = await call(body(id));
    expect(without.status).toBe(200);
    const parsed = CdsResponseSchema.parse(without.json);
    expect(parsed.cards.map((c) => c.uuid).sort()).toEqual(prompts.map((p) => uuidFor(p.key)).sort());
    expect(parsed.cards.map((c) => c.source.topic!.code).sort()).toEqual(prompts.map((p) => p.code).sort());
    const full = await call(body(id, await fullPrefetch(id), false));
    expect(full.status).toBe(200);
    expect(CdsResponseSchema.parse(full.json).cards.map((c) => c.uuid)).toEqual(parsed.cards.map((c) => c.uuid));
  });

  it('accepts every legal missing form (absent, null, OperationOutcome, empty Bundle) and fetches it', async () => {
    const id = 'pz-joke-smit';
    const expected = (await engineCodes(id)).map((p) => uuidFor(p.key)).sort();
    const pre = await fullPrefetch(id);
    for (const missing of [undefined, null, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] }, { resourceType: 'Bundle', type: 'searchset' }]) {
      const p = { ...pre } as Record<string, unknown>;
      if (missing === undefined) delete p.consent;
      else p.consent = missing;
      const r = await call(body(id, p));
      expect(r.status).toBe(200);
      expect(r.json.cards.map((c: { uuid: string }) => c.uuid).sort()).toEqual(expected);
    }
  });

  it('412 when prefetch is missing and there is no fhirServer', async () => {
    const r = await call(body('pz-joke-smit', undefined, false));
    expect(r.status).toBe(412);
  });

  it('400 on a malformed request, 413 on an oversized one', async () => {
    expect((await call({ hook: 'patient-view', hookInstance: 'nope', context: {} })).status).toBe(400);
    const big = { ...body('pz-joke-smit'), prefetch: { x: { resourceType: 'Basic', pad: 'x'.repeat(3_000_000) } } };
    expect((await call(big)).status).toBe(413);
  });

  it('refuses with a bare 401: wrong aud, expired, replayed jti, HS256, none, unknown jku, bad signature, unknown iss', async () => {
    const b = body('pz-henk-jansen');
    const jti = randomUUID();
    expect((await call(b, await jwt(url(), { jti }))).status).toBe(200);
    const other = await generateKeyPair('ES384');
    const badSig = await new SignJWT({}).setProtectedHeader({ alg: 'ES384', kid: 'k1' }).setIssuer(ISS).setAudience(url()).setIssuedAt().setExpirationTime('4m').setJti(randomUUID()).sign(other.privateKey);
    const hs = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer(ISS).setAudience(url()).setIssuedAt().setExpirationTime('4m').setJti(randomUUID()).sign(new TextEncoder().encode('x'.repeat(32)));
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const none = `${b64({ alg: 'none' })}.${b64({ iss: ISS, aud: url(), exp: Math.floor(Date.now() / 1000) + 60, iat: Math.floor(Date.now() / 1000), jti: randomUUID() })}.`;
    const refusals = [
      await jwt(`${demo.url}/cds-services/other`),
      await jwt(url(), { exp: Math.floor(Date.now() / 1000) - 3600 }),
      await jwt(url(), { jti }),
      hs,
      none,
      await jwt(url(), { jku: 'https://evil.example/jwks.json' }),
      badSig,
      await jwt(url(), { iss: 'https://stranger.example' }),
    ];
    for (const t of refusals) {
      const r = await call(b, t);
      expect(r.status).toBe(401);
      expect(r.text).toBe('');
    }
  });

  it('feedback counts a card once, also after a restart of the store', async () => {
    const r = await call(body('pz-henk-jansen'));
    const card = r.json.cards[0];
    const fb = { feedback: [{ card: card.uuid, outcome: 'overridden', overrideReason: { reason: card.overrideReasons[0] }, outcomeTimestamp: new Date().toISOString() }] };
    const send = async () => {
      const u = `${url()}/feedback`;
      const res = await fetch(u, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await jwt(u)}` }, body: JSON.stringify(fb) });
      return res.json();
    };
    expect(await send()).toEqual({ stored: 1, duplicates: 0 });
    expect(await send()).toEqual({ stored: 0, duplicates: 1 });
    const before = demo.cds.store.report().find((x) => x.code === 'surprise-question')!;
    expect(before.overridden).toBe(1);
    const reopened = openFeedbackStore(join(dbDir, 'fb.sqlite'));
    const after = reopened.report().find((x) => x.code === 'surprise-question')!;
    expect(after).toEqual(before);
    expect(after.topReasons[0]).toMatchObject({ code: 'already-done', count: 1 });
    reopened.close();
  });
  it('the feedback report needs the client JWT like the hooks: bare 401 without one, a wrong aud or another issuer', async () => {
    const u = `${demo.url}/cds-services/feedback-report`;
    const none = await fetch(u);
    expect(none.status).toBe(401);
    expect(await none.text()).toBe('');
    expect((await fetch(u, { headers: { authorization: `Bearer ${await jwt(url())}` } })).status).toBe(401);
    expect((await fetch(u, { headers: { authorization: `Bearer ${await jwt(u, { iss: 'https://someone-else.example' })}` } })).status).toBe(401);
    const ok = await fetch(u, { headers: { authorization: `Bearer ${await jwt(u)}` } });
    expect(ok.status).toBe(200);
    expect((await ok.json()).prompts).toEqual(demo.cds.store.report());
  });
});
