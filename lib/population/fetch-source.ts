// The population's Bulk Data source: a group (or system) export through lib/bulk into a temporary
// directory, which is then evaluated exactly as `--ndjson <dir>`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bulkExportToDir, RULE_TYPES, type BulkExportOptions } from '../bulk/index';

export interface BulkSource {
  fhirBase: string;
  group?: string;
  since?: string;
  /** SMART Backend Services; absent for an open server */
  auth?: BulkExportOptions['auth'];
  signal?: AbortSignal;
  onProgress?: BulkExportOptions['onProgress'];
}

/** The resource types the rules read (and the shared ones for names), as `_type` of the export. */
export const EXPORT_TYPES: readonly string[] = [...new Set([...RULE_TYPES, 'Location'])];

export async function exportToTempDir(src: BulkSource): Promise<{ dir: string; errors: { type: string; path: string; url: string }[] }> {
  const outDir = mkdtempSync(join(tmpdir(), 'pz-bulk-'));
  const r = await bulkExportToDir({ fhirBase: src.fhirBase, group: src.group, since: src.since, types: [...EXPORT_TYPES], outDir, auth: src.auth, signal: src.signal, onProgress: src.onProgress });
  return { dir: r.outDir, errors: r.errors };
}
