import { describe, expect, test } from 'vitest';
import type { FhirGateway, FhirJson, LoadedRecord } from '../../lib/fhir/gateway';
import { createWardPrefetch, prefetchingGateway, sameRecord } from '../../lib/fhir/ward-prefetch';

const rec = (patientId: string, resources: FhirJson[] = [{ resourceType: 'Patient', id: patientId, meta: { versionId: '1' } }]): LoadedRecord => ({ patientId, resources, requests: 1 });

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('createWardPrefetch', () => {
  test('keeps a ward for exactly ttlMs: the last millisecond still hits, the edge does not', () => {
    const c = clock();
    const cache = createWardPrefetch({ ttlMs: 60_000, now: c.now });
    cache.put('Location/w1|', [rec('a'), rec('b')]);
    c.advance(59_999);
    expect(cache.get('a')?.patientId).toBe('a');
    c.advance(1);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBeUndefined();
  });

  test('another ward replaces the previous one; a fresh record of a patient admitted elsewhere forgets the ward', () => {
    const cache = createWardPrefetch();
    cache.put('Location/w1|', [rec('a'), rec('b')]);
    cache.put('Location/w2|', [rec('c')]);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')?.patientId).toBe('c');
    const admitted = (id: string, ward: string, status = 'in-progress') =>
      rec(id, [{ resourceType: 'Patient', id }, { resourceType: 'Encounter', id: `e-${id}`, status, location: [{ location: { reference: ward } }] }]);
    // same ward, a finished stay elsewhere, or no admission at all: still the same ward round
    cache.loaded(admitted('c', 'Location/w2'));
    cache.loaded(admitted('d', 'Location/w9', 'finished'));
    cache.loaded(rec('outpatient'));
    expect(cache.size).toBe(1);
    cache.loaded(admitted('e', 'Location/w9'));
    expect(cache.size).toBe(0);
    expect(cache.get('c')).toBeUndefined();
  });

  test('clear() (logout) forgets everything; a fresh load refreshes only a patient of the ward', () => {
    const c = clock();
    const cache = createWardPrefetch({ ttlMs: 1_000, now: c.now });
    cache.put('w', [rec('a')]);
    c.advance(900);
    cache.loaded(rec('a', [{ resourceType: 'Patient', id: 'a', meta: { versionId: '2' } }]));
    cache.loaded(rec('stranger'));
    c.advance(900);
    expect((cache.get('a')?.resources[0].meta as { versionId: string }).versionId).toBe('2');
    expect(cache.get('stranger')).toBeUndefined();
    cache.clear();
    expect(cache.get('a')).toBeUndefined();
  });
});

describe('sameRecord', () => {
  const p1 = { resourceType: 'Patient', id: 'a', meta: { versionId: '1', lastUpdated: '2025-01-01T00:00:00Z' } };
  const c1 = { resourceType: 'Condition', id: 'c', meta: { versionId: '3' } };
  test('same versions in another order are the same; a new version, an extra or a missing resource are not', () => {
    expect(sameRecord(rec('a', [p1, c1]), rec('a', [c1, p1]))).toBe(true);
    expect(sameRecord(rec('a', [p1, c1]), rec('a', [p1, { ...c1, meta: { versionId: '4' } }]))).toBe(false);
    expect(sameRecord(rec('a', [p1]), rec('a', [p1, c1]))).toBe(false);
    expect(sameRecord(rec('a', [p1, c1]), rec('a', [p1]))).toBe(false);
  });
  test('another patient is never the same record, even with equal resources', () => {
    expect(sameRecord(rec('a', [p1]), rec('b', [p1]))).toBe(false);
  });
  test('without meta the contents are compared', () => {
    const bare = { resourceType: 'Observation', id: 'o', valueString: 'x' };
    expect(sameRecord(rec('a', [bare]), rec('a', [{ ...bare }]))).toBe(true);
    expect(sameRecord(rec('a', [bare]), rec('a', [{ ...bare, valueString: 'y' }]))).toBe(false);
  });
});

