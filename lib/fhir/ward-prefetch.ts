// Ward prefetch: the ward worklist already loads every patient's record (two round trips for the whole
// ward); keeping those records lets the next bed's prompts show at once while one fresh load confirms
// them. Memory only: a record here is PHI, so it never goes to IndexedDB or extension storage, and it is
// dropped after `ttlMs`, on logout (clear()), and when the user switches to a patient admitted to
// another ward (seen in that patient's fresh record).
//
// Why the fresh load is a whole record and not `If-None-Match`/`_lastUpdated`: a record is a batch of
// 19 searches, and a search result has no ETag (the demo's Medplum router answers batch entries with
// status and location only, never an etag for a searchset); `_lastUpdated=gt…` would not see a
// resource that was deleted or stopped matching. One batch is still one request; `sameRecord()` then
// tells "confirmed" from "changed" so an unchanged record does not re-render at all.
import type { FhirGateway, FhirJson, LoadedRecord, WardRecords } from './gateway';

export interface WardPrefetchOptions {
  /** how long a prefetched record may be shown as a first answer (default 5 minutes) */
  ttlMs?: number;
  now?: () => number;
}

export const DEFAULT_PREFETCH_TTL_MS = 5 * 60_000;

export function createWardPrefetch(opts: WardPrefetchOptions = {}) {
  const ttlMs = opts.ttlMs ?? DEFAULT_PREFETCH_TTL_MS;
  const now = opts.now ?? Date.now;
  let ward: string | undefined;
  const records = new Map<string, { record: LoadedRecord; at: number }>();
  // the panel keeps a hidden, ready view per prefetched patient (components/PatientViews): it must hear
  // of every change, an expiry included, so no view outlives its record
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((cb) => cb());
  let expiry: ReturnType<typeof setTimeout> | undefined;
  const clear = () => {
    const had = records.size > 0;
    records.clear();
    ward = undefined;
    if (expiry !== undefined) clearTimeout(expiry);
    expiry = undefined;
    if (had) changed();
  };
  // a timer for the earliest expiry (records of an earlier put, or one refreshed by a fresh load, differ)
  const arm = () => {
    if (expiry !== undefined) clearTimeout(expiry);
    expiry = undefined;
    let first = Infinity;
    for (const hit of records.values()) first = Math.min(first, hit.at);
    if (first === Infinity) return;
    expiry = setTimeout(() => {
      expiry = undefined;
      const t = now();
      let gone = false;
      for (const [id, hit] of records) if (t - hit.at >= ttlMs) gone = records.delete(id) || gone;
      arm();
      if (gone) changed();
    }, Math.max(0, first + ttlMs - now()) + 1);
  };
  return {
    /** the records of one ward's worklist; a different ward replaces the previous one */
    put(wardKey: string, patients: readonly LoadedRecord[]) {
      if (wardKey !== ward) clear();
      ward = wardKey;
      const at = now();
      for (const record of patients) records.set(record.patientId, { record, at });
      arm();
      changed();
    },
    /** the patients with a record recent enough, in the order the ward list gave them */
    ids(): string[] {
      const t = now();
      const out: string[] = [];
      let gone = false;
      for (const [id, hit] of records) {
        if (t - hit.at >= ttlMs) gone = records.delete(id) || gone;
        else out.push(id);
      }
      // (after the loop: a listener reads ids() again)
      if (gone) queueMicrotask(changed);
      return out;
    },
    /** called after the set of prefetched records changed (a ward load, an expiry, a clear, a patient gone) */
    subscribe(cb: () => void): () => void {
      listeners.add(cb);
      return () => void listeners.delete(cb);
    },
    /** the prefetched record of this patient, if it is recent enough */
    get(patientId: string): LoadedRecord | undefined {
      const hit = records.get(patientId);
      if (!hit) return undefined;
      if (now() - hit.at >= ttlMs) {
        records.delete(patientId);
        changed();
        return undefined;
      }
      return hit.record;
    },
    /**
     * A fresh record came in: a switch to a patient admitted to another ward (an active Encounter whose
     * locations do not include the cached ward) means the user moved on to another ward, so forget this
     * one. `reload`: the same patient loaded again (after a write, or the panel's patient tab shown again
     * after opening another ward's list): not a switch, so it never forgets the ward just opened.
     */
    loaded(record: LoadedRecord, opts: { reload?: boolean } = {}) {
      if (ward === undefined) return;
      const location = ward.split('|')[0];
      if (!location) return;
      const admissions = activeLocations(record.resources);
      const elsewhere = admissions.length > 0 && !admissions.includes(location);
      if (elsewhere && !opts.reload) clear();
      // a reload is no switch, but this patient is no longer on the cached ward: its cached record is stale
      else if (elsewhere) records.delete(record.patientId) && changed();
      else if (!elsewhere && records.has(record.patientId)) {
        records.set(record.patientId, { record, at: now() });
        arm();
      }
    },
    clear,
    get size() {
      return records.size;
    },
  };
}
export type WardPrefetch = ReturnType<typeof createWardPrefetch>;

