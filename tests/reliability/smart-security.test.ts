// SMART security (issue 7), against the demo's real authorization server over HTTP: the server refuses an
// authorization without `state` and PKCE `plain` (on the login page and on the login form's POST, EHR and
// standalone launch); the extension's login (lib/fhir/extension-auth.ts) always sends S256 and a
// ≥ 122-bit state, and refuses a missing or mismatched state on the way back with a clear Dutch message
// before any token request; the web app's checks (lib/fhir/smart-policy.ts, used by smart-launch.ts)
// refuse the same. The browser half (tokens in storage after a full session) is
// tests/e2e/reliability-smart-security.e2e.test.ts.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { startDemo, type DemoServer } from '../../demo/server';
import { createExtensionAuth, type SessionStorageArea } from '../../lib/fhir/extension-auth';
import { SMART_CLIENT_ID, SmartLaunchError, checkAuthorizeUrl, checkRedirect, smartScopes } from '../../lib/fhir/smart-policy';

const EXT_REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
let demo: DemoServer;

beforeAll(async () => {
  demo = await startDemo({ port: 0, buildSmart: false, fixturesDir: false });
});
afterAll(async () => demo?.close());

const b64url = (b: Buffer) => b.toString('base64url');
function pkce() {
  const verifier = b64url(randomBytes(32));
  return { verifier, challenge: b64url(createHash('sha256').update(verifier).digest()) };
}

