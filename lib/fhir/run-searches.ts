// Runs a list of FHIR searches in as few round trips as the server allows: `batch` Bundles posted in
// parallel (one round trip), or parallel GETs when the server has no batch, then paging links.
import { cachedBatchSupport, fetchBatchSupport, rememberBatchSupport } from './capability';
import type { FhirJson } from './gateway';
import { FhirHttpError, fhirFetch, fhirJson, operationOutcomeMessage, parseStatus, readJson, type FhirConnection } from './http';
import type { RecordSearch } from './record-searches';

export interface SearchResult {
  search: RecordSearch;
  resources: FhirJson[];
  /** set when the server refused this search */
  error?: { status: number; message: string };
}

export interface RunOptions {
  signal?: AbortSignal;
  /** entries per batch Bundle; several Bundles go out in parallel */
  entriesPerBatch: number;
  /** parallel GETs when falling back (browsers allow ~6 per host anyway) */
  concurrency: number;
}

/** Counts every HTTP request a load makes (the numbers design.md asks for). */
export function countingConnection(conn: FhirConnection): { conn: FhirConnection; count: () => number } {
  let n = 0;
  return {
    conn: {
      ...conn,
      fetch: (url, init) => {
        n++;
        return conn.fetch(url, init);
      },
    },
    count: () => n,
  };
}

export type Raw = { search: RecordSearch; body?: FhirJson; error?: { status: number; message: string } };

export async function runSearches(conn: FhirConnection, searches: RecordSearch[], opts: RunOptions): Promise<SearchResult[]> {
  if (searches.length === 0) return [];
  let raw: Raw[] | undefined;
  if (cachedBatchSupport(conn.serverUrl) !== false) {
    raw = await viaBatch(conn, searches, opts);
  }
  if (!raw) raw = await viaGets(conn, searches, opts);
  return Promise.all(raw.map((r) => followPages(conn, r, opts.signal)));
}

/** undefined = the server does not do batch (now cached): caller falls back to GETs. */
async function viaBatch(conn: FhirConnection, searches: RecordSearch[], opts: RunOptions): Promise<Raw[] | undefined> {
  const chunks: RecordSearch[][] = [];
  for (let i = 0; i < searches.length; i += opts.entriesPerBatch) chunks.push(searches.slice(i, i + opts.entriesPerBatch));
  const responses = await Promise.all(
    chunks.map(async (chunk) => {
      const bundle = {
        resourceType: 'Bundle',
        type: 'batch',
        entry: chunk.map((s) => ({ request: { method: 'GET', url: s.url } })),
      };
      const res = await fhirFetch(conn, '', { method: 'POST', body: JSON.stringify(bundle), signal: opts.signal });
      return { chunk, res, body: (await readJson(res)) as FhirJson | undefined };
    }),
  );
  const refused = responses.find((r) => !r.res.ok || r.body?.resourceType !== 'Bundle');
  if (refused) {
    const status = refused.res.status;
    // 401/403 and 5xx are not "no batch": they are the session or the server failing.
    if (status === 401 || status === 403 || status >= 500) {
      throw new FhirHttpError(operationOutcomeMessage(refused.body) ?? `HTTP ${status}`, status, refused.body);
    }
    if (await fetchBatchSupport(conn, opts.signal)) {
      throw new FhirHttpError(operationOutcomeMessage(refused.body) ?? `batch refused (HTTP ${status})`, status, refused.body);
    }
    return undefined;
  }
  rememberBatchSupport(conn.serverUrl, true);
  return responses.flatMap(({ chunk, body }) => {
    const entries = (body as { entry?: Array<{ resource?: FhirJson; response?: { status?: string; outcome?: unknown } }> }).entry ?? [];
    return chunk.map((search, i): Raw => {
      const e = entries[i];
      const status = parseStatus(e?.response?.status);
      if (!e || status < 200 || status >= 300) {
        const outcome = e?.response?.outcome ?? (e?.resource?.resourceType === 'OperationOutcome' ? e.resource : undefined);
        return { search, error: { status, message: operationOutcomeMessage(outcome) ?? `HTTP ${status || 'no response'}` } };
      }
      return { search, body: e.resource };
    });
  });
}

async function viaGets(conn: FhirConnection, searches: RecordSearch[], opts: RunOptions): Promise<Raw[]> {
  const out: Raw[] = new Array(searches.length);
  let next = 0;
  const worker = async () => {
    while (next < searches.length) {
      const i = next++;
      const search = searches[i];
      try {
        out[i] = { search, body: await fhirJson(conn, search.url, { signal: opts.signal }) };
      } catch (e) {
        if (e instanceof FhirHttpError && e.status >= 400 && e.status < 500 && e.status !== 401 && e.status !== 403) {
          out[i] = { search, error: { status: e.status, message: e.message } };
        } else throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency, searches.length) }, worker));
  return out;
}

/** Follow `next` links of a searchset; a read (Patient/123) is returned as is. */
export async function followPages(conn: FhirConnection, raw: Raw, signal?: AbortSignal): Promise<SearchResult> {
  if (raw.error || !raw.body) return { search: raw.search, resources: [], error: raw.error };
  if (raw.body.resourceType !== 'Bundle') return { search: raw.search, resources: [raw.body] };
  const resources: FhirJson[] = [];
  let page: FhirJson | undefined = raw.body;
  const seen = new Set<string>();
  while (page) {
    const entries = (page.entry as Array<{ resource?: FhirJson; search?: { mode?: string } }> | undefined) ?? [];
    for (const e of entries) {
      if (!e.resource || e.search?.mode === 'outcome' || e.resource.resourceType === 'OperationOutcome') continue;
      resources.push(e.resource);
    }
    const nextUrl = ((page.link as Array<{ relation?: string; url?: string }> | undefined) ?? []).find((l) => l.relation === 'next')?.url;
    // a server that repeats a next link would otherwise loop forever
    if (!nextUrl || seen.has(nextUrl)) break;
    seen.add(nextUrl);
    page = await fhirJson(conn, nextUrl, { signal });
  }
  return { search: raw.search, resources };
}
