// Reads a directory of Bulk Data NDJSON files line by line into the store. Each line is parsed as JSON
// first: a bad or truncated line is reported with its file and line number and skipped; the rest is read.
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { PopulationStore } from './store';

export interface LineFailure {
  /** "<file>:<line>" */
  source: string;
  message: string;
}

export function ndjsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => /\.ndjson$/i.test(n))
    .sort()
    .map((n) => join(dir, n))
    .filter((p) => statSync(p).isFile());
}

/** Loads every file; `onProgress(bytes, records)` after each chunk of lines. */
export async function loadNdjson(
  store: PopulationStore,
  files: string[],
  onProgress?: (bytes: number, records: number) => void,
  /** only these types go on to DuckDB (the others are validated as JSON, counted and left out) */
  keep?: ReadonlySet<string>,
): Promise<{ records: number; failures: LineFailure[] }> {
  const failures: LineFailure[] = [];
  const appender = await store.appender();
  let records = 0;
  let bytes = 0;
  for (const file of files) {
    const name = basename(file);
    const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    let line = 0;
    for await (const text of rl) {
      line++;
      bytes += Buffer.byteLength(text) + 1;
      if (text.trim() === '') continue;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (e) {
        failures.push({ source: `${name}:${line}`, message: 'not JSON (truncated or malformed line)' }); // never the parser's message: it quotes the line, i.e. patient data
        continue;
      }
      const type = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as { resourceType?: unknown }).resourceType : undefined;
      if (typeof type !== 'string') {
        failures.push({ source: `${name}:${line}`, message: 'not a FHIR resource (no resourceType)' });
        continue;
      }
      records++;
      if ((records & 8191) === 0) onProgress?.(bytes, records);
      if (keep && !keep.has(type)) continue;
      appender.appendVarchar(name);
      appender.appendInteger(line);
      appender.appendVarchar(type);
      appender.appendVarchar(text);
      appender.endRow();
    }
  }
  appender.closeSync();
  onProgress?.(bytes, records);
  return { records, failures };
}
