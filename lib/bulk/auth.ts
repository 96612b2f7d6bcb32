// SMART Backend Services (client_credentials + private_key_jwt): a signed client assertion per token
// request (jose), the token kept in memory only and renewed shortly before it expires or when the
// server answers 401. The private key is read from a JWK or JWKS file and never logged or echoed in
// an error message.
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, importJWK, SignJWT, type JWK } from 'jose';
import { z } from 'zod';

export type AssertionAlg = 'ES384' | 'RS384';

export interface BackendAuthOptions {
  tokenUrl: string;
  clientId: string;
  jwkFile: string;
  alg?: AssertionAlg;
  scope: string;
  jku?: string;
}

/** The assertion's lifetime: SMART requires exp no more than five minutes after now; a margin for clock skew. */
export const ASSERTION_LIFETIME_S = 240;
/** Renew this long before the token's expiry, so a request never leaves with a token about to lapse. */
const RENEW_BEFORE_MS = 30_000;

const TokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i, 'token_type must be bearer'),
  expires_in: z.number().positive().optional(),
  scope: z.string().optional(),
});

function keyMatches(jwk: JWK, alg: AssertionAlg): boolean {
  if (jwk.alg && jwk.alg !== alg) return false;
  if (!jwk.d) return false; // a public key cannot sign
  return alg === 'ES384' ? jwk.kty === 'EC' && jwk.crv === 'P-384' : jwk.kty === 'RSA';
}

/** The signing key from a JWK or JWKS file: the first private key usable with `alg` (default: the key's own alg, else ES384). */
export async function loadSigningKey(file: string, alg?: AssertionAlg): Promise<{ alg: AssertionAlg; kid: string; key: CryptoKey | Uint8Array }> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    // the message names the file and the kind of failure, never the file's content
    throw new Error(`Cannot read the key file ${file}: ${(e as NodeJS.ErrnoException).code ?? 'not valid JSON'}`);
  }
  const keys: JWK[] = Array.isArray((json as { keys?: unknown }).keys) ? (json as { keys: JWK[] }).keys : [json as JWK];
  const wanted: AssertionAlg[] = alg ? [alg] : ['ES384', 'RS384'];
  for (const a of wanted) {
    const jwk = keys.find((k) => k && typeof k === 'object' && keyMatches(k, a) && (!alg ? !k.alg || k.alg === a : true));
    if (!jwk) continue;
    const kid = jwk.kid ?? (await calculateJwkThumbprint(jwk));
    return { alg: a, kid, key: (await importJWK(jwk, a)) as CryptoKey | Uint8Array };
  }
  throw new Error(`The key file ${file} holds no private ${alg ?? 'ES384 or RS384'} key (EC P-384 for ES384, RSA for RS384)`);
}

export interface TokenSource {
  /** a valid access token, fetching a new one when there is none or it is about to expire */
  get(signal?: AbortSignal): Promise<string>;
  /** forget the token (after a 401): the next get() asks for a new one */
  invalidate(): void;
  /** token requests made so far */
  readonly requests: number;
}

export function backendTokenSource(opts: BackendAuthOptions, deps: { fetch: typeof fetch; now: () => number }): TokenSource {
  let keyP: ReturnType<typeof loadSigningKey> | undefined;
  let current: { token: string; renewAt: number } | undefined;
  let requests = 0;

  async function assertion(): Promise<string> {
    keyP ??= loadSigningKey(opts.jwkFile, opts.alg);
    const { alg, kid, key } = await keyP;
    // the server checks iat/exp against its real clock: the assertion carries real time even when
    // `deps.now` is a test's virtual clock (which decides only when the token is renewed)
    const nowS = Math.floor(Date.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg, kid, typ: 'JWT', ...(opts.jku ? { jku: opts.jku } : {}) })
      .setIssuer(opts.clientId)
      .setSubject(opts.clientId)
      .setAudience(opts.tokenUrl)
      .setIssuedAt(nowS)
      .setExpirationTime(nowS + ASSERTION_LIFETIME_S)
      .setJti(randomUUID()) // unique per assertion: the server refuses a replayed jti
      .sign(key);
  }

  return {
    get requests() {
      return requests;
    },
    invalidate() {
      current = undefined;
    },
    async get(signal) {
      if (current && deps.now() < current.renewAt) return current.token;
      const body = new URLSearchParams({
        grant_type: 'client_credentials',
        scope: opts.scope,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: await assertion(),
      });
      requests++;
      const res = await deps.fetch(opts.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body, signal });
      const text = await res.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      if (!res.ok) {
        const e = json as { error?: string; error_description?: string } | undefined;
        throw new Error(`The token endpoint refused the client (${res.status}${e?.error ? ` ${e.error}` : ''}${e?.error_description ? `: ${e.error_description}` : ''})`);
      }
      const parsed = TokenResponse.safeParse(json);
      if (!parsed.success) throw new Error(`The token endpoint answered no usable token (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`);
      const lifetimeMs = (parsed.data.expires_in ?? 300) * 1000;
      current = { token: parsed.data.access_token, renewAt: deps.now() + Math.max(lifetimeMs / 2, lifetimeMs - RENEW_BEFORE_MS) };
      return current.token;
    },
  };
}
