// Medplum's MemoryRepository stores whatever it is given (even `{"resourceType":"Nope"}`); a real
// server validates. Validating here, at the repository, covers every way in: plain create/update,
// conditional create, and each entry of a batch or transaction (which the router dispatches itself).
import { badRequest, evalFhirPath, getSearchParameter, isResourceType, OperationOutcomeError, validateResource, type IncludeTarget, type SearchRequest, type WithId } from '@medplum/core';
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { MemoryRepository } from '@medplum/fhir-router';
import { ReferenceIndex } from './reference-index';

export class UnknownResourceTypeError extends OperationOutcomeError {
  constructor(resourceType: unknown) {
    super(badRequest(`Unknown resource type: ${typeof resourceType === 'string' && resourceType ? resourceType : '<missing>'}`));
  }
}

// Medplum's validator looks properties up on plain objects, so inherited names (`constructor`) and
// `__proto__` pass as if they were FHIR elements: refuse them before validating.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function findForbiddenKey(value: unknown, path: string, depth = 0): string | undefined {
  if (depth > 64 || typeof value !== 'object' || value === null) return undefined;
  for (const key of Object.keys(value)) {
    const here = `${path}.${key}`;
    if (FORBIDDEN_KEYS.has(key)) return here;
    const found = findForbiddenKey((value as Record<string, unknown>)[key], here, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Throws a 400 OperationOutcomeError naming every problem (path + message) when the resource is invalid. */
export function assertValidResource(resource: unknown): asserts resource is Resource {
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) {
    throw new OperationOutcomeError(badRequest('Request body must be a FHIR resource (a JSON object with resourceType)'));
  }
  const forbidden = findForbiddenKey(resource, String((resource as { resourceType?: unknown }).resourceType ?? 'Resource'));
  if (forbidden) throw new OperationOutcomeError(badRequest(`Invalid property name (${forbidden})`, forbidden));
  const type = (resource as { resourceType?: unknown }).resourceType;
  if (typeof type !== 'string' || !isResourceType(type)) throw new UnknownResourceTypeError(type);
  try {
    validateResource(resource as Resource);
  } catch (e) {
    if (e instanceof OperationOutcomeError) {
      const issues = e.outcome.issue ?? [];
      const text = issues.map((i) => `${i.details?.text ?? i.diagnostics ?? 'invalid'}${i.expression?.length ? ` (${i.expression.join(', ')})` : ''}`).join('; ');
      throw new OperationOutcomeError({ resourceType: 'OperationOutcome', issue: issues.length ? issues.map((i) => ({ ...i, severity: 'error' })) : badRequest(text).issue }, e);
    }
    throw e;
  }
}

/** How many rounds of `_include:iterate` are followed (FHIR leaves the depth to the server). */
export const MAX_INCLUDE_ITERATIONS = 3;

/**
 * The "Type/id" references a reference search parameter points at in `resource`, using the parameter's
 * own FHIRPath expression from the FHIR definitions (so `Patient:general-practitioner` is
 * `Patient.generalPractitioner`, whatever the parameter's name). Throws 400 for an unknown parameter
 * or one that is not of type reference, as FHIR servers do for an invalid _include.
 */
function includeTargets(target: IncludeTarget, resource: Resource): string[] {
  const param = getSearchParameter(target.resourceType, target.searchParam);
  if (!param?.expression) throw new OperationOutcomeError(badRequest(`Unknown search parameter in _include: ${target.resourceType}:${target.searchParam}`, '_include'));
  if (param.type !== 'reference') throw new OperationOutcomeError(badRequest(`_include needs a reference search parameter; ${target.resourceType}:${target.searchParam} is ${param.type}`, '_include'));
  const refs: string[] = [];
  for (const value of evalFhirPath(param.expression, resource)) {
    const ref = (value as { reference?: unknown } | undefined)?.reference;
    // local references only ("Type/id", optionally versioned); contained (#x) and absolute URLs are not ours to resolve
    const m = typeof ref === 'string' ? /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(ref) : null;
    if (!m || !isResourceType(m[1])) continue;
    if (target.targetType && target.targetType !== m[1]) continue;
    refs.push(`${m[1]}/${m[2]}`);
  }
  return refs;
}

type Store = { resources: Map<string, Map<string, unknown>>; history: Map<string, Map<string, unknown[]>> };

export class ValidatingRepository extends MemoryRepository {
  /** Off only while loading trusted seed data in bulk (validation is the slow part of start-up). */
  validate = true;
  private txDepth = 0;

  /** Whether Type/id is stored (a read that does not throw); for PUT-creates, launches and file loads. */
  async exists(type: string, id: string): Promise<boolean> {
    return this.readResource(type, id).then(
      () => true,
      () => false,
    );
  }

  /**
   * MemoryRepository runs a "transaction" without any rollback: a transaction Bundle whose third
   * entry fails would leave the first two stored. FHIR requires all or nothing, so the outermost
   * transaction snapshots the store (two Map levels; stored resources are replaced, never mutated)
   * and restores it on failure. Requests interleaving with a failing transaction could be rolled back
   * with it; acceptable for a single-user demo.
   */
  override async withTransaction<TResult>(callback: (client: undefined) => Promise<TResult>): Promise<TResult> {
    if (this.txDepth > 0) return callback(undefined);
    // Medplum 4.5.2 internals (pinned version): resources/history maps keyed by type, then id
    const store = this as unknown as Store;
    const resources = new Map([...store.resources].map(([type, byId]) => [type, new Map(byId)]));
    const history = new Map([...store.history].map(([type, byId]) => [type, new Map([...byId].map(([id, versions]) => [id, [...versions]]))]));
    this.txDepth++;
    try {
      return await callback(undefined);
    } catch (e) {
      store.resources.clear();
      for (const [k, v] of resources) store.resources.set(k, v);
      store.history.clear();
      for (const [k, v] of history) store.history.set(k, v);
      throw e;
    } finally {
      this.txDepth--;
    }
  }

  /**
   * Medplum's MemoryRepository ignores `_include` (it returns the matches only). The app reads the
   * patient's GP and huisartsenpost along with the Patient in the same request
   * (`Patient?_id=…&_include=Patient:general-practitioner&_include:iterate=PractitionerRole:organization`),
   * so the demo does it the FHIR way: matches get `search.mode = 'match'`, each referenced resource is
   * added once with `search.mode = 'include'`; `_include:iterate` is applied again to what was included
   * (up to MAX_INCLUDE_ITERATIONS rounds). `total` and paging count the matches only. Every search goes
   * through here, including the GET entries of a batch Bundle (the router runs them against this repo).
   * `_revinclude` is still ignored.
   */
  override async search<T extends Resource>(searchRequest: SearchRequest<T>): Promise<Bundle<WithId<T>>> {
    const bundle = await this.indexedSearch(searchRequest);
    const include = searchRequest.include ?? [];
    if (include.length === 0) return bundle;
    const matches = (bundle.entry ?? []).filter((e) => e.resource);
    for (const e of matches) e.search = { ...e.search, mode: 'match' };
    const seen = new Set(matches.map((e) => `${e.resource!.resourceType}/${e.resource!.id}`));
    const included: BundleEntry[] = [];
    let sources: Resource[] = matches.map((e) => e.resource!);
    for (let round = 0; sources.length > 0 && round <= MAX_INCLUDE_ITERATIONS; round++) {
      // round 0: every _include on the matches; later rounds: only :iterate, on what the last round added
      const targets = round === 0 ? include : include.filter((t) => t.modifier === 'iterate');
      const added: Resource[] = [];
      for (const source of sources) {
        for (const target of targets) {
          if (source.resourceType !== target.resourceType) continue;
          for (const ref of includeTargets(target, source)) {
            if (seen.has(ref)) continue;
            seen.add(ref);
            const [type, id] = ref.split('/');
            const resource = await this.readResource(type, id).catch(() => undefined); // dangling reference: nothing to include
            if (!resource) continue;
            included.push({ resource, search: { mode: 'include' } });
            added.push(resource);
          }
        }
      }
      sources = added;
    }
    const entry = [...matches, ...included] as BundleEntry<WithId<T>>[];
    return { ...bundle, entry: entry.length ? entry : undefined };
  }

  private readonly index = new ReferenceIndex();

  /**
   * Medplum's search over only the resources that can match (reference-index.ts): the type's map is
   * swapped for the narrowed one while MemoryRepository.search reads it. Its body has no await before
   * the matching loop is done, so the swap is over before any other request runs; were that ever to
   * change, it would read the full map again (the restored one) or the narrowed superset: the same answer.
   */
  private indexedSearch<T extends Resource>(searchRequest: SearchRequest<T>): Promise<Bundle<WithId<T>>> {
    const store = (this as unknown as Store).resources;
    const all = store.get(searchRequest.resourceType) as Map<string, Resource> | undefined;
    const narrowed = all && this.index.narrow(searchRequest, all);
    if (!all || !narrowed) return super.search(searchRequest);
    store.set(searchRequest.resourceType, narrowed);
    try {
      return super.search(searchRequest);
    } finally {
      store.set(searchRequest.resourceType, all);
    }
  }

  // the router passes options (e.g. assignedId in a batch) that the d.ts does not declare: hand them on
  override async createResource<T extends Resource>(resource: T, ...rest: unknown[]) {
    if (this.validate) assertValidResource(resource);
    return (super.createResource as (r: T, ...a: unknown[]) => ReturnType<MemoryRepository['createResource']>)(resource, ...rest) as Promise<T & { id: string }>;
  }

  override async updateResource<T extends Resource>(resource: T, ...rest: unknown[]) {
    if (this.validate) assertValidResource(resource);
    return (super.updateResource as (r: T, ...a: unknown[]) => ReturnType<MemoryRepository['updateResource']>)(resource, ...rest) as Promise<T & { id: string }>;
  }
}
