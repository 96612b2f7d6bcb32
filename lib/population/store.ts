// The NDJSON of a population in DuckDB (@duckdb/node-api). The raw lines go in as bytes (ndjson.ts);
// DuckDB then does the bulk work natively and on both cores, parsing each line once: whether it is JSON
// with a resourceType (else a failure with file and line), its type, its patient (subject / patient /
// beneficiary / for, a Patient by its id, a CareTeam by its first participant that is a Patient). The rows of the types
// the rules read are sorted by patient into a table that JS reads back per range of patients, one
// aggregated JSON array per patient, so JS crosses into DuckDB once per patient, not once per resource.
// An in-memory database with a temp_directory and a memory_limit: what does not fit spills to disk,
// so memory stays bounded as the population grows (bench/population.ts measures it).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { PATIENT_SCHEMAS } from '../pathway/schemas/resources';
import type { WardLocation } from '../pathway/indicators/indicator';
import type { LineFailure } from './ndjson';

/** Resource types no patient owns, read only for display names (GP, nazorg owner) and ward names. */
export const SHARED_TYPES = ['Organization', 'Practitioner', 'PractitionerRole', 'Location'] as const;
const PATIENT_TYPES = Object.keys(PATIENT_SCHEMAS);
/** What the rules read: every other resource type is left out before it reaches JS. */
export const READ_TYPES: ReadonlySet<string> = new Set([...PATIENT_TYPES, ...SHARED_TYPES]);
const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const REF = `'(?:^|/)(Patient/[A-Za-z0-9\\-.]{1,64})(?:/_history/[^/]+)?$'`;
/** The paths read from each line, in one JSON parse per line (json_extract with a list of paths). */
const PATHS = ['$.resourceType', '$.id', '$.subject.reference', '$.patient.reference', '$.beneficiary.reference', '$.for.reference', '$.participant'];
// a JSON string value of the extracted list, unquoted; NULL for a number, object, … (as JS' typeof check)
const str = (i: number) => `CASE WHEN json_type(e[${i}]) = 'VARCHAR' THEN e[${i}]->>'$' END`;
const patientOf = (i: number) => `nullif(regexp_extract(${str(i)}, ${REF}, 1), '')`;
// a CareTeam's patient: the first participant whose member is a Patient (as the pathway's buildRecord reads it)
const participantPatient = (i: number) =>
  `list_filter(list_transform(json_extract(e[${i}], '$[*].member.reference'), x -> CASE WHEN json_type(x) = 'VARCHAR' THEN nullif(regexp_extract(x->>'$', ${REF}, 1), '') END), x -> x IS NOT NULL)[1]`;
/**
 * What DuckDB's JSON reader (yyjson) accepts and JSON.parse does not: trailing commas, and nan / inf /
 * infinity in any letter case, signed or not, where a value starts (after ':', '[' or ','; so a word such
 * as "Infusion" in a string is no candidate). A line that matches is a candidate only (the pattern may sit
 * inside a string); JS decides (confirmLenient).
 */
const LENIENT = `'(?i),\\s*[\\]}]|[:\\[,]\\s*[-+]?(?:nan|inf)'`;
/** the failure of a line that is not JSON (never the parser's message: it quotes the line, i.e. patient data) */
export const NOT_JSON = 'not JSON (truncated or malformed line)';
/** file index × 2^32 + line: one BIGINT orders rows by file, then line */
const FILE_SHIFT = 4294967296;

export interface PatientGroup {
  patient: string;
  /** the patient's resources as one JSON array text, ordered by type, file, line */
  json: string;
  /** "<file>:<line>" of the Patient resource (else of the first resource) */
  source: string;
  /** the files that hold its resources, sorted */
  sources: string[];
}

export class PopulationStore {
  private files: string[] = [];
  private constructor(
    private dir: string,
    private instance: DuckDBInstance,
    readonly conn: DuckDBConnection,
    /** a second connection: lookups while `conn` reads the patient groups */
    readonly lookup: DuckDBConnection,
  ) {}

  static async open(): Promise<PopulationStore> {
    const dir = mkdtempSync(join(tmpdir(), 'pz-duckdb-'));
    const instance = await DuckDBInstance.create(':memory:', { memory_limit: '512MB', threads: '2', preserve_insertion_order: 'false', temp_directory: join(dir, 'tmp') });
    const conn = await instance.connect();
    const lookup = await instance.connect();
    const store = new PopulationStore(dir, instance, conn, lookup);
    await conn.run('CREATE TABLE raw (file UINTEGER, line UINTEGER, bytes BLOB)');
    return store;
  }