describe('prefetchingGateway', () => {
  function direct(): FhirGateway & { loads: string[] } {
    const loads: string[] = [];
    return {
      serverUrl: 'https://fhir.test/r4',
      loads,
      async loadPatientRecord(id) {
        loads.push(id);
        return rec(id, [{ resourceType: 'Patient', id, meta: { versionId: '2' } }]);
      },
      async loadWard() {
        return { patients: [rec('a'), rec('b')], requests: 2 };
      },
      async searchPractitioners() {
        return [];
      },
    };
  }
  test('a ward load fills the cache; cachedRecord never answers for another patient; loads still go to the server', async () => {
    const d = direct();
    const g = prefetchingGateway(d, createWardPrefetch());
    expect(g.cachedRecord!('a')).toBeUndefined();
    await g.loadWard({ location: 'Location/w1' });
    expect(g.cachedRecord!('a')?.patientId).toBe('a');
    expect(g.cachedRecord!('b')?.patientId).toBe('b');
    const fresh = await g.loadPatientRecord('a');
    expect(d.loads).toEqual(['a']);
    expect(g.cachedRecord!('a')).toBe(fresh);
    expect(g.cachedRecord!('z')).toBeUndefined();
    expect(g.cachedRecord!('b')?.patientId).toBe('b');
  });

  test('opening another ward while on a patient: reloading that patient keeps the new ward; switching to a patient admitted elsewhere forgets it', async () => {
    const admittedTo = (id: string, ward: string) => rec(id, [{ resourceType: 'Patient', id }, { resourceType: 'Encounter', id: `e-${id}`, status: 'in-progress', location: [{ location: { reference: ward } }] }]);
    const wardOf: Record<string, string> = { x: 'Location/w1', y: 'Location/w1', a: 'Location/w2' };
    const d: FhirGateway = {
      serverUrl: 'https://fhir.test/r4',
      loadPatientRecord: async (id) => admittedTo(id, wardOf[id]),
      loadWard: async () => ({ patients: [admittedTo('a', 'Location/w2')], requests: 2 }),
      searchPractitioners: async () => [],
    };
    const g = prefetchingGateway(d, createWardPrefetch());
    await g.loadPatientRecord('x'); // on x (ward w1)
    await g.loadWard({ location: 'Location/w2' }); // the list of ward w2
    await g.loadPatientRecord('x'); // back on the patient tab: x again
    expect(g.cachedRecord!('a')?.patientId).toBe('a');
    await g.loadPatientRecord('y'); // a switch to another patient of w1: the round left w2
    expect(g.cachedRecord!('a')).toBeUndefined();
  });

  test('a reload that finds the patient moved to another ward drops that patient\'s cached record, and only that one', async () => {
    const admittedTo = (id: string, ward: string) => rec(id, [{ resourceType: 'Patient', id }, { resourceType: 'Encounter', id: `e-${id}`, status: 'in-progress', location: [{ location: { reference: ward } }] }]);
    const wardOf: Record<string, string> = { a: 'Location/w1', b: 'Location/w1' };
    const d: FhirGateway = {
      serverUrl: 'https://fhir.test/r4',
      loadPatientRecord: async (id) => admittedTo(id, wardOf[id]),
      loadWard: async () => ({ patients: [admittedTo('a', 'Location/w1'), admittedTo('b', 'Location/w1')], requests: 2 }),
      searchPractitioners: async () => [],
    };
    const g = prefetchingGateway(d, createWardPrefetch());
    await g.loadWard({ location: 'Location/w1' });
    await g.loadPatientRecord('a'); // on a, still on w1
    expect(g.cachedRecord!('a')?.patientId).toBe('a');
    wardOf.a = 'Location/w2'; // a is transferred
    await g.loadPatientRecord('a'); // the same patient again (a reload, not a switch)
    expect(g.cachedRecord!('a')).toBeUndefined();
    expect(g.cachedRecord!('b')?.patientId).toBe('b');
  });
});
