// Medplum's MemoryRepository answers every search by evaluating each search parameter's FHIRPath on
// every stored resource of the type: `Observation?subject=Patient/x` costs one FHIRPath run per stored
// Observation, ~1 ms per search per thousand resources, and the demo's record loads and ward lists make
// dozens per patient switch. A real server has an index; this is the demo's. It never decides a match:
// it only narrows the resources Medplum's own matcher then runs on to those that can match (a
// superset), so results, totals, sorting and paging stay Medplum's.
import { getSearchParameter, Operator, type SearchRequest } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';

/** "Type/id", the form the index keys references by (and the only filter value form it narrows on) */
const TYPED_ID = /^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/;
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
/** the Type/id a reference string ends in: relative, absolute or versioned */
const REFERENCE_TAIL = /(?:^|\/)([A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/;

type Indexed = { resource: Resource; keys: string[] };
type TypeIndex = { byId: Map<string, Indexed>; byKey: Map<string, Set<string>> };

/**
 * Every Type/id the resource can match a reference search on, at any depth: what Medplum's matcher
 * compares (convertToSearchableReferences) is a Reference's `reference`, a canonical string (e.g.
 * QuestionnaireResponse.questionnaire) and an inline resource's Type/id. A reference is keyed by the
 * Type/id it ends in (relative, absolute or versioned), a string only when it is a bare Type/id.
 */
export function referencedKeys(resource: Resource): string[] {
  const keys = new Set<string>();
  const walk = (v: unknown, depth: number) => {
    if (depth > 32 || typeof v !== 'object' || v === null) return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
      return;
    }
    const o = v as Record<string, unknown>;
    if (depth > 0 && typeof o.resourceType === 'string' && typeof o.id === 'string') keys.add(`${o.resourceType}/${o.id}`);
    for (const [k, x] of Object.entries(o)) {
      if (typeof x === 'string') {
        const m = k === 'reference' ? REFERENCE_TAIL.exec(x) : null;
        if (m) keys.add(m[1]);
        else if (TYPED_ID.test(x)) keys.add(x);
      } else if (typeof x === 'object') walk(x, depth + 1);
    }
  };
  walk(resource, 0);
  return [...keys];
}

export class ReferenceIndex {
  private types = new Map<string, TypeIndex>();

  /**
   * The stored resources of the request's type that can match it, or undefined to search them all:
   * narrowed by an `_id` filter or by a reference filter whose every value is "Type/id" (FHIR's
   * comma = OR); the narrowest such filter wins. `stored` is the repository's map for the type.
   */
  narrow(request: SearchRequest, stored: Map<string, Resource>): Map<string, Resource> | undefined {
    let best: Set<string> | undefined;
    for (const f of request.filters ?? []) {
      if (f.operator !== Operator.EQUALS || typeof f.value !== 'string' || f.value.includes('\\')) continue;
      const values = f.value.split(',');
      let ids: Set<string> | undefined;
      if (f.code === '_id' && values.every((v) => FHIR_ID.test(v))) {
        // _id is a token: Medplum compares it without case
        const wanted = new Set(values.map((v) => v.toLowerCase()));
        ids = new Set([...stored.keys()].filter((id) => wanted.has(id.toLowerCase())));
      } else if (values.every((v) => TYPED_ID.test(v)) && getSearchParameter(request.resourceType, f.code)?.type === 'reference') {
        const index = this.sync(request.resourceType, stored);
        ids = new Set(values.flatMap((v) => [...(index.byKey.get(v) ?? [])]));
      }
      if (ids && (!best || ids.size < best.size)) best = ids;
    }
    if (!best) return undefined;
    // in the store's order: Medplum answers unsorted searches in it
    const out = new Map<string, Resource>();
    for (const [id, r] of stored) if (best.has(id)) out.set(id, r);
    return out;
  }

  /**
   * Brings the type's index up to date with the store by identity: MemoryRepository replaces a stored
   * resource on every write (never mutates it), so an entry whose object is not the stored one is
   * re-read, and one no longer stored is dropped. Covers every way of writing (create, update, patch,
   * delete, a rolled-back transaction) without hooking any of them; costs one pass of pointer
   * comparisons per search, against one FHIRPath evaluation per resource without it.
   */
  private sync(type: string, stored: Map<string, Resource>): TypeIndex {
    let index = this.types.get(type);
    if (!index) this.types.set(type, (index = { byId: new Map(), byKey: new Map() }));
    const { byId, byKey } = index;
    const drop = (id: string, e: Indexed) => {
      for (const k of e.keys) {
        const ids = byKey.get(k);
        ids?.delete(id);
        if (ids?.size === 0) byKey.delete(k);
      }
    };
    for (const [id, resource] of stored) {
      const had = byId.get(id);
      if (had?.resource === resource) continue;
      if (had) drop(id, had);
      const e = { resource, keys: referencedKeys(resource) };
      byId.set(id, e);
      for (const k of e.keys) {
        let ids = byKey.get(k);
        if (!ids) byKey.set(k, (ids = new Set()));
        ids.add(id);
      }
    }
    // every stored id is indexed now: more indexed than stored means some were deleted
    if (byId.size > stored.size) {
      for (const [id, e] of byId) {
        if (stored.has(id)) continue;
        drop(id, e);
        byId.delete(id);
      }
    }
    return index;
  }
}
