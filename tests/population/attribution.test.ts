// Which patient a resource belongs to, as DuckDB reads it (store.ts index()) and as the pathway engine
// reads it (buildRecord): where the two could differ, the population run must not lose or misfile a
// resource silently. A CareTeam naming its patient only as a later participant is the patient's (as
// `npm run evaluate` has it); a resource the two readers attribute differently (duplicate keys: DuckDB
// takes the first, JSON.parse the last) is a failure with file:line, never another patient's record.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRecord, evaluateRecord } from '../../lib/pathway/index';
import { runPopulation } from '../../lib/population/run';

const NOW = new Date('2024-06-15T10:00:00+02:00');
const SNOMED = 'http://snomed.info/sct';
const lines = (...rs: (object | string)[]) => rs.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';
const palliative = (id: string, patient: string) => ({
  resourceType: 'Condition', id, subject: { reference: `Patient/${patient}` },
  clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
  code: { coding: [{ system: SNOMED, code: '103735009' }] }, onsetDateTime: '2024-05-01',
});

async function population(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'pz-attr-'));
  const nd = join(dir, 'nd');
  mkdirSync(nd);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(nd, name), text);
  const out = join(dir, 'out');
  const summary = await runPopulation({ ndjsonDir: nd, outDir: out, now: NOW, progress: false, batchSize: 1 });
  const worklist = JSON.parse(readFileSync(join(out, 'worklist.json'), 'utf8'));
  const { indicators } = JSON.parse(readFileSync(join(out, 'indicators.json'), 'utf8'));
  return { summary, worklist, indicators };
}

describe('population attribution', () => {
  it('a CareTeam whose patient is not its first participant is that patient\'s (as npm run evaluate reads it)', async () => {
    const team = {
      resourceType: 'CareTeam', id: 'ct1', status: 'active',
      participant: [
        { role: [{ coding: [{ system: SNOMED, code: '768832004' }] }], member: { reference: 'Practitioner/pr1', display: 'J. de Vries' } },
        { member: { reference: 'Patient/p1' } },
      ],
    };
    const resources = [{ resourceType: 'Patient', id: 'p1', birthDate: '1950-01-01' }, palliative('c1', 'p1'), team];
    const { worklist, indicators } = await population({ 'Patient.ndjson': lines(resources[0]), 'Condition.ndjson': lines(resources[1]), 'CareTeam.ndjson': lines(team) });
    const expected = buildRecord(resources).records.map((r) => evaluateRecord(r, { now: NOW }));
    expect(worklist.results.map((r: { prompts: unknown }) => r.prompts)).toEqual(expected);
    const central = indicators.find((e: { id: string; period: string }) => e.id === 'centrale-zorgverlener' && e.period === 'total');
    expect(central).toMatchObject({ numerator: 1, denominator: 1 });
    expect(worklist.failures).toEqual([]);
  }, 120_000);

  it('an orphan to DuckDB that JSON.parse attributes (duplicate subject) is a failure with file:line', async () => {
    const { worklist, summary } = await population({
      'Patient.ndjson': lines({ resourceType: 'Patient', id: 'p1' }),
      'Condition.ndjson': lines(palliative('c1', 'p1'), '{"resourceType":"Condition","id":"c2","subject":{"reference":"Group/g1"},"subject":{"reference":"Patient/p1"}}'),
    });
    expect(worklist.failures).toEqual([{ source: 'Condition.ndjson:2', message: expect.stringMatching(/patient/) }]);
    expect(summary.failures).toEqual(worklist.failures);
    expect(worklist.unattributed).toEqual([]);
  }, 120_000);

  it('a resource DuckDB files under one patient and JSON.parse under another is a failure, never evaluated as the other patient', async () => {
    const p = (id: string) => ({ resourceType: 'Patient', id, birthDate: '1950-01-01' });
    const { worklist, summary } = await population({
      'Patient.ndjson': lines(p('p1'), p('p2')),
      'Condition.ndjson': lines(
        palliative('c1', 'p1'),
        // DuckDB: p1's; JSON.parse: p2's
        '{"resourceType":"Condition","id":"c2","subject":{"reference":"Patient/p1"},"subject":{"reference":"Patient/p2"},"clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":"103735009"}]},"onsetDateTime":"2024-05-01"}',
        // a group of its own for p3 (no Patient p3), which JSON.parse files under p4
        '{"resourceType":"Condition","id":"c3","subject":{"reference":"Patient/p3"},"subject":{"reference":"Patient/p4"}}',
      ),
    });
    const misfiled = { message: expect.stringMatching(/patient/) };
    expect(worklist.failures).toEqual([{ source: 'Condition.ndjson:2', ...misfiled }, { source: 'Condition.ndjson:3', ...misfiled }]);
    expect(summary.failures).toEqual(worklist.failures);
    // p2 evaluated on its own lines only; nothing is output as p4; p3 has no resource the engine files under it
    const expected = buildRecord([p('p1'), palliative('c1', 'p1'), p('p2')]).records.map((r) => ({ patient: r.patient, prompts: evaluateRecord(r, { now: NOW }) }));
    expect(worklist.results.map((r: { patient: string; prompts: unknown }) => ({ patient: r.patient, prompts: r.prompts }))).toEqual(expected);
  }, 120_000);
});
