// The bench's own process (Playwright's driver and the demo server: FHIR, EHR pages, CDS service) runs on
// the same two cores as the browser it measures. In a hospital those servers are other machines; here
// their CPU at the moment of a switch would be counted as the extension's. So while the switches are
// measured this process steps back (nice 10), and the browser keeps the cores it needs. Server time is
// excluded from the overhead anyway (it is the switch's own request).
//
// Linux with autogroups (sched_autogroup_enabled=1, the default on desktops and on this machine) weighs
// a thread's nice only against threads of its own session: Playwright starts Chromium detached (a new
// session, so its own autogroup), and a per-thread nice here would change nothing against it. The nice
// that counts is then the autogroup's (/proc/self/autogroup: this process's session, i.e. npm, tsx and
// this process). Without autogroups, the threads' own nice counts, so both are set.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

const AUTOGROUP = '/proc/self/autogroup';

/** the autogroup's nice, or undefined where the kernel has none (not Linux, or autogroups off) */
function autogroupNice(): number | undefined {
  try {
    if (readFileSync('/proc/sys/kernel/sched_autogroup_enabled', 'utf8').trim() !== '1') return undefined;
    const m = /nice\s+(-?\d+)/.exec(readFileSync(AUTOGROUP, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** nice of every thread of this process (Linux: niceness is per thread, new threads inherit it) */
function setAllThreads(nice: number): boolean {
  let tids: number[] = [process.pid];
  try {
    tids = readdirSync('/proc/self/task').map(Number);
  } catch {
    // not Linux: the main thread only
  }
  let ok = true;
  for (const tid of tids) {
    try {
      setPriority(tid, nice);
    } catch {
      ok = false; // a thread that ended meanwhile, or no right to lower it again
    }
  }
  return ok;
}

export interface SteppedBack {
  /** the nice measured at: the autogroup's where the kernel weighs by it, else the process's */
  nice: number;
  /** back to how it was; false when that was refused (the rest of the run stays stepped back) */
  restore(): boolean;
}

/** the nice the scenarios step back to; `PZ_BENCH_SERVER_NICE=0` measures the servers beside the browser as equals */
export const benchNice = () => Number(process.env.PZ_BENCH_SERVER_NICE ?? 10);

/** Lowers this process (and its autogroup) to `nice`; a `nice` at or below the current one changes nothing. */
export function stepBack(nice: number): SteppedBack {
  const threadsBefore = getPriority(process.pid);
  const groupBefore = autogroupNice();
  const current = groupBefore ?? threadsBefore;
  if (nice <= current) return { nice: current, restore: () => true };
  setAllThreads(nice);
  let group: number | undefined;
  if (groupBefore !== undefined) {
    try {
      writeFileSync(AUTOGROUP, String(nice));
      group = autogroupNice();
    } catch {
      group = groupBefore;
    }
  }
  return {
    nice: group ?? getPriority(process.pid),
    restore() {
      let ok = setAllThreads(threadsBefore);
      if (groupBefore !== undefined) {
        try {
          writeFileSync(AUTOGROUP, String(groupBefore));
        } catch {
          ok = false;
        }
      }
      return ok;
    },
  };
}
