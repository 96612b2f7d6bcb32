// `npm run demo -- <file|dir>...`: the user's own records into the running demo, next to the seed, so
// records nobody here has seen can be opened in the demo EHR. FHIR JSON or XML; a Bundle of any type
// or a single resource. Transactions go through the FHIR router as they are; other Bundles (collection,
// searchset, batch, document) are stored resource by resource with their ids, and references to an
// entry's fullUrl (urn:uuid:…) are rewritten to "Type/id" so they resolve on the server too.
// Stored as the fixtures are (not validated): the app has to cope with what real systems send, and
// reports what it cannot read.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Fhir } from 'fhir';
import { getStatus } from '@medplum/core';
import { FhirRouter } from '@medplum/fhir-router';
import type { Resource } from '@medplum/fhirtypes';
import type { ValidatingRepository } from '../fhir/repository';

export interface LoadReport {
  /** per file: resources stored */
  loaded: { file: string; resources: number; patients: string[] }[];
  /** per file (or entry): why it was not stored */
  skipped: string[];
}

type Json = Record<string, unknown> & { resourceType?: string; id?: string };

function listFiles(paths: readonly string[], skipped: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    try {
      if (statSync(p).isDirectory()) out.push(...listFiles(readdirSync(p).sort().map((f) => join(p, f)), skipped));
      else if (['.json', '.xml'].includes(extname(p).toLowerCase())) out.push(p);
    } catch (e) {
      skipped.push(`${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  return out;
}

function read(file: string): Json {
  const text = readFileSync(file, 'utf8');
  const r = (extname(file).toLowerCase() === '.xml' ? new Fhir().xmlToObj(text) : JSON.parse(text)) as Json;
  if (!r || typeof r !== 'object' || typeof r.resourceType !== 'string') throw new Error('not a FHIR resource (no resourceType)');
  return r;
}

/** Entries of a non-transaction Bundle with ids given and fullUrl references rewritten to Type/id. */
function withServerReferences(entries: { fullUrl?: string; resource?: Json }[]): Json[] {
  const resources = entries.map((e) => e.resource).filter((r): r is Json => !!r && typeof r.resourceType === 'string');
  const byFullUrl = new Map<string, string>();
  entries.forEach((e) => {
    if (!e.resource || typeof e.resource.resourceType !== 'string') return;
    if (typeof e.resource.id !== 'string') e.resource.id = randomUUID();
    if (e.fullUrl) byFullUrl.set(e.fullUrl, `${e.resource.resourceType}/${e.resource.id}`);
  });
  return resources.map((r) => JSON.parse(JSON.stringify(r), (k, v) => (k === 'reference' && typeof v === 'string' && byFullUrl.has(v) ? byFullUrl.get(v) : v)) as Json);
}

export async function loadFiles(repo: ValidatingRepository, paths: readonly string[]): Promise<LoadReport> {
  const report: LoadReport = { loaded: [], skipped: [] };
  const router = new FhirRouter();
  const before = repo.validate;
  repo.validate = false;
  try {
    for (const file of listFiles(paths, report.skipped)) {
      let r: Json;
      try {
        r = read(file);
      } catch (e) {
        report.skipped.push(`${file}: ${(e as Error).message}`);
        continue;
      }
      const stored: Json[] = [];
      if (r.resourceType === 'Bundle' && r.type === 'transaction') {
        const [outcome, result] = await router.handleRequest({ method: 'POST', url: '', pathname: '', params: {}, query: {}, body: r as unknown as Resource, config: { transactions: true } }, repo);
        if (getStatus(outcome) >= 400) {
          report.skipped.push(`${file}: transaction refused: ${outcome.issue?.map((i) => i.details?.text ?? i.diagnostics).join('; ')}`);
          continue;
        }
        for (const e of ((result as Json | undefined)?.entry as { resource?: Json }[] | undefined) ?? []) if (e.resource) stored.push(e.resource);
      } else {
        const resources = r.resourceType === 'Bundle' ? withServerReferences((r.entry as { fullUrl?: string; resource?: Json }[] | undefined) ?? []) : [r];
        for (const res of resources) {
          try {
            stored.push((res.id ? await repo.updateResource(res as unknown as Resource) : await repo.createResource(res as unknown as Resource)) as unknown as Json);
          } catch (e) {
            report.skipped.push(`${file}: ${res.resourceType}/${res.id ?? '(new)'}: ${(e as Error).message}`);
          }
        }
      }
      report.loaded.push({ file, resources: stored.length, patients: stored.filter((x) => x.resourceType === 'Patient').map((x) => x.id!) });
    }
  } finally {
    repo.validate = before;
  }
  return report;
}
