// Plain-text table for the terminal and the README: one row per figure, its target and PASS/MISSED.
import type { Verdict } from './targets';

export function formatTable(rows: Verdict[]): string {
  const cells = rows.map((r) => [r.what, r.figure, r.target, r.pass === undefined ? '' : r.pass ? 'PASS' : 'MISSED']);
  const head = ['figure', 'measured', 'target', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

/** `--json <file>` (or `--json=<file>`); anything else unknown is an error, so a typo never runs a 3-minute bench. */
export function parseArgs(argv: string[]): { json?: string; switches?: number; quickPopulation?: boolean } {
  const out: { json?: string; switches?: number; quickPopulation?: boolean } = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--json') out.json = value();
    else if (flag === '--quick-population') out.quickPopulation = true; // skip the 100,000-patient population run
    else if (flag === '--switches') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1) throw new Error('--switches must be a positive integer');
      out.switches = n;
    } else throw new Error(`unknown argument ${argv[i]} (use --json <file>, --switches <n>, --quick-population)`);
  }
  return out;
}
