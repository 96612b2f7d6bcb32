// SMART App Launch 2.0 for the web app, through fhirclient (browser entry: the Node entry has no
// oauth2, and this file must never be imported by the MV3 service worker: fhirclient touches `window`).
//
// Token storage: fhirclient's BrowserStorage keeps the whole launch state (PKCE verifier, token
// response) in window.sessionStorage under the state key, and the current key under SMART_KEY. That
// is per tab and gone when the tab closes; we never copy tokens to localStorage or IndexedDB.
import FHIR from 'fhirclient/lib/entry/browser.js';
import type Client from 'fhirclient/lib/Client';
import type { FhirConnection } from './http';
import {
  SMART_CLIENT_ID,
  SmartLaunchError,
  checkAuthorizeUrl,
  checkRedirect,
  hasTeamAccess,
  issuerAllowed,
  smartScopes,
  toSmartLaunchError,
  userReads,
} from './smart-policy';

export interface LaunchOptions {
  /** defaults to the page URL's `iss`; required for a standalone launch without one */
  iss?: string;
  clientId?: string;
  /** defaults to index.html next to launch.html */
  redirectUri?: string;
  /** when set, only these FHIR servers may launch the app */
  allowedIssuers?: readonly string[];
  /** for tests: where to send the browser (default location.assign) */
  navigate?: (url: string) => void;
  /** for tests: the page URL (default location.href) */
  pageUrl?: string;
}

/**
 * launch.html: EHR launch (`?iss=…&launch=…`) or standalone launch (`?iss=…` alone). Resolves after
 * handing the browser to the authorize endpoint; rejects with a SmartLaunchError (Dutch) otherwise.
 */
export async function startSmartLaunch(opts: LaunchOptions = {}): Promise<string> {
  const page = new URL(opts.pageUrl ?? location.href);
  // `fhirServiceUrl` makes fhirclient skip OAuth altogether: never accept it
  if (page.searchParams.has('fhirServiceUrl')) throw new SmartLaunchError('no-authorize-endpoint');
  const iss = page.searchParams.get('iss') ?? opts.iss;
  if (!iss) throw new SmartLaunchError('no-iss');
  if (!issuerAllowed(iss, opts.allowedIssuers)) throw new SmartLaunchError('issuer-not-allowed', iss);
  const launch = page.searchParams.get('launch') ?? undefined;
  // the launch URL an EHR registers for its ward screens carries pz_view=ward, for the palliative
  // team's hospital-wide screen pz_view=team: no patient, user level
  const view = launch ? page.searchParams.get('pz_view') : null;
  const ward = view === 'ward' || view === 'team';
  const stateKey = crypto.randomUUID(); // 122 random bits, from the platform CSPRNG
  let url: string | void;
  try {
    url = await FHIR.oauth2.authorize({
      iss,
      launch,
      clientId: opts.clientId ?? SMART_CLIENT_ID,
      scope: smartScopes(ward ? 'ehr-ward' : launch ? 'ehr' : 'standalone'),
      redirectUri: opts.redirectUri ?? new URL('index.html', page).href,
      pkceMode: 'required',
      stateKey,
      noRedirect: true,
      // EHRs often open the app in an iframe (the demo EHR does): finish the login in that same frame
      completeInTarget: true,
    });
  } catch (e) {
    throw toSmartLaunchError(e);
  }
  if (typeof url !== 'string') throw new SmartLaunchError('launch-failed');
  try {
    checkAuthorizeUrl(url, stateKey);
  } catch (e) {
    sessionStorage.removeItem(stateKey);
    throw e;
  }
  // what this launch asked for, next to fhirclient's state: a ward context is accepted only when asked
  if (ward) sessionStorage.setItem(`${WARD_LAUNCH_PREFIX}${stateKey}`, view === 'team' ? 'team' : '1');
  (opts.navigate ?? ((u: string) => location.assign(u)))(url);
  return url;
}

const WARD_LAUNCH_PREFIX = 'pz.ward-launch.';

