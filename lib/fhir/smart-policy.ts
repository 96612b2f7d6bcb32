// What the app asks of a SMART server and what it refuses, kept free of fhirclient and of browser APIs
// so it is unit-tested in Node and shared by the web app (fhirclient) and the extension (oauth4webapi).

export const SMART_CLIENT_ID = 'palliatief-zorgpad';

/** Resource types the rules read (lib/fhir/record-searches.ts) */
export const READ_TYPES = [
  'Patient', 'Condition', 'Observation', 'Encounter', 'Consent', 'DocumentReference', 'Procedure', 'CareTeam', 'Flag',
  'Goal', 'EpisodeOfCare', 'MedicationRequest', 'MedicationStatement', 'RelatedPerson', 'Task', 'ServiceRequest',
  'CarePlan', 'Composition', 'Communication',
] as const;

/** Resource types the write builders create (lib/fhir/writes); CareTeam is also updated (add participant). */
export const CREATE_TYPES = ['Observation', 'Condition', 'Procedure', 'Task', 'ServiceRequest', 'CareTeam', 'RelatedPerson', 'DocumentReference'] as const;

/**
 * SMART v2 scopes, the least the app needs: read+search of the record types, create of what it writes,
 * update of CareTeam, and read of practitioners/organisations for the caregiver picker.
 * - `ehr`: EHR launch, patient-scoped (the EHR decides the patient).
 * - `standalone`: the user picks a patient at the server (launch/patient).
 * - `user`: the extension, which follows whichever patient the EHR page shows, so user-scoped.
 */
/**
 * 'ehr': launched from a chart, patient-level; 'standalone': the user picks the patient; 'user': the
 * extension's login; 'ehr-ward': launched from a ward screen for the ward round, no patient in context,
 * user-level (the worklist reads every patient of the ward).
 */
/** One scope grants user-level read+search of `type` (SMART v2 `.rs`/`.cruds`, or v1 `.read`). */
export function userReads(scopes: readonly string[], type: string): boolean {
  const re = new RegExp(`^user/(\\*|${type})\\.(read|c?ru?d?s)$`);
  return scopes.some((s) => re.test(s));
}

/**
 * The hospital-wide team screen shows every patient's prompts, which rest on every record type the
 * rules read: user/Patient.rs alone is not enough. Either user/*.rs or user/<T>.rs for each READ_TYPE.
 */
export function hasTeamAccess(scopes: readonly string[]): boolean {
  return READ_TYPES.every((t) => userReads(scopes, t));
}

export function smartScopes(mode: 'ehr' | 'standalone' | 'user' | 'ehr-ward'): string {
  const level = mode === 'user' || mode === 'ehr-ward' ? 'user' : 'patient';
  const scopes = [
    ...(mode === 'ehr' || mode === 'ehr-ward' ? ['launch'] : mode === 'standalone' ? ['launch/patient'] : []),
    'openid',
    'fhirUser',
    ...READ_TYPES.map((t) => `${level}/${t}.rs`),
    ...CREATE_TYPES.map((t) => `${level}/${t}.c`),
    `${level}/CareTeam.u`,
    // the handover document supersedes its earlier version (lib/fhir/writes/save-handover.ts)
    `${level}/DocumentReference.u`,
    'user/Practitioner.rs',
    'user/Organization.rs',
    // the ward picker of the worklist (lib/fhir/wards.ts): only where there is a worklist
    ...(level === 'user' ? ['user/Location.rs'] : []),
  ];
  return [...new Set(scopes)].join(' ');
}

export type SmartErrorCode =
  | 'no-iss'
  | 'issuer-not-allowed'
  | 'no-authorize-endpoint'
  | 'pkce-unsupported'
  | 'state-missing'
  | 'state-mismatch'
  | 'auth-refused'
  | 'no-token'
  | 'no-patient'
  | 'no-ward'
  | 'no-team-access'
  | 'session-expired'
  | 'launch-failed';

