// npm run handover -- [--now <ISO>] [--config <file>] <file|dir>...
// Reads FHIR JSON/XML like `npm run evaluate` (same inputs, same exit codes) and prints, per patient,
// the warm handover document (lib/handover) as a FHIR `document` Bundle, in ONE JSON document:
//   {"now", "results": [{"source", "sources", "patient", "missing", "document", "errors"}], "failures", "unattributed"}
// Exit 0: every input read; 1: some unreadable (listed in failures, the rest still made) or a resource
// that could not be tied to a patient; 2: usage error.
import { parseArgs } from 'node:util';
import { buildHandover, handoverFhir, type HandoverConfig } from '../lib/handover/index';
import { buildRecord, type PathwayConfig } from '../lib/pathway/index';
import { parseOrExplain } from './cli-options';
import { listInputs, readConfigFile, readResource, UsageError, type Failure } from './fhir-input';

const USAGE = 'usage: npm run handover -- [--now <ISO datetime>] [--config <file.json>] <file|dir>...';

function parseCli(argv: string[]): { now: Date; config?: PathwayConfig; handover: Partial<HandoverConfig>; inputs: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { now: { type: 'string' }, config: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) throw new UsageError('');
  if (positionals.length === 0) throw new UsageError('no input files or directories given');
  // The CLI is the one place allowed to read the clock: lib/handover never does.
  const now = values.now !== undefined ? new Date(values.now) : new Date();
  if (Number.isNaN(now.getTime())) throw new UsageError(`--now: not an ISO date/time: ${values.now}`);
  let config: PathwayConfig | undefined;
  let handover: Partial<HandoverConfig> = {};
  if (values.config !== undefined) {
    const read = readConfigFile(values.config);
    config = read.config;
    const h = read.extra.handover as { hospitalName?: unknown } | undefined;
    if (h !== undefined && (typeof h !== 'object' || h === null || (h.hospitalName !== undefined && (typeof h.hospitalName !== 'string' || !h.hospitalName.trim())))) {
      throw new UsageError('--config: handover.hospitalName must be a non-empty string');
    }
    if (h?.hospitalName) handover = { hospitalName: h.hospitalName as string };
  }
  return { now, config, handover, inputs: positionals };
}

function main(): number {
  const args = parseOrExplain(() => parseCli(process.argv.slice(2)), USAGE);
  if (!args) return 2;
  const failures: Failure[] = [];
  const resources: unknown[] = [];
  const sourcesByPatient = new Map<string, string[]>();
  for (const file of listInputs(args.inputs, failures)) {
    let resource: unknown;
    try {
      resource = readResource(file);
    } catch (e) {
      failures.push({ source: file, message: (e as Error).message });
      continue;
    }
    resources.push(resource);
    for (const r of buildRecord([resource]).records) sourcesByPatient.set(r.patient, [...(sourcesByPatient.get(r.patient) ?? []), file]);
  }
  const { records, unattributed } = buildRecord(resources);
  const results = records.map((record) => {
    const doc = buildHandover(record, { now: args.now, config: args.config, handover: args.handover });
    const fhir = handoverFhir(doc, record, { pzSystem: args.config?.codeSystem });
    const sources = sourcesByPatient.get(record.patient) ?? [];
    return { source: sources[0] ?? '', sources, patient: record.patient, missing: doc.missing, document: fhir.bundle, errors: [...record.errors, ...unattributed] };
  });
  process.stdout.write(`${JSON.stringify({ now: args.now.toISOString(), results, failures, unattributed }, null, 2)}\n`);
  return failures.length || unattributed.length ? 1 : 0;
}

process.exitCode = main();
