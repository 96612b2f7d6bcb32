// npm run evaluate -- [--now <ISO>] [--role <role>] [--config <file>] <file|dir>...
// Reads FHIR JSON (a Bundle of any type or a single resource) and FHIR XML files, evaluates the pathway
// for every patient found, and prints ONE JSON document on stdout:
//   {"now", "results": [{"source", "sources", "patient", "prompts", "errors"}], "failures": [{"source", "message"}],
//    "unattributed": [problems that belong to no patient]}
// Exit 0: every input read; 1: some unreadable (listed in failures, the rest still evaluated) or a
// resource that could not be tied to a patient (listed in unattributed); 2: usage error.
import { parseArgs } from 'node:util';
import { buildRecord, evaluateRecord, type EvaluationResult, type PathwayConfig, type Role } from '../lib/pathway/index';
import { parseNow, parseRole, readConfig, UsageError, parseOrExplain } from './cli-options';
import { listInputs, readResource, type Failure } from './fhir-input';

const USAGE = 'usage: npm run evaluate -- [--now <ISO datetime>] [--role <specialist|seh-arts|zaalarts|verpleegkundige>] [--config <file.json>] <file|dir>...';

function parseCli(argv: string[]): { now: Date; role?: Role; config?: PathwayConfig; inputs: string[] } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { now: { type: 'string' }, role: { type: 'string' }, config: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) throw new UsageError('');
  if (positionals.length === 0) throw new UsageError('no input files or directories given');
  return { now: parseNow(values.now), role: parseRole(values.role), config: readConfig(values.config), inputs: positionals };
}

function main(): number {
  const args = parseOrExplain(() => parseCli(process.argv.slice(2)), USAGE);
  if (!args) return 2;
  const failures: Failure[] = [];
  const files = listInputs(args.inputs, failures);
  const resources: unknown[] = [];
  const sourcesByPatient = new Map<string, string[]>();
  for (const file of files) {
    let resource: unknown;
    try {
      resource = readResource(file);
    } catch (e) {
      failures.push({ source: file, message: (e as Error).message });
      continue;
    }
    resources.push(resource);
    // Which patients this file holds, so each result can name its source file(s).
    for (const r of buildRecord([resource]).records) {
      const list = sourcesByPatient.get(r.patient) ?? [];
      list.push(file);
      sourcesByPatient.set(r.patient, list);
    }
  }
  // All inputs are evaluated together: one patient's resources may be spread over several files
  // (as in the zib2020 examples, one resource per file).
  const { records, unattributed } = buildRecord(resources);
  const results: (EvaluationResult & { source: string; sources: string[] })[] = records.map((record) => {
    const sources = sourcesByPatient.get(record.patient) ?? [];
    return {
      source: sources[0] ?? '',
      sources,
      patient: record.patient,
      prompts: evaluateRecord(record, { now: args.now, config: args.config, role: args.role }),
      errors: [...record.errors, ...unattributed],
    };
  });
  // problems that belong to no patient (a Patient that could not be read, a broken GP resource) are
  // repeated in every result and listed on their own; something was not read, so the run failed
  const lost = unattributed.length > 0;
  process.stdout.write(`${JSON.stringify({ now: args.now.toISOString(), results, failures, unattributed }, null, 2)}\n`);
  return failures.length || lost ? 1 : 0;
}

process.exitCode = main();
