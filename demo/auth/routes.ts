// SMART App Launch 2.0 endpoints: discovery, /auth/authorize (EHR launch and standalone with a sandbox
// login), /auth/token, /auth/launch (the EHR's launch-context store) and /auth/jwks.
// Refused, as a real EHR would: no PKCE, PKCE `plain`, no `state`, an unregistered redirect URI, an
// unknown launch id, a wrong `aud`. Tokens and codes are never logged.
import express, { type Request as ExpressRequest, type Response as ExpressResponse } from 'express';
import OAuth2Server, { OAuthError, Request, Response } from '@node-oauth/oauth2-server';
import type { Patient } from '@medplum/fhirtypes';
import type { ValidatingRepository } from '../fhir/repository';
import { findClient, redirectAllowed } from './clients';
import { loginPage, errorPage } from './login-page';
import type { DemoUser } from './oauth';
import { createLaunch, getLaunch, type LaunchContext } from './store';
import { grantableScopes } from './scopes';
import { DEMO_USERS } from '../seed/people';
import type { SigningKey } from './jwt';
import { ASSERTION_ALGS, type BackendServices } from './backend';

export interface AuthRoutesOptions {
  oauth: OAuth2Server;
  repo: ValidatingRepository;
  origin: () => string;
  fhirBase: () => string;
  signingKey: SigningKey;
  /** the EHR's current user (cookie), for /auth/launch */
  currentUser: (req: ExpressRequest) => string;
  /** SMART Backend Services (client_credentials + private_key_jwt) */
  backend?: BackendServices;
}

export const SMART_CAPABILITIES = [
  'launch-ehr',
  'launch-standalone',
  'client-public',
  'context-ehr-patient',
  'context-ehr-encounter',
  'context-standalone-patient',
  'context-banner',
  'sso-openid-connect',
  'permission-offline',
  'permission-patient',
  'permission-user',
  'permission-v1',
  'permission-v2',
  'client-confidential-asymmetric',
];

