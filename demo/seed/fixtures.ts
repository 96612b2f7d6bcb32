// The real fixtures in the repository (fixtures/, see fixtures/SOURCES.md), loaded as extra
// patients: the Nictiz zib2020 examples (FHIR XML, converted with the `fhir` package, ids kept so
// their references resolve) and the Synthea R4 transaction bundles (posted as transactions).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Fhir } from 'fhir';
import type { Resource } from '@medplum/fhirtypes';
import type { FhirRouter } from '@medplum/fhir-router';
import { getStatus } from '@medplum/core';
import type { ValidatingRepository } from '../fhir/repository';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const DEFAULT_FIXTURES_DIR = process.env.PZ_FIXTURES_DIR ?? resolve(REPO_ROOT, 'fixtures');

export interface FixtureReport {
  dir: string;
  nictiz: number;
  synthea: { file: string; entries: number }[];
  skipped: string[];
  warnings: string[];
}

type Json = Record<string, unknown> & { resourceType: string; id?: string };

const PATIENT_FIELDS = ['subject', 'patient', 'for', 'beneficiary'];

function patientRefs(r: Json): string[] {
  return PATIENT_FIELDS.map((f) => (r[f] as { reference?: string } | undefined)?.reference)
    .filter((x): x is string => typeof x === 'string' && x.startsWith('Patient/'))
    .map((x) => x.slice('Patient/'.length));
}

type SyntheaEntry = { fullUrl?: string; resource?: { resourceType?: string; id?: string }; request?: { method?: string; url?: string } };

/**
 * Synthea posts every resource (server-assigned ids), so the demo's chart URLs for these patients would
 * change at every start. The Patient entry is created by PUT with the id the bundle already carries
 * (Medplum caps the number of updates per transaction, so only the Patient); the transaction still
 * resolves every urn:uuid reference to it.
 */
function stableIds(entries: SyntheaEntry[] | undefined): void {
  for (const e of entries ?? []) {
    const { resourceType, id } = e.resource ?? {};
    if (resourceType === 'Patient' && e.request?.method === 'POST' && id && /^[A-Za-z0-9\-.]{1,64}$/.test(id)) e.request = { method: 'PUT', url: `Patient/${id}` };
  }
}

export async function loadFixtures(repo: ValidatingRepository, router: FhirRouter, dir = DEFAULT_FIXTURES_DIR): Promise<FixtureReport> {
  const report: FixtureReport = { dir, nictiz: 0, synthea: [], skipped: [], warnings: [] };
  if (!existsSync(dir)) {
    report.warnings.push(`fixtures not found at ${dir}: only the synthetic demo patients are loaded`);
    return report;
  }

  const nictizDir = join(dir, 'nictiz-zib2020');
  if (existsSync(nictizDir)) {
    const fhir = new Fhir();
    const resources: { file: string; r: Json }[] = [];
    for (const file of readdirSync(nictizDir).filter((f) => f.endsWith('.xml')).sort()) {
      try {
        const r = fhir.xmlToObj(readFileSync(join(nictizDir, file), 'utf8')) as Json;
        if (!r?.resourceType || !r.id) throw new Error('no resourceType or id');
        resources.push({ file, r });
      } catch (e) {
        report.skipped.push(`${file}: ${(e as Error).message}`);
      }
    }
    const patients = new Set(resources.filter((x) => x.r.resourceType === 'Patient').map((x) => x.r.id));
    for (const { file, r } of resources) {
      const missing = patientRefs(r).filter((id) => !patients.has(id));
      if (missing.length) {
        report.skipped.push(`${file}: refers to missing Patient/${missing.join(', Patient/')}`);
        continue;
      }
      try {
        await repo.updateResource(r as unknown as Resource);
        report.nictiz++;
      } catch (e) {
        report.skipped.push(`${file}: ${(e as Error).message}`);
      }
    }
  }

  const syntheaDir = join(dir, 'synthea');
  if (existsSync(syntheaDir)) {
    for (const file of readdirSync(syntheaDir).filter((f) => f.endsWith('.json')).sort()) {
      try {
        const bundle = JSON.parse(readFileSync(join(syntheaDir, file), 'utf8')) as { resourceType: string; type: string; entry?: unknown[] };
        if (bundle.resourceType !== 'Bundle' || bundle.type !== 'transaction') throw new Error('not a transaction Bundle');
        stableIds(bundle.entry as SyntheaEntry[] | undefined);
        const [outcome] = await router.handleRequest({ method: 'POST', url: '', pathname: '', params: {}, query: {}, body: bundle, config: { transactions: true } }, repo);
        const status = getStatus(outcome);
        if (status >= 400) throw new Error(`transaction failed with ${status}: ${outcome.issue?.map((i) => i.details?.text ?? i.diagnostics).join("; ")}`);
        report.synthea.push({ file, entries: bundle.entry?.length ?? 0 });
      } catch (e) {
        report.skipped.push(`${file}: ${(e as Error).message}`);
      }
    }
  }
  return report;
}
