// SMART standalone launch for the browser extension, through `identity.launchWebAuthFlow` with the
// `https://<extension-id>.chromiumapp.org/` redirect. fhirclient cannot run here (it redirects the
// page and keeps state in window.sessionStorage), so the OAuth steps go through oauth4webapi: PKCE S256,
// a 256-bit random state checked on return, the code exchange and refresh.
// Tokens live in memory and in `storage.session` (memory-only, cleared when the browser closes, not
// exposed to content scripts by default): never storage.local, localStorage or IndexedDB.
import * as oauth from 'oauth4webapi';
import type { FhirConnection } from './http';
import { normalizeBase } from './http';
import { SMART_CLIENT_ID, SmartLaunchError, smartScopes } from './smart-policy';

export interface SessionStorageArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

export interface ExtensionAuthOptions {
  fhirBase: string;
  clientId?: string;
  /** space-separated scopes from the options page; default smartScopes('user') */
  scope?: string;
  /** browser.identity.getRedirectURL() → https://<id>.chromiumapp.org/ */
  redirectUri: string;
  /** browser.identity.launchWebAuthFlow */
  launchWebAuthFlow: (details: { url: string; interactive: boolean }) => Promise<string | undefined>;
  /** browser.storage.session; omit to keep the token in memory only */
  sessionStorage?: SessionStorageArea;
  fetch?: typeof fetch;
  now?: () => number;
}

export interface ExtensionToken {
  serverUrl: string;
  accessToken: string;
  refreshToken?: string;
  /** epoch ms */
  expiresAt?: number;
  scope?: string;
  /** e.g. "Practitioner/123" */
  fhirUser?: string;
}

export interface ExtensionAuth {
  /** interactive login (opens the server's login window) */
  login(): Promise<ExtensionToken>;
  /** the token of this browser session, if any (e.g. after the service worker restarted) */
  restore(): Promise<ExtensionToken | undefined>;
  /** for createFhirGateway / createOutbox: bearer from memory, refreshed when possible */
  connection(): FhirConnection;
  logout(): Promise<void>;
}

const STORAGE_KEY = 'pz-smart-token';
const isLocal = (u: string) => ['localhost', '127.0.0.1', '[::1]'].includes(new URL(u).hostname);

