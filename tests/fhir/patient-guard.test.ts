import { describe, expect, test } from 'vitest';
import { createLatestOnly } from '../../lib/fhir/patient-guard';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('createLatestOnly', () => {
  test('a slow answer for the patient the user left is dropped; the newer one is delivered', async () => {
    const guard = createLatestOnly();
    const a = deferred<string>();
    const b = deferred<string>();
    const forA = guard.run('A', () => a.promise);
    const forB = guard.run('B', () => b.promise);
    b.resolve('record B');
    a.resolve('record A'); // resolves last, out of order
    expect(await forB).toBe('record B');
    expect(await forA).toBeUndefined();
    expect(guard.current).toBe('B');
  });

  test('reopening the same patient: only the newest load counts', async () => {
    const guard = createLatestOnly();
    const first = deferred<number>();
    const second = deferred<number>();
    const p1 = guard.run('A', () => first.promise);
    const p2 = guard.run('A', () => second.promise);
    first.resolve(1);
    second.resolve(2);
    expect([await p1, await p2]).toEqual([undefined, 2]);
  });

  test('an older load is aborted, and its error is swallowed; the current one\'s error is not', async () => {
    const guard = createLatestOnly();
    let signalA!: AbortSignal;
    const a = guard.run('A', (s) => ((signalA = s), new Promise((_, rej) => s.addEventListener('abort', () => rej(new Error('aborted'))))));
    const b = guard.run('B', () => Promise.reject(new Error('server down')));
    expect(signalA.aborted).toBe(true);
    await expect(a).resolves.toBeUndefined();
    await expect(b).rejects.toThrow('server down');
  });

  test('cancel() drops what is in flight', async () => {
    const guard = createLatestOnly();
    const a = deferred<string>();
    const p = guard.run('A', () => a.promise);
    guard.cancel();
    a.resolve('late');
    expect(await p).toBeUndefined();
    expect(guard.current).toBeUndefined();
  });

  test('many interleaved loads: only the last started one is ever delivered', async () => {
    const guard = createLatestOnly();
    const ds = Array.from({ length: 20 }, () => deferred<number>());
    const results = ds.map((d, i) => guard.run(`P${i % 3}`, () => d.promise));
    // resolve in a scrambled order
    for (const i of [5, 19, 0, 12, 3, 18, 7, 1, 16, 9, 2, 11, 4, 14, 6, 13, 8, 17, 10, 15]) ds[i].resolve(i);
    const values = await Promise.all(results);
    expect(values.filter((v) => v !== undefined)).toEqual([19]);
  });
});
