// Medplum's MemoryRepository stores whatever it is given (even `{"resourceType":"Nope"}`); a real
// server validates. Validating here, at the repository, covers every way in: plain create/update,
// conditional create, and each entry of a batch or transaction (which the router dispatches itself).
import { badRequest, isResourceType, OperationOutcomeError, validateResource } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { MemoryRepository } from '@medplum/fhir-router';

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

type Store = { resources: Map<string, Map<string, unknown>>; history: Map<string, Map<string, unknown[]>> };

export class ValidatingRepository extends MemoryRepository {
  /** Off only while loading trusted seed data in bulk (validation is the slow part of start-up). */
  validate = true;
  private txDepth = 0;

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
