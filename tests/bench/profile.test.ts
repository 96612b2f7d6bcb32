import { describe, expect, test } from 'vitest';
import { scriptTime, timeInWindows, type CpuProfile } from '../../bench/profile';

// root → page.js → (native) ; root → ehr.js (content script) → getUILanguage (native, counted as ours)
const nodes: CpuProfile['nodes'] = [
  { id: 1, callFrame: { url: '', functionName: '(root)' }, children: [2, 4, 6] },
  { id: 2, callFrame: { url: 'http://127.0.0.1/ehr/patients/x' }, children: [3] },
  { id: 3, callFrame: { url: '', functionName: 'replaceWith' } },
  { id: 4, callFrame: { url: 'chrome-extension://abc/content-scripts/ehr.js' }, children: [5] },
  { id: 5, callFrame: { url: '', functionName: 'getUILanguage' } },
  { id: 6, callFrame: { url: '', functionName: '(idle)' } },
];

describe('content script time from a CPU profile', () => {
  test('counts samples with the script anywhere on the stack, and its longest uninterrupted run', () => {
    // samples 1 ms apart: ours, ours(native), page, ours, ours, ours, idle
    const profile: CpuProfile = { nodes, samples: [4, 5, 3, 4, 5, 4, 6], timeDeltas: [0, 1000, 1000, 1000, 1000, 1000, 1000] };
    expect(scriptTime(profile, 'content-scripts/')).toEqual({ totalMs: 5, longestMs: 3 });
  });

  test('nothing of ours: zero', () => {
    const profile: CpuProfile = { nodes, samples: [2, 3, 6], timeDeltas: [0, 500, 500] };
    expect(scriptTime(profile, 'content-scripts/')).toEqual({ totalMs: 0, longestMs: 0 });
  });
});

describe('script time inside given windows (long tasks)', () => {
  test('ours and busy time per window, on the profile clock', () => {
    // start at 10 000 µs; samples at 10 000 + 0, 1000, …: ours, ours, page, idle, ours, idle
    const profile: CpuProfile = { startTime: 10_000, nodes, samples: [4, 5, 3, 6, 4, 6], timeDeltas: [0, 1000, 1000, 1000, 1000, 1000] };
    const [whole, firstTwo, half, none] = timeInWindows(profile, 'content-scripts/', [
      { startUs: 10_000, endUs: 16_000 },
      { startUs: 10_000, endUs: 12_000 },
      { startUs: 11_500, endUs: 12_500 },
      { startUs: 20_000, endUs: 30_000 },
    ]);
    // the last sample has no successor: it counts for nothing
    expect(whole).toEqual({ oursMs: 3, busyMs: 4 });
    expect(firstTwo).toEqual({ oursMs: 2, busyMs: 2 });
    expect(half).toEqual({ oursMs: 0.5, busyMs: 1 });
    expect(none).toEqual({ oursMs: 0, busyMs: 0 });
  });
});
