// The badge's numbers: the open prompts of one patient by indicator, computed in the background with
// the same engine and acknowledgements as the side panel (so the badge and the panel agree), never in
// the content script.
import type { AckStore, EvaluateFn } from '../host/contract';
import type { FhirGateway } from '../fhir/gateway';
import type { Role } from '../pathway/types';
import { applyAcknowledgements } from '../ui/ack';
import type { Counts } from './messages';

export interface CountDeps {
  gateway: FhirGateway;
  evaluate: EvaluateFn;
  acks: Pick<AckStore, 'list'>;
  role: () => Role;
  now?: () => Date;
}

export async function countOpenPrompts(deps: CountDeps, patientId: string, signal?: AbortSignal): Promise<Counts> {
  const now = deps.now?.() ?? new Date();
  const [record, acks] = await Promise.all([deps.gateway.loadPatientRecord(patientId, { signal }), deps.acks.list(patientId)]);
  const { prompts } = deps.evaluate(record.resources, { now, role: deps.role(), patientId });
  const { open } = applyAcknowledgements(prompts, acks, now);
  const counts: Counts = { critical: 0, warning: 0, info: 0 };
  for (const p of open) counts[p.indicator]++;
  return counts;
}

/**
 * Counts per patient with a short memory: flipping between two charts does not reload both each time,
 * and two tabs on one patient share one load. `invalidate` after anything that changes the answer.
 */
export function createCountCache(load: (patientId: string) => Promise<Counts>, ttlMs = 15_000, now: () => number = Date.now) {
  const cache = new Map<string, { at: number; value: Promise<Counts> }>();
  return {
    get(patientId: string): Promise<Counts> {
      const hit = cache.get(patientId);
      if (hit && now() - hit.at < ttlMs) return hit.value;
      const value = load(patientId);
      cache.set(patientId, { at: now(), value });
      value.catch(() => cache.get(patientId)?.value === value && cache.delete(patientId));
      return value;
    },
    invalidate(patientId?: string) {
      if (patientId) cache.delete(patientId);
      else cache.clear();
    },
  };
}
