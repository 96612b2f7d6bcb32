// The background's FHIR side, rebuilt when the options change: the shared login (LiveSession), the
// gateway, the identifier resolver and the badge count cache.
import type { EvaluateFn } from '../host/contract';
import { createDexieAckStore } from '../store/dexie-ack-store';
import { createFhirGateway } from '../fhir/load-record';
import { getDb } from '../store/db';
import { createCountCache, summarizeOpenPrompts, type OpenSummary } from './badge-counts';
import { createLiveSession, type LiveSession, type LiveSessionApi } from './live-session';
import { loadOptions, type ExtensionOptions, type ManagedAreaLike, type StorageAreaLike } from './options';
import { ROLE_KEY } from './panel-host';
import { createPatientResolver } from './resolve-patient';
import { ROLES, type Role } from '../pathway/types';
import { createRecordMemo, type RecordMemo } from './shared-record';
import { mark } from './trace';

export interface Services {
  options: ExtensionOptions;
  session: LiveSession;
  resolver: ReturnType<typeof createPatientResolver>;
  /** counts and overlay texts per patient, one evaluation for both */
  counts: ReturnType<typeof createCountCache<OpenSummary>>;
  /** records shared between the badge counts and the side panel (one request per switch) */
  records: RecordMemo;
  /** the role the user chose in the side panel: the popover lists the prompts in its order */
  setRole(role: unknown): void;
  close(): void;
}

export async function createServices(api: LiveSessionApi & { storage: { local: StorageAreaLike; managed?: ManagedAreaLike } }, evaluate: EvaluateFn): Promise<Services> {
  const options = await loadOptions(api.storage.local, api.storage.managed);
  const session = createLiveSession(api, { fhirBase: options.fhirBase, clientId: options.clientId, scope: options.scopes });
  const gateway = createFhirGateway(session.connection);
  const acks = createDexieAckStore(getDb());
  const records = createRecordMemo((patientId) => gateway.loadPatientRecord(patientId).then((r) => (mark('bg:record'), r)));
  // the badge evaluates the shared record one task later: the side panel's copy (pz:record, answered
  // in the microtasks of the same resolution) leaves first, so the badge's rules never delay the panel
  const shared = {
    ...gateway,
    loadPatientRecord: async (patientId: string) => {
      const record = await records.get(patientId);
      await new Promise((r) => setTimeout(r, 0));
      return record;
    },
  };
  const isRole = (r: unknown): r is Role => (ROLES as readonly unknown[]).includes(r);
  const stored = (await api.storage.local.get(ROLE_KEY).catch(() => ({}) as Record<string, unknown>))[ROLE_KEY];
  let role: Role = isRole(stored) ? stored : options.defaultRole;
  const counts = createCountCache((patientId) => summarizeOpenPrompts({ gateway: shared, evaluate, acks, role: () => role }, patientId));
  const resolver = createPatientResolver(() => session.connection);
  return {
    options,
    session,
    resolver,
    counts,
    records,
    setRole(r) {
      role = isRole(r) ? r : options.defaultRole;
      counts.invalidate();
    },
    close() {
      session.close();
      counts.invalidate();
      records.invalidate();
    },
  };
}
