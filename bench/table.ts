// Plain-text table for the terminal and the README: one row per figure, its target and PASS/MISSED.
import type { Verdict } from './targets';

export function formatTable(rows: Verdict[]): string {
  const cells = rows.map((r) => [r.what, r.figure, r.target, r.pass === undefined ? '' : r.pass ? 'PASS' : 'MISSED']);
  const head = ['figure', 'measured', 'target', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

/**
 * `--json <file>`, `--switches <n>` (the long-task/profile run), `--scenario-switches <n>` (each of cold,
 * prefetched, prefetched-changed; default 200), `--quick` (a development run: 10 and 20; no 100,000-patient
 * population), `--quick-population` (only skip the 100,000-patient population run), `--seed <n>`
 * (bootstrap). Anything else unknown is an error, so a typo never runs a long bench.
 */
export interface BenchArgs {
  json?: string;
  switches?: number;
  scenarioSwitches?: number;
  quick?: boolean;
  quickPopulation?: boolean;
  seed?: number;
}
export function parseArgs(argv: string[]): BenchArgs {
  const out: BenchArgs = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
      return v;
    };
    const count = (name: string) => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer`);
      return n;
    };
    if (flag === '--json') out.json = value();
    else if (flag === '--switches') out.switches = count('--switches');
    else if (flag === '--scenario-switches') out.scenarioSwitches = count('--scenario-switches');
    else if (flag === '--seed') out.seed = count('--seed');
    else if (flag === '--quick') out.quick = true;
    else if (flag === '--quick-population') out.quickPopulation = true; // skip the 100,000-patient population run
    else throw new Error(`unknown argument ${argv[i]} (use --json <file>, --switches <n>, --scenario-switches <n>, --seed <n>, --quick, --quick-population)`);
  }
  return out;
}
