// Content scripts only where the user granted host access. The manifest asks for no host permission;
// each EHR origin is an optional permission requested from the options page, and the EHR content
// script is registered at runtime for exactly the granted origins (and again on every start, since
// Firefox does not persist registrations).
import type { EhrAdapter } from '../ehr/types';
import { adapterOrigins } from '../ehr/select';

export const CONTENT_SCRIPT_ID = 'pz-ehr';
export const CONTENT_SCRIPT_FILE = 'content-scripts/ehr.js';

export interface RegistrationApi {
  permissions: { contains(p: { origins: string[] }): Promise<boolean> };
  scripting: {
    getRegisteredContentScripts(filter?: { ids?: string[] }): Promise<{ id: string; matches?: string[] }[]>;
    registerContentScripts(scripts: RegisteredScript[]): Promise<unknown>;
    updateContentScripts(scripts: RegisteredScript[]): Promise<unknown>;
    unregisterContentScripts(filter?: { ids?: string[] }): Promise<unknown>;
  };
}

export interface RegisteredScript {
  id: string;
  js: string[];
  matches: string[];
  runAt: 'document_idle';
  allFrames: false;
  persistAcrossSessions?: boolean;
}

/** Origins of these adapters that the user granted. */
export async function grantedOrigins(api: Pick<RegistrationApi, 'permissions'>, adapters: readonly EhrAdapter[]): Promise<string[]> {
  const origins = adapterOrigins(adapters);
  const ok = await Promise.all(origins.map((o) => api.permissions.contains({ origins: [o] }).catch(() => false)));
  return origins.filter((_, i) => ok[i]);
}

/** Make the registered EHR content script match exactly the granted adapter origins. Returns them. */
export async function syncContentScripts(api: RegistrationApi, adapters: readonly EhrAdapter[], opts: { persist?: boolean } = {}): Promise<string[]> {
  const matches = await grantedOrigins(api, adapters);
  const existing = await api.scripting.getRegisteredContentScripts({ ids: [CONTENT_SCRIPT_ID] });
  if (!matches.length) {
    if (existing.length) await api.scripting.unregisterContentScripts({ ids: [CONTENT_SCRIPT_ID] });
    return [];
  }
  const script: RegisteredScript = {
    id: CONTENT_SCRIPT_ID,
    js: [CONTENT_SCRIPT_FILE],
    matches,
    runAt: 'document_idle',
    allFrames: false,
    ...(opts.persist === false ? {} : { persistAcrossSessions: true }),
  };
  if (!existing.length) await api.scripting.registerContentScripts([script]);
  else if ([...(existing[0].matches ?? [])].sort().join() !== [...matches].sort().join()) await api.scripting.updateContentScripts([script]);
  return matches;
}
