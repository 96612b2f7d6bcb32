// Client authentication (CDS Hooks 2.0 §"Trusting CDS Clients"): every call carries a JWT signed with
// ES384 or RS384 by a client on the allowlist. iss must be listed; a `jku` header must be that client's
// own jwks_uri; aud must be the exact URL called; exp, iat and jti must be there, exp at most 5 minutes
// ahead, and a jti is accepted once. Any failure is one answer, a bare 401: the reason goes nowhere
// (never into a log, never the token itself).
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, customFetch, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';

export const ALLOWED_ALGS = ['ES384', 'RS384'] as const;
const MAX_LIFETIME_S = 300;
const CLOCK_SKEW_S = 60;

export const TrustedClientSchema = z.union([
  z.object({ iss: z.string().min(1), jwks_uri: z.string().url() }).strict(),
  z.object({ iss: z.string().min(1), jwks: z.object({ keys: z.array(z.record(z.string(), z.unknown())).min(1) }) }).strict(),
]);
export type TrustedClient = z.infer<typeof TrustedClientSchema>;

/** The allowlist file named by PZ_CDS_CLIENTS: a JSON array of {iss, jwks_uri} or {iss, jwks}. */
export function readTrustedClients(path: string): TrustedClient[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`PZ_CDS_CLIENTS: ${path} is geen leesbaar JSON-bestand (${(e as Error).message})`);
  }
  const parsed = z.array(TrustedClientSchema).safeParse(json);
  if (!parsed.success) throw new Error(`PZ_CDS_CLIENTS: ${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

export interface VerifiedClient {
  iss: string;
  sub?: string;
}

export interface ClientAuth {
  /** the verified client, or undefined: answer a bare 401 */
  verify(authorization: string | undefined, audience: string): Promise<VerifiedClient | undefined>;
}

export interface ClientAuthOptions {
  clients: () => readonly TrustedClient[];
  now?: () => Date;
  /** fetch for remote JWKS (tests, in-process demo) */
  fetch?: typeof fetch;
}

export function createClientAuth(opts: ClientAuthOptions): ClientAuth {
  const now = opts.now ?? (() => new Date());
  const remote = new Map<string, JWTVerifyGetKey>();
  const local = new WeakMap<object, JWTVerifyGetKey>();
  /** jti → exp (seconds), per issuer; expired entries are dropped as new ones come in */
  const seen = new Map<string, number>();

  const keysOf = (c: TrustedClient): JWTVerifyGetKey => {
    if ('jwks' in c) {
      let k = local.get(c);
      if (!k) local.set(c, (k = createLocalJWKSet(c.jwks as unknown as JSONWebKeySet)));
      return k;
    }
    let k = remote.get(c.jwks_uri);
    if (!k) {
      const init = opts.fetch ? { [customFetch]: opts.fetch } : {};
      remote.set(c.jwks_uri, (k = createRemoteJWKSet(new URL(c.jwks_uri), { cooldownDuration: 5_000, ...init })));
    }
    return k;
  };

  const purge = (nowS: number) => {
    for (const [k, exp] of seen) if (exp + CLOCK_SKEW_S < nowS) seen.delete(k);
  };

  async function verify(authorization: string | undefined, audience: string): Promise<VerifiedClient | undefined> {
    const m = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/.exec(authorization ?? '');
    if (!m) return undefined;
    const jwt = m[1];
    try {
      const header = decodeProtectedHeader(jwt);
      if (!(ALLOWED_ALGS as readonly string[]).includes(String(header.alg))) return undefined;
      const iss = decodeJwt(jwt).iss;
      const client = opts.clients().find((c) => c.iss === iss);
      if (!client) return undefined;
      // a jku names where the key is: only the client's own registered jwks_uri is acceptable
      if (header.jku !== undefined && !('jwks_uri' in client && client.jwks_uri === header.jku)) return undefined;
      const current = now();
      const { payload } = await jwtVerify(jwt, keysOf(client), {
        algorithms: [...ALLOWED_ALGS],
        issuer: client.iss,
        audience,
        currentDate: current,
        clockTolerance: CLOCK_SKEW_S,
        requiredClaims: ['iss', 'aud', 'exp', 'iat', 'jti'],
      });
      const nowS = Math.floor(current.getTime() / 1000);
      if (payload.exp! > nowS + MAX_LIFETIME_S + CLOCK_SKEW_S) return undefined;
      if (payload.iat! > nowS + CLOCK_SKEW_S) return undefined;
      if (typeof payload.jti !== 'string' || !payload.jti) return undefined;
      purge(nowS);
      const replayKey = `${client.iss}\u0000${payload.jti}`;
      if (seen.has(replayKey)) return undefined;
      seen.set(replayKey, payload.exp!);
      return { iss: client.iss, ...(payload.sub ? { sub: payload.sub } : {}) };
    } catch {
      return undefined; // malformed, bad signature, expired, wrong aud…: all the same bare 401
    }
  }
  return { verify };
}
