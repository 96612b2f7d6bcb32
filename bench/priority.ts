// The bench's own process (Playwright's driver and the demo server: FHIR, EHR pages, CDS service) runs on
// the same two cores as the browser it measures. In a hospital those servers are other machines; here
// their CPU at the moment of a switch would be counted as the extension's. So while the switches are
// measured this process steps back (nice 10), and the browser, started before at normal priority, keeps
// the cores it needs. Server time is excluded from the overhead anyway (it is the switch's own request).
import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** nice of every thread of this process (Linux: niceness is per thread, new threads inherit it) */
function setAllThreads(nice: number): void {
  let tids: number[] = [process.pid];
  try {
    tids = readdirSync('/proc/self/task').map(Number);
  } catch {
    // not Linux: the main thread only
  }
  for (const tid of tids) {
    try {
      setPriority(tid, nice);
    } catch {
      // a thread that ended meanwhile, or no right to lower it again
    }
  }
}

/** Lowers this process to `nice` and returns how to restore it (and the nice that was measured at). */
export function stepBack(nice: number): { nice: number; restore(): void } {
  const before = getPriority(process.pid);
  if (nice <= before) return { nice: before, restore: () => {} };
  setAllThreads(nice);
  return { nice: getPriority(process.pid), restore: () => setAllThreads(before) };
}
