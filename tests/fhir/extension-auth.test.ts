import 'fake-indexeddb/auto';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createExtensionAuth, type SessionStorageArea } from '../../lib/fhir/extension-auth';
import { SmartLaunchError } from '../../lib/fhir/smart-policy';
import { createLiveSession } from '../../lib/extension/live-session';
import { startSmartTestServer, type SmartTestServer } from './support/smart-server';

const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
let server: SmartTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function memorySession(): SessionStorageArea & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = {};
  return {
    data,
    get: async (k) => (k in data ? { [k]: structuredClone(data[k]) } : {}),
    set: async (items) => void Object.assign(data, structuredClone(items)),
    remove: async (k) => void delete data[k],
  };
}

/** The login window: the server "logs the user in" and redirects back with code + state. */
const loginWindow = (s: SmartTestServer, tamper?: (u: URL) => void) =>
  vi.fn(async ({ url }: { url: string; interactive?: boolean }) => {
    const auth = new URL(url);
    const back = new URL(auth.searchParams.get('redirect_uri')!);
    back.searchParams.set('code', s.issueCode(url));
    back.searchParams.set('state', auth.searchParams.get('state')!);
    tamper?.(back);
    return back.href;
  });

describe('extension standalone launch (launchWebAuthFlow + oauth4webapi)', () => {
  test('PKCE S256 and a random state; the token goes to storage.session and into the bearer header', async () => {
    server = await startSmartTestServer();
    const session = memorySession();
    const flow = loginWindow(server);
    const auth = createExtensionAuth({ fhirBase: server.iss, redirectUri: REDIRECT, launchWebAuthFlow: flow, sessionStorage: session });
    const token = await auth.login();
    const sent = new URL(flow.mock.calls[0][0].url);
    expect(flow.mock.calls[0][0].interactive).toBe(true);
    expect(`${sent.origin}${sent.pathname}`).toBe(server.authorize);
    expect(sent.searchParams.get('code_challenge_method')).toBe('S256');
    expect(sent.searchParams.get('redirect_uri')).toBe(REDIRECT);
    expect(sent.searchParams.get('client_id')).toBe('palliatief-zorgpad');
    expect(sent.searchParams.get('state')!.length).toBeGreaterThanOrEqual(43); // 256 bits, base64url
    expect(sent.searchParams.get('scope')).toMatch(/^openid fhirUser user\/Patient\.rs /);
    // the test server only answers when SHA-256(code_verifier) matches the challenge
    expect(server.tokenRequests[0].get('code_verifier')).toBeTruthy();
    expect(token).toMatchObject({ accessToken: 'at-secret', serverUrl: server.iss });
    expect(session.data['pz-smart-token']).toMatchObject({ accessToken: 'at-secret' });
    expect(await auth.connection().getAuthHeader!()).toBe('Bearer at-secret');
  });

  test('a mismatched or missing state stops the login before any token request', async () => {
    server = await startSmartTestServer();
    for (const [tamper, code] of [
      [(u: URL) => u.searchParams.set('state', 'someone-elses-state'), 'state-mismatch'],
      [(u: URL) => u.searchParams.delete('state'), 'state-missing'],
    ] as const) {
      const auth = createExtensionAuth({ fhirBase: server.iss, redirectUri: REDIRECT, launchWebAuthFlow: loginWindow(server, tamper) });
      await expect(auth.login()).rejects.toMatchObject({ code });
    }
    expect(server.tokenRequests).toHaveLength(0);
  });

  test('fails closed without an authorize endpoint or S256: the login window never opens', async () => {
    server = await startSmartTestServer({ authorizeEndpoint: false });
    const flow = vi.fn();
    await expect(createExtensionAuth({ fhirBase: server.iss, redirectUri: REDIRECT, launchWebAuthFlow: flow }).login()).rejects.toMatchObject({ code: 'no-authorize-endpoint' });
    await server.close();
    server = await startSmartTestServer({ s256: false });
    await expect(createExtensionAuth({ fhirBase: server.iss, redirectUri: REDIRECT, launchWebAuthFlow: flow }).login()).rejects.toMatchObject({ code: 'pkce-unsupported' });
    expect(flow).not.toHaveBeenCalled();
  });

  test('restores the session token after a service-worker restart; an expired one without refresh token says so', async () => {
    server = await startSmartTestServer();
    const session = memorySession();
    let clock = Date.now();
    const first = createExtensionAuth({ fhirBase: server.iss, redirectUri: REDIRECT, launchWebAuthFlow: loginWindow(server), sessionStorage: session, now: () => clock });
    await first.login();
    const second = createExtensionAuth({ fhirBase: server.iss, redirectUri: REDIRECT, launchWebAuthFlow: vi.fn(), sessionStorage: session, now: () => clock });
    expect((await second.restore())?.accessToken).toBe('at-secret');
    clock += 3600_000;
    const err = await second.connection().getAuthHeader!().catch((e) => e);
    expect(err).toBeInstanceOf(SmartLaunchError);
    expect(err.code).toBe('session-expired');
    await second.logout();
    expect(session.data).toEqual({});
  });

  test('without storage.session the token is kept in memory only', async () => {
    server = await startSmartTestServer();
    const auth = createExtensionAuth({ fhirBase: server.iss, redirectUri: REDIRECT, launchWebAuthFlow: loginWindow(server) });
    await auth.login();
    expect(await auth.connection().getAuthHeader!()).toBe('Bearer at-secret');
    const fresh = createExtensionAuth({ fhirBase: server.iss, redirectUri: REDIRECT, launchWebAuthFlow: vi.fn() });
    expect(await fresh.restore()).toBeUndefined();
  });
});