export interface SmartContext {
  /** absent only for a ward launch (then `ward` is set) or a team launch (then `team` is true) */
  patientId?: string;
  /** the palliative team's hospital-wide screen (pz_view=team): user level, no patient or ward */
  team?: boolean;
  /** a ward launch: the "Location/<id>" from the token response's fhirContext (SMART 2.0) */
  ward?: string;
  encounterId?: string;
  /** e.g. "Practitioner/123" */
  fhirUser?: string;
  needPatientBanner: boolean;
  serverUrl: string;
}

/** index.html after the redirect (and on every reload): finish the code exchange and read the context. */
export async function completeSmartLaunch(pageUrl: string = location.href): Promise<{ client: Client; context: SmartContext }> {
  const url = new URL(pageUrl);
  checkRedirect(url);
  let client: Client;
  try {
    // state and code are passed explicitly: fhirclient reads location once per page and caches it
    client = await FHIR.oauth2.ready({
      stateKey: url.searchParams.get('state') ?? undefined,
      code: url.searchParams.get('code') ?? undefined,
    });
  } catch (e) {
    throw toSmartLaunchError(e);
  }
  const token = client.state.tokenResponse;
  // fhirclient treats a server without token endpoint as "no authorization needed": we do not
  if (!token?.access_token) throw new SmartLaunchError('no-token');
  const patientId = client.patient.id ?? undefined;
  const asked = client.state.key ? sessionStorage.getItem(`${WARD_LAUNCH_PREFIX}${client.state.key}`) : null;
  const askedWard = asked === '1';
  const ward = patientId || !askedWard ? undefined : wardContext(token);
  // a team launch needs user-level read access to every patient; nothing else in its context
  const askedTeam = !patientId && asked === 'team';
  if (askedTeam && !hasTeamAccess(scopesOf(token))) throw new SmartLaunchError('no-team-access');
  const team = askedTeam;
  if (!patientId && !ward && !team) throw new SmartLaunchError(askedWard ? 'no-ward' : 'no-patient');
  const fhirUser = client.getFhirUser() ?? undefined;
  return {
    client,
    context: {
      ...(patientId ? { patientId: String(patientId) } : team ? { team: true } : { ward }),
      encounterId: client.encounter.id ? String(client.encounter.id) : undefined,
      fhirUser: fhirUser ? String(fhirUser) : undefined,
      needPatientBanner: token.need_patient_banner !== false,
      serverUrl: client.state.serverUrl,
    },
  };
}

/**
 * A ward in the launch context: a Location in fhirContext, and only with user-level read scopes (a
 * patient-level token could not read the ward's other patients anyway).
 */
function wardContext(token: Record<string, unknown>): string | undefined {
  if (!userLevel(token, 'Encounter')) return undefined;
  const ctx = Array.isArray(token.fhirContext) ? (token.fhirContext as { reference?: unknown }[]) : [];
  const ref = ctx.map((c) => c?.reference).find((r): r is string => typeof r === 'string' && /^Location\/[A-Za-z0-9\-.]{1,64}$/.test(r));
  return ref;
}

/** The token grants user-level read access (to every resource, or to `type`). */
function userLevel(token: Record<string, unknown>, type = 'Patient'): boolean {
  return userReads(scopesOf(token), type);
}

const scopesOf = (token: Record<string, unknown>) => String(token.scope ?? '').split(/\s+/);

/** A FhirConnection whose bearer comes from the fhirclient session, refreshed when it can be. */
export function smartConnection(client: Client, fetchImpl: typeof fetch = fetch.bind(globalThis)): FhirConnection {
  return {
    serverUrl: client.state.serverUrl,
    fetch: async (url, init) => {
      const res = await fetchImpl(url, init);
      if (res.status === 401) throw new SmartLaunchError('session-expired');
      return res;
    },
    async getAuthHeader() {
      try {
        await client.refreshIfNeeded();
      } catch {
        throw new SmartLaunchError('session-expired');
      }
      const expiresAt = client.state.expiresAt;
      if (expiresAt && expiresAt * 1000 <= Date.now()) throw new SmartLaunchError('session-expired');
      return client.getAuthorizationHeader() ?? undefined;
    },
  };
}
