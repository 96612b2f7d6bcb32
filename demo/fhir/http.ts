// The HTTP side of /fhir: a small express adapter in front of Medplum's FhirRouter. It parses and
// checks requests, enforces the SMART token's scopes, and turns every failure into an OperationOutcome
// with a 4xx/5xx status (never a crash, never an HTML error page).
import express, { type NextFunction, type Request, type Response } from 'express';
import { getStatus, isResourceType, normalizeOperationOutcome, OperationOutcomeError } from '@medplum/core';
import type { Bundle, BundleEntry, OperationOutcome, Resource } from '@medplum/fhirtypes';
import { FhirRouter, type FhirRequest, type HttpMethod } from '@medplum/fhir-router';
import { inPatientCompartment } from '../auth/compartment';
import { access, parseScopes, type Permission, type ResourceGrant } from '../auth/scopes';
import { getAccessGrant, type AccessGrant } from '../auth/store';
import type { ValidatingRepository } from './repository';

export const FHIR_JSON = 'application/fhir+json';
/** Large enough for a Synthea patient bundle (~1 MB), small enough that a runaway client is refused. */
export const BODY_LIMIT = '8mb';

export interface FhirHttpOptions {
  repo: ValidatingRepository;
  fhirBase: () => string;
  metadata: () => unknown;
  smartConfiguration: () => unknown;
}

type Json = Record<string, unknown>;

export function outcome(status: number, code: string, text: string): { status: number; body: OperationOutcome } {
  return { status, body: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: code as 'invalid', details: { text }, diagnostics: text }] } };
}

function sendFhir(res: Response, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.status(status).set({ 'content-type': `${FHIR_JSON}; charset=utf-8`, ...headers }).send(JSON.stringify(body));
}

function sendOutcome(res: Response, status: number, code: string, text: string, headers: Record<string, string> = {}): void {
  const o = outcome(status, code, text);
  sendFhir(res, o.status, o.body, headers);
}

/** What an interaction needs: the resource type and the SMART permission letter. */
interface Interaction {
  type?: string;
  perm: Permission;
  id?: string;
  kind: 'read' | 'search' | 'create' | 'update' | 'delete' | 'batch' | 'operation';
}

function classify(method: string, pathname: string): Interaction | { error: { status: number; code: string; text: string } } {
  const seg = pathname.split('?')[0].split('/').filter(Boolean);
  if (seg.length === 0) {
    if (method === 'POST') return { perm: 'c', kind: 'batch' };
    return { error: { status: 400, code: 'not-supported', text: 'System-level search is not supported here; search one resource type, e.g. GET /fhir/Patient' } };
  }
  const [type, id, third] = seg;
  if (type.startsWith('$') || id?.startsWith('$') || third?.startsWith('$')) {
    return { error: { status: 400, code: 'not-supported', text: `Operation ${seg.join('/')} is not supported by this demo server` } };
  }
  if (!isResourceType(type)) return { error: { status: 404, code: 'not-supported', text: `Unknown resource type: ${type}` } };
  if (seg.length === 1) {
    if (method === 'GET') return { type, perm: 's', kind: 'search' };
    if (method === 'POST') return { type, perm: 'c', kind: 'create' };
    if (method === 'PUT' || method === 'PATCH') return { type, perm: 'u', kind: 'update' };
    if (method === 'DELETE') return { type, perm: 'd', kind: 'delete' };
  }
  if (seg.length === 2 && id === '_search' && method === 'POST') return { type, perm: 's', kind: 'search' };
  if (seg.length === 2 && /^[A-Za-z0-9\-.]{1,64}$/.test(id)) {
    if (method === 'GET') return { type, id, perm: 'r', kind: 'read' };
    if (method === 'PUT' || method === 'PATCH') return { type, id, perm: 'u', kind: 'update' };
    if (method === 'DELETE') return { type, id, perm: 'd', kind: 'delete' };
  }
  if (seg.length >= 3 && third === '_history' && method === 'GET') return { type, id, perm: 'r', kind: 'read' };
  return { error: { status: method === 'GET' ? 404 : 405, code: 'not-supported', text: `${method} /${seg.join('/')} is not supported` } };
}

interface AuthState {
  grant: AccessGrant;
  grants: ResourceGrant[];
}

