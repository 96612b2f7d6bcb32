// The NDJSON of a population in DuckDB (@duckdb/node-api), in a temporary database file so that the
// sort by patient spills to disk instead of growing the heap: memory stays bounded as the population
// grows. Each line is validated as JSON before it reaches DuckDB; the join per patient (subject /
// patient / beneficiary / for, a Patient by its id, a CareTeam by its participant) is SQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { PATIENT_SCHEMAS } from '../pathway/schemas/resources';

/** Resource types no patient owns, read only for display names (GP, nazorg owner) and ward names. */
export const SHARED_TYPES = ['Organization', 'Practitioner', 'PractitionerRole', 'Location'] as const;
const PATIENT_TYPES = Object.keys(PATIENT_SCHEMAS);
/** What the rules read: every other resource type is left out before it reaches DuckDB. */
export const READ_TYPES: ReadonlySet<string> = new Set([...PATIENT_TYPES, ...SHARED_TYPES]);
const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const REF = `'(?:^|/)(Patient/[A-Za-z0-9\\-.]{1,64})(?:/_history/[^/]+)?$'`;
const patientOf = (path: string) => `nullif(regexp_extract(json_extract_string(json, '${path}'), ${REF}, 1), '')`;

export class PopulationStore {
  private constructor(
    private dir: string,
    private instance: DuckDBInstance,
    readonly conn: DuckDBConnection,
    /** a second connection: lookups while `conn` streams the patient groups */
    readonly lookup: DuckDBConnection,
  ) {}

  static async open(): Promise<PopulationStore> {
    const dir = mkdtempSync(join(tmpdir(), 'pz-duckdb-'));
    const instance = await DuckDBInstance.create(join(dir, 'population.duckdb'), { memory_limit: '1GB', threads: '2', preserve_insertion_order: 'false', temp_directory: join(dir, 'tmp') });
    const conn = await instance.connect();
    const lookup = await instance.connect();
    const store = new PopulationStore(dir, instance, conn, lookup);
    await conn.run('CREATE TABLE raw (file VARCHAR, line INTEGER, type VARCHAR, json VARCHAR)');
    return store;
  }

  async appender(): Promise<DuckDBAppender> {
    return this.conn.createAppender('raw');
  }

  /** Group by patient in SQL; resources of the types no rule reads are dropped here. */
  async index(): Promise<{ patients: number; resources: number }> {
    await this.conn.run(`CREATE TABLE res AS SELECT file, line, type, json,
      CASE WHEN type = 'Patient' THEN nullif('Patient/' || coalesce(json_extract_string(json, '$.id'), ''), 'Patient/')
           ELSE coalesce(${patientOf('$.subject.reference')}, ${patientOf('$.patient.reference')}, ${patientOf('$.beneficiary.reference')}, ${patientOf('$.for.reference')},
                         CASE WHEN type = 'CareTeam' THEN ${patientOf('$.participant[0].member.reference')} END) END AS patient
      FROM raw WHERE type IN (${PATIENT_TYPES.map(q).join(', ')})`);
    await this.conn.run(`CREATE TABLE shared AS SELECT type || '/' || json_extract_string(json, '$.id') AS key, json FROM raw WHERE type IN (${SHARED_TYPES.map(q).join(', ')})`);
    await this.conn.run('DROP TABLE raw');
    const r = await this.conn.runAndReadAll(`SELECT count(DISTINCT patient)::INTEGER, count(*)::INTEGER FROM res WHERE patient IS NOT NULL`);
    const [patients, resources] = r.getRows()[0] as [number, number];
    return { patients, resources };
  }

  /** Resources of a patient type that name no patient: reported, like `npm run evaluate` does. */
  async unattributed(): Promise<{ source: string; json: string }[]> {
    const r = await this.conn.runAndReadAll(`SELECT file, line, json FROM res WHERE patient IS NULL ORDER BY file, line`);
    return r.getRows().map(([file, line, json]) => ({ source: `${file}:${line}`, json: json as string }));
  }

  /** Every patient's rows, sorted by patient, streamed chunk by chunk. */
  async *rows(): AsyncGenerator<{ patient: string; type: string; file: string; line: number; json: string }> {
    const result = await this.conn.stream(`SELECT patient, type, file, line, json FROM res WHERE patient IS NOT NULL ORDER BY patient, type, file, line`);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      for (const [patient, type, file, line, json] of chunk.getRows()) yield { patient: patient as string, type: type as string, file: file as string, line: line as number, json: json as string };
    }
  }

  /** The shared resources with these keys ("Organization/x", …). */
  async shared(keys: string[]): Promise<unknown[]> {
    if (keys.length === 0) return [];
    const r = await this.lookup.runAndReadAll(`SELECT json FROM shared WHERE key IN (${keys.map(q).join(', ')})`);
    return r.getRows().map(([json]) => JSON.parse(json as string) as unknown);
  }

  /** Location names by "Location/<id>" (wards: a handful per hospital). */
  async wardNames(): Promise<Map<string, string>> {
    const r = await this.lookup.runAndReadAll(`SELECT key, json_extract_string(json, '$.name') FROM shared WHERE key LIKE 'Location/%'`);
    return new Map(r.getRows().filter(([, n]) => typeof n === 'string').map(([k, n]) => [k as string, n as string]));
  }

  close(): void {
    this.lookup.closeSync();
    this.conn.closeSync();
    this.instance.closeSync();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
