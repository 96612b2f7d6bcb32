import { cpus, loadavg, totalmem } from 'node:os';

/** What the figures were measured on. The 1-minute load average says how busy the (shared) machine was. */
export function machine() {
  const c = cpus();
  return { cpu: `${c[0]?.model ?? 'unknown'} × ${c.length}`, node: process.version, memoryGiB: Math.round(totalmem() / 2 ** 30), loadAverage1m: Math.round(loadavg()[0] * 100) / 100 };
}
