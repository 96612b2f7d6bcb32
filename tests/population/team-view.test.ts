// The team screen's JSON from the output files of a real population run (the demo's own run: Bulk Data
// export of the whole hospital, `npm run population`, files in <dir>/latest): every patient with prompts,
// named as the FHIR Patient names them and placed on the ward the Location names, never by id; the
// filters and their counts; and the CSV reader on quoted cells.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoServer } from '../../demo/server';
import { readTeamView } from '../../demo/population/runner';
import { buildTeamView, filterOptions, filterPatients, groupByWard, NO_WARD, parseCsv, patientMatchesListName, sameFhirBase, wardCodeCounts, type TeamView } from '../../lib/population/team-view';
import { fhir, startTestDemo } from '../demo/support';

const tmp = mkdtempSync(join(tmpdir(), 'pz-team-view-'));
const latest = join(tmp, 'runs', 'latest');
let demo: DemoServer;
let view: TeamView;
let worklist: { results: { patient: string; prompts: { code: string; key: string }[] }[] };

beforeAll(async () => {
  demo = await startTestDemo({ population: 40, backendKeyFile: join(tmp, 'backend.jwk'), teamRuns: { dir: join(tmp, 'runs') } });
  await demo.teamRuns.start();
  view = readTeamView(latest)!;
  worklist = JSON.parse(readFileSync(join(latest, 'worklist.json'), 'utf8'));
}, 600_000);
afterAll(async () => demo?.close());

const nameOf = (p: { name?: { text?: string; given?: string[]; family?: string }[] }) => {
  const n = p.name?.[0];
  return n?.text ?? [...(n?.given ?? []), n?.family].filter(Boolean).join(' ');
};

describe('buildTeamView on a real run', () => {
  it('has every patient with prompts, with exactly the run’s prompts', () => {
    expect(view).toBeDefined();
    const withPrompts = worklist.results.filter((r) => r.prompts.length > 0);
    expect(withPrompts.length).toBeGreaterThan(10);
    expect(view.evaluated).toBe(worklist.results.length);
    expect(view.patients.map((p) => `Patient/${p.id}`).sort()).toEqual(withPrompts.map((r) => r.patient).sort());
    for (const r of withPrompts) {
      const p = view.patients.find((x) => `Patient/${x.id}` === r.patient)!;
      expect(p.prompts.map((x) => `${x.code}|${x.key}`).sort()).toEqual(r.prompts.map((x) => `${x.code}|${x.key}`).sort());
    }
  });

  it('names each patient as the FHIR Patient does and each ward by its Location name, never an id', async () => {
    const token = demo.issueToken('user/*.rs');
    const wardNames = new Set<string>();
    for (const id of ['ward-interne', 'ward-longziekten', 'loc-seh']) wardNames.add((await fhir(demo, `Location/${id}`, { token })).json.name);
    let onWard = 0;
    for (const p of view.patients) {
      const patient = (await fhir(demo, `Patient/${p.id}`, { token })).json;
      expect(p.name).toBe(nameOf(patient));
      expect(p.name).not.toMatch(/Patient\/|pop-\d/);
      if (p.ward !== undefined) {
        onWard++;
        expect([...wardNames, 'onbekende afdeling']).toContain(p.ward);
      }
    }
    expect(onWard).toBeGreaterThan(3);
    // the wards of the demo's admitted patients are resolved to their names
    expect(view.patients.filter((p) => p.ward && wardNames.has(p.ward)).length).toBeGreaterThan(3);
    // what the screen shows (names, wards, summaries; the id and the ack key are never shown) has no FHIR id
    expect(JSON.stringify(view.patients.map((p) => [p.name, p.ward, p.prompts.map((x) => x.summary)]))).not.toMatch(/(Patient|Location|Encounter)\/[A-Za-z0-9-]+/);
  });

  it('carries the run’s indicator entries with both counts', () => {
    const indicators = JSON.parse(readFileSync(join(latest, 'indicators.json'), 'utf8')).indicators as { id: string; period: string; numerator: number; denominator: number }[];
    expect(view.indicators.map((e) => [e.id, e.period, e.numerator, e.denominator])).toEqual(indicators.map((e) => [e.id, e.period, e.numerator, e.denominator]));
    expect(view.indicators.filter((e) => e.period === 'total').length).toBe(9);
  });

  it('filters by ward, code and urgency; the options count the patients under the other filters', () => {
    const ward = view.patients.find((p) => p.ward)!.ward!;
    const onWard = filterPatients(view.patients, { ward });
    expect(onWard.length).toBe(view.patients.filter((p) => p.ward === ward).length);
    const code = onWard[0].prompts[0].code;
    const both = filterPatients(view.patients, { ward, code });
    expect(both.length).toBeGreaterThan(0);
    for (const p of both) {
      expect(p.ward).toBe(ward);
      expect(p.prompts.every((x) => x.code === code)).toBe(true);
    }
    expect(both.length).toBe(view.patients.filter((p) => p.ward === ward && p.prompts.some((x) => x.code === code)).length);
    const opts = filterOptions(view.patients, { ward });
    expect(opts.codes.find((o) => o.value === code)!.patients).toBe(both.length);
    expect(opts.wards.reduce((n, o) => n + o.patients, 0)).toBe(view.patients.length);
    const critical = filterPatients(view.patients, { indicator: 'critical' });
    expect(critical.every((p) => p.prompts.every((x) => x.indicator === 'critical'))).toBe(true);
    expect(filterPatients(view.patients, { ward: NO_WARD }).every((p) => p.ward === undefined)).toBe(true);
  });

  it('groups by ward (named wards first) and counts prompts per ward and code', () => {
    const groups = groupByWard(view.patients);
    expect(groups.reduce((n, g) => n + g.patients.length, 0)).toBe(view.patients.length);
    expect(new Set(groups.map((g) => g.ward)).size).toBe(groups.length);
    const noWard = groups.findIndex((g) => g.ward === undefined);
    if (noWard >= 0) expect(noWard).toBe(groups.length - 1);
    const counts = wardCodeCounts(view.patients);
    expect(counts.reduce((n, c) => n + c.count, 0)).toBe(view.patients.reduce((n, p) => n + p.prompts.length, 0));
  });
});

