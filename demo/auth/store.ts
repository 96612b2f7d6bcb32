// In-memory state of the SMART server: EHR launch contexts and issued tokens. Process-wide, so that
// `issueTestToken()` (for tests) and every demo server in the process agree. Tokens are 256-bit
// random strings; nothing here is ever logged.
import { randomBytes } from 'node:crypto';

export interface LaunchContext {
  patient?: string;
  encounter?: string;
  /** the EHR user who launched, a Practitioner id */
  practitioner?: string;
  /** a launch from a ward (no patient): the Location id, sent as SMART 2.0 fhirContext */
  location?: string;
}

export interface TokenContext {
  patient?: string;
  encounter?: string;
  /** e.g. "Practitioner/123" */
  fhirUser?: string;
}

/**
 * How a token was obtained: `authorization_code` (also its refreshes) acts for a user or a patient;
 * `client_credentials` (SMART Backend Services) acts for a registered system, the only kind that may
 * run a bulk export.
 */
export type GrantType = 'authorization_code' | 'client_credentials';

export interface AccessGrant {
  scope: string[];
  context: TokenContext;
  expiresAt: number;
  clientId: string;
  grantType: GrantType;
}

const LAUNCH_TTL_MS = 10 * 60_000;
export const ACCESS_TOKEN_TTL_S = 3600;

const launches = new Map<string, LaunchContext & { expiresAt: number }>();
const accessTokens = new Map<string, AccessGrant>();

export const randomToken = () => randomBytes(32).toString('base64url');

export function createLaunch(ctx: LaunchContext): string {
  const id = randomBytes(16).toString('base64url');
  launches.set(id, { ...ctx, expiresAt: Date.now() + LAUNCH_TTL_MS });
  return id;
}

/** The launch context, or undefined when unknown or expired (a launch id can be used for several authorizes within its lifetime). */
export function getLaunch(id: string | undefined): LaunchContext | undefined {
  if (!id) return undefined;
  const l = launches.get(id);
  if (!l) return undefined;
  if (l.expiresAt < Date.now()) {
    launches.delete(id);
    return undefined;
  }
  const { expiresAt: _, ...ctx } = l;
  return ctx;
}

export function saveAccessToken(token: string, grant: AccessGrant): void {
  accessTokens.set(token, grant);
}

export function getAccessGrant(token: string | undefined): AccessGrant | undefined {
  if (!token) return undefined;
  const g = accessTokens.get(token);
  if (!g) return undefined;
  if (g.expiresAt < Date.now()) {
    accessTokens.delete(token);
    return undefined;
  }
  return g;
}

/**
 * For tests and the bench: an access token as if issued by the SMART server.
 * `issueTestToken('patient/*.rs', { patient: 'abc' })`. Its grant type is what the real server would
 * have used: only system/ scopes and no user or patient context come from client_credentials, anything
 * else from a login (authorization_code); `grantType` says it outright.
 */
export function issueTestToken(scopes: string | string[], context: TokenContext = {}, ttlSeconds = ACCESS_TOKEN_TTL_S, grantType?: GrantType): string {
  const token = randomToken();
  const scope = Array.isArray(scopes) ? scopes : scopes.split(/\s+/).filter(Boolean);
  const systemOnly = scope.length > 0 && scope.every((s) => s.startsWith('system/')) && !context.patient && !context.fhirUser && !context.encounter;
  saveAccessToken(token, {
    scope,
    context,
    expiresAt: Date.now() + ttlSeconds * 1000,
    clientId: 'test',
    grantType: grantType ?? (systemOnly ? 'client_credentials' : 'authorization_code'),
  });
  return token;
}

/** Ends a token before its time (the demo's "expire the backend tokens" switch for tests). */
export function revokeAccessToken(token: string): void {
  accessTokens.delete(token);
}
