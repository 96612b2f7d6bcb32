// Population evaluation from local NDJSON (issue #14): records/s, patients/s and peak RSS for 1,000,
// 10,000 and 100,000 generated patients, end to end (read + validate + DuckDB join + rules + outputs).
// Run alone: npx tsx bench/population.ts [--max <patients>]; or as part of `npm run bench`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateRecords } from '../tests/pathway/support/generate';
import { bundleResources, writeNdjson } from '../tests/population/support/ndjson';

export interface PopulationFigure {
  patients: number;
  records: number;
  seconds: number;
  recordsPerSecond: number;
  patientsPerSecond: number;
  maxRssMiB: number;
}

export const POPULATION_SIZES = [1_000, 10_000, 100_000];
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Generated records in NDJSON, written in slices of 1,000 patients so generation itself stays small. */
function* generated(n: number): Generator<Record<string, unknown>> {
  for (let start = 0; start < n; start += 1000) {
    // a realistic but lighter record than the speed tests' default (90 observations, 40 unread)
    for (const r of bundleResources(generateRecords(Math.min(1000, n - start), 1000 + start, { observations: 30, unread: 10 }))) yield r;
  }
}

export function measurePopulation(sizes: number[], log: (m: string) => void): PopulationFigure[] {
  const figures: PopulationFigure[] = [];
  for (const n of sizes) {
    const dir = mkdtempSync(join(tmpdir(), `pz-bench-pop-${n}-`));
    try {
      log(`population: generating ${n.toLocaleString('en')} patients as NDJSON`);
      writeNdjson(join(dir, 'ndjson'), generated(n));
      log(`population: evaluating ${n.toLocaleString('en')} patients`);
      const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'bench/population-child.ts'), join(dir, 'ndjson'), join(dir, 'out')], { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (r.status !== 0) throw new Error(`population run failed: ${r.stderr}`);
      const s = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { patients: number; records: number; seconds: { total: number }; maxRssMiB: number };
      figures.push({
        patients: s.patients,
        records: s.records,
        seconds: Math.round(s.seconds.total * 10) / 10,
        recordsPerSecond: Math.round(s.records / s.seconds.total),
        patientsPerSecond: Math.round(s.patients / s.seconds.total),
        maxRssMiB: s.maxRssMiB,
      });
      log(`population: ${JSON.stringify(figures.at(-1))}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return figures;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const i = process.argv.indexOf('--max');
  const max = i > 0 ? Number(process.argv[i + 1]) : Infinity;
  const figures = measurePopulation(POPULATION_SIZES.filter((n) => n <= max), (m) => process.stderr.write(`bench: ${m}\n`));
  console.log(JSON.stringify(figures, null, 2));
}
