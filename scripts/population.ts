// npm run population -- (--ndjson <dir> | --server <FHIR base> [--group <id>] [--client-id <id> --key <jwk file>
//                        [--alg ES384|RS384] [--token-url <url>] [--since <instant>]]) [--now <ISO>] [--role <role>]
//                        [--config <file>] [--out <dir>]
// Evaluates the pathway for a whole population from Bulk Data NDJSON (see docs/population.md) and writes
// worklist.json (the shape of `npm run evaluate`), worklist.csv, indicators.json and report.html to --out
// (default ./population-out), and run.json (where the data came from and whether the export was complete).
// Progress goes to stderr. Exit codes (0/1/2 as `npm run evaluate`): 0 every line read; 1 some lines
// unreadable (listed in worklist.json "failures", the rest evaluated) or resources tied to no patient
// ("unattributed"); 2 usage error; 3 the export was incomplete (a file failed to download, or a type the
// rules read is not offered by the server): the outputs miss whole resource types, do not publish them
// as the worklist; 4 the run crashed (outputs missing or partial).
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { exportToTempDir } from '../lib/population/fetch-source';
import { notOfferedWarning } from '../lib/bulk/index';
import { runPopulation } from '../lib/population/run';
import { parseNow, parseRole, readConfig, UsageError, parseOrExplain } from './cli-options';

const USAGE =
  'usage: npm run population -- (--ndjson <dir> | --server <FHIR base> [--group <id>] [--client-id <id> --key <jwk file> [--alg ES384|RS384] [--token-url <url>]] [--since <instant>]) [--now <ISO datetime>] [--role <role>] [--config <file.json>] [--out <dir>]';

function parseCli(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      options: {
        ndjson: { type: 'string' },
        server: { type: 'string' },
        group: { type: 'string' },
        'client-id': { type: 'string' },
        key: { type: 'string' },
        alg: { type: 'string' },
        'token-url': { type: 'string' },
        since: { type: 'string' },
        now: { type: 'string' },
        role: { type: 'string' },
        config: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const v = parsed.values;
  if (v.help) throw new UsageError('');
  if ((v.ndjson === undefined) === (v.server === undefined)) throw new UsageError('give either --ndjson <dir> or --server <FHIR base> --group <id>');
  if (v.ndjson !== undefined && !(existsSync(v.ndjson) && statSync(v.ndjson).isDirectory())) throw new UsageError(`--ndjson: not a directory: ${v.ndjson}`);
  if (v.group !== undefined && v.server === undefined) throw new UsageError('--group needs --server');
  if ((v['client-id'] === undefined) !== (v.key === undefined)) throw new UsageError('--client-id and --key go together (SMART Backend Services)');
  if (v.alg !== undefined && v.alg !== 'ES384' && v.alg !== 'RS384') throw new UsageError('--alg: ES384 or RS384');
  const auth = v['client-id'] && v.key ? { clientId: v['client-id'], jwkFile: v.key, alg: v.alg as 'ES384' | 'RS384' | undefined, tokenUrl: v['token-url'] } : undefined;
  return { ndjson: v.ndjson, server: v.server, group: v.group, auth, since: v.since, now: parseNow(v.now), role: parseRole(v.role), config: readConfig(v.config), out: v.out ?? 'population-out' };
}

const EXIT = { ok: 0, unreadableLines: 1, usage: 2, exportIncomplete: 3, crashed: 4 } as const;

/** run.json beside the outputs: no patient data, only where the data came from and what was missing. */
export interface RunRecord {
  source: { server?: string; group?: string; ndjson?: string };
  /** the resource type of each export file that failed to download */
  exportErrors: string[];
  /** types the rules read that the server does not offer (left out of the export) */
  notOffered: string[];
  exitCode: number;
  ranAt: string;
}

let record: RunRecord | undefined;
let outDir: string | undefined;

function writeRunRecord(exitCode: number): void {
  if (!record || !outDir) return;
  record.exitCode = exitCode;
  record.ranAt = new Date().toISOString();
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'run.json'), `${JSON.stringify(record, null, 2)}\n`);
}

async function main(): Promise<number> {
  const args = parseOrExplain(() => parseCli(process.argv.slice(2)), USAGE);
  if (!args) return EXIT.usage;
  let dir = args.ndjson;
  outDir = args.out;
  record = {
    source: args.server !== undefined ? { server: args.server, ...(args.group !== undefined ? { group: args.group } : {}) } : { ndjson: args.ndjson },
    exportErrors: [],
    notOffered: [],
    exitCode: EXIT.crashed,
    ranAt: new Date().toISOString(),
  };
  const rec = record;
  if (args.server !== undefined) {
    const controller = new AbortController();
    process.once('SIGINT', () => controller.abort());
    const r = await exportToTempDir({
      fhirBase: args.server,
      group: args.group,
      since: args.since,
      auth: args.auth,
      signal: controller.signal,
      onProgress: (p) => p.notOffered ? (rec.notOffered.push(...p.notOffered), process.stderr.write(`\n${notOfferedWarning(p.notOffered)}\n`)) : process.stderr.write(`\rexport: ${p.phase}${p.progress ? ` ${p.progress}` : ''}${p.files ? `, ${p.files} bestanden` : ''}   `),
    });
    process.stderr.write('\n');
    dir = r.dir;
    rec.exportErrors = r.errors.map((e) => e.type);
    for (const e of r.errors) process.stderr.write(`export error file (${e.type}): ${e.path}\n`);
  }
  const summary = await runPopulation({ ndjsonDir: dir!, outDir: args.out, now: args.now, config: args.config, role: args.role });
  // counts only: no patient data on the console
  process.stderr.write(
    `${summary.patients} patiënten, ${summary.records} records in ${summary.seconds.total.toFixed(1)} s; ${summary.failures.length} onleesbare regels, ${summary.unattributed.length} zonder patiënt; uitvoer in ${args.out}\n`,
  );
  for (const f of summary.failures.slice(0, 20)) process.stderr.write(`  ${f.source}: ${f.message}\n`);
  // a file that failed to download is a gap of this run: not to publish. A type the server never offers is
  // a gap of every run on that server: refusing to publish would leave the team with no list at all, so the
  // run is published with the gap in run.json, which the team screen shows as a warning naming the types.
  if (rec.exportErrors.length) {
    process.stderr.write(`export onvolledig: ${rec.exportErrors.length} bestanden niet opgehaald (run.json); niet als werklijst publiceren\n`);
    return EXIT.exportIncomplete;
  }
  return summary.failures.length || summary.unattributed.length ? EXIT.unreadableLines : EXIT.ok;
}

main().then(
  (code) => {
    writeRunRecord(code);
    process.exitCode = code;
  },
  (e: unknown) => {
    // a JSON parser's message quotes the offending text, which is patient data: never print it
    process.stderr.write(e instanceof SyntaxError ? 'populatierun afgebroken: onleesbare JSON (details weggelaten: ze kunnen patiëntgegevens bevatten)\n' : `populatierun afgebroken: ${(e as Error).message}\n`);
    try {
      writeRunRecord(EXIT.crashed);
    } catch {
      // the out dir itself may be what failed; the exit code still says it
    }
    process.exitCode = EXIT.crashed;
  },
);
