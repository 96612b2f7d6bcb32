// Writes generated patients [from, to) as Bulk Data NDJSON into <dir>/<Type><suffix>.ndjson, in slices of
// 1,000 patients (generation stays small: one slice in memory), 1 MiB per write. Run as a child process
// by bench/population.ts, one per core, so 100,000 patients take a share of a minute, not many minutes.
// Usage: npx tsx bench/population-generate.ts <from> <to> <dir> [<suffix>]
import { fileURLToPath } from 'node:url';
import { generateRecords } from '../tests/pathway/support/generate';
import { bundleLines, writeNdjsonLines } from '../tests/population/support/ndjson';

/** The bench's patients: the same (seed per slice of 1,000) whatever the split into processes. */
export function* populationLines(from: number, to: number): Generator<{ type: string; line: string }> {
  for (let start = from; start < to; start += 1000) {
    // a realistic but lighter record than the speed tests' default (90 observations, 40 unread)
    yield* bundleLines(generateRecords(Math.min(1000, to - start), 1000 + start, { observations: 30, unread: 10 }));
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [from, to, dir, suffix] = process.argv.slice(2);
  writeNdjsonLines(dir, populationLines(Number(from), Number(to)), suffix ?? '');
  process.stdout.write(`${JSON.stringify({ maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
}
