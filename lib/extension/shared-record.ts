// One record load per patient switch. When the EHR page shows a new patient, the background loads the
// record for the badge and the side panel needs the same record at the same moment: the panel asks the
// background for it (pz:record) and both share one request. A short memory (in flight + a few seconds)
// is enough for that; anything that changes the record (a confirmed write, a refresh) invalidates it,
// and the panel's own reloads of the patient on screen go straight to the server.
import type { FhirGateway, LoadedRecord } from '../fhir/gateway';

export function createRecordMemo(load: (patientId: string) => Promise<LoadedRecord>, ttlMs = 3_000, now: () => number = Date.now) {
  const memo = new Map<string, { at: number; value: Promise<LoadedRecord> }>();
  return {
    get(patientId: string): Promise<LoadedRecord> {
      const hit = memo.get(patientId);
      if (hit && now() - hit.at < ttlMs) return hit.value;
      const value = load(patientId);
      memo.set(patientId, { at: now(), value });
      value.catch(() => memo.get(patientId)?.value === value && memo.delete(patientId));
      return value;
    },
    invalidate(patientId?: string) {
      if (patientId) memo.delete(patientId);
      else memo.clear();
    },
  };
}
export type RecordMemo = ReturnType<typeof createRecordMemo>;

export type RecordReply = { ok: true; record: LoadedRecord } | { ok: false };

/**
 * The panel's gateway: the first load of a patient comes from the background (shared with the badge);
 * a reload of the same patient (after a write) and any failure of the relay go to the server directly,
 * so the panel never depends on the background for correctness, only for saving a request.
 */
export function sharedFirstGateway(direct: FhirGateway, askBackground: (patientId: string) => Promise<RecordReply | undefined>): FhirGateway {
  let last: string | undefined;
  return {
    get serverUrl() {
      return direct.serverUrl;
    },
    async loadPatientRecord(patientId, opts) {
      const again = last === patientId;
      last = patientId;
      if (!again) {
        const reply = await askBackground(patientId).catch(() => undefined);
        opts?.signal?.throwIfAborted();
        if (reply?.ok && reply.record?.patientId === patientId) return reply.record;
      }
      return direct.loadPatientRecord(patientId, opts);
    },
    loadWard: (w, o) => direct.loadWard(w, o),
    searchPractitioners: (t, o) => direct.searchPractitioners(t, o),
  };
}