  /** Rows (file index, line, bytes) of the files, in this order; names as they appear in failures and sources. */
  async appender(files: string[]): Promise<DuckDBAppender> {
    this.files = files;
    return this.conn.createAppender('raw');
  }

  /**
   * One native pass over every line: JSON or not, type, patient. Lines that are not JSON, or not a
   * resource, become failures; the read types go on, sorted by patient; `confirmLenient` decides for
   * lines DuckDB reads and JSON.parse might not.
   */
  async index(confirmLenient: (text: string) => boolean): Promise<{ patients: number; records: number; failures: LineFailure[] }> {
    const c = this.conn;
    const read = [...READ_TYPES].map(q).join(', ');
    // try(): a line that is not UTF-8 or not JSON gives NULL instead of failing the statement. The text
    // is kept only for the read types (and the few lenient candidates): the rest is counted, not stored.
    await c.run(`CREATE TEMP TABLE lines AS SELECT file, line, e IS NULL AS not_json, type, lenient,
        CASE WHEN type IN (${read}) OR lenient THEN s END AS json,
        CASE WHEN type = 'Patient' THEN nullif('Patient/' || coalesce(${str(2)}, ''), 'Patient/')
             WHEN type IN (${SHARED_TYPES.map(q).join(', ')}) THEN type || '/' || ${str(2)}
             ELSE coalesce(${patientOf(3)}, ${patientOf(4)}, ${patientOf(5)}, ${patientOf(6)}, CASE WHEN type = 'CareTeam' THEN ${participantPatient(7)} END) END AS key
      FROM (SELECT file, line, s, e, ${str(1)} AS type, e IS NOT NULL AND regexp_matches(s, ${LENIENT}) AS lenient
            FROM (SELECT file, line, s, try(json_extract(s, [${PATHS.map(q).join(', ')}])) AS e FROM (SELECT file, line, try(decode(bytes)) AS s FROM raw)))`);
    await c.run('DROP TABLE raw');
    // yyjson is more lenient than JSON.parse: the few candidate lines are checked in JS, exactly
    const candidates = await c.runAndReadAll('SELECT file, line, json FROM lines WHERE lenient');
    const refused: number[] = [];
    for (const [file, line, s] of candidates.getRows() as [number, number, string][]) if (!confirmLenient(s)) refused.push(file * FILE_SHIFT + line);
    if (refused.length > 0) await c.run(`UPDATE lines SET not_json = true, type = NULL WHERE lenient AND (file::BIGINT * ${FILE_SHIFT} + line) IN (${refused.join(', ')})`);
    const bad = await c.runAndReadAll('SELECT file, line, not_json FROM lines WHERE type IS NULL ORDER BY file, line');
    // never the parser's message: it quotes the line, i.e. patient data
    const failures = (bad.getRows() as [number, number, boolean][]).map(([file, line, notJson]) => ({
      source: this.source(file, line),
      message: notJson ? NOT_JSON : 'not a FHIR resource (no resourceType)',
    }));
    const counted = await c.runAndReadAll('SELECT count(*)::INTEGER FROM lines WHERE type IS NOT NULL');
    const records = (counted.getRows()[0] as [number])[0];

    const patientTypes = PATIENT_TYPES.map(q).join(', ');
    await c.run(`CREATE TABLE shared AS SELECT key, file, line, json FROM lines WHERE type IN (${SHARED_TYPES.map(q).join(', ')}) AND key IS NOT NULL`);
    await c.run(`CREATE TABLE orphans AS SELECT file, line, json FROM lines WHERE type IN (${patientTypes}) AND key IS NULL`);
    // patients numbered in order, and their rows stored in that order: a range of numbers is a few row groups
    await c.run(`CREATE TEMP TABLE numbered AS SELECT key AS patient, (row_number() OVER (ORDER BY key))::INTEGER AS pno FROM (SELECT DISTINCT key FROM lines WHERE type IN (${patientTypes}) AND key IS NOT NULL)`);
    await c.run('SET preserve_insertion_order = true');
    await c.run(`CREATE TABLE res AS SELECT n.pno, n.patient, l.type, l.file, l.line, l.json FROM lines l JOIN numbered n ON l.key = n.patient WHERE l.type IN (${patientTypes}) ORDER BY n.pno`);
    await c.run('SET preserve_insertion_order = false');
    const r = await c.runAndReadAll('SELECT count(*)::INTEGER FROM numbered');
    const patients = (r.getRows()[0] as [number])[0];
    await c.run('DROP TABLE lines');
    await c.run('DROP TABLE numbered');
    return { patients, records, failures };
  }

