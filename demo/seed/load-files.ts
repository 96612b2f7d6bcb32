// `npm run demo -- <file|dir>...`: the user's own records into the running demo, next to the seed, so
// records nobody here has seen can be opened in the demo EHR. FHIR JSON or XML; a Bundle of any type
// or a single resource. Transactions go through the FHIR router as they are; other Bundles (collection,
// searchset, batch, document) are stored resource by resource with their ids, and references to an
// entry's fullUrl (urn:uuid:…) are rewritten to "Type/id" so they resolve on the server too.
// Stored as the fixtures are (not validated): the app has to cope with what real systems send, and
// reports what it cannot read.
// Nothing already on the server is overwritten: a resource whose Type/id exists (from the seed or an
// earlier file) gets a fresh id, the file's references to it follow, and the report lists the rename.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Fhir } from 'fhir';
import { getStatus } from '@medplum/core';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';
import type { Resource } from '@medplum/fhirtypes';
import type { ValidatingRepository } from '../fhir/repository';

export interface LoadReport {
  /** per file: resources stored */
  loaded: { file: string; resources: number; patients: string[] }[];
  /** per file (or entry): why it was not stored */
  skipped: string[];
  /** per resource whose Type/id already existed: "file: Patient/example → Patient/<new id>" */
  renamed: string[];
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

/**
 * The repository as the loader uses it: stores without validation, per call, so requests reaching the
 * running server meanwhile are still validated (switching `repo.validate` off would skip it for them too).
 * MemoryRepository's own create/update are called on the proxy (its update stores through
 * `this.createResource`, which then is the unvalidated one too).
 */
function unvalidated(repo: ValidatingRepository): ValidatingRepository {
  type Fn = (...a: unknown[]) => unknown;
  const plain: Record<string, Fn> = {
    createResource: MemoryRepository.prototype.createResource as Fn,
    updateResource: MemoryRepository.prototype.updateResource as Fn,
  };
  return new Proxy(repo, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && prop in plain) return (...a: unknown[]) => plain[prop].apply(receiver, a);
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}


/** A fresh "Type/id" for `key` when that resource is already on the server (from the seed or an earlier file). */
async function renameIfTaken(repo: ValidatingRepository, key: string, renames: Map<string, string>, file: string, report: LoadReport): Promise<string | undefined> {
  if (renames.has(key)) return renames.get(key);
  const [type, id] = key.split('/');
  if (!(await repo.exists(type, id))) return undefined;
  const next = `${type}/${randomUUID()}`;
  renames.set(key, next);
  report.renamed.push(`${file}: ${key} → ${next}`);
  return next;
}

/** `value` with every reference "Type/old" (also versioned, or the old fullUrl) pointing at the renamed resource. */
function withRenamedReferences<T>(value: T, renames: ReadonlyMap<string, string>): T {
  if (renames.size === 0) return value;
  return JSON.parse(JSON.stringify(value), (k, v: unknown) => {
    if (k !== 'reference' || typeof v !== 'string') return v;
    const direct = renames.get(v);
    if (direct) return direct;
    const m = /^([A-Z][A-Za-z]+\/[^/]+)\/_history\/[^/]+$/.exec(v);
    return m && renames.has(m[1]) ? renames.get(m[1]) : v;
  }) as T;
}

type Entry = { fullUrl?: string; resource?: Json; request?: { method?: string; url?: string } };

/** PUT Type/id entries of a transaction whose resource already exists become PUTs to a fresh id. */
async function renameTransactionPuts(repo: ValidatingRepository, bundle: Json, file: string, report: LoadReport): Promise<Json> {
  const renames = new Map<string, string>();
  const entries = (Array.isArray(bundle.entry) ? bundle.entry : []) as Entry[];
  for (const e of entries) {
    const url = e.request?.url;
    if (e.request?.method?.toUpperCase() !== 'PUT' || typeof url !== 'string' || !/^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/.test(url)) continue;
    const next = await renameIfTaken(repo, url, renames, file, report);
    if (next && e.fullUrl && e.fullUrl.endsWith(`/${url}`)) renames.set(e.fullUrl, next);
  }
  if (renames.size === 0) return bundle;
  const entry = entries.map((e) => {
    const url = e.request?.url;
    const next = e.request?.method?.toUpperCase() === 'PUT' && typeof url === 'string' ? renames.get(url) : undefined;
    const out = withRenamedReferences(e, renames);
    if (!next) return out;
    const newId = next.split('/')[1];
    return {
      ...out,
      ...(e.fullUrl && renames.has(e.fullUrl) ? { fullUrl: e.fullUrl.replace(/[^/]+\/[^/]+$/, next) } : {}),
      request: { ...out.request, url: next },
      ...(out.resource ? { resource: { ...out.resource, id: newId } } : {}),
    };
  });
  return { ...bundle, entry };
}

export async function loadFiles(repo: ValidatingRepository, paths: readonly string[]): Promise<LoadReport> {
  const report: LoadReport = { loaded: [], skipped: [], renamed: [] };
  const router = new FhirRouter();
  const store = unvalidated(repo);
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
      const body = await renameTransactionPuts(repo, r, file, report);
      const [outcome, result] = await router.handleRequest({ method: 'POST', url: '', pathname: '', params: {}, query: {}, body: body as unknown as Resource, config: { transactions: true } }, store);
      if (getStatus(outcome) >= 400) {
        report.skipped.push(`${file}: transaction refused: ${outcome.issue?.map((i) => i.details?.text ?? i.diagnostics).join('; ')}`);
        continue;
      }
      for (const e of ((result as Json | undefined)?.entry as { resource?: Json }[] | undefined) ?? []) if (e.resource) stored.push(e.resource);
    } else {
      let resources = r.resourceType === 'Bundle' ? withServerReferences((r.entry as Entry[] | undefined) ?? []) : [r];
      // ids already on the server (seed, earlier file): a fresh id, and this file's references follow it
      const renames = new Map<string, string>();
      for (const res of resources) if (typeof res.id === 'string') await renameIfTaken(repo, `${res.resourceType}/${res.id}`, renames, file, report);
      resources = resources.map((res) => {
        const next = renames.get(`${res.resourceType}/${res.id}`);
        const out = withRenamedReferences(res, renames);
        return next ? { ...out, id: next.split('/')[1] } : out;
      });
      for (const res of resources) {
        try {
          stored.push((res.id ? await store.updateResource(res as unknown as Resource) : await store.createResource(res as unknown as Resource)) as unknown as Json);
        } catch (e) {
          report.skipped.push(`${file}: ${res.resourceType}/${res.id ?? '(new)'}: ${(e as Error).message}`);
        }
      }
    }
    report.loaded.push({ file, resources: stored.length, patients: stored.filter((x) => x.resourceType === 'Patient').map((x) => x.id!) });
  }
  return report;
}
