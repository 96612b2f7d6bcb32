// CPU time (user + system) of this process and every process it started, by kind, from /proc: what a
// switch costs each part of the browser, whatever the wall clock on the shared machine says. On two cores
// the panel waits whenever the EHR page, the browser process, the worker and the demo server all want to
// run at the moment of the swap: less CPU anywhere there is a faster switch everywhere. Linux only; an
// empty reading elsewhere.
import { descendsFrom, processes } from './procs';

export type CpuKind = 'bench+demo (node)' | 'browser' | 'EHR page renderer' | 'extension renderer' | 'gpu' | 'network' | 'other chromium';
export type CpuReading = Map<CpuKind, number>;

function kindOf(pid: number, args: string[]): CpuKind | undefined {
  if (pid === process.pid) return 'bench+demo (node)';
  if (!/chrom/.test(args.join(' '))) return undefined;
  // a Chromium child rewrites its argv into one string: look for the flags anywhere in it
  const has = (flag: string) => args.some((a) => a.includes(flag));
  if (!has('--type=')) return 'browser';
  if (has('--type=renderer')) return has('--extension-process') ? 'extension renderer' : 'EHR page renderer';
  if (has('--type=gpu-process')) return 'gpu';
  if (has('network.mojom.NetworkService')) return 'network';
  return 'other chromium';
}

/** ms of CPU so far, summed by kind, of this process and its descendants */
export function readCpu(): CpuReading {
  const out: CpuReading = new Map();
  const all = processes();
  const byPid = new Map(all.map((p) => [p.pid, p]));
  const me = new Set([process.pid]);
  for (const p of all) {
    if (!descendsFrom(p, me, byPid)) continue;
    const kind = kindOf(p.pid, p.args);
    if (kind) out.set(kind, (out.get(kind) ?? 0) + p.cpuMs);
  }
  return out;
}

/** b − a per kind (a process that ended between the readings counts what it had used at a) */
export function cpuBetween(a: CpuReading, b: CpuReading): CpuReading {
  const out: CpuReading = new Map();
  for (const [k, v] of b) out.set(k, Math.max(0, v - (a.get(k) ?? 0)));
  return out;
}
