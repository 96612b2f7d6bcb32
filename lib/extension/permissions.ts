// Host access for EHR origins: asked for as optional permissions, one origin set at a time, from a click
// in the options page (browsers only show the prompt inside a user gesture).
import type { EhrAdapter } from '../ehr/types';
import { adapterOrigins } from '../ehr/select';

export interface PermissionsApi {
  contains(p: { origins: string[] }): Promise<boolean>;
  request(p: { origins: string[] }): Promise<boolean>;
  remove(p: { origins: string[] }): Promise<boolean>;
}

/** Origins of these adapters that are not granted yet. */
export async function missingOrigins(api: PermissionsApi, adapters: readonly EhrAdapter[]): Promise<string[]> {
  const origins = adapterOrigins(adapters);
  const has = await Promise.all(origins.map((o) => api.contains({ origins: [o] }).catch(() => false)));
  return origins.filter((_, i) => !has[i]);
}

/**
 * Ask for exactly these origins. Call it first thing in a click handler: an `await` before it can
 * use up the gesture. Returns whether they are granted now.
 */
export function requestOrigins(api: PermissionsApi, origins: string[]): Promise<boolean> {
  if (!origins.length) return Promise.resolve(true);
  return api.request({ origins }).catch(() => false);
}
