// SMART App Launch 2.0 against the demo's authorization server, by hand with fetch: discovery, EHR
// launch, standalone launch with the sandbox login, refresh, and everything it must refuse.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from '../../demo/auth/jwt';
import type { DemoServer } from '../../demo/server';
import { fhir, pkce, startTestDemo } from './support';

let demo: DemoServer;
let redirectUri: string;
const CLIENT = 'palliatief-zorgpad';
const EHR_SCOPE = 'launch openid fhirUser patient/*.rs patient/Observation.c';

beforeAll(async () => {
  demo = await startTestDemo({ fixturesDir: false });
  redirectUri = `${demo.url}/smart/index.html`;
});
afterAll(() => demo?.close());

async function newLaunch(patient: string, encounter?: string, user = 'prac-zaalarts'): Promise<string> {
  const res = await fetch(`${demo.url}/auth/launch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `pz_demo_user=${user}` },
    body: JSON.stringify({ patient, encounter }),
  });
  expect(res.status).toBe(200);
  return (await res.json()).launch;
}

function authorizeUrl(params: Record<string, string | undefined>): string {
  const u = new URL(`${demo.url}/auth/authorize`);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, v);
  return u.href;
}

function baseParams(challenge: string, extra: Record<string, string | undefined> = {}) {
  return {
    response_type: 'code',
    client_id: CLIENT,
    redirect_uri: redirectUri,
    scope: EHR_SCOPE,
    state: 'st-' + Math.random().toString(36).slice(2),
    aud: demo.fhirBase,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  };
}

/** GET authorize without following the redirect; returns the redirect's query. */
async function authorize(params: Record<string, string | undefined>): Promise<{ status: number; query: URLSearchParams; location: string }> {
  const res = await fetch(authorizeUrl(params), { redirect: 'manual' });
  const location = res.headers.get('location') ?? '';
  return { status: res.status, location, query: new URL(location || 'http://x/').searchParams };
}

async function token(body: Record<string, string>) {
  const res = await fetch(`${demo.url}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body) });
  return { status: res.status, json: await res.json(), headers: res.headers };
}

describe('discovery', () => {
  it('publishes the SMART configuration', async () => {
    const res = await fetch(`${demo.fhirBase}/.well-known/smart-configuration`);
    expect(res.status).toBe(200);
    const cfg = await res.json();
    expect(cfg.authorization_endpoint).toBe(`${demo.url}/auth/authorize`);
    expect(cfg.token_endpoint).toBe(`${demo.url}/auth/token`);
    expect(cfg.code_challenge_methods_supported).toEqual(['S256']);
    expect(cfg.grant_types_supported).toEqual(['authorization_code', 'refresh_token', 'client_credentials']);
    expect(cfg.capabilities).toEqual(
      expect.arrayContaining(['launch-ehr', 'launch-standalone', 'client-public', 'context-ehr-patient', 'context-standalone-patient', 'permission-v2', 'permission-v1']),
    );
    const jwks = await (await fetch(cfg.jwks_uri)).json();
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256' });
    expect(jwks.keys[0].d).toBeUndefined();
  });
});

