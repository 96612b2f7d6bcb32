// SMART Backend Services at the demo's token endpoint: the client assertion is verified strictly.
// Each refusal is a real signed (or deliberately broken) JWT made with jose; the happy paths use
// ES384 (the demo client, key from its generated file) and RS384 (a second registered client).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, importJWK, SignJWT, UnsecuredJWT, type JWK } from 'jose';
import type { DemoServer } from '../../demo/server';
import { startTestDemo } from '../demo/support';
import { backendTokenSource } from '../../lib/bulk/auth';

let demo: DemoServer;
let esJwk: JWK;
let rsPrivate: CryptoKey;
const RS_CLIENT = 'pz-test-rs384';

beforeAll(async () => {
  const rs = await generateKeyPair('RS384', { extractable: true });
  rsPrivate = rs.privateKey;
  const dir = mkdtempSync(join(tmpdir(), 'pz-backend-'));
  demo = await startTestDemo({
    seed: false,
    backendKeyFile: join(dir, 'key.jwk'),
    backendClients: [{ clientId: RS_CLIENT, name: 'RS384 test client', jwks: { keys: [{ ...(await exportJWK(rs.publicKey)), kid: 'rs-1', alg: 'RS384' }] }, jkuAllowed: ['https://backend.example/jwks.json'], maxScopes: ['system/Patient.rs'] }],
  });
  esJwk = JSON.parse(readFileSync(demo.backend.keyFile, 'utf8'));
});
afterAll(() => demo?.close());

const nowS = () => Math.floor(Date.now() / 1000);

async function esAssertion(over: { aud?: string; exp?: number; iat?: number; jti?: string; iss?: string; kid?: string; jku?: string } = {}) {
  const key = await importJWK(esJwk, 'ES384');
  const iss = over.iss ?? demo.backend.clientId;
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES384', kid: over.kid ?? esJwk.kid!, typ: 'JWT', ...(over.jku ? { jku: over.jku } : {}) })
    .setIssuer(iss)
    .setSubject(iss)
    .setAudience(over.aud ?? demo.backend.tokenUrl)
    .setIssuedAt(over.iat ?? nowS())
    .setExpirationTime(over.exp ?? nowS() + 240)
    .setJti(over.jti ?? randomUUID())
    .sign(key);
}

async function token(assertion: string, scope = 'system/Patient.rs system/Condition.rs', extra: Record<string, string> = {}) {
  const res = await fetch(demo.backend.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion, ...extra }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as { access_token?: string; error?: string; error_description?: string; scope?: string; expires_in?: number; token_type?: string } };
}

