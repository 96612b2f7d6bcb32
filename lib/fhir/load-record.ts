// FhirGateway over any fetch: one patient's record in one `batch` round trip, a ward in two (one more on a
// server that refuses the GP `_include`, see isIncludeRefusal).
import { DEFAULT_PZ_SYSTEM } from './codes';
import type { FhirGateway, FhirJson, LoadedRecord, PractitionerOption, WardRecords } from './gateway';
import { FhirHttpError, fhirJson, normalizeBase, type FetchLike, type FhirConnection } from './http';
import { gpResourcesFor, isIncludeRefusal, patientIdOf, recordSearches, withoutGpIncludes, type RecordSearch } from './record-searches';
import { countingConnection, runSearches, type SearchResult } from './run-searches';

export interface GatewayOptions {
  serverUrl: string;
  fetch: FetchLike;
  getAuthHeader?: () => Promise<string | undefined>;
  /** canonical of the app's CodeSystem (pathway.md); default DEFAULT_PZ_SYSTEM */
  pzSystem?: string;
  /** `_count` asked per search (default 500) */
  pageSize?: number;
  /**
   * patients OR-ed into one search in a ward load (default 100). Fewer, wider searches are far cheaper
   * on servers that scan per search (Medplum in memory: 500 patients 13 s at 20, 4.6 s at 100); a
   * server that pages small may want fewer per search.
   */
  patientsPerSearch?: number;
  /** entries per batch Bundle (default 100) */
  entriesPerBatch?: number;
}

/** A search the rules depend on failed: loading on would show a record with a silent hole in it. */
export class FhirLoadError extends Error {
  constructor(
    message: string,
    readonly failures: Array<{ url: string; status: number; message: string }>,
  ) {
    super(message);
    this.name = 'FhirLoadError';
  }
}

