// The panel's memory of acknowledgements (lib/store/ack-memory.ts): what a prefetched switch applies in
// its first render. It must never hand out a list older than a write the page made.
import { expect, test } from 'vitest';
import type { AckStore, Acknowledgement } from '../../lib/host/contract';
import { rememberingAcks } from '../../lib/store/ack-memory';

const ack = (id: string, patientId: string): Acknowledgement => ({ id, patientId, promptCode: 'topz-consult', promptKey: `k-${id}`, reason: 'r', at: '2026-12-01T10:00:00Z' }) as Acknowledgement;

function store(initial: Acknowledgement[]) {
  let rows = [...initial];
  const gates: (() => void)[] = [];
  let hold = false;
  const s: AckStore = {
    async list(p) {
      const snapshot = rows.filter((a) => a.patientId === p);
      if (hold) await new Promise<void>((r) => gates.push(r));
      return snapshot;
    },
    async add(a) {
      const row = ack(`n${rows.length}`, a.patientId);
      rows.push(row);
      return row;
    },
    async remove(id) {
      rows = rows.filter((a) => a.id !== id);
    },
  };
  return { s, holdReads: (on: boolean) => (hold = on), release: () => gates.splice(0).forEach((g) => g()) };
}

test('a read fills the memory; an add or a remove of that patient empties it until the next read', async () => {
  const st = store([ack('1', 'a'), ack('2', 'b')]);
  const m = rememberingAcks(st.s);
  expect(m.cached('a')).toBeUndefined();
  await m.list('a');
  await m.list('b');
  expect(m.cached('a')?.map((x) => x.id)).toEqual(['1']);
  await m.add({ patientId: 'a', promptCode: 'topz-consult', promptKey: 'k', reason: 'r' } as never);
  expect(m.cached('a')).toBeUndefined();
  // a reopening on b forgets b only: a switch to a keeps its acknowledgements at once
  await m.list('a');
  await m.remove('2');
  expect(m.cached('b')).toBeUndefined();
  expect(m.cached('a')?.length).toBe(2);
});

test('a read that overlaps a write is not remembered (it may hold the list from before the write)', async () => {
  const st = store([ack('1', 'a')]);
  const m = rememberingAcks(st.s);
  st.holdReads(true);
  const read = m.list('a');
  await m.remove('1');
  st.release();
  expect((await read).map((x) => x.id)).toEqual(['1']); // the store's old answer to that read
  expect(m.cached('a')).toBeUndefined(); // but not remembered
  st.holdReads(false);
  await m.list('a');
  expect(m.cached('a')).toEqual([]);
});

test('forget() (logout, new login) drops everything, also what a read in flight would bring', async () => {
  const st = store([ack('1', 'a')]);
  const m = rememberingAcks(st.s);
  st.holdReads(true);
  const read = m.list('a');
  m.forget();
  st.release();
  await read;
  expect(m.cached('a')).toBeUndefined();
});