describe('scopes from the options page', () => {
  test('createLiveSession passes opts.scope into the authorize URL; without it the default scopes go', async () => {
    server = await startSmartTestServer();
    const configured = 'openid fhirUser user/Patient.rs user/Condition.rs';
    const flow = loginWindow(server);
    const api = {
      identity: { getRedirectURL: () => REDIRECT, launchWebAuthFlow: flow },
      storage: { session: memorySession(), onChanged: { addListener: () => {}, removeListener: () => {} } },
    };
    const live = createLiveSession(api, { fhirBase: server.iss, scope: configured });
    await live.login();
    expect(new URL(flow.mock.calls[0][0].url).searchParams.get('scope')).toBe(configured);
    live.close();

    const plain = createLiveSession(api, { fhirBase: server.iss });
    await plain.login();
    expect(new URL(flow.mock.calls[1][0].url).searchParams.get('scope')).toMatch(/^openid fhirUser user\/Patient\.rs .*user\/CareTeam\.u/);
    plain.close();
  });
});

describe('createExtensionSession', () => {
  test('wires login, gateway and queue over the browser API; writes wait for the login', async () => {
    const { createExtensionSession } = await import('../../lib/fhir/extension-session');
    const { PzDatabase } = await import('../../lib/store/db');
    server = await startSmartTestServer();
    const session = memorySession();
    const ext = createExtensionSession({
      fhirBase: server.iss,
      db: new PzDatabase(`ext-session-${Math.random()}`),
      browser: { identity: { getRedirectURL: () => REDIRECT, launchWebAuthFlow: loginWindow(server) }, storage: { session } },
    });
    expect(await ext.user()).toBeUndefined();
    // not logged in yet: a write is kept (pending), and the error says why
    const e = await ext.queue.enqueue({ patientId: 'p1', action: 'record-medication-review', params: {} });
    await new Promise((r) => setTimeout(r, 50));
    const [row] = await ext.queue.list('p1');
    expect(row).toMatchObject({ id: e.id, status: 'pending', lastError: expect.stringMatching(/sessie is verlopen/) });
    await ext.login();
    expect((await ext.user())?.accessToken).toBe('at-secret');
    expect(session.data['pz-smart-token']).toBeDefined();
    ext.close();
  });
});