/** Checks one interaction against the token: undefined = allowed (with `patient` set when compartment-restricted). */
function authorize(auth: AuthState, i: Interaction, body: unknown): { deny?: string; patient?: string } {
  if (!i.type) return {};
  const level = access(auth.grants, i.type, i.perm);
  if (level === 'denied') return { deny: `The access token's scopes do not allow '${i.perm}' on ${i.type}` };
  if (level === 'unrestricted') return {};
  const patient = auth.grant.context.patient;
  if (!patient) return { deny: `A patient/ scope needs a patient in the launch context; this token has none` };
  if (i.kind === 'create' || i.kind === 'update') {
    if (!inPatientCompartment(body, patient)) return { deny: `This token may only write resources of Patient/${patient}` };
  }
  if (i.type === 'Patient' && i.id && i.id !== patient) return { deny: `This token may only access Patient/${patient}` };
  return { patient };
}

/**
 * Keeps only the matches a patient-scoped token may see. `_include`d entries are left to
 * `filterIncludes`, which checks every search response, patient-scoped or not.
 */
function restrictToPatient(resource: unknown, patient: string): unknown {
  const r = resource as Json | undefined;
  if (r?.resourceType === 'Bundle') {
    const b = r as unknown as Bundle;
    if (b.type !== 'searchset' && b.type !== 'history') return b;
    const visible = (e: BundleEntry) =>
      !e.resource || e.resource.resourceType === 'OperationOutcome' || e.search?.mode === 'include' || inPatientCompartment(e.resource, patient);
    const entry = (b.entry ?? []).filter(visible);
    // total counts matches only: included resources never were in it
    const removed = (b.entry ?? []).filter((e) => !visible(e)).length;
    return { ...b, entry, ...(b.total !== undefined ? { total: b.total - removed } : {}) };
  }
  return r;
}

/**
 * An `_include`d resource (search.mode 'include', e.g. the patient's GP or huisartsenpost) is shown
 * only as a direct read of it would be: kept when the token may read its type unrestricted, or
 * compartment-restricted and the resource is in the token's patient compartment; dropped otherwise.
 * Without this, a token allowed to search Encounter would get the Patients via `_include=Encounter:subject`.
 * Applied to every search response (GET, POST _search, each entry of a batch/transaction response).
 */
function filterIncludes(resource: unknown, auth: AuthState): unknown {
  const b = resource as Bundle | undefined;
  if (b?.resourceType !== 'Bundle' || b.type !== 'searchset' || !b.entry?.some((e) => e.search?.mode === 'include')) return resource;
  const patient = auth.grant.context.patient;
  const readable = (e: BundleEntry) => {
    if (e.search?.mode !== 'include' || !e.resource) return true;
    const level = access(auth.grants, e.resource.resourceType, 'r');
    if (level === 'unrestricted') return true;
    return level === 'patient' && !!patient && inPatientCompartment(e.resource, patient);
  };
  return { ...b, entry: b.entry.filter(readable) };
}