describe('Backend Services token endpoint', () => {
  it('issues a system token for a valid ES384 assertion, and it reads /fhir', async () => {
    const r = await token(await esAssertion());
    expect(r.status).toBe(200);
    expect(r.body.token_type).toBe('bearer');
    expect(r.body.scope).toBe('system/Patient.rs system/Condition.rs');
    expect(r.body.expires_in).toBeLessThanOrEqual(300);
    const read = await fetch(`${demo.fhirBase}/Patient`, { headers: { authorization: `Bearer ${r.body.access_token}` } });
    expect(read.status).toBe(200);
    const write = await fetch(`${demo.fhirBase}/Patient`, { method: 'POST', headers: { authorization: `Bearer ${r.body.access_token}`, 'content-type': 'application/fhir+json' }, body: JSON.stringify({ resourceType: 'Patient' }) });
    expect(write.status).toBe(403);
  });

  it('answers with Cache-Control: no-store and Pragma: no-cache, issued or refused (RFC 6749 §5.1)', async () => {
    const ok = await token(await esAssertion());
    expect(ok.status).toBe(200);
    const refused = await token(await esAssertion({ aud: 'https://elsewhere.example/token' }));
    expect(refused.status).toBe(401);
    for (const r of [ok, refused]) {
      expect(r.headers.get('cache-control')).toBe('no-store');
      expect(r.headers.get('pragma')).toBe('no-cache');
    }
  });

  it('issues a token for an RS384 client (with a registered jku), limited to its registered scopes', async () => {
    const a = await new SignJWT({}).setProtectedHeader({ alg: 'RS384', kid: 'rs-1', jku: 'https://backend.example/jwks.json' }).setIssuer(RS_CLIENT).setSubject(RS_CLIENT).setAudience(demo.backend.tokenUrl).setIssuedAt().setExpirationTime('4m').setJti(randomUUID()).sign(rsPrivate);
    const r = await token(a, 'system/Patient.rs system/Condition.rs', { client_id: RS_CLIENT });
    expect(r.status).toBe(200);
    expect(r.body.scope).toBe('system/Patient.rs');
  });

  it('refuses HS256 (even with the public key as secret) and alg none', async () => {
    const hs = await new SignJWT({}).setProtectedHeader({ alg: 'HS256', kid: esJwk.kid! }).setIssuer(demo.backend.clientId).setSubject(demo.backend.clientId).setAudience(demo.backend.tokenUrl).setExpirationTime('4m').setJti(randomUUID()).sign(new TextEncoder().encode(JSON.stringify({ kty: esJwk.kty, x: esJwk.x, y: esJwk.y })));
    const r1 = await token(hs);
    expect(r1.status).toBe(401);
    expect(r1.body.error_description).toMatch(/alg HS256/);
    const none = new UnsecuredJWT({ jti: randomUUID() }).setIssuer(demo.backend.clientId).setSubject(demo.backend.clientId).setAudience(demo.backend.tokenUrl).setExpirationTime('4m').encode();
    const r2 = await token(none);
    expect(r2.status).toBe(401);
    expect(r2.body.error).toBe('invalid_client');
  });

  it('refuses a wrong aud, an expired assertion and one with exp more than five minutes ahead', async () => {
    const aud = await token(await esAssertion({ aud: `${demo.fhirBase}` }));
    expect(aud.status).toBe(401);
    expect(aud.body.error_description).toMatch(/aud/);
    const expired = await token(await esAssertion({ iat: nowS() - 600, exp: nowS() - 120 }));
    expect(expired.status).toBe(401);
    expect(expired.body.error_description).toMatch(/expired/);
    const long = await token(await esAssertion({ exp: nowS() + 3600 }));
    expect(long.status).toBe(401);
    expect(long.body.error_description).toMatch(/five minutes/);
  });

  it('refuses a replayed jti', async () => {
    const jti = randomUUID();
    expect((await token(await esAssertion({ jti }))).status).toBe(200);
    const again = await token(await esAssertion({ jti }));
    expect(again.status).toBe(401);
    expect(again.body.error_description).toMatch(/replay/);
  });

  it('refuses an unknown client, a client_id that disagrees, a bad signature and an unregistered jku', async () => {
    expect((await token(await esAssertion({ iss: 'somebody-else' }))).body.error_description).toBe('unknown client');
    expect((await token(await esAssertion(), undefined, { client_id: RS_CLIENT })).status).toBe(401);
    // signed by another P-384 key under the registered kid
    const other = await generateKeyPair('ES384');
    const forged = await new SignJWT({}).setProtectedHeader({ alg: 'ES384', kid: esJwk.kid! }).setIssuer(demo.backend.clientId).setSubject(demo.backend.clientId).setAudience(demo.backend.tokenUrl).setExpirationTime('4m').setJti(randomUUID()).sign(other.privateKey);
    const bad = await token(forged);
    expect(bad.status).toBe(401);
    expect(bad.body.error_description).toMatch(/signature/);
    // one flipped character in the signature
    const good = await esAssertion();
    const flipped = good.slice(0, -2) + (good.at(-2) === 'A' ? 'B' : 'A') + good.at(-1);
    expect((await token(flipped)).status).toBe(401);
    expect((await token(await esAssertion({ jku: 'https://evil.example/jwks.json' }))).body.error_description).toMatch(/jku/);
    expect((await token(await esAssertion({ kid: 'not-registered' }))).status).toBe(401);
  });

  it('refuses user/patient scopes and a missing assertion type', async () => {
    const r = await token(await esAssertion(), 'user/*.cruds patient/*.rs');
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('invalid_scope');
    const res = await fetch(demo.backend.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'system/Patient.rs' }) });
    expect(res.status).toBe(401);
  });

  it("the client's token source signs assertions the server accepts and renews the token before it expires", async () => {
    let clock = Date.now();
    let calls = 0;
    const src = backendTokenSource(
      { tokenUrl: demo.backend.tokenUrl, clientId: demo.backend.clientId, jwkFile: demo.backend.keyFile, scope: 'system/Patient.rs' },
      {
        // the real endpoint, its answer shortened to a 60 s token so the virtual clock stays within the assertion's 5 minutes
        fetch: (async (u: string, i: RequestInit) => {
          calls++;
          const res = await fetch(u, i);
          return new Response(JSON.stringify({ ...(await res.json()), expires_in: 60 }), { status: res.status });
        }) as typeof fetch,
        now: () => clock,
      },
    );
    const t1 = await src.get();
    expect(await src.get()).toBe(t1);
    expect(calls).toBe(1);
    clock += 20_000;
    expect(await src.get()).toBe(t1);
    clock += 20_000; // a 60 s token: renewed within its last 30 s
    const t2 = await src.get();
    expect(t2).not.toBe(t1);
    expect(calls).toBe(2);
    src.invalidate();
    expect(await src.get()).not.toBe(t2);
    expect(src.requests).toBe(3);
    expect(calls).toBe(3);
  });
});
