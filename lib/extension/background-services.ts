// The background's FHIR side, rebuilt when the options change: the shared login (LiveSession), the
// gateway, the identifier resolver and the badge count cache.
import type { EvaluateFn } from '../../components/host';
import { createDexieAckStore } from '../../components/dexie-ack-store';
import { createFhirGateway } from '../fhir/load-record';
import { getDb } from '../store/db';
import { countOpenPrompts, createCountCache } from './badge-counts';
import { createLiveSession, type LiveSession, type LiveSessionApi } from './live-session';
import { loadOptions, type ExtensionOptions, type StorageAreaLike } from './options';
import { createPatientResolver } from './resolve-patient';

export interface Services {
  options: ExtensionOptions;
  session: LiveSession;
  resolver: ReturnType<typeof createPatientResolver>;
  counts: ReturnType<typeof createCountCache>;
  close(): void;
}

export async function createServices(api: LiveSessionApi & { storage: { local: StorageAreaLike } }, evaluate: EvaluateFn): Promise<Services> {
  const options = await loadOptions(api.storage.local);
  const session = createLiveSession(api, { fhirBase: options.fhirBase, clientId: options.clientId });
  const gateway = createFhirGateway(session.connection);
  const acks = createDexieAckStore(getDb());
  const counts = createCountCache((patientId) => countOpenPrompts({ gateway, evaluate, acks, role: () => options.defaultRole }, patientId));
  const resolver = createPatientResolver(() => session.connection);
  return {
    options,
    session,
    resolver,
    counts,
    close() {
      session.close();
      counts.invalidate();
    },
  };
}
