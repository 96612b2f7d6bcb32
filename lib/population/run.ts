// Population evaluation: NDJSON → DuckDB → per-patient groups in batches → the same engine as
// `npm run evaluate` (buildRecord + evaluateRecord) and the pathway indicators → worklist.json,
// worklist.csv, indicators.json, report.html in the output directory. Only one batch of patients is
// held in memory at a time; the outputs are written as the batches go.
import { createWriteStream, mkdirSync, statSync, writeFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { buildRecord, evaluateIndicators, evaluateRecord, IndicatorTally, type EvaluationResult, type PathwayConfig, type ResourceError, type Role } from '../pathway/index';
import { currentWard, locationDisplays, wardNameOf } from '../pathway/indicators/indicator';
import { defaultConfig } from '../pathway/config';
import { makeContext } from '../pathway/context';
import { loadNdjson, ndjsonFiles, type LineFailure } from './ndjson';
import { Progress } from './progress';
import { renderReport } from './report';
import { NOT_JSON, PopulationStore, SHARED_TYPES, type PatientGroup } from './store';
import { csvHeader, csvRows, type WorklistRow } from './worklist-csv';

export interface PopulationOptions {
  ndjsonDir: string;
  outDir: string;
  now: Date;
  config?: PathwayConfig;
  role?: Role;
  /** patients per batch (default 2000): one DuckDB query and one write each */
  batchSize?: number;
  /** progress on stderr (default true) */
  progress?: boolean;
  /** bytes read per chunk (default 4 MiB; small in tests to put lines across chunk boundaries) */
  chunkBytes?: number;
}

export interface PopulationSummary {
  patients: number;
  records: number;
  failures: LineFailure[];
  unattributed: ResourceError[];
  seconds: { load: number; index: number; evaluate: number; total: number };
}

/** A resource whose patient DuckDB and JSON.parse read differently: left out, never filed under another patient. */
const MISFILED = 'patient reference read two ways (duplicate keys?); left out';

const SHARED_REF = new RegExp(`"reference"\\s*:\\s*"(?:[^"]*/)?((?:${SHARED_TYPES.join('|')})/[A-Za-z0-9\\-.]{1,64})"`, 'g');

function patientName(resources: unknown[]): string | undefined {
  const p = resources.find((r) => (r as { resourceType?: string }).resourceType === 'Patient') as { name?: { text?: string; given?: string[]; family?: string }[] } | undefined;
  const n = p?.name?.[0];
  return n ? (n.text ?? ([...(n.given ?? []), n.family].filter(Boolean).join(' ') || undefined)) : undefined;
}

export async function runPopulation(opts: PopulationOptions): Promise<PopulationSummary> {
  const t0 = performance.now();
  const config = opts.config ?? defaultConfig;
  const showProgress = opts.progress ?? true;
  const batchSize = opts.batchSize ?? 2000;
  mkdirSync(opts.outDir, { recursive: true });
  const store = await PopulationStore.open();
  try {
    const files = ndjsonFiles(opts.ndjsonDir);
    const totalBytes = files.reduce((s, f) => s + statSync(f).size, 0);
    const loadBar = showProgress ? new Progress('lezen     ', totalBytes, 'regels') : undefined;
    // the bar advances by bytes; the rate shown is lines/s
    const loaded = await loadNdjson(store, files, (bytes, lines) => loadBar?.update(bytes, lines), opts.chunkBytes);
    loadBar?.done(totalBytes, loaded.lines);
    const t1 = performance.now();
    const indexed = await store.index(parsesInJs);
    const { patients } = indexed;
    const failures = [...indexed.failures];
    let records = indexed.records;
    const wardLocations = await store.wardLocations();
    const locate = (ref: string) => wardLocations.get(ref);
    // a location reference → its ward's name (partOf up to the ward), else the encounter's inline display;
    // a ward neither names is 'onbekende afdeling' (never its FHIR id); several such wards share that row
    const wardNameFor = (displays: ReadonlyMap<string, string>) => (w: string) =>
      (w.startsWith('Location/') || w.includes('/Location/') ? wardNameOf(w, locate, displays.get(w)) : w) ?? 'onbekende afdeling';
    // resources of a patient type naming no patient: validated like `npm run evaluate` does it
    const orphans: { source: string; resource: unknown }[] = [];
    for (const r of await store.unattributed()) {
      // a line DuckDB read and JSON.parse refuses: a failure with file:line (the parser's message quotes the line)
      try {
        orphans.push({ source: r.source, resource: JSON.parse(r.json) as unknown });
      } catch {
        failures.push({ source: r.source, message: NOT_JSON });
        records--;
      }
    }
    const orphanRecord = buildRecord(orphans.map((o) => o.resource));
    const unattributed = orphanRecord.unattributed;
    // DuckDB found no patient, the engine does (e.g. duplicate keys: DuckDB reads the first, JSON.parse
    // the last): it is in no patient's group, so it would be lost silently. Reported instead (rare: checked
    // one by one only then).
    if (orphanRecord.records.length > 0) {
      for (const o of orphans) {
        if (buildRecord([o.resource]).records.length === 0) continue;
        failures.push({ source: o.source, message: MISFILED });
        records--;
      }
    }
    const t2 = performance.now();

    const worklist = createWriteStream(join(opts.outDir, 'worklist.json'));
    const csv = createWriteStream(join(opts.outDir, 'worklist.csv'));
    worklist.write(`{"now":${JSON.stringify(opts.now.toISOString())},"results":[\n`);
    csv.write(csvHeader());
    const tally = new IndicatorTally();
    const byWard = new Map<string, Map<string, number>>();
    const evalBar = showProgress ? new Progress('evalueren ', patients, 'patiënten') : undefined;
    const ctx = makeContext(opts.now, config);
    let done = 0;
    let first = true;
    let out = '';
    let csvOut = '';
    const reportedShared = new Set<string>();

    /** A patient's resources: its array as one JSON.parse, or (should DuckDB have let a line through that JSON.parse refuses) line by line. */
    const resourcesOf = async (g: PatientGroup): Promise<{ own: unknown[]; source: string; sources: string[] }> => {
      try {
        return { own: JSON.parse(g.json) as unknown[], source: g.source, sources: g.sources };
      } catch {
        const r = readRowByRow(await store.rowsOf(g.patient));
        failures.push(...r.failures);
        records -= r.failures.length;
        return { own: r.own, source: r.source ?? g.source, sources: r.sources };
      }
    };

    /** The lines of a group that the engine, read on their own, files under another patient. */
    const misfiledIn = async (g: PatientGroup): Promise<string[]> => {
      const out: string[] = [];
      for (const r of await store.rowsOf(g.patient)) {
        let resource: unknown;
        try {
          resource = JSON.parse(r.json);
        } catch {
          continue; // reported as not JSON by resourcesOf
        }
        const owner = buildRecord([resource]).records[0]?.patient;
        if (owner !== undefined && owner !== g.patient) out.push(r.source);
      }
      return out;
    };

    for await (const batch of store.groups(patients, batchSize)) {
      // the shared resources each patient references, found in its text once
      const refsOf = batch.map((g) => new Set(Array.from(g.json.matchAll(SHARED_REF), (m) => m[1])));
      const keys = new Set<string>(refsOf.flatMap((r) => [...r]));
      const { resources: shared, failures: badShared } = await store.shared([...keys]);
      // a shared line is looked up by every batch that references it: reported once
      for (const f of badShared) {
        if (reportedShared.has(f.source)) continue;
        reportedShared.add(f.source);
        failures.push(f);
        records--;
      }
      const sharedByKey = new Map(shared.map((s) => [`${(s as { resourceType: string }).resourceType}/${(s as { id: string }).id}`, s]));
      for (const [i, g] of batch.entries()) {
        const { own, source, sources } = await resourcesOf(g);
        const refs = refsOf[i];
        const resources = [...own, ...[...refs].map((k) => sharedByKey.get(k)).filter((x) => x !== undefined)];
        const { records: built } = buildRecord(resources);
        // never another patient's (partial) record: a resource the engine files under another patient
        // than DuckDB did is reported with its file:line and left out (checked line by line only then)
        if (built.some((r) => r.patient !== g.patient)) {
          for (const source of await misfiledIn(g)) {
            failures.push({ source, message: MISFILED });
            records--;
          }
        }
        const record = built.find((r) => r.patient === g.patient);
        if (!record) continue;
        const result: EvaluationResult & { source: string; sources: string[] } = {
          source,
          sources,
          patient: record.patient,
          prompts: evaluateRecord(record, { now: opts.now, config, role: opts.role }),
          errors: [...record.errors, ...unattributed],
        };
        out += `${first ? '' : ',\n'}${JSON.stringify(result)}`;
        first = false;
        const wardName = wardNameFor(locationDisplays(record.encounters));
        const wardRef = currentWard(record, ctx);
        const ward = wardRef ? wardName(wardRef) : undefined;
        const name = patientName(own);
        const rows: WorklistRow[] = result.prompts.map((p) => ({ patient: record.patient, name, ward, prompt: p }));
        csvOut += csvRows(rows);
        const wardKey = ward ?? '(geen afdeling)';
        let perCode = byWard.get(wardKey);
        if (!perCode) byWard.set(wardKey, (perCode = new Map()));
        for (const p of result.prompts) perCode.set(p.code, (perCode.get(p.code) ?? 0) + 1);
        tally.add(record.patient, evaluateIndicators(record, { now: opts.now, config }), wardName);
        done++;
      }
      // one write per batch, and wait while the disk is behind: the heap holds one batch
      const okJson = worklist.write(out);
      const okCsv = csv.write(csvOut);
      out = '';
      csvOut = '';
      if (!okJson || !okCsv) await Promise.all([drained(worklist), drained(csv)]);
      evalBar?.update(done);
    }
    evalBar?.done(done);

    worklist.write(`\n],"failures":${JSON.stringify(failures.sort(bySource))},"unattributed":${JSON.stringify(unattributed)}}\n`);
    await Promise.all([end(worklist), end(csv)]);
    const indicators = { now: opts.now.toISOString(), indicators: tally.result() };
    writeFileSync(join(opts.outDir, 'indicators.json'), `${JSON.stringify(indicators, null, 2)}\n`);
    const wardCounts = [...byWard].flatMap(([ward, m]) => [...m].map(([code, count]) => ({ ward, code, count })));
    writeFileSync(join(opts.outDir, 'report.html'), renderReport({ now: opts.now, indicators: indicators.indicators, wardCounts, patients: done, failures: failures.length }));
    const t3 = performance.now();
    return {
      patients: done,
      records,
      failures,
      unattributed,
      seconds: { load: (t1 - t0) / 1000, index: (t2 - t1) / 1000, evaluate: (t3 - t2) / 1000, total: (t3 - t0) / 1000 },
    };
  } finally {
    store.close();
  }
}

function drained(s: WriteStream): Promise<void> {
  return s.writableNeedDrain ? new Promise((resolve) => s.once('drain', () => resolve())) : Promise.resolve();
}

/**
 * A patient's lines one by one (when its array does not parse as a whole): a line JSON.parse refuses is a
 * failure with file:line, the rest is read. The source is the Patient line, as on the normal path
 * (store.ts groups()), else the first line read: the rows come sorted by type, so a CarePlan may come first.
 */
export function readRowByRow(rows: readonly { source: string; file: string; type: string; json: string }[]): { own: unknown[]; source?: string; sources: string[]; failures: LineFailure[] } {
  const own: unknown[] = [];
  const kept: { source: string; file: string; type: string }[] = [];
  const failures: LineFailure[] = [];
  for (const r of rows) {
    try {
      own.push(JSON.parse(r.json));
      kept.push(r);
    } catch {
      failures.push({ source: r.source, message: NOT_JSON });
    }
  }
  const source = (kept.find((k) => k.type === 'Patient') ?? kept[0])?.source;
  return { own, source, sources: [...new Set(kept.map((k) => k.file))].sort(), failures };
}

/** Whether JSON.parse reads the line (for the lines DuckDB's more lenient reader accepts). */
function parsesInJs(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** "<file>:<line>" in file order, then line order (numerically). */
function bySource(a: LineFailure, b: LineFailure): number {
  const i = a.source.lastIndexOf(':');
  const j = b.source.lastIndexOf(':');
  const fa = a.source.slice(0, i);
  const fb = b.source.slice(0, j);
  return fa < fb ? -1 : fa > fb ? 1 : Number(a.source.slice(i + 1)) - Number(b.source.slice(j + 1));
}

function end(s: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    s.on('error', reject);
    s.end(resolve);
  });
}
