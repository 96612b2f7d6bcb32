// The demo FHIR server's reference index (demo/fhir/reference-index.ts) only narrows what Medplum's
// matcher looks at: every search must answer exactly what Medplum's own search (no index) answers on
// the same store, after any kind of write too.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { parseSearchRequest, type SearchRequest } from '@medplum/core';
import type { Bundle, Observation, Resource } from '@medplum/fhirtypes';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';
import { indexFhirDefinitions } from '../../demo/fhir/definitions';
import { ReferenceIndex, referencedKeys } from '../../demo/fhir/reference-index';
import { ValidatingRepository } from '../../demo/fhir/repository';
import { loadSeed } from '../../demo/seed';

let repo: ValidatingRepository;
beforeAll(async () => {
  indexFhirDefinitions();
  repo = new ValidatingRepository();
  repo.validate = false;
  await loadSeed(repo, new FhirRouter(), new Date('2024-06-15T10:00:00+02:00')); // seed + the Synthea/Nictiz fixtures
  // what the seed lacks: a canonical, an absolute reference
  await repo.updateResource({ resourceType: 'QuestionnaireResponse', id: 'pz-index-qr', status: 'completed', questionnaire: 'Questionnaire/pz-index-q' } as Resource);
  await repo.updateResource({ resourceType: 'Observation', id: 'pz-index-abs', status: 'final', code: { text: 'x' }, subject: { reference: 'https://elders.example.nl/fhir/Patient/pz-index-abs' } } as Resource);
  repo.validate = true;
});

/** Medplum's search itself on the same store: the answer the index must not change */
const unindexed = (req: SearchRequest) => MemoryRepository.prototype.search.call(repo, req) as Promise<Bundle>;
const ids = (b: Bundle) => ({ total: b.total, entry: (b.entry ?? []).map((e) => `${e.resource!.resourceType}/${e.resource!.id}`) });

async function same(url: string) {
  const req = parseSearchRequest(url);
  const want = ids(await unindexed(parseSearchRequest(url)));
  const got = ids(await repo.search(req));
  expect(got, url).toEqual(want);
  return got;
}

const SEARCHES = [
  'Observation?subject=Patient/pz-ans-dijkstra',
  'Observation?subject=Patient/37e97ea5-e2dc-4770-bb7d-93d02cfebb0c&_count=10&_sort=-date',
  'Observation?subject=Patient/pz-ans-dijkstra,Patient/37e97ea5-e2dc-4770-bb7d-93d02cfebb0c,Patient/nobody&_count=1000',
  'Condition?subject=Patient/pz-henk-jansen&_count=2&_offset=1',
  'MedicationRequest?subject=Patient/pz-kees-meijer&_sort=-authoredon',
  'Encounter?subject=Patient/pz-gerda-de-vries&status=in-progress',
  'Consent?patient=Patient/pz-kees-meijer',
  'RelatedPerson?patient=Patient/pz-kees-meijer',
  'Observation?patient=Patient/pz-kees-meijer', // patient = subject.where(resolve() is Patient)
  'Patient?_id=pz-kees-meijer,pz-henk-jansen,nobody',
  'Patient?_id=pz-kees-meijer&name=Meijer',
  'Patient?_id=PZ-Kees-Meijer', // _id is a token: no case
  'QuestionnaireResponse?questionnaire=Questionnaire/pz-index-q', // a canonical string, not a Reference
  'Observation?subject=Patient/pz-index-abs', // stored as an absolute reference: Medplum does not match it
  'Observation?subject=pz-kees-meijer', // a bare id: not narrowed, still Medplum's answer
  'Observation?subject:missing=true&_count=3',
  'CareTeam?subject=Patient/pz-kees-meijer&participant=Practitioner/pz-dr-visser',
];

