// One population run in its own process, so that its peak RSS (DuckDB's native memory included) is its own.
// Prints one JSON line: the run's summary figures and maxRSS.
import { runPopulation } from '../lib/population/run';

const [dir, out] = process.argv.slice(2);
const s = await runPopulation({ ndjsonDir: dir, outDir: out, now: new Date('2024-06-15T10:00:00+02:00'), progress: false });
process.stdout.write(`${JSON.stringify({ patients: s.patients, records: s.records, seconds: s.seconds, maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
