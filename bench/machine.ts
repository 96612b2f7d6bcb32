import { cpus, totalmem } from 'node:os';

export function machine() {
  const c = cpus();
  return { cpu: `${c[0]?.model ?? 'unknown'} × ${c.length}`, node: process.version, memoryGiB: Math.round(totalmem() / 2 ** 30) };
}
