// The panel's memory of each patient's acknowledgements, so a switch to a prefetched patient (issue
// #17) can apply them in its very first render: without it, a prompt the user snoozed would show as
// open for a moment and then vanish. Memory only, like the prefetched records; every read still goes
// to the store (the view re-reads after its first paint), and the store's answer replaces the memory.
import type { AckStore, Acknowledgement } from '../host/contract';

export type RememberingAckStore = AckStore & {
  /** the last list read or written for this patient in this page, if any */
  cached(patientId: string): Acknowledgement[] | undefined;
  forget(): void;
};

export function rememberingAcks(store: AckStore): RememberingAckStore {
  const memory = new Map<string, Acknowledgement[]>();
  // a read that started before a write must not put the older list back
  const version = new Map<string, number>();
  const bump = (patientId: string) => version.set(patientId, (version.get(patientId) ?? 0) + 1);
  let epoch = 0; // bumped by forgetAll: a read that started before it is not remembered either
  const forgetAll = () => {
    epoch++;
    version.clear();
    memory.clear();
  };
  return {
    async list(patientId) {
      const v = version.get(patientId) ?? 0;
      const e = epoch;
      const list = await store.list(patientId);
      if ((version.get(patientId) ?? 0) === v && epoch === e) memory.set(patientId, list);
      return list;
    },
    async add(a) {
      // before and after the write: a read that overlaps it in either way is not remembered
      const stale = () => (bump(a.patientId), memory.delete(a.patientId));
      stale();
      try {
        return await store.add(a);
      } finally {
        stale();
      }
    },
    async remove(id, reopen) {
      // whose it is, from the lists in memory; unknown (never read here): forget every patient's list
      const owner = [...memory].find(([, list]) => list.some((a) => a.id === id))?.[0];
      const stale = () => (owner === undefined ? forgetAll() : (bump(owner), memory.delete(owner)));
      stale();
      try {
        return await store.remove(id, reopen);
      } finally {
        stale();
      }
    },
    ...(store.reopenings ? { reopenings: (p: string) => store.reopenings!(p) } : {}),
    cached: (patientId) => memory.get(patientId),
    forget: forgetAll,
  };
}
