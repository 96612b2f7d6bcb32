// How much of the EHR page's main thread our content script takes, from a V8 CPU profile of that page
// (CDP Profiler). Long tasks on a shared 2-core machine also come from the host page itself being
// descheduled; the profile says which part of them was ours.

/** The parts of a CDP `Profiler.Profile` this needs. */
export interface CpuProfile {
  /** µs on the browser's monotonic clock (the clock of CDP Performance.getMetrics "Timestamp") */
  startTime?: number;
  nodes: { id: number; callFrame: { url: string; functionName?: string }; children?: number[] }[];
  samples: number[];
  /** µs between consecutive samples (the first one from the profile's start) */
  timeDeltas: number[];
}

export interface ScriptTime {
  /** CPU time with a frame of the script anywhere on the stack (natives it called included) */
  totalMs: number;
  /** the longest uninterrupted run of such samples: an upper bound of its longest task */
  longestMs: number;
}

function ownership(profile: CpuProfile, urlPart: string) {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const ours = new Map<number, boolean>();
  const isOurs = (id: number): boolean => {
    const known = ours.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    const up = parent.get(id);
    const v = !!node && (node.callFrame.url.includes(urlPart) || (up !== undefined && isOurs(up)));
    ours.set(id, v);
    return v;
  };
  return { isOurs, idle: (id: number) => byId.get(id)?.callFrame.functionName === '(idle)' };
}

export function scriptTime(profile: CpuProfile, urlPart: string): ScriptTime {
  const { isOurs } = ownership(profile, urlPart);
  let totalUs = 0;
  let run = 0;
  let longestUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    // a sample stands for the time until the next one
    const dt = profile.timeDeltas[i + 1] ?? 0;
    if (isOurs(profile.samples[i])) {
      totalUs += dt;
      run += dt;
      longestUs = Math.max(longestUs, run);
    } else run = 0;
  }
  return { totalMs: totalUs / 1000, longestMs: longestUs / 1000 };
}

/**
 * For each window (µs on the profile's clock, e.g. a long task): how much of it the script had on the
 * stack, and how much the thread was busy at all (not idle). A long task whose duration minus ours is
 * still over 50 ms was long without us.
 */
export function timeInWindows(profile: CpuProfile, urlPart: string, windows: { startUs: number; endUs: number }[]): { oursMs: number; busyMs: number }[] {
  const { isOurs, idle } = ownership(profile, urlPart);
  const out = windows.map(() => ({ oursMs: 0, busyMs: 0 }));
  let t = profile.startTime ?? 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    const end = t + (profile.timeDeltas[i + 1] ?? 0);
    const id = profile.samples[i];
    windows.forEach((w, k) => {
      const overlap = Math.min(end, w.endUs) - Math.max(t, w.startUs);
      if (overlap <= 0) return;
      if (!idle(id)) out[k].busyMs += overlap / 1000;
      if (isOurs(id)) out[k].oursMs += overlap / 1000;
    });
  }
  return out;
}
