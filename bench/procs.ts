// The machine's processes from /proc, read once per call: what bench/cpu.ts sums CPU over and what
// bench/panel-priority.ts picks the panel's renderer from. Linux only; an empty list elsewhere.
import { readdirSync, readFileSync } from 'node:fs';

// USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK) is not reachable from Node)
const TICK_MS = 10;

export interface Proc {
  pid: number;
  ppid: number;
  /** its arguments: NUL-separated, or one title a Chromium (zygote) child rewrote, split by spaces */
  args: string[];
  /** user + system CPU so far */
  cpuMs: number;
}

/** A process's arguments from /proc/<pid>/cmdline. */
export function argsOf(cmdline: string): string[] {
  return cmdline.split(/[\0 ]/).filter(Boolean);
}

export function processes(): Proc[] {
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
  const out: Proc[] = [];
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // fields after "(comm)": state ppid ... utime(14th overall) stime(15th)
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({ pid: Number(pid), ppid: Number(f[1]), cpuMs: (Number(f[11]) + Number(f[12])) * TICK_MS, args: argsOf(readFileSync(`/proc/${pid}/cmdline`, 'utf8')) });
    } catch {
      // a process that ended meanwhile
    }
  }
  return out;
}

/** Whether `p` is one of `roots` or descends from one (a bounded walk up its parents). */
export function descendsFrom<P extends Pick<Proc, 'pid' | 'ppid'>>(p: P, roots: Set<number>, byPid: Map<number, P>, maxHops = 64): boolean {
  for (let x: P | undefined = p, hops = 0; x && hops < maxHops; x = byPid.get(x.ppid), hops++) if (roots.has(x.pid)) return true;
  return false;
}