const MESSAGES: Record<SmartErrorCode, string> = {
  'no-iss': 'Start Palliatief Zorgpad vanuit het EPD, of geef de FHIR-server op (iss).',
  'issuer-not-allowed': 'Deze FHIR-server is niet toegestaan voor Palliatief Zorgpad.',
  'no-authorize-endpoint': 'De FHIR-server biedt geen inlogpagina (SMART authorize) aan. Zonder inloggen start Palliatief Zorgpad niet.',
  'pkce-unsupported': 'De FHIR-server ondersteunt geen veilige inlog (PKCE S256). Palliatief Zorgpad start niet.',
  'state-missing': 'De inlog is niet te controleren (de state-parameter ontbreekt). Start Palliatief Zorgpad opnieuw vanuit het EPD.',
  'state-mismatch': 'De inlog hoort niet bij deze sessie (state komt niet overeen). Start Palliatief Zorgpad opnieuw vanuit het EPD.',
  'auth-refused': 'De inlog is geweigerd door de server.',
  'no-token': 'Inloggen is niet gelukt: de server gaf geen toegangstoken.',
  'no-patient': 'Er is geen patiënt geselecteerd. Start Palliatief Zorgpad vanuit het dossier van een patiënt.',
  'no-ward': 'De afdelingslijst kon niet starten: de server gaf geen afdeling of geen leesrecht voor de afdeling. Start opnieuw vanuit de afdelingslijst van het EPD.',
  'no-team-access':
    'De ziekenhuisbrede werklijst kon niet starten: dit toegangstoken geeft geen leesrecht op alle patiëntgegevens (user/*.rs of user/<type>.rs voor elk gegevenstype). Vraag het palliatief team-recht aan bij de applicatiebeheerder.',
  'session-expired': 'Uw sessie is verlopen. Log opnieuw in om verder te werken; niets wat u vastlegde gaat verloren.',
  'launch-failed': 'Palliatief Zorgpad kon niet starten.',
};

export class SmartLaunchError extends Error {
  constructor(
    readonly code: SmartErrorCode,
    detail?: string,
  ) {
    super(detail ? `${MESSAGES[code]} (${detail})` : MESSAGES[code]);
    this.name = 'SmartLaunchError';
  }
  /** the UI offers "opnieuw inloggen" for these */
  get canRelogin(): boolean {
    return this.code !== 'issuer-not-allowed' && this.code !== 'no-authorize-endpoint' && this.code !== 'pkce-unsupported';
  }
}

export function isSessionExpired(e: unknown): boolean {
  return (e instanceof SmartLaunchError && e.code === 'session-expired') || (typeof e === 'object' && e !== null && (e as { status?: number }).status === 401);
}

/**
 * The URL fhirclient produced must be a real authorization request: to the server's authorize
 * endpoint, code flow, our state, PKCE S256. fhirclient itself would, for a server without an
 * authorize endpoint (or a `fhirServiceUrl` launch), "launch" straight into the app without OAuth:
 * we fail closed instead.
 */
export function checkAuthorizeUrl(url: string, stateKey: string, authorizeEndpoint?: string): URL {
  const u = new URL(url);
  const p = u.searchParams;
  if (p.get('response_type') !== 'code' || (authorizeEndpoint && `${u.origin}${u.pathname}` !== authorizeEndpoint.replace(/\?.*$/, ''))) {
    throw new SmartLaunchError('no-authorize-endpoint');
  }
  if (p.get('code_challenge_method') !== 'S256' || !p.get('code_challenge')) throw new SmartLaunchError('pkce-unsupported');
  if (p.get('state') !== stateKey) throw new SmartLaunchError('state-mismatch');
  return u;
}

/** Before handing the redirect to fhirclient: a `code` without a `state` is refused (fhirclient would fall back to the stored key). */
export function checkRedirect(url: URL): void {
  const p = url.searchParams;
  if (p.get('error')) throw new SmartLaunchError('auth-refused', [p.get('error'), p.get('error_description')].filter(Boolean).join(': '));
  if (p.has('code') && !p.get('state')) throw new SmartLaunchError('state-missing');
}

/** Map fhirclient's English errors to ours. */
export function toSmartLaunchError(e: unknown): SmartLaunchError {
  if (e instanceof SmartLaunchError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  if (/No 'state' parameter/i.test(msg)) return new SmartLaunchError('state-missing');
  if (/No state found/i.test(msg)) return new SmartLaunchError('state-mismatch');
  if (/PKCE|S256|codeChallengeMethods/i.test(msg)) return new SmartLaunchError('pkce-unsupported');
  if (/access token/i.test(msg)) return new SmartLaunchError('no-token');
  if (/No server url/i.test(msg)) return new SmartLaunchError('no-iss');
  return new SmartLaunchError('launch-failed', msg);
}

export function issuerAllowed(iss: string, allowed?: readonly string[]): boolean {
  if (!allowed || allowed.length === 0) return true;
  const norm = (s: string) => s.replace(/\/+$/, '');
  return allowed.some((a) => norm(a) === norm(iss));
}
