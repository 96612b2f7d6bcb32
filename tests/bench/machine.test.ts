import { expect, test } from 'vitest';
import { machine } from '../../bench/machine';

test('machine: CPU model and count, Node version, memory, load', () => {
  const m = machine();
  expect(m.cpu).toMatch(/ × \d+$/);
  expect(m.node).toBe(process.version);
  expect(m.memoryGiB).toBeGreaterThan(0);
  expect(m.loadAverage1m).toBeGreaterThanOrEqual(0);
});