describe('the reference index answers what Medplum answers', () => {
  it.each(SEARCHES)('%s', async (url) => {
    await same(url);
  });

  it('a seed patient has resources to find (the comparison is not between two empty answers)', async () => {
    expect((await same('Observation?subject=Patient/37e97ea5-e2dc-4770-bb7d-93d02cfebb0c&_count=1000')).total).toBe(100);
    expect((await same('Condition?subject=Patient/pz-henk-jansen')).total).toBeGreaterThan(2);
    expect((await same('QuestionnaireResponse?questionnaire=Questionnaire/pz-index-q')).entry).toEqual(['QuestionnaireResponse/pz-index-qr']);
  });

  it('follows creates, updates, deletes and a rolled-back transaction', async () => {
    const url = 'Observation?subject=Patient/pz-emma-kok&_count=1000';
    const before = (await same(url)).entry.length;
    const obs: Observation = { resourceType: 'Observation', status: 'final', code: { text: 'index test' }, subject: { reference: 'Patient/pz-emma-kok' } };
    const created = await repo.createResource(obs);
    expect((await same(url)).entry).toContain(`Observation/${created.id}`);
    // moved to another patient: gone from the first, found for the second
    await repo.updateResource({ ...created, subject: { reference: 'Patient/pz-kees-meijer' } });
    expect((await same(url)).entry).not.toContain(`Observation/${created.id}`);
    expect((await same('Observation?subject=Patient/pz-kees-meijer&_count=1000')).entry).toContain(`Observation/${created.id}`);
    await repo.deleteResource('Observation', created.id);
    expect((await same('Observation?subject=Patient/pz-kees-meijer&_count=1000')).entry).not.toContain(`Observation/${created.id}`);
    // a transaction that fails after a write: the write is rolled back, and the index with it
    await expect(
      repo.withTransaction(async () => {
        await repo.createResource({ ...obs, id: 'rolled-back' } as Resource);
        expect((await same(url)).entry).toContain('Observation/rolled-back');
        throw new Error('second entry failed');
      }),
    ).rejects.toThrow('second entry failed');
    expect((await same(url)).entry).toHaveLength(before);
  });
});

describe('the index narrows', () => {
  it('a patient search to that patient\'s resources, an _id search to those ids (whatever their case)', () => {
    const stored = new Map<string, Resource>(
      Array.from({ length: 50 }, (_, i) => [`o${i}`, { resourceType: 'Observation', id: `o${i}`, status: 'final', code: { text: 'x' }, subject: { reference: `Patient/p${i % 10}` } } as Resource]),
    );
    const index = new ReferenceIndex();
    expect([...index.narrow(parseSearchRequest('Observation?subject=Patient/p3'), stored)!.keys()]).toEqual(['o3', 'o13', 'o23', 'o33', 'o43']);
    expect([...index.narrow(parseSearchRequest('Observation?_id=O7,o8'), stored)!.keys()]).toEqual(['o7', 'o8']);
    // nothing to narrow by: every stored resource is searched
    expect(index.narrow(parseSearchRequest('Observation?status=final'), stored)).toBeUndefined();
    expect(index.narrow(parseSearchRequest('Observation?subject=p3'), stored)).toBeUndefined();
  });
});

describe('the repository searches the narrowed candidates', () => {
  it("Medplum's own search reads the map the index hands it (its private store layout is still what repository.ts swaps)", async () => {
    // a candidate set only the index knows of: if Medplum's field were renamed or its search read the
    // store another way, this would answer the real Observations of that patient instead
    const planted = { resourceType: 'Observation', id: 'pz-only-in-the-narrowed-map', status: 'final', code: { text: 'x' }, subject: { reference: 'Patient/pz-ans-dijkstra' } } as Resource;
    const spy = vi.spyOn(ReferenceIndex.prototype, 'narrow').mockReturnValue(new Map([[planted.id!, planted]]));
    try {
      expect(ids(await repo.search(parseSearchRequest('Observation?subject=Patient/pz-ans-dijkstra'))).entry).toEqual(['Observation/pz-only-in-the-narrowed-map']);
      expect(spy).toHaveBeenCalledOnce();
    } finally {
      spy.mockRestore();
    }
    // and the store itself is back as it was: the planted one is nowhere
    expect((await same('Observation?_id=pz-only-in-the-narrowed-map')).entry).toEqual([]);
  });
});

describe('referencedKeys', () => {
  it('every reference at any depth, relative, absolute or versioned; not contained ones', () => {
    const keys = referencedKeys({
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'x' },
      subject: { reference: 'Patient/a' },
      performer: [{ reference: 'https://fhir.example.nl/r4/Practitioner/b/_history/3' }, { reference: '#contained' }],
      hasMember: [{ reference: 'Observation/c' }],
      extension: [{ url: 'u', valueReference: { reference: 'Encounter/d' } }],
    } as Observation);
    expect(keys.sort()).toEqual(['Encounter/d', 'Observation/c', 'Patient/a', 'Practitioner/b']);
  });

  it('canonical strings and inline resources, as Medplum matches them', () => {
    const keys = referencedKeys({
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ resource: { resourceType: 'Composition', id: 'c1' } }, { resource: { resourceType: 'QuestionnaireResponse', questionnaire: 'Questionnaire/q1', status: 'completed' } }],
    } as unknown as Resource);
    expect(keys.sort()).toEqual(['Composition/c1', 'Questionnaire/q1']);
  });
});