export function createFhirGateway(options: GatewayOptions): FhirGateway {
  const serverUrl = normalizeBase(options.serverUrl);
  const pzSystem = options.pzSystem ?? DEFAULT_PZ_SYSTEM;
  const pageSize = options.pageSize ?? 500;
  const patientsPerSearch = options.patientsPerSearch ?? 100;
  const run = { entriesPerBatch: options.entriesPerBatch ?? 100, concurrency: 8 };
  const base = { serverUrl, fetch: options.fetch, getAuthHeader: options.getAuthHeader };

  async function loadPatientRecord(patientId: string, opts: { signal?: AbortSignal } = {}): Promise<LoadedRecord> {
    if (!patientId) throw new Error('patientId is required');
    const { conn, count } = countingConnection(base);
    const results = await runSearches(conn, recordSearches([patientId], { pzSystem, pageSize }), { ...run, signal: opts.signal });
    if (results[0].error && isIncludeRefusal(results[0].error.status)) {
      // A server that refuses the _include (where a server that ignores it answers the Patient alone):
      // read the Patient plainly, one extra request, and load the record without GP resources.
      results[0] = await readPatient(conn, results[0].search, patientId, opts.signal);
    }
    const patientResult = results[0];
    if (patientResult.error) {
      throw new FhirHttpError(
        patientResult.error.status === 404 ? `Patiënt ${patientId} niet gevonden op de FHIR-server.` : patientResult.error.message,
        patientResult.error.status,
      );
    }
    // The Patient is a search (so it can _include the GP): an unknown id is an empty searchset, not a 404.
    const patients = patientResult.resources.filter((r) => r.resourceType === 'Patient');
    if (patients.length === 0) throw new FhirHttpError(`Patiënt ${patientId} niet gevonden op de FHIR-server.`, 404);
    const patient = patients[0];
    // Guard against a server (or proxy) answering for someone else: never show another patient's data.
    if (patients.length !== 1 || patient.id !== patientId) {
      throw new FhirLoadError(`De server gaf geen gegevens voor patiënt ${patientId}.`, []);
    }
    const { resources, warnings } = collect(results);
    // the GP / huisartsenpost the Patient search included (none when the server ignores _include)
    const gp = gpResourcesFor(patient, patientResult.resources);
    return {
      patientId,
      resources: [...resources.filter((r) => (r.resourceType === 'Patient' && r.id === patientId) || patientIdOf(r) === patientId), ...gp],
      requests: count(),
      ...(warnings.length ? { warnings } : {}),
    };
  }

  async function loadWard(ward: { location?: string; group?: string }, opts: { signal?: AbortSignal } = {}): Promise<WardRecords> {
    const { conn, count } = countingConnection(base);
    const ids = await wardPatientIds(conn, ward, pageSize, opts.signal);
    const searches: RecordSearch[] = [];
    for (let i = 0; i < ids.length; i += patientsPerSearch) {
      searches.push(...recordSearches(ids.slice(i, i + patientsPerSearch), { pzSystem, pageSize }));
    }
    const results = await runSearches(conn, searches, { ...run, signal: opts.signal });
    // Patient searches refused for their _include: the same searches without it, together in one more round trip
    const refused = results.flatMap((r, i) => (r.search.resourceType === 'Patient' && r.error && isIncludeRefusal(r.error.status) ? [i] : []));
    if (refused.length) {
      const retried = await runSearches(conn, refused.map((i) => withoutGpIncludes(results[i].search)), { ...run, signal: opts.signal });
      refused.forEach((i, k) => (results[i] = retried[k]));
    }
    const { resources, warnings } = collect(results);
    const byPatient = new Map<string, FhirJson[]>();
    for (const r of resources) {
      const pid = patientIdOf(r);
      if (!pid) continue;
      const list = byPatient.get(pid) ?? [];
      list.push(r);
      byPatient.set(pid, list);
    }
    // The Patient searches' _include results (GP, huisartsenpost) belong to no patient field: give each
    // patient the ones its own generalPractitioner points at (a shared GP goes to each of them).
    const included = results.filter((r) => r.search.resourceType === 'Patient').flatMap((r) => r.resources.filter((x) => x.resourceType !== 'Patient'));
    if (included.length) {
      for (const list of byPatient.values()) {
        const patient = list.find((r) => r.resourceType === 'Patient');
        if (patient) list.push(...gpResourcesFor(patient, included));
      }
    }
    const patients: LoadedRecord[] = ids
      .filter((id) => byPatient.get(id)?.some((r) => r.resourceType === 'Patient'))
      // per-patient `requests` is 0: the requests were shared by the ward, see WardRecords.requests
      .map((id) => ({ patientId: id, resources: byPatient.get(id)!, requests: 0, ...(warnings.length ? { warnings } : {}) }));
    return { patients, requests: count() };
  }

  async function searchPractitioners(text: string, opts: { signal?: AbortSignal } = {}): Promise<PractitionerOption[]> {
    const q = text.trim();
    if (q.length < 2) return [];
    const enc = encodeURIComponent(q);
    const searches: RecordSearch[] = [
      { resourceType: 'Practitioner', url: `Practitioner?name=${enc}&_count=20`, optional: true },
      // the nazorg owner or central caregiver may be an organisation (thuiszorg, huisartsenpraktijk)
      { resourceType: 'Organization', url: `Organization?name=${enc}&_count=20`, optional: true },
    ];
    const results = await runSearches(base, searches, { ...run, signal: opts.signal });
    return results.flatMap((r) => r.resources).map(toOption);
  }

  return { serverUrl, loadPatientRecord, loadWard, searchPractitioners };
}

/** The plain read `Patient/<id>` in place of a refused Patient search (as a result of `search`'s slot). */
async function readPatient(conn: FhirConnection, search: RecordSearch, patientId: string, signal?: AbortSignal): Promise<SearchResult> {
  const read: RecordSearch = { ...search, url: `Patient/${encodeURIComponent(patientId)}` };
  try {
    return { search: read, resources: [await fhirJson(conn, read.url, { signal })] };
  } catch (e) {
    // 401/403 and 5xx stay errors of their own; another 4xx is this read's answer, reported as before
    if (e instanceof FhirHttpError && e.status >= 400 && e.status < 500 && e.status !== 401 && e.status !== 403) {
      return { search: read, resources: [], error: { status: e.status, message: e.message } };
    }
    throw e;
  }
}