export function createExtensionAuth(opts: ExtensionAuthOptions): ExtensionAuth {
  const fhirBase = normalizeBase(opts.fhirBase);
  const client: oauth.Client = { client_id: opts.clientId ?? SMART_CLIENT_ID, token_endpoint_auth_method: 'none' };
  const now = opts.now ?? Date.now;
  const fetchImpl = opts.fetch ?? fetch.bind(globalThis);
  // oauth4webapi refuses http:// endpoints; allow that only for a server on this machine (npm run demo)
  const httpOptions = () => ({ [oauth.customFetch]: fetchImpl, ...(isLocal(fhirBase) ? { [oauth.allowInsecureRequests]: true } : {}) });
  let token: ExtensionToken | undefined;
  let as: oauth.AuthorizationServer | undefined;

  async function authorizationServer(): Promise<oauth.AuthorizationServer> {
    if (as) return as;
    const res = await fetchImpl(`${fhirBase}/.well-known/smart-configuration`, { headers: { accept: 'application/json' } }).catch(() => undefined);
    const cfg = res?.ok ? ((await res.json()) as Record<string, unknown>) : undefined;
    if (!cfg || typeof cfg.authorization_endpoint !== 'string' || typeof cfg.token_endpoint !== 'string') {
      throw new SmartLaunchError('no-authorize-endpoint');
    }
    if (!(cfg.code_challenge_methods_supported as string[] | undefined)?.includes('S256')) throw new SmartLaunchError('pkce-unsupported');
    as = {
      issuer: typeof cfg.issuer === 'string' ? cfg.issuer : fhirBase,
      authorization_endpoint: cfg.authorization_endpoint,
      token_endpoint: cfg.token_endpoint,
      code_challenge_methods_supported: ['S256'],
    };
    return as;
  }

  async function keep(result: oauth.TokenEndpointResponse, previous?: ExtensionToken): Promise<ExtensionToken> {
    const claims = oauth.getValidatedIdTokenClaims(result);
    // the claim is an absolute URL (SMART); writes and the UI use "Practitioner/<id>", as fhirclient does
    const claim = typeof claims?.fhirUser === 'string' ? claims.fhirUser.split('/').slice(-2).join('/') : undefined;
    const fhirUser = claim ?? previous?.fhirUser;
    token = {
      serverUrl: fhirBase,
      accessToken: result.access_token,
      refreshToken: result.refresh_token ?? previous?.refreshToken,
      expiresAt: result.expires_in ? now() + result.expires_in * 1000 : undefined,
      scope: result.scope,
      fhirUser,
    };
    await opts.sessionStorage?.set({ [STORAGE_KEY]: token });
    return token;
  }

  async function refresh(): Promise<void> {
    if (!token?.refreshToken) throw new SmartLaunchError('session-expired');
    try {
      const server = await authorizationServer();
      const res = await oauth.refreshTokenGrantRequest(server, client, oauth.None(), token.refreshToken, httpOptions());
      await keep(await oauth.processRefreshTokenResponse(server, client, res), token);
    } catch {
      token = undefined;
      await opts.sessionStorage?.remove(STORAGE_KEY);
      throw new SmartLaunchError('session-expired');
    }
  }

  return {
    async login() {
      const server = await authorizationServer();
      const verifier = oauth.generateRandomCodeVerifier();
      const state = oauth.generateRandomState(); // 32 random bytes
      const url = new URL(server.authorization_endpoint!);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('client_id', client.client_id);
      url.searchParams.set('redirect_uri', opts.redirectUri);
      url.searchParams.set('scope', opts.scope?.trim() || smartScopes('user'));
      url.searchParams.set('aud', fhirBase);
      url.searchParams.set('state', state);
      url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
      url.searchParams.set('code_challenge_method', 'S256');
      const redirected = await opts.launchWebAuthFlow({ url: url.href, interactive: true });
      if (!redirected) throw new SmartLaunchError('auth-refused');
      const back = new URL(redirected);
      if (!back.href.startsWith(opts.redirectUri)) throw new SmartLaunchError('auth-refused', 'onverwachte terugkeer-URL');
      if (back.searchParams.get('error')) throw new SmartLaunchError('auth-refused', back.searchParams.get('error')!);
      if (!back.searchParams.get('state')) throw new SmartLaunchError('state-missing');
      if (back.searchParams.get('state') !== state) throw new SmartLaunchError('state-mismatch');
      let params: URLSearchParams;
      try {
        params = oauth.validateAuthResponse(server, client, back, state);
      } catch {
        throw new SmartLaunchError('state-mismatch');
      }
      try {
        const res = await oauth.authorizationCodeGrantRequest(server, client, oauth.None(), params, opts.redirectUri, verifier, httpOptions());
        return await keep(await oauth.processAuthorizationCodeResponse(server, client, res));
      } catch (e) {
        throw new SmartLaunchError('no-token', e instanceof Error ? e.message : undefined);
      }
    },
    async restore() {
      if (token) return token;
      const stored = (await opts.sessionStorage?.get(STORAGE_KEY))?.[STORAGE_KEY] as ExtensionToken | undefined;
      if (stored?.serverUrl === fhirBase && stored.accessToken) token = stored;
      return token;
    },
    connection() {
      return {
        serverUrl: fhirBase,
        fetch: async (url, init) => {
          const res = await fetchImpl(url, init);
          if (res.status === 401) throw new SmartLaunchError('session-expired');
          return res;
        },
        getAuthHeader: async () => {
          if (!token) throw new SmartLaunchError('session-expired');
          // refresh a minute early, so a request does not leave with a token that expires on the way
          if (token.expiresAt !== undefined && token.expiresAt - 60_000 <= now()) await refresh();
          return `Bearer ${token!.accessToken}`;
        },
      };
    },
    async logout() {
      token = undefined;
      await opts.sessionStorage?.remove(STORAGE_KEY);
    },
  };
}
