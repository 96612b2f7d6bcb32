// Outbox entries as the cards see them: which prompt has a write under way or failed.
import type { OutboxEntry } from '../fhir/gateway';

export type CardWriteState = 'pending' | 'failed' | undefined;

/** The write state per prompt key: a failure wins over a pending write, confirmed entries are done. */
export function writeStateByPrompt(entries: readonly OutboxEntry[]): Map<string, CardWriteState> {
  const out = new Map<string, CardWriteState>();
  for (const e of entries) {
    if (!e.promptKey || e.status === 'confirmed') continue;
    const state: CardWriteState = e.status === 'failed' ? 'failed' : 'pending';
    if (out.get(e.promptKey) !== 'failed') out.set(e.promptKey, state);
  }
  return out;
}

/** Ids confirmed in `next` that were not confirmed in `prev`: each is a reason to reload the record. */
export function newlyConfirmed(prev: readonly OutboxEntry[], next: readonly OutboxEntry[]): string[] {
  const before = new Set(prev.filter((e) => e.status === 'confirmed').map((e) => e.id));
  return next.filter((e) => e.status === 'confirmed' && !before.has(e.id)).map((e) => e.id);
}

export function openEntries(entries: readonly OutboxEntry[]): OutboxEntry[] {
  return entries.filter((e) => e.status !== 'confirmed');
}