  private source(file: number, line: number): string {
    return `${this.files[file]}:${line}`;
  }

  /** Resources of a patient type that name no patient: reported, like `npm run evaluate` does. */
  async unattributed(): Promise<{ source: string; json: string }[]> {
    const r = await this.conn.runAndReadAll(`SELECT file, line, json FROM orphans ORDER BY file, line`);
    return (r.getRows() as [number, number, string][]).map(([file, line, json]) => ({ source: this.source(file, line), json }));
  }

  /**
   * The patients in order, `size` at a time: one row per patient, its resources as one JSON array. The
   * next range is queried while the caller evaluates this one (DuckDB works on its own threads).
   */
  async *groups(patients: number, size: number): AsyncGenerator<PatientGroup[]> {
    const query = (from: number) =>
      this.conn.runAndReadAll(`SELECT any_value(patient),
          '[' || string_agg(json, ',' ORDER BY type, file, line) || ']',
          coalesce(min(file::BIGINT * ${FILE_SHIFT} + line) FILTER (WHERE type = 'Patient'), arg_min(file::BIGINT * ${FILE_SHIFT} + line, (type, file, line))),
          string_agg(DISTINCT file::VARCHAR, ',')
        FROM res WHERE pno BETWEEN ${from} AND ${from + size - 1} GROUP BY pno ORDER BY pno`);
    let next = patients >= 1 ? query(1) : undefined;
    for (let from = 1; next; from += size) {
      const r = await next;
      next = from + size <= patients ? query(from + size) : undefined;
      yield (r.getRows() as [string, string, bigint, string][]).map(([patient, json, first, files]) => {
        const key = Number(first);
        const file = Math.floor(key / FILE_SHIFT);
        return {
          patient,
          json,
          source: this.source(file, key - file * FILE_SHIFT),
          sources: [...new Set(files.split(',').map((f) => this.files[Number(f)]))].sort(),
        };
      });
    }
  }

  /** One patient's rows, each on its own (when its array does not parse as a whole). */
  async rowsOf(patient: string): Promise<{ source: string; file: string; type: string; json: string }[]> {
    const r = await this.lookup.runAndReadAll(`SELECT file, line, type, json FROM res WHERE patient = ${q(patient)} ORDER BY type, file, line`);
    return (r.getRows() as [number, number, string, string][]).map(([file, line, type, json]) => ({ source: this.source(file, line), file: this.files[file], type, json }));
  }

  /** The shared resources with these keys ("Organization/x", …); a line JSON.parse refuses is a failure instead. */
  async shared(keys: string[]): Promise<{ resources: unknown[]; failures: LineFailure[] }> {
    if (keys.length === 0) return { resources: [], failures: [] };
    const r = await this.lookup.runAndReadAll(`SELECT file, line, json FROM shared WHERE key IN (${keys.map(q).join(', ')})`);
    const resources: unknown[] = [];
    const failures: LineFailure[] = [];
    for (const [file, line, json] of r.getRows() as [number, number, string][]) {
      // should DuckDB have let through a line JSON.parse refuses: a failure with file:line, never the run's end
      try {
        resources.push(JSON.parse(json));
      } catch {
        failures.push({ source: this.source(file, line), message: NOT_JSON });
      }
    }
    return { resources, failures };
  }

  /** The Locations by "Location/<id>": name, whether a ward (physicalType 'wa'), partOf (wards: a handful per hospital, beds a few hundred). */
  async wardLocations(): Promise<Map<string, WardLocation>> {
    const r = await this.lookup.runAndReadAll(`SELECT key, json_extract_string(json, '$.name'),
        coalesce(list_contains(json_extract_string(json, '$.physicalType.coding[*].code'), 'wa'), false),
        nullif(regexp_extract(json_extract_string(json, '$.partOf.reference'), '(?:^|/)(Location/[A-Za-z0-9\\-.]{1,64})(?:/_history/[^/]+)?$', 1), '')
      FROM shared WHERE key LIKE 'Location/%'`);
    return new Map(
      (r.getRows() as [string, string | null, boolean, string | null][]).map(([k, name, ward, partOf]) => [k, { name: name ?? undefined, ward, partOf: partOf ?? undefined }]),
    );
  }

  close(): void {
    this.lookup.closeSync();
    this.conn.closeSync();
    this.instance.closeSync();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
