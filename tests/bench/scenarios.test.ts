import { describe, expect, test } from 'vitest';
import { COLD_OVERHEAD_MS, firstMarks, floorNote, judgeScenario, outcome, PREFETCHED_VISIBLE_MS } from '../../bench/scenarios';
import { bootstrapInterval, summarize } from '../../bench/stats';
import { prng } from '../support/prng';

describe('bootstrap interval', () => {
  const rnd = prng(7);
  const sample = Array.from({ length: 200 }, () => 10 + rnd() * 10);
  test('replays from its seed and contains the sample percentile', () => {
    const a = bootstrapInterval(sample, 95, { seed: 1 });
    expect(bootstrapInterval(sample, 95, { seed: 1 })).toEqual(a);
    const s = summarize(sample, 1);
    expect(a.lo).toBeLessThanOrEqual(s.p95);
    expect(a.hi).toBeGreaterThanOrEqual(s.p95);
    expect(s.n).toBe(200);
    expect(s.p50).toBeLessThan(s.p95);
    expect(s.p95).toBeLessThanOrEqual(s.p99);
  });
  test('a constant sample has a zero-width interval; more samples, a narrower one', () => {
    expect(bootstrapInterval([5, 5, 5, 5], 95, { seed: 3 })).toEqual({ lo: 5, hi: 5 });
    const wide = bootstrapInterval(sample.slice(0, 20), 50, { seed: 2 });
    const narrow = bootstrapInterval(sample, 50, { seed: 2 });
    expect(narrow.hi - narrow.lo).toBeLessThan(wide.hi - wide.lo);
  });
});

describe('scenario verdicts: judged on the whole interval', () => {
  test('met only when the upper bound is within the target; the edge itself is met', () => {
    expect(outcome({ lo: 10, hi: 20 }, 20)).toBe('met');
    expect(outcome({ lo: 10, hi: 20.1 }, 20)).toBe('uncertain');
    expect(outcome({ lo: 20.1, hi: 30 }, 20)).toBe('missed');
    expect(outcome({ lo: 20, hi: 30 }, 20)).toBe('uncertain');
  });
  const s = (p95: number, lo: number, hi: number) => ({ n: 200, p50: p95 / 2, p95, p99: hi, ci95: { p50: { lo, hi }, p95: { lo, hi }, p99: { lo, hi } } });
  test('cold is judged on its overhead; prefetched on visible and fresh; requests on their worst', () => {
    const cold = judgeScenario({ scenario: 'cold', visibleMs: s(120, 110, 130), freshOverheadMs: s(18, 15, COLD_OVERHEAD_MS), requestsMax: 1 });
    expect(cold.map((v) => v.verdict)).toEqual(['met', 'met']);
    const pre = judgeScenario({ scenario: 'prefetched', visibleMs: s(12, 10, PREFETCHED_VISIBLE_MS + 1), freshOverheadMs: s(15, 12, 19), requestsMax: 2 });
    expect(pre.map((v) => [v.what.split(',')[0], v.verdict])).toEqual([
      ['prompts visible after the banner swap', 'uncertain'],
      ['fresh on top of its own request', 'met'],
      ['requests per switch (max)', 'missed'],
    ]);
  });
});

describe('the floor under the prefetched target', () => {
  // distinct intervals per percentile: the note must judge the p95's
  const s = (p50: number, p95: number, lo: number, hi: number) => ({ n: 200, p50, p95, p99: hi + 50, ci95: { p50: { lo: 0, hi: 1 }, p95: { lo, hi }, p99: { lo: 90, hi: 99 } } });
  const page = s(0.4, 3, 2, 5);
  test("says the panel's render is not what misses only when the whole interval of the hop is above the target", () => {
    expect(floorNote('prefetched', page, s(2.5, 24, 17, 30))).toMatch(/already above the 16 ms target before the panel renders anything/);
    expect(floorNote('prefetched', page, s(2.5, 12, 9, PREFETCHED_VISIBLE_MS))).toMatch(/within the 16 ms target: the rest of "visible" is the panel's render/);
    expect(floorNote('prefetched-changed', page, s(2.5, 16, PREFETCHED_VISIBLE_MS, 20))).toMatch(/crosses the 16 ms target/);
    expect(floorNote('prefetched', page, s(2.5, 24, 17, 30))).toContain('swap → content script 0.4 ms p50, 3.0 ms p95 (95 % CI 2.0 ms–5.0 ms); swap → the panel hears of it 2.5 ms p50, 24 ms p95 (95 % CI 17 ms–30 ms)');
  });
  test('cold has no such target: the figures alone', () => {
    expect(floorNote('cold', page, s(6, 30, 25, 40))).toBe('cold: swap → content script 0.4 ms p50, 3.0 ms p95 (95 % CI 2.0 ms–5.0 ms); swap → the panel hears of it 6.0 ms p50, 30 ms p95 (95 % CI 25 ms–40 ms)');
  });
  test("a switch's first content-script and first panel mark, after the swap; none when there is none", () => {
    const marks = [
      { name: 'cs:page', at: 1000.4 },
      { name: 'bg:lane-page', at: 1002 },
      { name: 'panel:direct', at: 1003.5 },
      { name: 'panel:switch', at: 1004 },
      { name: 'cs:page', at: 1010 },
    ];
    expect(firstMarks(marks, 1000)).toEqual({ page: expect.closeTo(0.4, 5), heard: 3.5 });
    expect(firstMarks(marks.filter((m) => !m.name.startsWith('panel:')), 1000)).toEqual({ page: expect.closeTo(0.4, 5), heard: undefined });
  });
});
