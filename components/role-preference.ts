// The user's role choice for this browser tab. sessionStorage, not localStorage: a UI preference that
// must not outlive the session on a shared ward computer (and never anything secret).
import { ROLES, type Role } from '../lib/pathway/types';

const KEY = 'pz.role';

export function isRole(x: unknown): x is Role {
  return typeof x === 'string' && (ROLES as readonly string[]).includes(x);
}

/** `?role=` on the page (the demo EHR passes it), else the tab's last choice, else the fallback. */
export function initialRole(fallback: Role = 'specialist', search: string = globalThis.location?.search ?? ''): Role {
  const fromUrl = new URLSearchParams(search).get('role');
  if (isRole(fromUrl)) return fromUrl;
  try {
    const stored = globalThis.sessionStorage?.getItem(KEY);
    if (isRole(stored)) return stored;
  } catch {
    // storage blocked (third-party iframe): fall through
  }
  return fallback;
}

export function rememberRole(role: Role): void {
  try {
    globalThis.sessionStorage?.setItem(KEY, role);
  } catch {
    // storage blocked: the choice lasts for this page only
  }
}
