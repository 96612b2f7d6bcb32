// SMART Backend Services at the demo's token endpoint: grant_type=client_credentials with a
// private_key_jwt client assertion (https://hl7.org/fhir/smart-app-launch/backend-services.html).
// The assertion is verified strictly with jose against the registered client's JWKS: alg ES384 or
// RS384 only (so HS256 and `none` are refused), kid required, iss = sub = the client, aud = this
// token URL, exp required and at most five minutes ahead, jti required and never seen before.
// The demo backend client's private key is generated into an ignored file on first start
// (.data/demo-backend-key.jwk); only its public half is registered here. Nothing is ever logged.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify, type JWK } from 'jose';
import { parseResourceScope } from './scopes';
import { randomToken, revokeAccessToken, saveAccessToken } from './store';

export const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export const ASSERTION_ALGS = ['ES384', 'RS384'] as const;
export const DEMO_BACKEND_CLIENT_ID = 'pz-population';
/** SMART: the assertion's exp is at most five minutes after now; some slack for clocks that differ. */
const MAX_ASSERTION_LIFETIME_S = 300;
const CLOCK_SKEW_S = 30;

export interface BackendClient {
  clientId: string;
  name: string;
  /** the client's public keys (private parts are refused at registration) */
  jwks: { keys: JWK[] };
  /** jku URLs the client may name in its assertion header; the keys still come from `jwks` */
  jkuAllowed?: string[];
  /** the most this client may be granted, e.g. ["system/*.rs"] */
  maxScopes: string[];
}

export interface TokenError {
  status: number;
  error: string;
  error_description: string;
}

const publicOnly = (jwk: JWK): JWK => {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, oth: _oth, ...pub } = jwk as JWK & Record<string, unknown>;
  return pub as JWK;
};

/**
 * The demo backend client's key pair: read from `file`, or made (ES384) and written there on first
 * start with mode 0600. A concurrent first start by another process is detected (wx) and its key used.
 */
export async function loadOrCreateBackendKey(file: string): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const read = () => JSON.parse(readFileSync(file, 'utf8')) as JWK;
  let privateJwk: JWK;
  try {
    privateJwk = read();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`The backend key file ${file} cannot be read: ${(e as NodeJS.ErrnoException).code ?? 'not valid JSON'}`);
    const { privateKey } = await generateKeyPair('ES384', { extractable: true });
    privateJwk = { ...(await exportJWK(privateKey)), alg: 'ES384', kid: randomUUID(), use: 'sig' };
    mkdirSync(dirname(file), { recursive: true });
    try {
      writeFileSync(file, JSON.stringify(privateJwk, null, 2), { flag: 'wx', mode: 0o600 });
    } catch (w) {
      if ((w as NodeJS.ErrnoException).code !== 'EEXIST') throw w;
      privateJwk = read();
    }
  }
  return { privateJwk, publicJwk: publicOnly(privateJwk) };
}

export interface BackendServices {
  clients: BackendClient[];
  /** answers a client_credentials token request (form fields), or a TokenError */
  token(form: Record<string, string | undefined>): Promise<{ status: 200; body: Record<string, unknown> } | TokenError>;
  /** ends every token issued so far (tests: "the token expires mid-export") */
  expireTokens(): void;
}

