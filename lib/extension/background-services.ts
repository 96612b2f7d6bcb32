// The background's FHIR side, rebuilt when the options change: the shared login (LiveSession), the
// gateway, the identifier resolver and the badge count cache.
import type { EvaluateFn } from '../host/contract';
import { createDexieAckStore } from '../store/dexie-ack-store';
import { createFhirGateway } from '../fhir/load-record';
import { getDb } from '../store/db';
import { countOpenPrompts, createCountCache } from './badge-counts';
import { createLiveSession, type LiveSession, type LiveSessionApi } from './live-session';
import { loadOptions, type ExtensionOptions, type ManagedAreaLike, type StorageAreaLike } from './options';
import { createPatientResolver } from './resolve-patient';
import { createRecordMemo, type RecordMemo } from './shared-record';

export interface Services {
  options: ExtensionOptions;
  session: LiveSession;
  resolver: ReturnType<typeof createPatientResolver>;
  counts: ReturnType<typeof createCountCache>;
  /** records shared between the badge counts and the side panel (one request per switch) */
  records: RecordMemo;
  close(): void;
}

export async function createServices(api: LiveSessionApi & { storage: { local: StorageAreaLike; managed?: ManagedAreaLike } }, evaluate: EvaluateFn): Promise<Services> {
  const options = await loadOptions(api.storage.local, api.storage.managed);
  const session = createLiveSession(api, { fhirBase: options.fhirBase, clientId: options.clientId, scope: options.scopes });
  const gateway = createFhirGateway(session.connection);
  const acks = createDexieAckStore(getDb());
  const records = createRecordMemo((patientId) => gateway.loadPatientRecord(patientId));
  const shared = { ...gateway, loadPatientRecord: (patientId: string) => records.get(patientId) };
  const counts = createCountCache((patientId) => countOpenPrompts({ gateway: shared, evaluate, acks, role: () => options.defaultRole }, patientId));
  const resolver = createPatientResolver(() => session.connection);
  return {
    options,
    session,
    resolver,
    counts,
    records,
    close() {
      session.close();
      counts.invalidate();
      records.invalidate();
    },
  };
}