export function smartConfiguration(origin: string, fhirBase: string) {
  return {
    issuer: fhirBase,
    jwks_uri: `${origin}/auth/jwks`,
    authorization_endpoint: `${origin}/auth/authorize`,
    token_endpoint: `${origin}/auth/token`,
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    // none: the public SMART app (PKCE); private_key_jwt: Backend Services (bulk export)
    token_endpoint_auth_methods_supported: ['none', 'private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: [...ASSERTION_ALGS],
    response_types_supported: ['code'],
    scopes_supported: ['openid', 'fhirUser', 'launch', 'launch/patient', 'launch/encounter', 'offline_access', 'patient/*.cruds', 'user/*.cruds', 'patient/*.rs', 'user/*.rs', 'patient/*.read', 'user/*.read', 'patient/*.write', 'user/*.write', 'system/*.rs'],
    capabilities: SMART_CAPABILITIES,
    code_challenge_methods_supported: ['S256'],
  };
}

type Params = Record<string, string | undefined>;

function paramsOf(req: ExpressRequest): Params {
  const out: Params = {};
  const put = (src: unknown) => {
    if (!src || typeof src !== 'object') return;
    for (const [k, v] of Object.entries(src)) if (typeof v === 'string') out[k] = v;
  };
  put(req.query);
  if (req.method === 'POST') put(req.body);
  return out;
}

/** Errors after the redirect URI is known go back to the client (RFC 6749 §4.1.2.1). */
function redirectError(res: ExpressResponse, redirectUri: string, error: string, description: string, state?: string): void {
  const u = new URL(redirectUri);
  u.searchParams.set('error', error);
  u.searchParams.set('error_description', description);
  if (state) u.searchParams.set('state', state);
  res.redirect(302, u.href);
}

const norm = (s: string) => s.replace(/\/+$/, '');

export function createAuthRoutes(opts: AuthRoutesOptions): express.Router {
  const r = express.Router();
  r.use(express.urlencoded({ extended: false, limit: '64kb' }), express.json({ limit: '64kb' }));

  r.get('/jwks', (_req, res) => res.json({ keys: [opts.signingKey.publicJwk] }));

  // The EHR's context store: the EHR (same origin, current user from its cookie) registers what it
  // launches with and gets an opaque launch id to put in the app's launch URL.
  r.post('/launch', async (req, res) => {
    const { patient, encounter } = (req.body ?? {}) as { patient?: unknown; encounter?: unknown };
    if (typeof patient !== 'string' || !patient) return void res.status(400).json({ error: 'invalid_request', error_description: 'patient is required' });
    try {
      await opts.repo.readResource('Patient', patient);
    } catch {
      return void res.status(404).json({ error: 'invalid_request', error_description: `unknown patient ${patient}` });
    }
    const ctx: LaunchContext = { patient, encounter: typeof encounter === 'string' && encounter ? encounter : undefined, practitioner: opts.currentUser(req) };
    res.json({ launch: createLaunch(ctx), iss: opts.fhirBase() });
  });

  const authorize = async (req: ExpressRequest, res: ExpressResponse) => {
    const p = paramsOf(req);
    res.set('cache-control', 'no-store');
    const client = findClient(p.client_id);
    if (!client) return void res.status(400).type('html').send(errorPage('Onbekende applicatie', `client_id "${p.client_id ?? ''}" is niet geregistreerd bij deze server.`).value);
    if (!redirectAllowed(client, p.redirect_uri, opts.origin())) {
      return void res.status(400).type('html').send(errorPage('Ongeldige redirect_uri', 'De terugkeer-URL is niet geregistreerd voor deze applicatie; de server stuurt u daar niet heen.').value);
    }
    const redirectUri = p.redirect_uri!;
    const fail = (error: string, description: string) => redirectError(res, redirectUri, error, description, p.state);
    if (p.response_type !== 'code') return fail('unsupported_response_type', 'response_type must be code');
    if (!p.state) return fail('invalid_request', 'state is required');
    if (!p.code_challenge) return fail('invalid_request', 'PKCE is required: code_challenge is missing');
    if (p.code_challenge_method !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256');
    if (p.aud && norm(p.aud) !== norm(opts.fhirBase())) return fail('invalid_request', `aud must be this FHIR server (${opts.fhirBase()})`);
    const scopes = grantableScopes(p.scope);
    if (scopes.length === 0) return fail('invalid_scope', 'no supported scope requested');

    let user: DemoUser;
    if (p.launch) {
      // EHR launch: the EHR's current user authorizes; no second login, as in a hospital
      const ctx = getLaunch(p.launch);
      if (!ctx) return fail('invalid_request', 'launch is unknown or expired');
      const who = DEMO_USERS.find((u) => u.id === ctx.practitioner) ?? DEMO_USERS[0];
      user = { id: who.id, name: who.name, patient: ctx.patient, encounter: ctx.encounter, location: ctx.location, needPatientBanner: false, role: who.role };
    } else {
      if (scopes.includes('launch')) return fail('invalid_request', 'scope launch needs a launch parameter (EHR launch)');
      const needPatient = scopes.includes('launch/patient');
      if (req.method !== 'POST' || p.pz_login !== '1') {
        const patients = needPatient ? await listPatients(opts.repo) : [];
        return void res.type('html').send(loginPage({ params: p, users: DEMO_USERS, patients, clientName: client.name, needPatient }).value);
      }
      if (p.pz_action === 'cancel') return fail('access_denied', 'login cancelled by the user');
      const who = DEMO_USERS.find((u) => u.id === p.pz_practitioner);
      if (!who) return fail('access_denied', 'no practitioner chosen');
      let patient: string | undefined;
      if (needPatient) {
        patient = p.pz_patient;
        const known = patient ? await opts.repo.exists('Patient', patient) : false;
        if (!known) return fail('access_denied', 'no patient chosen');
      }
      user = { id: who.id, name: who.name, patient, needPatientBanner: true, role: who.role };
    }

    const request = new Request({ method: req.method, query: { ...(req.query as object) }, body: req.method === 'POST' ? { ...(req.body as object) } : {}, headers: { ...req.headers } as Record<string, string> });
    const response = new Response({ headers: {} });
    try {
      await opts.oauth.authorize(request, response, { authenticateHandler: { handle: () => user } });
      const location = response.get('location') as string | undefined;
      if (!location) return fail('server_error', 'no redirect produced');
      res.redirect(302, location);
    } catch (e) {
      if (e instanceof OAuthError) return fail(e.name, e.message);
      fail('server_error', 'authorization failed');
    }
  };
  r.get('/authorize', authorize);
  r.post('/authorize', authorize);

  r.options('/token', (_req, res) => void res.status(204).end());
  r.post('/token', async (req, res) => {
    res.set({ 'cache-control': 'no-store', pragma: 'no-cache' });
    if (!req.is('application/x-www-form-urlencoded')) {
      return void res.status(400).json({ error: 'invalid_request', error_description: 'Content-Type must be application/x-www-form-urlencoded' });
    }
    const form = (req.body ?? {}) as Record<string, string | undefined>;
    if (opts.backend && (form.grant_type === 'client_credentials' || form.client_assertion !== undefined)) {
      const r = await opts.backend.token(form);
      return void res.status(r.status).json('body' in r ? r.body : { error: r.error, error_description: r.error_description });
    }
    const request = new Request({ method: 'POST', query: {}, body: { ...(req.body as object) }, headers: { ...req.headers } as Record<string, string> });
    const response = new Response({ headers: {} });
    try {
      await opts.oauth.token(request, response);
      const body = { ...(response.body as Record<string, unknown>) };
      if (Array.isArray(body.scope)) body.scope = body.scope.join(' ');
      res.status(response.status ?? 200).json(body);
    } catch (e) {
      const err = e as OAuthError;
      const status = typeof err.code === 'number' && err.code >= 400 && err.code < 600 ? err.code : 400;
      res.status(status).json({ error: e instanceof OAuthError ? err.name : 'invalid_request', error_description: err.message });
    }
  });

  return r;
}

/** The sandbox patient picker: every patient in the repository, living first, by name. */
async function listPatients(repo: ValidatingRepository): Promise<{ id: string; name: string; birthDate?: string; deceased: boolean }[]> {
  const all = (await repo.searchResources({ resourceType: 'Patient', count: 1000 })) as Patient[];
  return all
    .map((pt) => ({
      id: pt.id!,
      name: pt.name?.[0]?.text ?? [pt.name?.[0]?.given?.join(' '), pt.name?.[0]?.family].filter(Boolean).join(' ') ?? pt.id!,
      birthDate: pt.birthDate,
      deceased: !!(pt.deceasedDateTime || pt.deceasedBoolean),
    }))
    .sort((a, b) => Number(a.deceased) - Number(b.deceased) || a.name.localeCompare(b.name, 'nl'));
}
