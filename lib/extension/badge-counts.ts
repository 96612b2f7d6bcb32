// The badge's numbers: the open prompts of one patient by indicator, computed in the background with
// the same engine and acknowledgements as the side panel (so the badge and the panel agree), never in
// the content script.
import type { AckStore, EvaluateFn } from '../host/contract';
import type { FhirGateway } from '../fhir/gateway';
import type { Role } from '../pathway/types';
import { applyAcknowledgements } from '../ui/ack';
import type { Counts, OverlayContent } from './messages';

export interface CountDeps {
  gateway: FhirGateway;
  evaluate: EvaluateFn;
  acks: Pick<AckStore, 'list'>;
  role: () => Role;
  now?: () => Date;
}

/** What the badge and its popover need of one patient: the counts and the overlay's texts. */
export interface OpenSummary {
  counts: Counts;
  overlay: OverlayContent;
}

export async function summarizeOpenPrompts(deps: CountDeps, patientId: string, signal?: AbortSignal): Promise<OpenSummary> {
  const now = deps.now?.() ?? new Date();
  // the acknowledgements are read once the record is in, not beside its request: the request starts
  // at the EHR's patient switch, the busiest moment of the page, and the badge waits for the record anyway
  const record = await deps.gateway.loadPatientRecord(patientId, { signal });
  const acks = await deps.acks.list(patientId);
  // the engine orders by the user's role; the acknowledged ones drop out, the order stays
  const { prompts } = deps.evaluate(record.resources, { now, role: deps.role(), patientId });
  const { open } = applyAcknowledgements(prompts, acks, now);
  const counts: Counts = { critical: 0, warning: 0, info: 0 };
  for (const p of open) counts[p.indicator]++;
  const critical = open.find((p) => p.indicator === 'critical');
  return {
    counts,
    overlay: {
      ...(critical?.short ? { short: critical.short } : {}),
      // only what the popover shows: never the prompt's key (it names FHIR ids) or its detail
      prompts: open.map((p) => ({ code: p.code, indicator: p.indicator, summary: p.summary })),
    },
  };
}

export async function countOpenPrompts(deps: CountDeps, patientId: string, signal?: AbortSignal): Promise<Counts> {
  return (await summarizeOpenPrompts(deps, patientId, signal)).counts;
}

/**
 * Counts per patient with a short memory: flipping between two charts does not reload both each time,
 * and two tabs on one patient share one load. `invalidate` after anything that changes the answer.
 */
export function createCountCache<T = Counts>(load: (patientId: string) => Promise<T>, ttlMs = 15_000, now: () => number = Date.now) {
  const cache = new Map<string, { at: number; value: Promise<T> }>();
  return {
    get(patientId: string): Promise<T> {
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
