// `npm run bulk-export -- --server <FHIR base> [--group id] [--since instant] [--type A,B] --client-id <id>
//  --key <jwk file> [--alg ES384|RS384] [--token-url url] [--jku url] --out <dir>`
// A FHIR Bulk Data export into a directory of NDJSON files, authorised with SMART Backend Services.
// One progress line on stderr; Ctrl-C cancels the export on the server (DELETE) before exiting.
// Exit codes: 0 done, 1 the export failed or a listed file could not be fetched, 2 bad arguments, 130 cancelled.
import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { bulkExportToDir, notOfferedWarning, type Progress } from '../lib/bulk/index';

const USAGE = 'usage: npm run bulk-export -- --server <FHIR base> [--group <id>] [--since <instant>] [--type A,B] --client-id <id> --key <jwk file> [--alg ES384|RS384] [--token-url <url>] [--jku <url>] --out <dir>';

let args;
try {
  args = parseArgs({
    options: {
      server: { type: 'string' }, group: { type: 'string' }, since: { type: 'string' }, type: { type: 'string' },
      'client-id': { type: 'string' }, key: { type: 'string' }, alg: { type: 'string' }, 'token-url': { type: 'string' }, jku: { type: 'string' }, out: { type: 'string' },
    },
    strict: true,
  }).values;
} catch (e) {
  console.error(`${(e as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (!args.server || !args.out || (args['client-id'] === undefined) !== (args.key === undefined) || (args.alg && args.alg !== 'ES384' && args.alg !== 'RS384')) {
  console.error(USAGE);
  process.exit(2);
}

const controller = new AbortController();
let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  process.stderr.write('\nAfbreken: export op de server annuleren (DELETE)…\n');
  controller.abort(new Error('cancelled by the user'));
});

const started = Date.now();
const tty = process.stderr.isTTY;
const line = (p: Progress) => {
  if (p.notOffered) return void process.stderr.write(`${tty ? '\n' : ''}${notOfferedWarning(p.notOffered)}\n`);
  const s = ((Date.now() - started) / 1000).toFixed(0);
  const text =
    p.phase === 'kickoff' ? 'export aangevraagd' : p.phase === 'polling' ? `server bezig: ${p.progress ?? '…'}` : `${p.files ?? 0} bestanden, ${((p.bytes ?? 0) / 1e6).toFixed(1)} MB`;
  if (tty) process.stderr.write(`\r\x1b[2K[${s} s] ${p.phase}: ${text}`);
  else if (p.phase !== 'downloading') process.stderr.write(`[${s} s] ${p.phase}: ${text}\n`);
};

try {
  const r = await bulkExportToDir({
    fhirBase: args.server,
    group: args.group,
    since: args.since,
    types: args.type ? args.type.split(',').map((t) => t.trim()).filter(Boolean) : undefined,
    outDir: args.out,
    auth: args['client-id'] ? { clientId: args['client-id'], jwkFile: args.key!, alg: args.alg as 'ES384' | 'RS384' | undefined, tokenUrl: args['token-url'], jku: args.jku } : undefined,
    signal: controller.signal,
    onProgress: line,
  });
  if (tty) process.stderr.write('\n');
  console.log(`Klaar: ${r.files.length} NDJSON-bestanden in ${r.outDir} (transactionTime ${r.transactionTime}, ${r.requests} verzoeken)`);
  console.log(`Volgende incrementele run: --since ${r.transactionTime}`);
  for (const e of r.errors) {
    // error files are OperationOutcomes from the server: their texts say which types or resources are missing
    const lines = (await readFile(e.path, 'utf8')).split('\n').filter(Boolean);
    console.log(`Foutbestand ${e.path} (${lines.length} meldingen):`);
    for (const l of lines.slice(0, 20)) {
      try {
        const oo = JSON.parse(l) as { issue?: { details?: { text?: string }; diagnostics?: string }[] };
        console.log(`  - ${(oo.issue ?? []).map((i) => i.details?.text ?? i.diagnostics).join('; ')}`);
      } catch {
        console.log('  - (onleesbare regel)');
      }
    }
  }
  // a file the server listed but that could not be fetched: the export is incomplete (the rest is on disk)
  const incomplete = r.errors.some((e) => e.path.endsWith('download-failures.ndjson'));
  if (incomplete) console.error('Let op: niet alle bestanden zijn binnengehaald (zie errors/download-failures.ndjson).');
  process.exit(incomplete ? 1 : 0);
} catch (e) {
  if (tty) process.stderr.write('\n');
  if (controller.signal.aborted) {
    console.error('Export geannuleerd.');
    process.exit(130);
  }
  console.error(`Export mislukt: ${(e as Error).message}`);
  process.exit(1);
}
