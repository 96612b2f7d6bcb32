// listWards (lib/fhir/wards.ts) against the demo's FHIR server with its seed: the active ward
// Locations by name, as "Location/<id>" for loadWard; and with a token that may read them.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DemoServer } from '../../demo/server';
import { createFhirGateway } from '../../lib/fhir/load-record';
import { smartScopes } from '../../lib/fhir/smart-policy';
import { listWards } from '../../lib/fhir/wards';
import { startTestDemo } from '../demo/support';

let demo: DemoServer;
beforeAll(async () => {
  demo = await startTestDemo({ fixturesDir: false });
});
afterAll(() => demo?.close());

const conn = (token: string) => ({ serverUrl: demo.fhirBase, fetch: (u: string, i?: RequestInit) => fetch(u, i), getAuthHeader: async () => `Bearer ${token}` });

describe('listWards', () => {
  test('the seed’s wards and SEH, sorted by name; the extension’s user scopes may read them', async () => {
    const token = demo.issueToken(smartScopes('user'), { fhirUser: 'Practitioner/pz-dr-visser' });
    const wards = await listWards(conn(token));
    expect(wards).toEqual([
      { location: 'Location/ward-interne', name: 'Afdeling Interne Geneeskunde (B3)' },
      { location: 'Location/ward-longziekten', name: 'Afdeling Longziekten en Cardiologie (C2)' },
      { location: 'Location/loc-seh', name: 'Spoedeisende Hulp (SEH)' },
    ]);
    // and each is what loadWard takes: the ward's admitted patients come back
    const ward = await createFhirGateway(conn(token)).loadWard({ location: wards[0].location });
    expect(ward.patients.length).toBeGreaterThan(0);
  });

  test('an inactive ward or a Location of another physical type is not offered', async () => {
    await demo.repo.createResource({ resourceType: 'Location', status: 'inactive', name: 'Oude afdeling', physicalType: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/location-physical-type', code: 'wa' }] } } as never);
    await demo.repo.createResource({ resourceType: 'Location', status: 'active', name: 'Kamer 12', physicalType: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/location-physical-type', code: 'ro' }] } } as never);
    const token = demo.issueToken(smartScopes('user'), {});
    const names = (await listWards(conn(token))).map((w) => w.name);
    expect(names).not.toContain('Oude afdeling');
    expect(names).toContain('Spoedeisende Hulp (SEH)');
    expect(names).not.toContain('Kamer 12');
  });

  test('a token without Location access: a clear error, not an empty list', async () => {
    const token = demo.issueToken(['user/Patient.rs'], {});
    await expect(listWards(conn(token))).rejects.toThrow(/Location|scope|403/i);
  });
});
