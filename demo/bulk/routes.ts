// Bulk Data Access 2.0 on the demo FHIR server: `$export` at system level, `Patient/$export` and
// `Group/[id]/$export` (the wards), with the async pattern: 202 + Content-Location, the status URL
// answering 202 with X-Progress and Retry-After while running, then the manifest; NDJSON files behind
// the same SMART token (requiresAccessToken: true); DELETE on the status URL cancels and removes.
// Kick-off as POST with a Parameters body or as GET with query parameters.
import { createReadStream } from 'node:fs';
import express, { type Request, type Response } from 'express';
import { isResourceType } from '@medplum/core';
import type { Group } from '@medplum/fhirtypes';
import { access, parseScopes } from '../auth/scopes';
import { getAccessGrant, type AccessGrant } from '../auth/store';
import type { ValidatingRepository } from '../fhir/repository';
import { ExportJobs, storedTypes, type JobRequest } from './jobs';

export interface BulkOptions {
  repo: ValidatingRepository;
  fhirBase: () => string;
  now: () => Date;
  /** Retry-After on a running job's status (s); default 1 */
  retryAfterSeconds?: number;
  /** status requests answered 202 before a finished job reports complete (default 1: the async pattern is always seen) */
  minPolls?: number;
  maxResourcesPerFile?: number;
}

const NDJSON_FORMATS = new Set(['application/fhir+ndjson', 'application/ndjson', 'ndjson']);
const ID = /^[A-Za-z0-9\-.]{1,64}$/;

function outcome(res: Response, status: number, code: string, text: string, headers: Record<string, string> = {}) {
  res
    .status(status)
    .set({ 'content-type': 'application/fhir+json; charset=utf-8', ...headers })
    .send(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, details: { text }, diagnostics: text }] }));
}

function bearer(req: Request): AccessGrant | undefined {
  const m = /^Bearer\s+([A-Za-z0-9\-._~+/]+=*)$/i.exec(req.get('authorization') ?? '');
  return getAccessGrant(m?.[1]);
}

/** Kick-off parameters from the query (GET) or a Parameters resource (POST). */
function kickoffParams(req: Request): { types: string[]; since?: string; format?: string; bad?: string } {
  if (req.method === 'POST') {
    const body = req.body as { resourceType?: string; parameter?: { name?: string; valueString?: string; valueInstant?: string; valueDateTime?: string }[] } | undefined;
    if (body && Object.keys(body).length && body.resourceType !== 'Parameters') return { types: [], bad: 'The POST kick-off body must be a Parameters resource' };
    const ps = body?.parameter ?? [];
    const types = ps.filter((p) => p.name === '_type').flatMap((p) => String(p.valueString ?? '').split(','));
    const since = ps.find((p) => p.name === '_since');
    const format = ps.find((p) => p.name === '_outputFormat');
    return { types: types.map((t) => t.trim()).filter(Boolean), since: since?.valueInstant ?? since?.valueDateTime ?? since?.valueString, format: format?.valueString };
  }
  const q = req.query as Record<string, string | string[] | undefined>;
  const list = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);
  return { types: list(q._type).flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean), since: list(q._since)[0], format: list(q._outputFormat)[0] };
}