function collect(results: SearchResult[]): { resources: FhirJson[]; warnings: string[] } {
  const failures = results.filter((r) => r.error && !r.search.optional);
  if (failures.length) {
    throw new FhirLoadError(
      `De FHIR-server weigerde ${failures.length} zoekvraag/-vragen: ${failures.map((f) => `${f.search.resourceType} (${f.error!.message})`).join('; ')}`,
      failures.map((f) => ({ url: f.search.url, ...f.error! })),
    );
  }
  const warnings = results.filter((r) => r.error).map((r) => `${r.search.resourceType}: ${r.error!.message}`);
  const seen = new Set<string>();
  const resources: FhirJson[] = [];
  for (const r of results.flatMap((x) => x.resources)) {
    const key = `${r.resourceType}/${r.id ?? Math.random()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    resources.push(r);
  }
  return { resources, warnings };
}

async function wardPatientIds(
  conn: Parameters<typeof fhirJson>[0],
  ward: { location?: string; group?: string },
  pageSize: number,
  signal?: AbortSignal,
): Promise<string[]> {
  const ids = new Set<string>();
  const add = (ref: string | undefined) => {
    const m = ref?.match(/(?:^|\/)Patient\/([^/]+)$/);
    if (m) ids.add(m[1]);
  };
  if (ward.group) {
    const ref = ward.group.startsWith('Group/') ? ward.group : `Group/${ward.group}`;
    const group = await fhirJson(conn, ref, { signal });
    for (const m of (group.member as Array<{ entity?: { reference?: string }; inactive?: boolean }> | undefined) ?? []) {
      if (!m.inactive) add(m.entity?.reference);
    }
  } else if (ward.location) {
    const ref = ward.location.startsWith('Location/') ? ward.location : `Location/${ward.location}`;
    const [res] = await runSearches(
      conn,
      [{ resourceType: 'Encounter', url: `Encounter?location=${encodeURIComponent(ref)}&status=in-progress,arrived,triaged&_count=${pageSize}`, optional: false }],
      { entriesPerBatch: 1, concurrency: 1, signal },
    );
    // one entry: a plain GET is as cheap as a batch, but runSearches keeps paging in one place
    if (res.error) throw new FhirLoadError(`Afdeling ${ref}: ${res.error.message}`, [{ url: res.search.url, ...res.error }]);
    for (const enc of res.resources) add((enc.subject as { reference?: string } | undefined)?.reference);
  } else {
    throw new Error('loadWard needs a location or a group');
  }
  return [...ids];
}

function humanName(r: FhirJson): string | undefined {
  const names = r.name as Array<{ text?: string; given?: string[]; family?: string; prefix?: string[] }> | string | undefined;
  if (typeof names === 'string') return names;
  const n = names?.[0];
  if (!n) return undefined;
  return n.text ?? [...(n.prefix ?? []), ...(n.given ?? []), n.family].filter(Boolean).join(' ');
}

function toOption(r: FhirJson): PractitionerOption {
  const cc = (x: unknown) => {
    const c = x as { text?: string; coding?: Array<{ display?: string }> } | undefined;
    return c?.text ?? c?.coding?.[0]?.display;
  };
  const description =
    r.resourceType === 'Practitioner'
      ? cc((r.qualification as Array<{ code?: unknown }> | undefined)?.[0]?.code)
      : cc((r.type as unknown[] | undefined)?.[0]);
  return {
    reference: `${r.resourceType}/${r.id}`,
    display: humanName(r) ?? `${r.resourceType}/${r.id}`,
    ...(description ? { description } : {}),
  };
}
