// Handwritten NDJSON (from pathway.md alone) through the whole pipeline: indicators.json counts the
// death of 30 days ago in its month and at its ward (by the Location's name), numerators as the contract says.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CODE_SYSTEM as PZ } from '../../lib/pathway/index';
import { runPopulation } from '../../lib/population/run';

const NOW = new Date('2024-06-15T10:00:00+02:00');
const day = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();
const lines = (...rs: object[]) => rs.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe('indicators.json from handwritten NDJSON', () => {
  it('a death 30 days ago at Afdeling Oncologie: informed on day 1 (in), contact on day 25 (out)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pz-ind-'));
    const nd = join(dir, 'nd');
    mkdirSync(nd);
    writeFileSync(join(nd, 'Patient.ndjson'), lines(
      { resourceType: 'Patient', id: 'd1', name: [{ family: 'Visser', given: ['Ria'] }], birthDate: '1950-01-01', deceasedDateTime: day(30) },
      { resourceType: 'Patient', id: 'a1', name: [{ family: 'Bos' }], birthDate: '1960-01-01' },
    ));
    writeFileSync(join(nd, 'Location.ndjson'), lines({ resourceType: 'Location', id: 'onco', name: 'Afdeling Oncologie' }));
    writeFileSync(join(nd, 'Encounter.ndjson'), lines({
      resourceType: 'Encounter', id: 'e1', status: 'finished', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
      subject: { reference: 'Patient/d1' }, period: { start: day(35), end: day(30) }, location: [{ location: { reference: 'Location/onco' } }],
      hospitalization: { dischargeDisposition: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/discharge-disposition', code: 'exp' }] } },
    }));
    const task = (id: string, code: string, doneDaysAfterDeath: number) => ({
      resourceType: 'Task', id, status: 'completed', intent: 'order', code: { coding: [{ system: PZ, code }] }, for: { reference: 'Patient/d1' },
      executionPeriod: { end: day(30 - doneDaysAfterDeath) },
    });
    writeFileSync(join(nd, 'Task.ndjson'), lines(task('t1', 'overlijden-melden', 1), task('t2', 'nazorg-contact', 25)));
    const out = join(dir, 'out');
    await runPopulation({ ndjsonDir: nd, outDir: out, now: NOW, progress: false });
    const { indicators } = JSON.parse(readFileSync(join(out, 'indicators.json'), 'utf8'));
    const month = day(30).slice(0, 7);
    const find = (id: string, period: string, ward?: string) => indicators.find((e: { id: string; period: string; ward?: string }) => e.id === id && e.period === period && e.ward === ward);
    expect(find('overlijden-gemeld', 'total')).toMatchObject({ numerator: 1, denominator: 1, patients: { numerator: ['Patient/d1'], denominator: ['Patient/d1'], unreadable: [] } });
    expect(find('overlijden-gemeld', month, 'Afdeling Oncologie')).toMatchObject({ numerator: 1, denominator: 1 });
    expect(find('nazorg-contact-tijdig', 'total')).toMatchObject({ numerator: 0, denominator: 1 });
    // 30 days: not yet past the 42-day window of the nazorggesprek
    expect(find('nazorggesprek-tijdig', 'total')).toMatchObject({ numerator: 0, denominator: 0 });
    // the living patient is in no denominator (no signal, not palliative)
    for (const e of indicators) expect(e.patients.denominator).not.toContain('Patient/a1');
    const csv = readFileSync(join(out, 'worklist.csv'), 'utf8');
    expect(csv).toContain('Ria Visser');
  }, 120_000);
});
