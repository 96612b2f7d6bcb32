// One FHIR connection per extension context (service worker, side panel, options page) that follows the
// shared login: the token lives in storage.session (lib/fhir/extension-auth.ts); when another context logs
// in, refreshes or logs out, this one picks up the new token through storage.onChanged instead of keeping
// a stale copy in memory.
import { createExtensionAuth, type ExtensionAuth, type ExtensionToken, type SessionStorageArea } from '../fhir/extension-auth';
import type { FhirConnection } from '../fhir/http';

export const TOKEN_KEY = 'pz-smart-token';

export interface LiveSessionApi {
  identity: {
    getRedirectURL(path?: string): string;
    launchWebAuthFlow(details: { url: string; interactive?: boolean }): Promise<string | undefined>;
  };
  storage: {
    session?: SessionStorageArea;
    onChanged: { addListener(cb: (changes: Record<string, unknown>, area: string) => void): void; removeListener(cb: (changes: Record<string, unknown>, area: string) => void): void };
  };
}

export interface LiveSession {
  readonly fhirBase: string;
  /** stable across logins: hand it to createFhirGateway / createOutbox once */
  connection: FhirConnection;
  /** the stored token (after a service-worker restart or another context's login), if any */
  token(): Promise<ExtensionToken | undefined>;
  login(): Promise<ExtensionToken>;
  logout(): Promise<void>;
  /** called after the shared token changed (login, refresh, logout elsewhere) */
  onTokenChange(cb: () => void): () => void;
  close(): void;
}

export function createLiveSession(api: LiveSessionApi, opts: { fhirBase: string; clientId?: string; scope?: string; fetch?: typeof fetch }): LiveSession {
  const make = (): ExtensionAuth =>
    createExtensionAuth({
      fhirBase: opts.fhirBase,
      clientId: opts.clientId,
      scope: opts.scope,
      redirectUri: api.identity.getRedirectURL(),
      launchWebAuthFlow: (d) => api.identity.launchWebAuthFlow(d),
      sessionStorage: api.storage.session,
      fetch: opts.fetch,
    });
  let auth = make();
  let restored = auth.restore().catch(() => undefined);
  const listeners = new Set<() => void>();
  const onChanged = (changes: Record<string, unknown>, area: string) => {
    if (area !== 'session' || !(TOKEN_KEY in changes)) return;
    // a fresh auth reads the stored token on restore(); the old one would keep its memory copy
    auth = make();
    restored = auth.restore().catch(() => undefined);
    void restored.then(() => listeners.forEach((cb) => cb()));
  };
  api.storage.onChanged.addListener(onChanged);

  const connection: FhirConnection = {
    serverUrl: auth.connection().serverUrl,
    fetch: async (url, init) => auth.connection().fetch(url, init),
    getAuthHeader: async () => {
      await restored;
      return auth.connection().getAuthHeader!();
    },
  };

  return {
    fhirBase: connection.serverUrl,
    connection,
    async token() {
      await restored;
      return auth.restore();
    },
    login: () => auth.login(),
    logout: () => auth.logout(),
    onTokenChange(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    close() {
      api.storage.onChanged.removeListener(onChanged);
      listeners.clear();
    },
  };
}
