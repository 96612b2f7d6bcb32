import { describe, expect, test } from 'vitest';
import { percentile, round } from '../../bench/stats';

describe('bench statistics', () => {
  test('nearest-rank percentile', () => {
    const s = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(s, 50)).toBe(5);
    expect(percentile(s, 95)).toBe(10);
    expect(percentile(s, 90)).toBe(9);
    expect(percentile(s, 0)).toBe(1);
    expect(percentile([], 50)).toBeNaN();
    expect(s).toEqual([5, 1, 4, 2, 3, 10, 9, 8, 7, 6]); // the sample is not sorted in place
  });
  test('round', () => {
    expect(round(1.26)).toBe(1.3);
    expect(round(1.234, 2)).toBe(1.23);
  });
});
