// The record behind a call: the prefetch as the client sent it, and whatever it left out fetched from
// `fhirServer` with the bearer token in one round trip (lib/fhir's runSearches: one batch Bundle, or
// parallel GETs on a server without batch; paging followed). Every legal form of "not prefetched" is
// accepted: an absent key, `null`, an OperationOutcome, an empty Bundle without `total: 0`, and a
// Bundle with a `next` link (its first page is kept, the rest is paged in).
import type { FhirJson } from '../fhir/gateway';
import { FhirHttpError, normalizeBase, type FetchLike, type FhirConnection } from '../fhir/http';
import { gpResourcesFor, isIncludeRefusal, patientIdOf, withoutGpIncludes, type RecordSearch } from '../fhir/record-searches';
import { countingConnection, followPages, runSearches, type SearchResult } from '../fhir/run-searches';
import { searchFor, type PrefetchItem } from './discovery';
import type { CdsRequest } from './schemas';

/** An answer the service gives instead of cards: 400 (the request is wrong) or 412 (the data cannot be had). */
export class CdsError extends Error {
  constructor(
    readonly status: 400 | 412,
    message: string,
  ) {
    super(message);
    this.name = 'CdsError';
  }
}

export interface GatheredRecord {
  resources: FhirJson[];
  /** prefetch keys that were fetched from fhirServer */
  fetched: string[];
  /** HTTP requests made to fhirServer (0 with a full prefetch) */
  requests: number;
  /** optional searches the server refused */
  warnings: string[];
}

type Bundle = { resourceType: 'Bundle'; total?: number; entry?: Array<{ resource?: FhirJson; search?: { mode?: string } }>; link?: Array<{ relation?: string; url?: string }> };

const isBundle = (x: FhirJson): x is FhirJson & Bundle => x.resourceType === 'Bundle';
const nextLink = (b: Bundle) => b.link?.find((l) => l.relation === 'next')?.url;

/** What one prefetch value says: the resources it carries, "page on from here", or "not prefetched". */
type Given = { kind: 'complete'; resources: FhirJson[] } | { kind: 'paged'; body: Bundle } | { kind: 'missing' };

export function classifyPrefetch(value: FhirJson | null | undefined): Given {
  if (value == null || value.resourceType === 'OperationOutcome') return { kind: 'missing' };
  if (!isBundle(value)) return { kind: 'complete', resources: [value] }; // e.g. a `Patient/{{context.patientId}}` read
  const entries = (value.entry ?? []).filter((e) => e.resource && e.search?.mode !== 'outcome' && e.resource.resourceType !== 'OperationOutcome');
  if (nextLink(value)) return { kind: 'paged', body: value };
  // An empty Bundle is how some clients say "did not fetch"; only an explicit `total: 0` says "there is none".
  if (entries.length === 0 && value.total !== 0) return { kind: 'missing' };
  return { kind: 'complete', resources: entries.map((e) => e.resource!) };
}

export interface GatherOptions {
  fetch: FetchLike;
  items: PrefetchItem[];
  signal?: AbortSignal;
}

export async function gatherRecord(req: CdsRequest, patientId: string, opts: GatherOptions): Promise<GatheredRecord> {
  const given: FhirJson[] = [];
  const missing: RecordSearch[] = [];
  const paged: Array<{ search: RecordSearch; body: Bundle }> = [];
  const fetchedKeys: string[] = [];
  for (const item of opts.items) {
    const g = classifyPrefetch(req.prefetch?.[item.key] as FhirJson | null | undefined);
    if (g.kind === 'complete') given.push(...g.resources);
    else if (g.kind === 'paged') paged.push({ search: searchFor(item, patientId), body: g.body });
    else {
      missing.push(searchFor(item, patientId));
      fetchedKeys.push(item.key);
    }
  }
  // never the wrong patient: a prefetch that carries someone else's data is refused as a whole
  for (const r of given) {
    const pid = patientIdOf(r);
    if (pid !== undefined && pid !== patientId) throw new CdsError(400, `prefetch bevat gegevens van een andere patiënt dan context.patientId (${r.resourceType})`);
  }

  let requests = 0;
  const warnings: string[] = [];
  const fetchedResources: FhirJson[] = [];
  if (missing.length || paged.length) {
    if (!req.fhirServer) throw new CdsError(412, `prefetch ontbreekt (${fetchedKeys.join(', ') || 'vervolgpagina'}) en er is geen fhirServer om het op te halen`);
    const token = req.fhirAuthorization?.access_token;
    const base: FhirConnection = { serverUrl: normalizeBase(req.fhirServer), fetch: opts.fetch, getAuthHeader: async () => (token ? `Bearer ${token}` : undefined) };
    const { conn, count } = countingConnection(base);
    try {
      const results = await runSearches(conn, missing, { entriesPerBatch: 100, concurrency: 8, signal: opts.signal });
      await retryRefusedInclude(conn, results, opts.signal);
      for (const p of paged) {
        // the bearer token goes to fhirServer only: a next link elsewhere is fetched afresh instead
        const sameServer = nextLink(p.body)!.startsWith(`${base.serverUrl}/`) || nextLink(p.body)!.startsWith(`${base.serverUrl}?`);
        if (sameServer) results.push(await followPages(conn, { search: p.search, body: p.body as FhirJson }, opts.signal));
        else results.push(...(await runSearches(conn, [p.search], { entriesPerBatch: 100, concurrency: 1, signal: opts.signal })));
      }
      for (const r of results) {
        if (r.error && !r.search.optional) throw new CdsError(412, `de FHIR-server weigerde ${r.search.resourceType}: ${r.error.message}`);
        if (r.error) warnings.push(`${r.search.resourceType}: ${r.error.message}`);
        fetchedResources.push(...r.resources);
      }
    } catch (e) {
      if (e instanceof CdsError) throw e;
      // 401/403/5xx/network: the client's token or server; the data cannot be had
      const status = e instanceof FhirHttpError ? ` (HTTP ${e.status})` : '';
      throw new CdsError(412, `gegevens niet op te halen van fhirServer${status}`);
    } finally {
      requests = count();
    }
  }

  const all = [...given, ...fetchedResources];
  const patient = all.find((r) => r.resourceType === 'Patient' && r.id === patientId);
  if (!patient) throw new CdsError(412, 'patiënt uit context.patientId niet gevonden in prefetch of op fhirServer');
  const seen = new Set<string>();
  const resources: FhirJson[] = [];
  // what a server returns for someone else is left out, as lib/fhir's loader does
  for (const r of [...all.filter((x) => (x.resourceType === 'Patient' ? x.id === patientId : patientIdOf(x) === patientId)), ...gpResourcesFor(patient, all)]) {
    const key = `${r.resourceType}/${r.id ?? resources.length}`;
    if (seen.has(key)) continue;
    seen.add(key);
    resources.push(r);
  }
  return { resources, fetched: fetchedKeys, requests, warnings };
}

/** As lib/fhir's loader: a Patient search refused for its `_include` is asked once more without it. */
async function retryRefusedInclude(conn: FhirConnection, results: SearchResult[], signal?: AbortSignal): Promise<void> {
  const i = results.findIndex((r) => r.search.resourceType === 'Patient' && r.error && isIncludeRefusal(r.error.status));
  if (i < 0) return;
  [results[i]] = await runSearches(conn, [withoutGpIncludes(results[i].search)], { entriesPerBatch: 1, concurrency: 1, signal });
}