export function createBulkRoutes(opts: BulkOptions): { router: express.Router; jobs: ExportJobs } {
  const jobs = new ExportJobs(opts.repo, { maxResourcesPerFile: opts.maxResourcesPerFile ?? 50_000, chunk: 250 });
  const r = express.Router();
  const json = express.json({ type: ['application/json', 'application/fhir+json'], limit: '1mb' });
  const retryAfter = String(opts.retryAfterSeconds ?? 1);
  const minPolls = opts.minPolls ?? 1;

  // every bulk endpoint needs a token, checked before anything else: a Backend Services one
  // (client_credentials). A clinician's or patient's login token is refused even when it carries
  // broad scopes: bulk export is a system's job, not something a user session may start or fetch.
  const auth = (req: Request, res: Response, next: () => void) => {
    const grant = bearer(req);
    if (!grant) return outcome(res, 401, 'login', 'Authorization required: a SMART access token (Backend Services: system/<Type>.rs)', { 'www-authenticate': `Bearer realm="${opts.fhirBase()}"` });
    if (grant.grantType !== 'client_credentials') {
      return outcome(res, 403, 'forbidden', 'Bulk export needs a SMART Backend Services token (client_credentials grant with system/<Type>.rs scopes); a user or patient token may not export');
    }
    res.locals.grant = grant;
    next();
  };

  const kickoff = (level: 'system' | 'patient' | 'group') => async (req: Request, res: Response) => {
    const grant = res.locals.grant as AccessGrant;
    if (!/respond-async/i.test(req.get('prefer') ?? '')) return outcome(res, 400, 'invalid', 'A bulk export needs the header Prefer: respond-async');
    const p = kickoffParams(req);
    if (p.bad) return outcome(res, 400, 'invalid', p.bad);
    if (p.format && !NDJSON_FORMATS.has(p.format)) return outcome(res, 400, 'not-supported', `_outputFormat ${p.format} is not supported; use application/fhir+ndjson`);
    const unknown = p.types.filter((t) => !isResourceType(t));
    if (unknown.length) return outcome(res, 400, 'invalid', `_type names unknown resource types: ${unknown.join(', ')}`);
    let since: number | undefined;
    if (p.since !== undefined) {
      since = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(p.since) ? Date.parse(p.since) : NaN;
      if (Number.isNaN(since)) return outcome(res, 400, 'invalid', `_since must be a FHIR instant with a time zone, e.g. 2026-11-01T00:00:00Z (got ${p.since})`);
    }
    // only system/ scopes count: the token is a Backend Services one (auth above)
    const grants = parseScopes(grant.scope).grants.filter((g) => g.level === 'system');
    const asked = p.types.length ? [...new Set(p.types)] : storedTypes(opts.repo);
    const allowed = asked.filter((t) => access(grants, t, 'r') === 'unrestricted');
    const refused = p.types.length ? asked.filter((t) => !allowed.includes(t)) : [];
    if (allowed.length === 0) return outcome(res, 403, 'forbidden', `The access token's scopes allow reading none of the requested types (needs system/<Type>.rs)`);

    let patients: Set<string> | undefined;
    if (level === 'group') {
      const id = String(req.params.id);
      if (access(grants, 'Group', 'r') !== 'unrestricted') return outcome(res, 403, 'forbidden', 'Reading the Group needs system/Group.rs');
      let group: Group;
      try {
        group = (await opts.repo.readResource('Group', id)) as Group;
      } catch {
        return outcome(res, 404, 'not-found', `Group ${id} is not on this server`);
      }
      patients = new Set((group.member ?? []).filter((m) => !m.inactive).map((m) => /^Patient\/([^/]+)$/.exec(m.entity?.reference ?? '')?.[1]).filter((x): x is string => !!x));
    } else if (level === 'patient') {
      patients = new Set([...((opts.repo as unknown as { resources: Map<string, Map<string, unknown>> }).resources.get('Patient')?.keys() ?? [])]);
    }
    const request: JobRequest = { request: `${opts.fhirBase()}${req.originalUrl.replace(/^.*?\/fhir/, '')}`, clientId: grant.clientId, types: allowed, refusedTypes: refused, since, patients };
    const job = jobs.start(request, opts.now());
    res.status(202).set({ 'content-location': `${opts.fhirBase()}/$export-status/${job.id}` }).end();
  };

  const ownJob = (req: Request, res: Response) => {
    const job = jobs.get(String(req.params.id));
    const grant = res.locals.grant as AccessGrant;
    if (!job || job.req.clientId !== grant.clientId) {
      outcome(res, 404, 'not-found', 'No such export (finished and removed, cancelled, or never started)');
      return undefined;
    }
    return job;
  };

  r.post(/^\/\$export$/, auth, json, kickoff('system'));
  r.get(/^\/\$export$/, auth, kickoff('system'));
  r.post(/^\/Patient\/\$export$/, auth, json, kickoff('patient'));
  r.get(/^\/Patient\/\$export$/, auth, kickoff('patient'));
  r.post('/Group/:id/\\$export', auth, json, kickoff('group'));
  r.get('/Group/:id/\\$export', auth, kickoff('group'));

  r.get('/\\$export-status/:id', auth, (req, res) => {
    const job = ownJob(req, res);
    if (!job) return;
    if (job.status === 'failed') return outcome(res, 500, 'exception', `The export failed: ${job.failure ?? 'unknown error'}`);
    if (job.status === 'running' || job.polls < minPolls) {
      job.polls++;
      return void res.status(202).set({ 'x-progress': jobs.progress(job), 'retry-after': retryAfter }).end();
    }
    const url = (name: string) => `${opts.fhirBase()}/$export-file/${job.id}/${name}`;
    res.status(200).json({
      transactionTime: job.transactionTime,
      request: job.req.request,
      requiresAccessToken: true,
      output: job.files.map((f) => ({ type: f.type, url: url(f.name), count: f.count })),
      error: job.errors.map((f) => ({ type: 'OperationOutcome', url: url(f.name), count: f.count })),
    });
  });

  r.delete('/\\$export-status/:id', auth, async (req, res) => {
    const job = ownJob(req, res);
    if (!job) return;
    await jobs.cancel(job.id);
    res.status(202).end();
  });

  r.get('/\\$export-file/:id/:name', auth, (req, res) => {
    const job = ownJob(req, res);
    if (!job) return;
    const path = job.status === 'complete' ? jobs.filePath(job, String(req.params.name)) : undefined;
    if (!path) return outcome(res, 404, 'not-found', 'No such file in this export');
    res.status(200).set({ 'content-type': 'application/fhir+ndjson' });
    createReadStream(path).on('error', () => res.destroy()).pipe(res);
  });

  return { router: r, jobs };
}