/** An EHR launch id from the demo EHR (what the chart's "open app" button gets). */
async function ehrLaunch(): Promise<string> {
  const res = await fetch(`${demo.url}/auth/launch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ patient: demo.seed!.patients[0].id }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { launch: string }).launch;
}

function authorizeParams(kind: 'ehr' | 'standalone', extra: Record<string, string | undefined>): URLSearchParams {
  const p = new URLSearchParams({
    response_type: 'code',
    client_id: SMART_CLIENT_ID,
    redirect_uri: `${demo.url}/smart/index.html`,
    scope: smartScopes(kind),
    aud: demo.fhirBase,
    state: b64url(randomBytes(32)),
    code_challenge: pkce().challenge,
    code_challenge_method: 'S256',
  });
  for (const [k, v] of Object.entries(extra)) v === undefined ? p.delete(k) : p.set(k, v);
  return p;
}

/** The server's answer must be a redirect back with an OAuth error, never a code or a login page. */
function expectRefused(res: Response, description: RegExp) {
  expect(res.status).toBe(302);
  const back = new URL(res.headers.get('location')!);
  expect(back.searchParams.get('error')).toBe('invalid_request');
  expect(back.searchParams.get('error_description')).toMatch(description);
  expect(back.searchParams.has('code')).toBe(false);
}

describe('the demo authorization server', () => {
  const cases: Array<[string, Record<string, string | undefined>, RegExp]> = [
    ['without state', { state: undefined }, /state is required/],
    ['with an empty state', { state: '' }, /state is required/],
    ['with PKCE plain', { code_challenge_method: 'plain' }, /S256/],
    ['with PKCE plain and the verifier as challenge', { code_challenge_method: 'plain', code_challenge: pkce().verifier }, /S256/],
    ['without a code_challenge_method', { code_challenge_method: undefined }, /S256/],
    ['without PKCE at all', { code_challenge: undefined, code_challenge_method: undefined }, /PKCE is required/],
  ];
  for (const [name, extra, description] of cases) {
    test(`refuses an EHR launch ${name}`, async () => {
      const p = authorizeParams('ehr', { launch: await ehrLaunch(), ...extra });
      expectRefused(await fetch(`${demo.url}/auth/authorize?${p}`, { redirect: 'manual' }), description);
    });
    test(`refuses a standalone launch ${name}, also when the login form is posted`, async () => {
      const p = authorizeParams('standalone', extra);
      expectRefused(await fetch(`${demo.url}/auth/authorize?${p}`, { redirect: 'manual' }), description);
      // a forged login form: the user "allowed", but the request itself is not acceptable
      p.set('pz_login', '1');
      p.set('pz_action', 'allow');
      p.set('pz_practitioner', 'pz-dr-de-jong');
      p.set('pz_patient', demo.seed!.patients[0].id);
      expectRefused(await fetch(`${demo.url}/auth/authorize`, { method: 'POST', body: p, redirect: 'manual' }), description);
    });
  }

  test('advertises S256 only', async () => {
    const cfg = (await (await fetch(`${demo.fhirBase}/.well-known/smart-configuration`)).json()) as { code_challenge_methods_supported: string[] };
    expect(cfg.code_challenge_methods_supported).toEqual(['S256']);
  });
});

/** The sandbox login page, driven over HTTP the way the launchWebAuthFlow window would be. */
async function sandboxLogin(url: string): Promise<string> {
  const page = await fetch(url, { redirect: 'manual' });
  expect(page.status).toBe(200);
  const html = await page.text();
  const form = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) form.set(m[1], m[2].replaceAll('&amp;', '&').replaceAll('&quot;', '"'));
  form.set('pz_practitioner', /name="pz_practitioner" value="([^"]+)"/.exec(html)![1]);
  form.set('pz_action', 'allow');
  const back = await fetch(new URL('authorize', url), { method: 'POST', body: form, redirect: 'manual' });
  expect(back.status).toBe(302);
  return back.headers.get('location')!;
}

function memorySession(): SessionStorageArea & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = {};
  return { data, get: async (k) => (k in data ? { [k]: data[k] } : {}), set: async (i) => void Object.assign(data, i), remove: async (k) => void delete data[k] };
}

/** fetch that records every token-endpoint request */
function watchedFetch() {
  const tokenRequests: string[] = [];
  const f: typeof fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.includes('/auth/token')) tokenRequests.push(url);
    return fetch(input, init);
  };
  return { fetch: f, tokenRequests };
}

describe('the extension login against the demo server', () => {
  test('sends PKCE S256 and a ≥ 122-bit state, never plain; the real login completes', async () => {
    const w = watchedFetch();
    const flow = vi.fn(({ url }: { url: string }) => sandboxLogin(url));
    const session = memorySession();
    const auth = createExtensionAuth({ fhirBase: demo.fhirBase, redirectUri: EXT_REDIRECT, launchWebAuthFlow: flow, sessionStorage: session, fetch: w.fetch });
    const token = await auth.login();
    const sent = new URL(flow.mock.calls[0][0].url);
    expect(sent.searchParams.get('code_challenge_method')).toBe('S256');
    expect(sent.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(flow.mock.calls[0][0].url).not.toMatch(/plain/i);
    // base64url of ≥ 16 random bytes carries ≥ 122 bits only if it is long enough and not a fixed value
    expect(sent.searchParams.get('state')!.length).toBeGreaterThanOrEqual(22);
    expect(w.tokenRequests).toHaveLength(1);
    expect(token.accessToken).toBeTruthy();
    // two logins, two different states and challenges
    await auth.login();
    const second = new URL(flow.mock.calls[1][0].url);
    expect(second.searchParams.get('state')).not.toBe(sent.searchParams.get('state'));
    expect(second.searchParams.get('code_challenge')).not.toBe(sent.searchParams.get('code_challenge'));
  });

  for (const [name, tamper, code, message] of [
    ['missing', (u: URL) => u.searchParams.delete('state'), 'state-missing', /state-parameter ontbreekt/],
    ['mismatched', (u: URL) => u.searchParams.set('state', b64url(randomBytes(32))), 'state-mismatch', /state komt niet overeen/],
    ['empty', (u: URL) => u.searchParams.set('state', ''), 'state-missing', /state-parameter ontbreekt/],
  ] as const) {
    test(`a ${name} state on the way back is refused with a clear Dutch message, before any token request`, async () => {
      const w = watchedFetch();
      const session = memorySession();
      const auth = createExtensionAuth({
        fhirBase: demo.fhirBase,
        redirectUri: EXT_REDIRECT,
        // the real login; an attacker's link (or a mixed-up window) changes the state on the way back
        launchWebAuthFlow: async ({ url }) => {
          const back = new URL(await sandboxLogin(url));
          expect(back.searchParams.get('code')).toBeTruthy();
          tamper(back);
          return back.href;
        },
        sessionStorage: session,
        fetch: w.fetch,
      });
      const err = await auth.login().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(SmartLaunchError);
      expect((err as SmartLaunchError).code).toBe(code);
      expect((err as SmartLaunchError).message).toMatch(message);
      expect(w.tokenRequests).toEqual([]);
      expect(session.data).toEqual({});
      expect(await auth.restore()).toBeUndefined();
    });
  }

  test('a server that offers only PKCE plain is refused before any login window opens', async () => {
    const flow = vi.fn(async () => 'https://never');
    const plainOnly: typeof fetch = async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      const res = await fetch(input, init);
      if (!url.endsWith('/.well-known/smart-configuration')) return res;
      const cfg = (await res.json()) as Record<string, unknown>;
      return Response.json({ ...cfg, code_challenge_methods_supported: ['plain'] });
    };
    const auth = createExtensionAuth({ fhirBase: demo.fhirBase, redirectUri: EXT_REDIRECT, launchWebAuthFlow: flow, fetch: plainOnly });
    await expect(auth.login()).rejects.toMatchObject({ code: 'pkce-unsupported', message: /PKCE S256/ });
    expect(flow).not.toHaveBeenCalled();
  });
});

describe('the web app’s launch checks (smart-launch.ts hands every authorize URL and redirect to these)', () => {
  const ok = () => {
    const p = authorizeParams('ehr', { launch: 'x' });
    return { url: `${demo.url}/auth/authorize?${p}`, state: p.get('state')! };
  };
  test('an authorize URL fhirclient built with plain, without PKCE or with another state is not followed', () => {
    const { url, state } = ok();
    expect(checkAuthorizeUrl(url, state).searchParams.get('code_challenge_method')).toBe('S256');
    for (const [k, v] of [['code_challenge_method', 'plain'], ['code_challenge_method', ''], ['code_challenge', '']]) {
      const u = new URL(url);
      u.searchParams.set(k, v);
      expect(() => checkAuthorizeUrl(u.href, state)).toThrow(expect.objectContaining({ code: 'pkce-unsupported' }));
    }
    expect(() => checkAuthorizeUrl(url, 'another-state')).toThrow(expect.objectContaining({ code: 'state-mismatch', message: expect.stringMatching(/komt niet overeen/) }));
  });
  test('a redirect with a code but no state is refused before fhirclient could fall back to its last stored state', () => {
    expect(() => checkRedirect(new URL(`${demo.url}/smart/index.html?code=abc`))).toThrow(expect.objectContaining({ code: 'state-missing', message: expect.stringMatching(/ontbreekt/) }));
    expect(() => checkRedirect(new URL(`${demo.url}/smart/index.html?code=abc&state=`))).toThrow(expect.objectContaining({ code: 'state-missing' }));
    expect(() => checkRedirect(new URL(`${demo.url}/smart/index.html?code=abc&state=s`))).not.toThrow();
  });
});
