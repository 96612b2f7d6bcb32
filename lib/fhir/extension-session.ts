// The extension's counterpart of smart/session.ts: one login (standalone SMART launch through
// identity.launchWebAuthFlow), one gateway and one write queue for whatever patient the EHR page shows.
// Safe in the side panel and in the MV3 service worker: no fhirclient, no window.
import type { FhirGateway, WriteQueue } from './gateway';
import { createExtensionAuth, type ExtensionAuth, type ExtensionToken, type SessionStorageArea } from './extension-auth';
import { createFhirGateway } from './load-record';
import { createOutbox, type Outbox } from '../store/outbox';
import { getDb, type PzDatabase } from '../store/db';

/** The parts of the WebExtension `browser` object this needs (wxt's `browser` fits). */
export interface ExtensionBrowserApi {
  identity: {
    getRedirectURL(path?: string): string;
    launchWebAuthFlow(details: { url: string; interactive?: boolean }): Promise<string | undefined>;
  };
  storage: { session?: SessionStorageArea };
}

export interface ExtensionSession {
  auth: ExtensionAuth;
  gateway: FhirGateway;
  queue: WriteQueue;
  /** the logged-in user (fhirUser), once logged in */
  user(): Promise<ExtensionToken | undefined>;
  /** interactive login; pending writes start going out afterwards */
  login(): Promise<ExtensionToken>;
  close(): void;
}

export function createExtensionSession(opts: { fhirBase: string; browser: ExtensionBrowserApi; db?: PzDatabase; clientId?: string }): ExtensionSession {
  const auth = createExtensionAuth({
    fhirBase: opts.fhirBase,
    clientId: opts.clientId,
    redirectUri: opts.browser.identity.getRedirectURL(),
    launchWebAuthFlow: (d) => opts.browser.identity.launchWebAuthFlow(d),
    sessionStorage: opts.browser.storage.session,
  });
  const connection = auth.connection();
  const gateway = createFhirGateway(connection);
  // user-scoped token: this queue may send every patient's pending writes
  const queue: Outbox = createOutbox({ db: opts.db ?? getDb(), connection });
  return {
    auth,
    gateway,
    queue,
    user: () => auth.restore(),
    async login() {
      const token = await auth.login();
      void queue.flush();
      return token;
    },
    close: () => queue.close(),
  };
}
