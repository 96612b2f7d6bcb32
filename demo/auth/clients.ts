// Registered OAuth clients. The app is a public client (no secret): PKCE S256 protects the code.
// Redirect URIs are patterns: `{origin}` is this server's origin (the SMART app it serves), and the
// extension's `https://<extension-id>.chromiumapp.org/` (chrome.identity.launchWebAuthFlow): its fixed
// id (manifest `key`, lib/extension/extension-id.ts) by name, as a hospital registers it, plus any
// chromiumapp.org id so an unkeyed development build (store build, other profiles) can still log in here.
import { EXTENSION_REDIRECT_URI } from '../../lib/extension/extension-id';

export interface DemoClient {
  id: string;
  name: string;
  redirectPatterns: string[];
  grants: string[];
}

export const CLIENTS: DemoClient[] = [
  {
    id: 'palliatief-zorgpad',
    name: 'Palliatief Zorgpad',
    redirectPatterns: ['{origin}/smart/index.html', EXTENSION_REDIRECT_URI, 'https://*.chromiumapp.org/', 'https://*.chromiumapp.org/*'],
    grants: ['authorization_code', 'refresh_token'],
  },
];

export function findClient(id: unknown): DemoClient | undefined {
  return typeof id === 'string' ? CLIENTS.find((c) => c.id === id) : undefined;
}

function patternToRegExp(pattern: string, origin: string): RegExp {
  const p = pattern.replace('{origin}', origin);
  // `*` in the host matches one DNS label; `*` at the end of the path matches any path
  const escaped = p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*\\\.(?=chromiumapp)/, '[a-p]{32}\\.').replace(/\/\*$/, '/[^?#]*').replace(/\*/g, '[^./?#]+');
  return new RegExp(`^${escaped}$`);
}

/** Exact match against the registered patterns (no prefix matching: an open redirector is a known attack). */
export function redirectAllowed(client: DemoClient, redirectUri: unknown, origin: string): boolean {
  if (typeof redirectUri !== 'string' || redirectUri.length > 2000) return false;
  let u: URL;
  try {
    u = new URL(redirectUri);
  } catch {
    return false;
  }
  if (u.hash || u.username || u.password) return false;
  const bare = `${u.origin}${u.pathname}`;
  return client.redirectPatterns.some((p) => patternToRegExp(p, origin).test(bare));
}