export function createBackendServices(opts: { tokenUrl: () => string; clients: BackendClient[]; tokenTtlSeconds?: number; now?: () => number }): BackendServices {
  const now = opts.now ?? (() => Date.now());
  const ttl = opts.tokenTtlSeconds ?? 300;
  const clients = opts.clients.map((c) => ({ ...c, jwks: { keys: c.jwks.keys.map(publicOnly) } }));
  /** jti → when it may be forgotten (its assertion's exp): a replay within its lifetime is refused */
  const seenJti = new Map<string, number>();
  const issued = new Set<string>();
  const refuse = (error: string, error_description: string, status = 400): TokenError => ({ status, error, error_description });

  return {
    clients,
    expireTokens() {
      for (const t of issued) revokeAccessToken(t);
      issued.clear();
    },
    async token(form) {
      if (form.client_assertion_type !== ASSERTION_TYPE) return refuse('invalid_client', `client_assertion_type must be ${ASSERTION_TYPE}`, 401);
      const assertion = form.client_assertion;
      if (!assertion) return refuse('invalid_client', 'client_assertion is required', 401);
      let header: ReturnType<typeof decodeProtectedHeader>;
      let claims: ReturnType<typeof decodeJwt>;
      try {
        header = decodeProtectedHeader(assertion);
        claims = decodeJwt(assertion);
      } catch {
        return refuse('invalid_client', 'client_assertion is not a JWT', 401);
      }
      // which client: iss (= sub); a client_id form field, when sent, must agree
      const client = clients.find((c) => c.clientId === claims.iss);
      if (!client || (form.client_id && form.client_id !== client.clientId)) return refuse('invalid_client', 'unknown client', 401);
      if (!ASSERTION_ALGS.includes(header.alg as (typeof ASSERTION_ALGS)[number])) return refuse('invalid_client', `alg ${String(header.alg)} is not accepted; use ES384 or RS384`, 401);
      if (!header.kid) return refuse('invalid_client', 'the assertion header needs a kid', 401);
      if (header.jku !== undefined && !(client.jkuAllowed ?? []).includes(header.jku)) return refuse('invalid_client', 'jku is not registered for this client', 401);
      const nowS = Math.floor(now() / 1000);
      try {
        await jwtVerify(assertion, createLocalJWKSet(client.jwks), {
          algorithms: [...ASSERTION_ALGS],
          issuer: client.clientId,
          subject: client.clientId,
          audience: opts.tokenUrl(),
          requiredClaims: ['exp', 'jti'],
          clockTolerance: CLOCK_SKEW_S,
          currentDate: new Date(nowS * 1000),
        });
      } catch (e) {
        const code = (e as { code?: string }).code ?? '';
        const why =
          code === 'ERR_JWT_EXPIRED'
            ? 'the assertion has expired'
            : code === 'ERR_JWT_CLAIM_VALIDATION_FAILED'
              ? `claim check failed: ${(e as { claim?: string }).claim ?? ''} ${(e as Error).message}`
              : code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' || code === 'ERR_JWKS_NO_MATCHING_KEY'
                ? 'the signature does not verify with the registered keys'
                : 'the assertion does not verify';
        return refuse('invalid_client', why, 401);
      }
      const exp = claims.exp as number;
      if (exp - nowS > MAX_ASSERTION_LIFETIME_S + CLOCK_SKEW_S) return refuse('invalid_client', 'exp is more than five minutes in the future', 401);
      for (const [j, until] of seenJti) if (until < nowS - CLOCK_SKEW_S) seenJti.delete(j);
      const jti = String(claims.jti);
      if (seenJti.has(`${client.clientId} ${jti}`)) return refuse('invalid_client', 'jti has been used before (replay)', 401);
      seenJti.set(`${client.clientId} ${jti}`, exp);

      if (form.grant_type !== 'client_credentials') return refuse('unsupported_grant_type', 'grant_type must be client_credentials');
      const requested = String(form.scope ?? '').split(/\s+/).filter(Boolean);
      if (requested.length === 0) return refuse('invalid_scope', 'scope is required (e.g. system/Patient.rs)');
      const granted = requested.filter((s) => {
        const g = parseResourceScope(s);
        return g?.level === 'system' && client.maxScopes.some((m) => covers(m, g.type, g.perms));
      });
      if (granted.length === 0) return refuse('invalid_scope', 'none of the requested scopes may be granted to this client (system/<Type>.rs)');
      const accessToken = randomToken();
      saveAccessToken(accessToken, { scope: granted, context: {}, expiresAt: now() + ttl * 1000, clientId: client.clientId, grantType: 'client_credentials' });
      issued.add(accessToken);
      return { status: 200, body: { access_token: accessToken, token_type: 'bearer', expires_in: ttl, scope: granted.join(' ') } };
    },
  };
}

/** Whether a registered maximum scope (system/*.rs) covers a requested type and permissions. */
function covers(max: string, type: string, perms: ReadonlySet<string>): boolean {
  const m = parseResourceScope(max);
  if (!m || m.level !== 'system' || (m.type !== '*' && m.type !== type)) return false;
  return [...perms].every((p) => m.perms.has(p as never));
}

/** The demo backend client, from the key file's public half. */
export function demoBackendClient(publicJwk: JWK): BackendClient {
  return { clientId: DEMO_BACKEND_CLIENT_ID, name: 'Palliatief Zorgpad populatie (backend)', jwks: { keys: [publicJwk] }, maxScopes: ['system/*.rs'] };
}
