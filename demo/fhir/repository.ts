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

/** Throws a 400 OperationOutcomeError naming every problem (path + message) when the resource is invalid. */
export function assertValidResource(resource: unknown): asserts resource is Resource {
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) {
    throw new OperationOutcomeError(badRequest('Request body must be a FHIR resource (a JSON object with resourceType)'));
  }
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

export class ValidatingRepository extends MemoryRepository {
  /** Off only while loading trusted seed data in bulk (validation is the slow part of start-up). */
  validate = true;

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
