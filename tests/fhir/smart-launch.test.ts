// @vitest-environment jsdom
import { afterEach, describe, expect, test, vi } from 'vitest';
import { completeSmartLaunch, smartConnection, startSmartLaunch } from '../../lib/fhir/smart-launch';
import { SmartLaunchError, checkAuthorizeUrl, isSessionExpired, smartScopes } from '../../lib/fhir/smart-policy';
import { startSmartTestServer, type SmartTestServer } from './support/smart-server';

let server: SmartTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  sessionStorage.clear();
  localStorage.clear();
  history.replaceState({}, '', '/');
});

const APP = 'http://localhost:3000/smart/launch.html';

async function launch(opts: Parameters<typeof startSmartLaunch>[0] = {}) {
  const navigate = vi.fn();
  const url = await startSmartLaunch({ navigate, ...opts });
  return { url: new URL(url), navigate };
}

describe('startSmartLaunch', () => {
  test('EHR launch: code flow to the advertised endpoint with launch, PKCE S256 and a UUID state', async () => {
    server = await startSmartTestServer();
    const { url, navigate } = await launch({ pageUrl: `${APP}?iss=${encodeURIComponent(server.iss)}&launch=L-123` });
    expect(navigate).toHaveBeenCalledWith(url.href);
    expect(`${url.origin}${url.pathname}`).toBe(server.authorize);
    const p = url.searchParams;
    expect(p.get('response_type')).toBe('code');
    expect(p.get('client_id')).toBe('palliatief-zorgpad');
    expect(p.get('launch')).toBe('L-123');
    expect(p.get('aud')).toBe(server.iss);
    expect(p.get('redirect_uri')).toBe('http://localhost:3000/smart/index.html');
    expect(p.get('code_challenge_method')).toBe('S256');
    expect(p.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(p.get('state')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(p.get('scope')!.split(' ')).toEqual(expect.arrayContaining(['launch', 'openid', 'fhirUser', 'patient/Consent.rs', 'patient/Observation.c', 'patient/CareTeam.u']));
    // launch state (with the PKCE verifier) lives in sessionStorage, nothing in localStorage
    expect(JSON.parse(sessionStorage.getItem(p.get('state')!)!)).toMatchObject({ codeVerifier: expect.any(String), clientId: 'palliatief-zorgpad' });
    expect(localStorage.length).toBe(0);
  });

  test('a ward launch (the EHR’s ward screen, pz_view=ward) asks for user-level access and no patient', async () => {
    server = await startSmartTestServer();
    const { url } = await launch({ pageUrl: `${APP}?iss=${encodeURIComponent(server.iss)}&launch=L-7&pz_view=ward` });
    const scope = url.searchParams.get('scope')!.split(' ');
    expect(scope).toEqual(expect.arrayContaining(['launch', 'user/Encounter.rs', 'user/Location.rs', 'user/Task.c']));
    expect(scope.filter((s) => s.startsWith('patient/'))).toEqual([]);
    expect(scope).not.toContain('launch/patient');
    // without a launch it is no ward launch: a standalone launch stays patient-level
    const { url: standalone } = await launch({ pageUrl: `${APP}?pz_view=ward`, iss: server.iss });
    expect(standalone.searchParams.get('scope')!.split(' ')).toContain('launch/patient');
  });

  test('standalone launch asks the server for a patient (launch/patient), without a launch parameter', async () => {
    server = await startSmartTestServer();
    const { url } = await launch({ pageUrl: APP, iss: server.iss });
    expect(url.searchParams.has('launch')).toBe(false);
    expect(url.searchParams.get('scope')!.split(' ')).toContain('launch/patient');
    expect(url.searchParams.get('scope')!.split(' ')).not.toContain('launch');
  });

  test('fails closed: no authorize endpoint, no S256, an OAuth-less fhirServiceUrl launch, an issuer not allowed, no iss', async () => {
    server = await startSmartTestServer({ authorizeEndpoint: false });
    const navigate = vi.fn();
    await expect(startSmartLaunch({ navigate, pageUrl: `${APP}?iss=${encodeURIComponent(server.iss)}&launch=x` })).rejects.toMatchObject({ code: 'no-authorize-endpoint', message: expect.stringMatching(/geen inlogpagina/) });
    await server.close();
    server = await startSmartTestServer({ s256: false });
    await expect(startSmartLaunch({ navigate, pageUrl: `${APP}?iss=${encodeURIComponent(server.iss)}&launch=x` })).rejects.toMatchObject({ code: 'pkce-unsupported' });
    await expect(startSmartLaunch({ navigate, pageUrl: `${APP}?fhirServiceUrl=${encodeURIComponent(server.iss)}` })).rejects.toMatchObject({ code: 'no-authorize-endpoint' });
    await expect(startSmartLaunch({ navigate, pageUrl: `${APP}?iss=https://evil.example/fhir&launch=x`, allowedIssuers: [server.iss] })).rejects.toMatchObject({ code: 'issuer-not-allowed' });
    await expect(startSmartLaunch({ navigate, pageUrl: APP })).rejects.toMatchObject({ code: 'no-iss' });
    expect(navigate).not.toHaveBeenCalled();
  });
});

describe('completeSmartLaunch (index.html after the redirect)', () => {
  async function loginAndReturn(tamper?: (u: URL) => void) {
    server = await startSmartTestServer({ patient: 'pat-42' });
    history.replaceState({}, '', '/smart/launch.html');
    const { url } = await launch({ pageUrl: `http://localhost:3000/smart/launch.html?iss=${encodeURIComponent(server.iss)}&launch=L-1` });
    const back = new URL('http://localhost:3000/smart/index.html');
    back.searchParams.set('code', server.issueCode(url.href));
    back.searchParams.set('state', url.searchParams.get('state')!);
    tamper?.(back);
    history.replaceState({}, '', back.pathname + back.search);
    return back;
  }

  test('exchanges the code with the PKCE verifier and returns the launch context', async () => {
    const back = await loginAndReturn();
    const { client, context } = await completeSmartLaunch(back.href);
    expect(context).toEqual({ patientId: 'pat-42', encounterId: 'enc-9', fhirUser: undefined, needPatientBanner: false, serverUrl: server!.iss });
    expect(server!.tokenRequests).toHaveLength(1);
    expect(server!.tokenRequests[0].get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    // code and state are taken off the address bar; the token stays in sessionStorage only
    expect(location.search).toBe('');
    expect(localStorage.length).toBe(0);
    expect(await smartConnection(client).getAuthHeader!()).toBe('Bearer at-secret');
  });

  test('a ward launch: no patient, the ward from fhirContext; without user-level scopes or a Location it is refused', async () => {
    const ward = async (token: Record<string, unknown>) => {
      await server?.close();
      server = await startSmartTestServer({ token });
      history.replaceState({}, '', '/smart/launch.html');
      const { url } = await launch({ pageUrl: `http://localhost:3000/smart/launch.html?iss=${encodeURIComponent(server.iss)}&launch=L-2&pz_view=ward` });
      const back = new URL('http://localhost:3000/smart/index.html');
      back.searchParams.set('code', server.issueCode(url.href));
      back.searchParams.set('state', url.searchParams.get('state')!);
      history.replaceState({}, '', back.pathname + back.search);
      return completeSmartLaunch(back.href);
    };
    const userScopes = 'launch openid fhirUser user/Encounter.rs user/Patient.rs user/Location.rs';
    const { context } = await ward({ scope: userScopes, fhirContext: [{ reference: 'Location/ward-interne' }] });
    expect(context).toMatchObject({ ward: 'Location/ward-interne' });
    expect(context.patientId).toBeUndefined();
    // a patient-level token cannot read a ward: that is no ward launch
    await expect(ward({ scope: 'launch openid patient/Encounter.rs', fhirContext: [{ reference: 'Location/ward-interne' }] })).rejects.toMatchObject({ code: 'no-ward', message: expect.stringMatching(/afdelingslijst/) });
    // user scopes but no Location in the context
    await expect(ward({ scope: userScopes, fhirContext: [{ reference: 'Group/g1' }] })).rejects.toMatchObject({ code: 'no-ward' });
  });

  test('a team launch (pz_view=team): user level for every record type, no patient or ward in context; a patient-level or Patient-only token is refused', async () => {
    const team = async (token: Record<string, unknown>) => {
      await server?.close();
      server = await startSmartTestServer({ token });
      history.replaceState({}, '', '/smart/launch.html');
      const { url } = await launch({ pageUrl: `http://localhost:3000/smart/launch.html?iss=${encodeURIComponent(server.iss)}&launch=L-4&pz_view=team` });
      const scope = url.searchParams.get('scope')!.split(' ');
      expect(scope).toEqual(expect.arrayContaining(['launch', 'user/Patient.rs']));
      expect(scope.filter((x) => x.startsWith('patient/'))).toEqual([]);
      const back = new URL('http://localhost:3000/smart/index.html');
      back.searchParams.set('code', server.issueCode(url.href));
      back.searchParams.set('state', url.searchParams.get('state')!);
      history.replaceState({}, '', back.pathname + back.search);
      return completeSmartLaunch(back.href);
    };
    const { context } = await team({ scope: 'launch openid fhirUser user/*.rs' });
    expect(context.team).toBe(true);
    expect(context.patientId).toBeUndefined();
    expect(context.ward).toBeUndefined();
    // every type the rules read, one scope each, is as good as user/*.rs
    expect((await team({ scope: `launch openid fhirUser ${smartScopes('ehr-ward')}` })).context.team).toBe(true);
    // user/Patient.rs alone would show every patient's prompts computed without their Conditions, Observations, …
    await expect(team({ scope: 'launch openid fhirUser user/Patient.rs user/Encounter.rs' })).rejects.toMatchObject({ code: 'no-team-access', message: expect.stringMatching(/ziekenhuisbrede werklijst/) });
    await expect(team({ scope: 'launch openid patient/Patient.rs' })).rejects.toMatchObject({ code: 'no-team-access' });
  });

  test('a ward context the launch did not ask for is not taken: a chart launch without a patient stays refused', async () => {
    await server?.close();
    server = await startSmartTestServer({ token: { scope: 'launch openid fhirUser user/Encounter.rs user/Location.rs', fhirContext: [{ reference: 'Location/ward-interne' }] } });
    history.replaceState({}, '', '/smart/launch.html');
    const { url } = await launch({ pageUrl: `http://localhost:3000/smart/launch.html?iss=${encodeURIComponent(server.iss)}&launch=L-3` });
    const back = new URL('http://localhost:3000/smart/index.html');
    back.searchParams.set('code', server.issueCode(url.href));
    back.searchParams.set('state', url.searchParams.get('state')!);
    history.replaceState({}, '', back.pathname + back.search);
    await expect(completeSmartLaunch(back.href)).rejects.toMatchObject({ code: 'no-patient' });
  });

  test('a code without state is refused, even though fhirclient would fall back to the stored key', async () => {
    const back = await loginAndReturn((u) => u.searchParams.delete('state'));
    await expect(completeSmartLaunch(back.href)).rejects.toMatchObject({ code: 'state-missing', message: expect.stringMatching(/state-parameter ontbreekt/) });
    expect(server!.tokenRequests).toHaveLength(0);
  });

  test('a mismatched state is refused before any token request', async () => {
    const back = await loginAndReturn((u) => u.searchParams.set('state', crypto.randomUUID()));
    await expect(completeSmartLaunch(back.href)).rejects.toMatchObject({ code: 'state-mismatch', message: expect.stringMatching(/komt niet overeen/) });
    expect(server!.tokenRequests).toHaveLength(0);
  });

  test('an error from the authorization server is shown, not swallowed', async () => {
    const back = await loginAndReturn((u) => {
      u.searchParams.delete('code');
      u.searchParams.set('error', 'access_denied');
    });
    await expect(completeSmartLaunch(back.href)).rejects.toMatchObject({ code: 'auth-refused', message: expect.stringMatching(/access_denied/) });
  });

  test('an expired token without refresh token is a session-expired error the UI can offer a re-login for', async () => {
    const back = await loginAndReturn();
    const { client } = await completeSmartLaunch(back.href);
    client.state.expiresAt = Math.floor(Date.now() / 1000) - 10;
    const err = await smartConnection(client).getAuthHeader!().catch((e) => e);
    expect(err).toBeInstanceOf(SmartLaunchError);
    expect(isSessionExpired(err)).toBe(true);
    expect(err.canRelogin).toBe(true);
    expect(err.message).toMatch(/sessie is verlopen/);
    const conn = smartConnection(client, async () => new Response('', { status: 401 }));
    await expect(conn.fetch('x')).rejects.toMatchObject({ code: 'session-expired' });
  });
});

describe('smart-policy', () => {
  test('scopes: exactly the types read (rs) and written (c), CareTeam update, no wildcard', () => {
    const ehr = smartScopes('ehr').split(' ');
    expect(ehr).not.toContain('patient/*.rs');
    expect(ehr.filter((s) => s.endsWith('.c')).sort()).toEqual(['patient/CareTeam.c', 'patient/Condition.c', 'patient/DocumentReference.c', 'patient/Observation.c', 'patient/Procedure.c', 'patient/RelatedPerson.c', 'patient/ServiceRequest.c', 'patient/Task.c']);
    expect(ehr.filter((s) => s.endsWith('.rs'))).toHaveLength(21);
    // Location only where there is a worklist to pick a ward for
    expect(ehr).not.toContain('user/Location.rs');
    expect(smartScopes('user').split(' ')).toContain('user/Location.rs');
    expect(smartScopes('user')).toMatch(/^openid fhirUser user\/Patient\.rs/);
  });

  test('checkAuthorizeUrl refuses anything that is not code flow + S256 + our state', () => {
    const ok = 'https://as.example/authorize?response_type=code&state=s1&code_challenge=abc&code_challenge_method=S256';
    expect(() => checkAuthorizeUrl(ok, 's1')).not.toThrow();
    expect(() => checkAuthorizeUrl(ok, 's2')).toThrow(/state/);
    expect(() => checkAuthorizeUrl('https://app.example/index.html?state=s1', 's1')).toThrow(/inlogpagina/);
    expect(() => checkAuthorizeUrl(ok.replace('S256', 'plain'), 's1')).toThrow(/PKCE/);
  });
});