describe('run.json: where the run came from and whether the export was complete', () => {
  it('the real run names its FHIR base and group and says the export was complete', () => {
    const run = JSON.parse(readFileSync(join(latest, 'run.json'), 'utf8'));
    expect(run).toMatchObject({ source: { server: demo.fhirBase, group: 'group-ziekenhuis' }, exportErrors: [], notOffered: [], exitCode: expect.any(Number) });
    expect([0, 1]).toContain(run.exitCode);
    expect(view.source).toEqual({ server: demo.fhirBase, group: 'group-ziekenhuis' });
    expect(view.completeness).toEqual({ complete: true, known: true, exportErrors: [], notOffered: [] });
  });

  it('failed export files and types not offered make the view incomplete; without run.json it is unknown', () => {
    const files = { worklist: { now: '2024-06-15T08:00:00.000Z', results: [], failures: [] }, csv: 'patient,naam\r\n', indicators: { indicators: [] } };
    const v = buildTeamView({ ...files, run: JSON.stringify({ source: { server: 'https://bulk.example/fhir' }, exportErrors: ['Condition', 'Condition'], notOffered: ['Flag'], exitCode: 3, ranAt: 'x' }) });
    expect(v.source).toEqual({ server: 'https://bulk.example/fhir' });
    expect(v.completeness).toEqual({ complete: false, known: true, exportErrors: ['Condition'], notOffered: ['Flag'] });
    const old = buildTeamView(files);
    expect(old.source).toBeUndefined();
    expect(old.completeness).toEqual({ complete: false, known: false, exportErrors: [], notOffered: [] });
  });
});

describe('before a listed patient opens: the same FHIR server, the same name', () => {
  it('compares FHIR bases without case of scheme/host, trailing slash or query', () => {
    expect(sameFhirBase('https://FHIR.ziekenhuis.nl/r4/', 'https://fhir.ziekenhuis.nl/r4')).toBe(true);
    expect(sameFhirBase('https://fhir.ziekenhuis.nl/r4', 'https://fhir.ziekenhuis.nl/r4?x=1')).toBe(true);
    expect(sameFhirBase('https://bulk.ziekenhuis.nl/r4', 'https://fhir.ziekenhuis.nl/r4')).toBe(false);
    expect(sameFhirBase('https://fhir.ziekenhuis.nl/r4', 'https://fhir.ziekenhuis.nl/R4')).toBe(false);
    expect(sameFhirBase('http://fhir.ziekenhuis.nl/r4', 'https://fhir.ziekenhuis.nl/r4')).toBe(false);
    expect(sameFhirBase('niet een url', 'niet een url')).toBe(false);
  });

  it('matches the list name against any of the Patient’s names; no name only matches no name', () => {
    const p = { resourceType: 'Patient', name: [{ use: 'official', given: ['Henk'], family: 'Jansen' }, { use: 'usual', text: 'Henkie' }] };
    expect(patientMatchesListName('Henk Jansen', p)).toBe(true);
    expect(patientMatchesListName(' henk  JANSEN ', p)).toBe(true);
    expect(patientMatchesListName('Henkie', p)).toBe(true);
    expect(patientMatchesListName('Ans Dijkstra', p)).toBe(false);
    expect(patientMatchesListName(undefined, p)).toBe(false);
    expect(patientMatchesListName(undefined, { resourceType: 'Patient' })).toBe(true);
    expect(patientMatchesListName('Henk Jansen', undefined)).toBe(false);
  });

  it('on the real run every listed patient matches the Patient the server gives for its id', async () => {
    const token = demo.issueToken('user/*.rs');
    expect(sameFhirBase(view.source!.server!, demo.fhirBase)).toBe(true);
    for (const p of view.patients) expect(patientMatchesListName(p.name, (await fhir(demo, `Patient/${p.id}`, { token })).json), p.id).toBe(true);
  });
});

describe('buildTeamView details', () => {
  it('reads quoted CSV cells (commas, quotes, line breaks) and falls back when the CSV names nobody', () => {
    expect(parseCsv('a,b\r\n"x, ""y""","z\nw"\r\n')).toEqual([
      ['a', 'b'],
      ['x, "y"', 'z\nw'],
    ]);
    const v = buildTeamView({
      worklist: { now: '2024-06-15T08:00:00.000Z', results: [{ patient: 'Patient/a', prompts: [{ code: 'kindcheck', indicator: 'warning', summary: 's', key: 'k' }] }, { patient: 'Patient/b', prompts: [] }], failures: [] },
      csv: 'patient,naam,afdeling,code,indicator,due,samenvatting\r\n',
      indicators: { indicators: [] },
    });
    expect(v.patients).toEqual([{ id: 'a', prompts: [{ code: 'kindcheck', indicator: 'warning', summary: 's', key: 'k' }] }]);
    expect(v.evaluated).toBe(2);
  });
});
