// The real fixtures (fixtures/ in the repository) load into the demo as extra patients: the Nictiz zib2020
// examples converted from XML with their references intact, the Synthea transaction bundles with
// stable patient ids; the synthetic seed loads with 15+ patients.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixtures } from '../../demo/seed/fixtures';
import { ValidatingRepository } from '../../demo/fhir/repository';
import { indexFhirDefinitions } from '../../demo/fhir/definitions';
import { FhirRouter } from '@medplum/fhir-router';
import type { DemoServer } from '../../demo/server';
import { fhir, startTestDemo } from './support';
import { FIXTURES_DIR } from '../support/fixtures';

let demo: DemoServer;
let token: string;
beforeAll(async () => {
  demo = await startTestDemo({ fixturesDir: FIXTURES_DIR });
  token = demo.issueToken('user/*.rs');
});
afterAll(() => demo?.close());

describe('seed at start-up', () => {
  it('loads at least 15 synthetic patients, every one readable over FHIR', async () => {
    expect(demo.seed!.patients.length).toBeGreaterThanOrEqual(15);
    for (const p of demo.seed!.patients) expect((await fhir(demo, `Patient/${p.id}`, { token })).status, p.id).toBe(200);
    const prac = await fhir(demo, 'Practitioner?_count=100', { token });
    const quals = prac.json.entry.map((e: any) => e.resource.qualification?.[0]?.code?.text);
    expect(quals).toEqual(expect.arrayContaining(['huisarts', 'wijkverpleegkundige', 'SEH-arts', 'verpleegkundige']));
    const teams = await fhir(demo, 'CareTeam?_count=100', { token });
    expect(teams.json.entry.some((e: any) => /TOPZ/.test(e.resource.name ?? ''))).toBe(true);
    const wards = await fhir(demo, 'Location?_count=100', { token });
    expect(wards.json.entry.length).toBeGreaterThanOrEqual(2);
  });
});

describe('fixtures', () => {
  it('loads every Nictiz example with its id, so references resolve', async () => {
    expect(demo.seed!.fixtures.nictiz).toBe(32);
    expect(demo.seed!.fixtures.skipped).toEqual([]);
    const refs = new Set<string>();
    for (const type of ['CareTeam', 'Consent', 'RelatedPerson', 'PractitionerRole', 'Condition']) {
      const bundle = await fhir(demo, `${type}?_count=500`, { token });
      const nictiz = bundle.json.entry.filter((e: any) => e.resource.id.startsWith('nl-core-'));
      expect(nictiz.length, type).toBeGreaterThan(0);
      JSON.stringify(nictiz).replace(/"reference":"([A-Za-z]+\/[^"]+)"/g, (_m: string, r: string) => (refs.add(r), ''));
    }
    expect(refs.size).toBeGreaterThan(10);
    for (const r of refs) expect((await fhir(demo, r, { token })).status, r).toBe(200);
    const nr = await fhir(demo, 'Consent?patient=Patient/nl-core-Patient-01', { token });
    expect(nr.json.entry.length).toBeGreaterThanOrEqual(1);
  });

  it('posts the Synthea bundles as transactions, keeping the patient ids stable', async () => {
    expect(demo.seed!.fixtures.synthea.map((s) => s.file.split('_').slice(0, 2).join(' '))).toEqual(['Birgit Schmeler', 'Max Dicki', 'Michele Wolf', 'Ned Hintz']);
    const wolf = await fhir(demo, 'Patient/0f49d2d0-59be-4f72-a22b-0a582367b44b', { token });
    expect(wolf.json.name[0].family).toMatch(/Wolf/);
    const conds = await fhir(demo, 'Condition?subject=Patient/0f49d2d0-59be-4f72-a22b-0a582367b44b', { token });
    expect(conds.json.entry.length).toBeGreaterThanOrEqual(1);
  });

  it('reports, does not crash, when the fixtures are absent', async () => {
    indexFhirDefinitions();
    const report = await loadFixtures(new ValidatingRepository(), new FhirRouter(), '/nonexistent/fixtures');
    expect(report.warnings[0]).toMatch(/not found/);
    expect(report.nictiz).toBe(0);
  });
});