/** the wards (Location references) of the patient's current admissions, as lib/fhir/wards.ts loads a ward */
function activeLocations(resources: readonly FhirJson[]): string[] {
  const out: string[] = [];
  for (const r of resources) {
    if (r.resourceType !== 'Encounter' || !['in-progress', 'arrived', 'triaged'].includes(r.status as string)) continue;
    for (const l of (r.location as { location?: { reference?: unknown } }[] | undefined) ?? []) {
      if (typeof l?.location?.reference === 'string') out.push(l.location.reference);
    }
  }
  return out;
}

const versionOf = (r: FhirJson) => {
  const meta = r.meta as { versionId?: unknown; lastUpdated?: unknown } | undefined;
  return `${r.resourceType}/${String(r.id)}@${String(meta?.versionId ?? '')}|${String(meta?.lastUpdated ?? '')}`;
};

/**
 * Do two loads of a patient hold the same resources in the same versions? Without versionId and
 * lastUpdated (a server that sets neither) the contents are compared, so "same" is never a guess.
 */
export function sameRecord(a: LoadedRecord, b: LoadedRecord): boolean {
  if (a === b) return true;
  if (a.patientId !== b.patientId || a.resources.length !== b.resources.length) return false;
  const versioned = (r: FhirJson) => {
    const meta = r.meta as { versionId?: unknown; lastUpdated?: unknown } | undefined;
    return meta?.versionId !== undefined || meta?.lastUpdated !== undefined;
  };
  const key = (r: FhirJson) => (versioned(r) ? versionOf(r) : JSON.stringify(r));
  const left = a.resources.map(key).sort();
  const right = b.resources.map(key).sort();
  return left.every((k, i) => k === right[i]);
}

const wardKeyOf = (w: { location?: string; group?: string }) => `${w.location ?? ''}|${w.group ?? ''}`;

/**
 * A gateway that fills the prefetch from every ward load and offers `cachedRecord()` to the patient
 * view. Loads themselves always go to `direct`: the cache only ever gives a first, marked answer.
 */
export function prefetchingGateway(direct: FhirGateway, cache: WardPrefetch): FhirGateway {
  // the patient of the previous load: loading the same one again is a reload, not a switch
  let last: string | undefined;
  return {
    get serverUrl() {
      return direct.serverUrl;
    },
    async loadPatientRecord(patientId, o) {
      const reload = last === patientId;
      last = patientId;
      const record = await direct.loadPatientRecord(patientId, o);
      if (record.patientId === patientId) cache.loaded(record, { reload });
      return record;
    },
    async loadWard(ward, o): Promise<WardRecords> {
      const records = await direct.loadWard(ward, o);
      cache.put(wardKeyOf(ward), records.patients);
      return records;
    },
    searchPractitioners: (t, o) => direct.searchPractitioners(t, o),
    cachedRecord(patientId) {
      const hit = cache.get(patientId);
      return hit?.patientId === patientId ? hit : undefined;
    },
    prefetchedIds: () => cache.ids(),
    onPrefetchChange: (cb) => cache.subscribe(cb),
  };
}