describe('EHR launch', () => {
  it('the role of the EHR user (cookie pz_demo_user) goes to the app as pz_role', async () => {
    for (const [user, role] of [['prac-specialist', 'specialist'], ['prac-seh-arts', 'seh-arts']] as const) {
      const launch = await newLaunch('pz-joke-smit', undefined, user);
      const { verifier, challenge } = pkce();
      const a = await authorize(baseParams(challenge, { launch }));
      const t = await token({ grant_type: 'authorization_code', code: a.query.get('code')!, redirect_uri: redirectUri, client_id: CLIENT, code_verifier: verifier });
      expect(t.json).toMatchObject({ fhirUser: `Practitioner/${user}`, pz_role: role });
    }
  });

  it('the current EHR user authorizes without a login; the token carries the launch context', async () => {
    const launch = await newLaunch('pz-joke-smit', 'pz-joke-smit-enc-6');
    const { verifier, challenge } = pkce();
    const params = baseParams(challenge, { launch });
    const a = await authorize(params);
    expect(a.status).toBe(302);
    expect(a.location.startsWith(`${redirectUri}?`)).toBe(true);
    expect(a.query.get('state')).toBe(params.state);
    const code = a.query.get('code')!;
    expect(code).toBeTruthy();

    const t = await token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: CLIENT, code_verifier: verifier });
    expect(t.status).toBe(200);
    // RFC 6749 §5.1: a token response is never cached
    expect(t.headers.get('cache-control')).toBe('no-store');
    expect(t.headers.get('pragma')).toBe('no-cache');
    expect(t.json).toMatchObject({
      token_type: 'Bearer',
      patient: 'pz-joke-smit',
      encounter: 'pz-joke-smit-enc-6',
      fhirUser: 'Practitioner/prac-zaalarts',
      need_patient_banner: false,
      pz_role: 'zaalarts',
    });
    // exactly the OAuth + SMART fields, nothing internal (such as the code) echoed back
    expect(Object.keys(t.json).sort()).toEqual(['access_token', 'encounter', 'expires_in', 'fhirUser', 'id_token', 'need_patient_banner', 'patient', 'pz_role', 'refresh_token', 'scope', 'token_type']);
    expect(t.json.scope.split(' ')).toEqual(expect.arrayContaining(['launch', 'openid', 'fhirUser', 'patient/*.rs']));
    expect(t.json.refresh_token).toBeTruthy();
    expect(t.json.expires_in).toBeGreaterThan(0);
    const claims = decodeJwt(t.json.id_token);
    expect(claims).toMatchObject({ iss: demo.fhirBase, aud: CLIENT, fhirUser: `${demo.fhirBase}/Practitioner/prac-zaalarts` });

    // the token opens this patient's record, and only this patient's
    const own = await fhir(demo, 'Patient/pz-joke-smit', { token: t.json.access_token });
    expect(own.status).toBe(200);
    expect((await fhir(demo, 'Patient/pz-kees-meijer', { token: t.json.access_token })).status).toBe(403);
    const consents = await fhir(demo, 'Consent?patient=Patient/pz-joke-smit', { token: t.json.access_token });
    expect(consents.json.entry.length).toBeGreaterThanOrEqual(3);
    // patient/Observation.c was granted; patient/Task.c was not asked for
    const task = { resourceType: 'Task', status: 'completed', intent: 'order', for: { reference: 'Patient/pz-joke-smit' } };
    expect((await fhir(demo, 'Task', { token: t.json.access_token, body: task })).status).toBe(403);

    // a code works once
    const replay = await token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: CLIENT, code_verifier: verifier });
    expect(replay.status).toBe(400);
    expect(replay.json.error).toBe('invalid_grant');
  });

  it('without an encounter the token has none', async () => {
    const launch = await newLaunch('pz-daan-vos', undefined, 'prac-verpleegkundige');
    const { verifier, challenge } = pkce();
    const a = await authorize(baseParams(challenge, { launch }));
    const t = await token({ grant_type: 'authorization_code', code: a.query.get('code')!, redirect_uri: redirectUri, client_id: CLIENT, code_verifier: verifier });
    expect(t.json.patient).toBe('pz-daan-vos');
    expect(t.json.encounter).toBeUndefined();
    expect(t.json.fhirUser).toBe('Practitioner/prac-verpleegkundige');
  });

  it('refreshes, and a refresh token works once', async () => {
    const launch = await newLaunch('pz-daan-vos');
    const { verifier, challenge } = pkce();
    const a = await authorize(baseParams(challenge, { launch }));
    const t = await token({ grant_type: 'authorization_code', code: a.query.get('code')!, redirect_uri: redirectUri, client_id: CLIENT, code_verifier: verifier });
    const r = await token({ grant_type: 'refresh_token', refresh_token: t.json.refresh_token, client_id: CLIENT });
    expect(r.status).toBe(200);
    expect(r.json.access_token).not.toBe(t.json.access_token);
    expect(r.json.patient).toBe('pz-daan-vos');
    expect((await fhir(demo, 'Patient/pz-daan-vos', { token: r.json.access_token })).status).toBe(200);
    const again = await token({ grant_type: 'refresh_token', refresh_token: t.json.refresh_token, client_id: CLIENT });
    expect(again.status).toBe(400);
  });
});

