// Where the team screen's results come from: the demo serves them at <FHIR server origin>/population/team;
// a hospital configures its own URL at build time (VITE_PZ_TEAM_RESULTS_URL, docs/hospital-it.md),
// where IT serves the JSON of its nightly `npm run population` behind the same SMART authorization.
// The URL never comes from the launch URL: the user's access token goes only where IT put it.
import type { FhirConnection } from '../lib/fhir/http';
import type { TeamPayload } from '../lib/population/team-view';
import type { TeamSource } from '../components/TeamWorklist/TeamScreen';

// written exactly so: vite replaces `import.meta.env.VITE_…` at build time (smart/env.d.ts types it)
const configured: string | undefined = import.meta.env.VITE_PZ_TEAM_RESULTS_URL;

/** Loopback hosts, where a developer's plain-http results server carries no token over a network. */
const LOCAL = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$|\.localhost$/;

/**
 * The results URL. A configured one must be https (or http on localhost): the user's access token
 * goes with every request, and plain http would hand it, and the patient list, to the network.
 */
export function teamResultsUrl(serverUrl: string, config: string | undefined = configured, page: string = location.href): string {
  if (!config) return new URL('/population/team', serverUrl).href;
  const url = new URL(config, page);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOCAL.test(url.hostname)))
    throw new Error(`De resultaten-URL van het palliatief team (VITE_PZ_TEAM_RESULTS_URL) moet https gebruiken; ${url.protocol} buiten localhost wordt geweigerd.`);
  return url.href;
}

export function createTeamSource(connection: FhirConnection, url: string): TeamSource {
  const call = async (method: 'GET' | 'POST', path: string): Promise<TeamPayload> => {
    const auth = await connection.getAuthHeader?.();
    const res = await connection.fetch(`${url}${path}`, { method, headers: { accept: 'application/json', ...(auth ? { authorization: auth } : {}) }, cache: 'no-store' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return (await res.json()) as TeamPayload;
  };
  return { load: () => call('GET', ''), startRun: () => call('POST', '/runs') };
}
