// Population evaluation from local NDJSON (issue #14): records/s, patients/s and peak RSS for 1,000,
// 10,000 and 100,000 generated patients, end to end (read + validate + DuckDB join + rules + outputs),
// with the linearity check (seconds per 1,000 patients at each size) and the ≥ 1,000 patients/s verdict.
// Run alone: npx tsx bench/population.ts [--max <patients>]; or as part of `npm run bench`.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PopulationFigure {
  patients: number;
  records: number;
  seconds: number;
  recordsPerSecond: number;
  patientsPerSecond: number;
  /** seconds per 1,000 patients: flat across sizes when the cost is linear */
  secondsPer1000: number;
  maxRssMiB: number;
  /** the phases of the run (seconds): read into DuckDB, DuckDB's parse/join, evaluate and write */
  phases: { load: number; index: number; evaluate: number };
  /** generating the NDJSON (not part of the figure), and its largest process */
  generate: { seconds: number; maxRssMiB: number };
  /** 1-minute load average before and after the run (a shared machine makes every figure pessimistic) */
  load: [number, number];
}

export const POPULATION_SIZES = [1_000, 10_000, 100_000];
/** the issue's target, end to end from local NDJSON */
export const TARGET_PATIENTS_PER_SECOND = 1_000;
/** cost per patient may grow this much from one size to the next before it counts as not linear */
export const LINEAR_TOLERANCE = 1.3;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs');

const loadAverage = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);

/** n patients as NDJSON in `dir`: split over one child process per core (10,000 patients and more). */
async function generate(n: number, dir: string): Promise<{ seconds: number; maxRssMiB: number }> {
  const t0 = performance.now();
  const parts = n >= 10_000 ? Math.max(1, Math.min(cpus().length, 4)) : 1;
  // whole slices of 1,000 per part, so the patients are the same however many parts
  const slices = Math.ceil(n / 1000);
  const bounds = Array.from({ length: parts + 1 }, (_, i) => Math.min(n, Math.round((slices * i) / parts) * 1000));
  const rss = await Promise.all(
    bounds.slice(0, -1).map(
      (from, i) =>
        new Promise<number>((resolve, reject) => {
          const child = spawn(process.execPath, [TSX, join(ROOT, 'bench/population-generate.ts'), String(from), String(bounds[i + 1]), dir, parts > 1 ? `.${i + 1}` : ''], { stdio: ['ignore', 'pipe', 'inherit'] });
          let out = '';
          child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
          child.on('error', reject);
          child.on('close', (code) => (code === 0 ? resolve((JSON.parse(out.trim()) as { maxRssMiB: number }).maxRssMiB) : reject(new Error(`generating patients ${from}–${bounds[i + 1]} failed (${code})`))));
        }),
    ),
  );
  return { seconds: Math.round((performance.now() - t0) / 100) / 10, maxRssMiB: Math.max(...rss) };
}

export async function measurePopulationAsync(sizes: number[], log: (m: string) => void): Promise<PopulationFigure[]> {
  const figures: PopulationFigure[] = [];
  for (const n of sizes) {
    const dir = mkdtempSync(join(tmpdir(), `pz-bench-pop-${n}-`));
    try {
      log(`population: generating ${n.toLocaleString('en')} patients as NDJSON`);
      const generated = await generate(n, join(dir, 'ndjson'));
      log(`population: evaluating ${n.toLocaleString('en')} patients (generated in ${generated.seconds} s)`);
      const before = loadAverage();
      const r = spawnSync(process.execPath, [TSX, join(ROOT, 'bench/population-child.ts'), join(dir, 'ndjson'), join(dir, 'out')], { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (r.status !== 0) throw new Error(`population run failed: ${r.stderr}`);
      const s = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { patients: number; records: number; seconds: { load: number; index: number; evaluate: number; total: number }; maxRssMiB: number };
      const round = (x: number, d = 10) => Math.round(x * d) / d;
      figures.push({
        patients: s.patients,
        records: s.records,
        seconds: round(s.seconds.total),
        recordsPerSecond: Math.round(s.records / s.seconds.total),
        patientsPerSecond: Math.round(s.patients / s.seconds.total),
        secondsPer1000: round((s.seconds.total / s.patients) * 1000, 1000),
        maxRssMiB: s.maxRssMiB,
        phases: { load: round(s.seconds.load), index: round(s.seconds.index), evaluate: round(s.seconds.evaluate) },
        generate: generated,
        load: [before, loadAverage()],
      });
      log(`population: ${JSON.stringify(figures.at(-1))}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  for (const line of populationVerdicts(figures)) log(`population: ${line}`);
  return figures;
}

/** The two verdicts of issue #14 part 5, one line each: linear cost, and ≥ 1,000 patients/s. */
export function populationVerdicts(figures: PopulationFigure[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < figures.length; i++) {
    const [a, b] = [figures[i - 1], figures[i]];
    const ratio = b.secondsPer1000 / a.secondsPer1000;
    out.push(
      `linear ${a.patients.toLocaleString('en')} → ${b.patients.toLocaleString('en')}: ${a.secondsPer1000} → ${b.secondsPer1000} s per 1,000 patients (×${ratio.toFixed(2)}): ${ratio <= LINEAR_TOLERANCE ? 'yes' : `NO (more than ×${LINEAR_TOLERANCE})`}`,
    );
  }
  const largest = figures.at(-1);
  if (largest)
    out.push(
      `target ≥ ${TARGET_PATIENTS_PER_SECOND.toLocaleString('en')} patients/s end to end: ${figures.map((f) => `${f.patientsPerSecond.toLocaleString('en')} at ${f.patients.toLocaleString('en')}`).join(', ')}: ${largest.patientsPerSecond >= TARGET_PATIENTS_PER_SECOND ? 'met' : 'NOT met'} at the largest size (load average ${largest.load[0]}–${largest.load[1]})`,
    );
  return out;
}

/** Synchronous entry for scripts/bench.ts: the measurement in a child process of its own. */
export function measurePopulation(sizes: number[], log: (m: string) => void): PopulationFigure[] {
  const r = spawnSync(process.execPath, [TSX, fileURLToPath(import.meta.url), '--sizes', sizes.join(',')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 16 << 20 });
  for (const line of r.stderr.split('\n')) if (line.startsWith('bench: ')) log(line.slice('bench: '.length));
  if (r.status !== 0) throw new Error(`population bench failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as PopulationFigure[];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const max = Number(arg('--max') ?? Infinity);
  const sizes = arg('--sizes')?.split(',').map(Number) ?? POPULATION_SIZES.filter((n) => n <= max);
  const figures = await measurePopulationAsync(sizes, (m) => process.stderr.write(`bench: ${m}\n`));
  console.log(JSON.stringify(figures, null, 2));
}
