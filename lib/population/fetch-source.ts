// The one seam to the Bulk Data client (lib/bulk, built in parallel for issue #14 part 1): a group
// export into a temporary directory, which is then evaluated exactly as `--ndjson <dir>`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BulkSource {
  fhirBase: string;
  group?: string;
  signal?: AbortSignal;
  onProgress?: (p: unknown) => void;
}

/** The resource types the rules read (and the shared ones for names), as `_type` of the export. */
export const EXPORT_TYPES = [
  'Patient', 'Condition', 'Observation', 'Encounter', 'Consent', 'DocumentReference', 'Composition', 'Procedure', 'Flag', 'Goal',
  'EpisodeOfCare', 'CareTeam', 'RelatedPerson', 'MedicationRequest', 'MedicationStatement', 'Task', 'Communication', 'ServiceRequest',
  'CarePlan', 'Organization', 'Practitioner', 'PractitionerRole', 'Location',
];

export async function exportToTempDir(src: BulkSource): Promise<{ dir: string; errors: { type: string; path: string; url: string }[] }> {
  // A variable specifier: until lib/bulk is merged this path reports a clear error instead of failing the typecheck.
  const spec = '../bulk/index';
  let bulk: { bulkExportToDir: (o: Record<string, unknown>) => Promise<{ outDir: string; errors: { type: string; path: string; url: string }[] }> };
  try {
    bulk = (await import(spec)) as typeof bulk;
  } catch (e) {
    throw new Error(`--server needs the Bulk Data client (lib/bulk), which is not in this build: ${(e as Error).message}`);
  }
  const outDir = mkdtempSync(join(tmpdir(), 'pz-bulk-'));
  const r = await bulk.bulkExportToDir({ fhirBase: src.fhirBase, group: src.group, types: EXPORT_TYPES, outDir, signal: src.signal, onProgress: src.onProgress });
  return { dir: r.outDir, errors: r.errors };
}
