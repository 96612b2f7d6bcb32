// SMART App Launch scopes (v1 and v2) and what they allow on /fhir. Pure: unit-tested without a server.
// https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html
//
// v2: `patient/Observation.rs`, `user/*.cruds` (letters in the order c r u d s).
// v1: `patient/Observation.read` (= rs), `.write` (= cud), `.*` (= cruds).
// A v2 scope with a query (`patient/Observation.rs?category=laboratory`) narrows what it grants; this
// demo cannot enforce such narrowing, so it grants nothing rather than more than was asked for.

export type Permission = 'c' | 'r' | 'u' | 'd' | 's';
export type ScopeLevel = 'patient' | 'user' | 'system';

export interface ResourceGrant {
  level: ScopeLevel;
  /** resource type or "*" */
  type: string;
  perms: ReadonlySet<Permission>;
}

const V1: Record<string, Permission[]> = { read: ['r', 's'], write: ['c', 'u', 'd'], '*': ['c', 'r', 'u', 'd', 's'] };
const SCOPE_RE = /^(patient|user|system)\/([A-Za-z]+|\*)\.([a-z*]+)$/;

/** Parses one resource scope; undefined for launch/openid/fhirUser/offline_access and anything unrecognised. */
export function parseResourceScope(scope: string): ResourceGrant | undefined {
  if (scope.includes('?')) return undefined;
  const m = SCOPE_RE.exec(scope);
  if (!m) return undefined;
  const [, level, type, action] = m;
  let perms: Permission[] | undefined = V1[action];
  if (!perms) {
    if (!/^c?r?u?d?s?$/.test(action) || action.length === 0) return undefined;
    perms = [...action] as Permission[];
  }
  return { level: level as ScopeLevel, type, perms: new Set(perms) };
}

export function parseScopes(scope: string | readonly string[] | undefined): { grants: ResourceGrant[]; all: string[] } {
  const all = (Array.isArray(scope) ? scope : String(scope ?? '').split(/\s+/)).filter(Boolean) as string[];
  return { grants: all.map(parseResourceScope).filter((g): g is ResourceGrant => !!g), all };
}

/** Context scopes the demo understands besides resource scopes. */
export const CONTEXT_SCOPES = ['launch', 'launch/patient', 'launch/encounter', 'openid', 'fhirUser', 'profile', 'offline_access', 'online_access'];

/** A scope string the server will grant: recognised scopes only, unknown ones dropped. */
export function grantableScopes(requested: string | readonly string[] | undefined): string[] {
  const { all } = parseScopes(requested);
  return [...new Set(all.filter((s) => CONTEXT_SCOPES.includes(s) || parseResourceScope(s)))];
}

/**
 * How a request for `perm` on `type` is allowed: "unrestricted" (a user/system scope covers it),
 * "patient" (only a patient/ scope does: restricted to the token's patient compartment) or "denied".
 */
export function access(grants: readonly ResourceGrant[], type: string, perm: Permission): 'unrestricted' | 'patient' | 'denied' {
  let patient = false;
  for (const g of grants) {
    if ((g.type !== '*' && g.type !== type) || !g.perms.has(perm)) continue;
    if (g.level !== 'patient') return 'unrestricted';
    patient = true;
  }
  return patient ? 'patient' : 'denied';
}
