// CPU time (user + system) of this process and every process it started, by kind, from /proc: what a
// switch costs each part of the browser, whatever the wall clock on the shared machine says. On two cores
// the panel waits whenever the EHR page, the browser process, the worker and the demo server all want to
// run at the moment of the swap: less CPU anywhere there is a faster switch everywhere. Linux only; an
// empty reading elsewhere.
import { readdirSync, readFileSync } from 'node:fs';

export type CpuKind = 'bench+demo (node)' | 'browser' | 'EHR page renderer' | 'extension renderer' | 'gpu' | 'network' | 'other chromium';
export type CpuReading = Map<CpuKind, number>;

// USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK) is not reachable from Node)
const TICK_MS = 10;

function kindOf(pid: number, cmdline: string): CpuKind | undefined {
  if (pid === process.pid) return 'bench+demo (node)';
  if (!/chrom/.test(cmdline)) return undefined;
  // a Chromium child rewrites its argv into one string: look for the flags anywhere in it
  if (!cmdline.includes('--type=')) return 'browser';
  if (cmdline.includes('--type=renderer')) return cmdline.includes('--extension-process') ? 'extension renderer' : 'EHR page renderer';
  if (cmdline.includes('--type=gpu-process')) return 'gpu';
  if (cmdline.includes('network.mojom.NetworkService')) return 'network';
  return 'other chromium';
}

/** ms of CPU so far, summed by kind, of this process and its descendants */
export function readCpu(): CpuReading {
  const out: CpuReading = new Map();
  let dirs: string[];
  try {
    dirs = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  const procs = new Map<number, { ppid: number; ms: number; cmd: string }>();
  for (const d of dirs) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      // fields after "(comm)": state ppid ... utime(14th overall) stime(15th)
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(d), { ppid: Number(f[1]), ms: (Number(f[11]) + Number(f[12])) * TICK_MS, cmd: readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ') });
    } catch {
      // gone meanwhile
    }
  }
  const mine = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
      if (p === process.pid) return true;
      const next = procs.get(p)?.ppid;
      if (next === undefined) return false;
      p = next;
    }
    return false;
  };
  for (const [pid, p] of procs) {
    if (!mine(pid)) continue;
    const kind = kindOf(pid, p.cmd);
    if (kind) out.set(kind, (out.get(kind) ?? 0) + p.ms);
  }
  return out;
}

/** b − a per kind (a process that ended between the readings counts what it had used at a) */
export function cpuBetween(a: CpuReading, b: CpuReading): CpuReading {
  const out: CpuReading = new Map();
  for (const [k, v] of b) out.set(k, Math.max(0, v - (a.get(k) ?? 0)));
  return out;
}
