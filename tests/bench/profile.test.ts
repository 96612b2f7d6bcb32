import { describe, expect, test } from 'vitest';
import { scriptTime, type CpuProfile } from '../../bench/profile';

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