function queryOf(url: URL): Record<string, string | string[]> {
  const q: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prev = q[k];
    q[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return q;
}

/** Medplum pages with _offset but writes no self/next links nor fullUrls; real servers do, and clients follow `next`. */
function decorateSearchset(resource: unknown, relativeUrl: string, fhirBase: string): void {
  const b = resource as Bundle | undefined;
  if (b?.resourceType !== 'Bundle' || b.type !== 'searchset') return;
  for (const e of b.entry ?? []) if (e.resource?.id && !e.fullUrl) e.fullUrl = `${fhirBase}/${e.resource.resourceType}/${e.resource.id}`;
  const u = new URL(`${fhirBase}/${relativeUrl.replace(/^\//, '')}`);
  const links: NonNullable<Bundle['link']> = [{ relation: 'self', url: u.href }];
  // paging counts matches: `_include`d entries come on top of a page and are not part of `total`
  const matches = (b.entry ?? []).filter((e) => e.search?.mode !== 'include').length;
  if (b.total !== undefined && matches) {
    const offset = Number(u.searchParams.get('_offset') ?? 0);
    const next = offset + matches;
    if (next < b.total) {
      const n = new URL(u);
      n.searchParams.set('_offset', String(next));
      links.push({ relation: 'next', url: n.href });
    }
  }
  b.link = links;
}


export function createFhirHttp(opts: FhirHttpOptions): express.Router {
  const { repo } = opts;
  const router = new FhirRouter();
  const r = express.Router();

  // Public: the capability statement and SMART discovery (clients need them before they have a token).
  r.get('/metadata', (_req, res) => sendFhir(res, 200, opts.metadata()));
  r.get('/.well-known/smart-configuration', (_req, res) => {
    res.set('cache-control', 'no-cache').json(opts.smartConfiguration());
  });

  r.use(
    express.json({ type: ['application/json', 'application/fhir+json', 'application/*+json', 'application/json-patch+json'], limit: BODY_LIMIT, strict: false }),
    express.urlencoded({ extended: false, limit: '1mb' }),
  );

  // Bearer token → scopes; refused before any work is done.
  r.use((req, res, next) => {
    const m = /^Bearer\s+([A-Za-z0-9\-._~+/]+=*)$/i.exec(req.get('authorization') ?? '');
    const grant = getAccessGrant(m?.[1]);
    if (!grant) {
      const why = m ? 'The access token is unknown or expired' : 'Authorization required: send a SMART access token (Authorization: Bearer …)';
      return sendOutcome(res, 401, 'login', why, { 'www-authenticate': `Bearer realm="${opts.fhirBase()}"${m ? ', error="invalid_token"' : ''}` });
    }
    res.locals.auth = { grant, grants: parseScopes(grant.scope).grants } satisfies AuthState;
    next();
  });

  r.use(async (req: Request, res: Response) => {
    const auth = res.locals.auth as AuthState;
    const method = req.method.toUpperCase() as HttpMethod;
    const url = new URL(req.originalUrl, 'http://local');
    const relative = url.pathname.replace(/^.*?\/fhir/, '') || '/';
    const interaction = classify(method, relative);
    if ('error' in interaction) return sendOutcome(res, interaction.error.status, interaction.error.code, interaction.error.text);

    let body: unknown = req.body;
    const hasBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
    const isSearchPost = interaction.kind === 'search';
    if (hasBody && !isSearchPost) {
      if (!req.is(['application/json', 'application/fhir+json', 'application/*+json', 'application/json-patch+json'])) {
        return sendOutcome(res, 415, 'not-supported', `Content-Type must be ${FHIR_JSON} (got ${req.get('content-type') ?? 'none'})`);
      }
      if (method !== 'PATCH' && (typeof body !== 'object' || body === null || Array.isArray(body))) {
        return sendOutcome(res, 400, 'structure', 'Request body must be a JSON object (a FHIR resource)');
      }
    }
    if (isSearchPost) body = typeof body === 'object' && body !== null ? body : {};

    if (interaction.kind === 'create' || (interaction.kind === 'update' && method === 'PUT')) {
      const rt = (body as Json).resourceType;
      if (rt !== interaction.type) {
        return sendOutcome(res, 400, 'invalid', `Resource type in body (${typeof rt === 'string' ? rt : '<missing>'}) does not match the URL (${interaction.type})`);
      }
      if (interaction.id && (body as Json).id !== undefined && (body as Json).id !== interaction.id) {
        return sendOutcome(res, 400, 'invalid', `Resource id in body (${String((body as Json).id)}) does not match the URL (${interaction.id})`);
      }
      if (interaction.id && (body as Json).id === undefined) body = { ...(body as Json), id: interaction.id };
    }

    try {
      if (interaction.kind === 'batch') return await handleBundle(res, auth, body);
      const verdict = authorize(auth, interaction, body);
      if (verdict.deny) return sendOutcome(res, 403, 'forbidden', verdict.deny);
      if (interaction.kind === 'delete' && verdict.patient && interaction.id) {
        const current = await repo.readResource(interaction.type!, interaction.id).catch(() => undefined);
        if (current && !inPatientCompartment(current, verdict.patient)) return sendOutcome(res, 403, 'forbidden', `This token may only delete resources of Patient/${verdict.patient}`);
      }
      const createdByPut = method === 'PUT' && interaction.id ? !(await repo.exists(interaction.type!, interaction.id)) : false;
      const fhirReq: FhirRequest = {
        method,
        url: relative.replace(/^\//, '') + url.search,
        pathname: '',
        params: {},
        query: queryOf(url),
        body,
        headers: req.headers,
        config: { transactions: true },
      };
      const [oc, resource] = await router.handleRequest(fhirReq, repo);
      let status = getStatus(oc);
      if (createdByPut && status === 200) status = 201;
      if (status >= 400 || !resource) return sendFhir(res, status, resource ?? oc);
      let out: unknown = resource;
      if (verdict.patient) {
        if (interaction.kind === 'read' && !inPatientCompartment(resource, verdict.patient)) {
          return sendOutcome(res, 403, 'forbidden', `This token may only read resources of Patient/${verdict.patient}`);
        }
        out = restrictToPatient(resource, verdict.patient);
      }
      out = filterIncludes(out, auth);
      decorateSearchset(out, fhirReq.url, opts.fhirBase());
      const headers: Record<string, string> = {};
      const res0 = resource as Resource;
      if (res0.meta?.versionId) headers.etag = `W/"${res0.meta.versionId}"`;
      if (status === 201 && res0.id) headers.location = `${opts.fhirBase()}/${res0.resourceType}/${res0.id}/_history/${res0.meta?.versionId ?? '1'}`;
      return sendFhir(res, status, out, headers);
    } catch (e) {
      const oo = normalizeOperationOutcome(e);
      const status = getStatus(oo);
      // an unexpected error is a bug in the demo, not the client's fault: say 500 without internals
      if (status >= 500 && !(e instanceof OperationOutcomeError)) return sendOutcome(res, 500, 'exception', 'Internal server error');
      return sendFhir(res, status, oo);
    }
  });

  /** batch: entries the token may not touch get their own 403, the rest run; transaction: all or nothing. */
  async function handleBundle(res: Response, auth: AuthState, body: unknown): Promise<void> {
    const bundle = body as Bundle;
    if (bundle.resourceType !== 'Bundle') return sendOutcome(res, 400, 'invalid', `POST to the base URL needs a Bundle (got ${String((body as Json).resourceType ?? '<missing resourceType>')})`);
    if (bundle.type !== 'batch' && bundle.type !== 'transaction') return sendOutcome(res, 400, 'invalid', `Bundle.type must be batch or transaction (got ${String(bundle.type)})`);
    const entries = bundle.entry ?? [];
    if (!Array.isArray(entries)) return sendOutcome(res, 400, 'structure', 'Bundle.entry must be an array');
    const verdicts: { deny?: string; patient?: string; bad?: string }[] = entries.map((e, i) => {
      const m = e?.request?.method?.toUpperCase();
      const u = e?.request?.url;
      if (!m || typeof u !== 'string') return { bad: `Bundle.entry[${i}].request needs method and url` };
      const cls = classify(m, `/${u.replace(/^\//, '')}`);
      if ('error' in cls) return { bad: `Bundle.entry[${i}]: ${cls.error.text}` };
      if (cls.kind === 'batch') return { bad: `Bundle.entry[${i}]: nested batches are not supported` };
      return authorize(auth, cls, e.resource);
    });
    const transaction = bundle.type === 'transaction';
    if (transaction) {
      const bad = verdicts.find((v) => v.bad);
      if (bad) return sendOutcome(res, 400, 'invalid', bad.bad!);
      const denied = verdicts.find((v) => v.deny);
      if (denied) return sendOutcome(res, 403, 'forbidden', `Transaction refused: ${denied.deny}`);
    }
    const runIdx = verdicts.map((v, i) => (v.bad || v.deny ? -1 : i)).filter((i) => i >= 0);
    const sub: Bundle = { ...bundle, entry: runIdx.map((i) => entries[i]) };
    let result: Bundle = { resourceType: 'Bundle', type: `${bundle.type}-response` as Bundle['type'], entry: [] };
    if (runIdx.length > 0) {
      const [oc, resource] = await router.handleRequest(
        { method: 'POST', url: '', pathname: '', params: {}, query: {}, body: sub, headers: {}, config: { transactions: true } },
        repo,
      );
      if (!resource) return sendFhir(res, getStatus(oc), oc);
      result = resource as Bundle;
    }
    const out: BundleEntry[] = entries.map((_, i) => {
      const v = verdicts[i];
      if (v.bad) return { response: { status: '400', outcome: outcome(400, 'invalid', v.bad).body } };
      if (v.deny) return { response: { status: '403', outcome: forbiddenOutcome(v.deny) } };
      const e = result.entry?.[runIdx.indexOf(i)] ?? {};
      if (v.patient && e.resource) e.resource = restrictToPatient(e.resource, v.patient) as Resource;
      if (e.resource) e.resource = filterIncludes(e.resource, auth) as Resource;
      if (e.resource) decorateSearchset(e.resource, entries[i].request!.url, opts.fhirBase());
      return e;
    });
    return sendFhir(res, 200, { ...result, entry: out });
  }

  return r;
}

const forbiddenOutcome = (text: string): OperationOutcome => outcome(403, 'forbidden', text).body;

/** Body-parser and other errors before the handler: always an OperationOutcome. */
export function fhirErrorHandler(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(err);
  const e = err as { type?: string; status?: number; message?: string; limit?: number };
  if (e.type === 'entity.parse.failed') return sendOutcome(res, 400, 'structure', `Malformed JSON in request body: ${e.message ?? 'parse error'}`);
  if (e.type === 'entity.too.large') return sendOutcome(res, 413, 'too-costly', `Request body too large (limit ${BODY_LIMIT})`);
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') return sendOutcome(res, 415, 'not-supported', e.message ?? 'Unsupported encoding');
  if (e.type === 'request.aborted') return sendOutcome(res, 400, 'incomplete', 'Request aborted');
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) return sendOutcome(res, e.status, 'invalid', e.message ?? 'Bad request');
  sendOutcome(res, 500, 'exception', 'Internal server error');
}