describe('refused', () => {
  const refusedWith = (a: { status: number; query: URLSearchParams }, error: string, description?: RegExp) => {
    expect(a.status).toBe(302);
    expect(a.query.get('code')).toBeNull();
    expect(a.query.get('error')).toBe(error);
    if (description) expect(a.query.get('error_description')).toMatch(description);
  };

  it('without state', async () => {
    const launch = await newLaunch('pz-daan-vos');
    refusedWith(await authorize(baseParams(pkce().challenge, { launch, state: undefined })), 'invalid_request', /state/);
  });

  it('without PKCE', async () => {
    const launch = await newLaunch('pz-daan-vos');
    refusedWith(await authorize(baseParams(pkce().challenge, { launch, code_challenge: undefined, code_challenge_method: undefined })), 'invalid_request', /code_challenge/);
  });

  it('with PKCE plain, or no method', async () => {
    const launch = await newLaunch('pz-daan-vos');
    const { verifier } = pkce();
    refusedWith(await authorize(baseParams(verifier, { launch, code_challenge_method: 'plain' })), 'invalid_request', /S256/);
    refusedWith(await authorize(baseParams(verifier, { launch, code_challenge_method: undefined })), 'invalid_request', /S256/);
  });

  it('with the wrong or a missing code_verifier', async () => {
    const launch = await newLaunch('pz-daan-vos');
    const { challenge } = pkce();
    const a = await authorize(baseParams(challenge, { launch }));
    const code = a.query.get('code')!;
    const wrong = await token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: CLIENT, code_verifier: pkce().verifier });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error).toBe('invalid_grant');
    const a2 = await authorize(baseParams(challenge, { launch }));
    const none = await token({ grant_type: 'authorization_code', code: a2.query.get('code')!, redirect_uri: redirectUri, client_id: CLIENT });
    expect(none.status).toBe(400);
  });

  it('with an unregistered redirect URI: no redirect at all', async () => {
    const launch = await newLaunch('pz-daan-vos');
    for (const bad of ['https://evil.example/smart/index.html', `${demo.url}/smart/index.html.evil`, `${demo.url}/ehr/`, 'https://x.chromiumapp.org/']) {
      const a = await authorize(baseParams(pkce().challenge, { launch, redirect_uri: bad }));
      expect(a.status, bad).toBe(400);
      expect(a.location).toBe('');
    }
  });

  it('with an unknown client', async () => {
    const a = await authorize(baseParams(pkce().challenge, { client_id: 'someone-else' }));
    expect(a.status).toBe(400);
  });

  it('with an unknown launch id or a launch scope without launch', async () => {
    refusedWith(await authorize(baseParams(pkce().challenge, { launch: 'made-up' })), 'invalid_request', /launch/);
    refusedWith(await authorize(baseParams(pkce().challenge)), 'invalid_request', /launch/);
  });

  it('with an aud that is not this FHIR server', async () => {
    const launch = await newLaunch('pz-daan-vos');
    refusedWith(await authorize(baseParams(pkce().challenge, { launch, aud: 'https://other.example/fhir' })), 'invalid_request', /aud/);
  });

  it('with a code for another redirect URI', async () => {
    const launch = await newLaunch('pz-daan-vos');
    const { verifier, challenge } = pkce();
    const a = await authorize(baseParams(challenge, { launch }));
    const ext = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
    const t = await token({ grant_type: 'authorization_code', code: a.query.get('code')!, redirect_uri: ext, client_id: CLIENT, code_verifier: verifier });
    expect(t.status).toBe(400);
  });

  it('token errors are not cacheable either (Cache-Control: no-store, Pragma: no-cache)', async () => {
    const t = await token({ grant_type: 'authorization_code', code: 'no-such-code', redirect_uri: redirectUri, client_id: CLIENT, code_verifier: 'x'.repeat(43) });
    expect(t.status).toBeGreaterThanOrEqual(400);
    expect(t.headers.get('cache-control')).toBe('no-store');
    expect(t.headers.get('pragma')).toBe('no-cache');
  });

  it('a token request that is not form-encoded', async () => {
    const res = await fetch(`${demo.url}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"grant_type":"authorization_code"}' });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('invalid_request');
  });
});

describe('standalone launch', () => {
  it('shows the sandbox login with a patient picker, then issues a patient token that needs a banner', async () => {
    const { verifier, challenge } = pkce();
    const params = baseParams(challenge, { scope: 'launch/patient openid fhirUser patient/*.rs' });
    const page = await fetch(authorizeUrl(params));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('name="pz_practitioner"');
    expect(html).toContain('value="pz-frans-de-boer"');
    expect(html).toContain(`name="state" value="${params.state}"`);

    const form = new URLSearchParams({ ...params, pz_login: '1', pz_practitioner: 'prac-seh-arts', pz_patient: 'pz-frans-de-boer', pz_action: 'allow' });
    const res = await fetch(`${demo.url}/auth/authorize`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form, redirect: 'manual' });
    expect(res.status).toBe(302);
    const back = new URL(res.headers.get('location')!);
    expect(back.searchParams.get('state')).toBe(params.state);
    const t = await token({ grant_type: 'authorization_code', code: back.searchParams.get('code')!, redirect_uri: redirectUri, client_id: CLIENT, code_verifier: verifier });
    expect(t.json).toMatchObject({ patient: 'pz-frans-de-boer', fhirUser: 'Practitioner/prac-seh-arts', need_patient_banner: true, pz_role: 'seh-arts' });
    expect(t.json.encounter).toBeUndefined();
  });

  it('the extension (user scopes, chromiumapp.org redirect) logs in without a patient', async () => {
    const ext = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
    const { verifier, challenge } = pkce();
    const params = baseParams(challenge, { scope: 'openid fhirUser user/*.rs', redirect_uri: ext });
    const page = await (await fetch(authorizeUrl(params))).text();
    expect(page).not.toContain('pz_patient');
    const form = new URLSearchParams({ ...params, pz_login: '1', pz_practitioner: 'prac-specialist', pz_action: 'allow' });
    const res = await fetch(`${demo.url}/auth/authorize`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form, redirect: 'manual' });
    const back = new URL(res.headers.get('location')!);
    expect(back.origin + back.pathname).toBe(ext);
    const t = await token({ grant_type: 'authorization_code', code: back.searchParams.get('code')!, redirect_uri: ext, client_id: CLIENT, code_verifier: verifier });
    expect(t.status).toBe(200);
    expect(t.json.patient).toBeUndefined();
    expect((await fhir(demo, 'Patient/pz-kees-meijer', { token: t.json.access_token })).status).toBe(200);
  });

  it('"Weigeren" sends access_denied back to the app', async () => {
    const params = baseParams(pkce().challenge, { scope: 'launch/patient patient/*.rs' });
    const form = new URLSearchParams({ ...params, pz_login: '1', pz_action: 'cancel' });
    const res = await fetch(`${demo.url}/auth/authorize`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form, redirect: 'manual' });
    const back = new URL(res.headers.get('location')!);
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('code')).toBeNull();
  });

  it('the EHR launch link redirects to the SMART app with iss and launch', async () => {
    const res = await fetch(`${demo.url}/ehr/patients/pz-joke-smit/smart-launch?encounter=pz-joke-smit-enc-6`, { redirect: 'manual', headers: { cookie: 'pz_demo_user=prac-seh-arts' } });
    expect(res.status).toBe(302);
    const u = new URL(res.headers.get('location')!, demo.url);
    expect(u.pathname).toBe('/smart/launch.html');
    expect(u.searchParams.get('iss')).toBe(demo.fhirBase);
    const { verifier, challenge } = pkce();
    const a = await authorize(baseParams(challenge, { launch: u.searchParams.get('launch')! }));
    const t = await token({ grant_type: 'authorization_code', code: a.query.get('code')!, redirect_uri: redirectUri, client_id: CLIENT, code_verifier: verifier });
    expect(t.json).toMatchObject({ patient: 'pz-joke-smit', encounter: 'pz-joke-smit-enc-6', fhirUser: 'Practitioner/prac-seh-arts' });
  });
});
