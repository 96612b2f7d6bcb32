// Ward names in the population outputs (run.ts wardName): a bed Location is counted at the ward up its
// partOf chain (zib: ward, room, bed), and a Location the export does not hold at the encounter's inline
// display, not at 'onbekende afdeling'.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPopulation } from '../../lib/population/run';

const NOW = new Date('2024-06-15T10:00:00+02:00');
const lines = (...rs: object[]) => rs.map((r) => JSON.stringify(r)).join('\n') + '\n';
const PT = 'http://terminology.hl7.org/CodeSystem/location-physical-type';
const palliative = (id: string, patient: string) => ({
  resourceType: 'Condition', id, subject: { reference: `Patient/${patient}` },
  clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
  code: { coding: [{ system: 'http://snomed.info/sct', code: '103735009' }] }, onsetDateTime: '2024-05-01',
});
const stay = (id: string, patient: string, location: object[]) => ({
  resourceType: 'Encounter', id, status: 'in-progress', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
  subject: { reference: `Patient/${patient}` }, period: { start: '2024-06-10T08:00:00+02:00' }, location,
});

describe('population ward names', () => {
  it('a bed resolves to its ward; a missing Location to the inline display', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pz-ward-'));
    const nd = join(dir, 'nd');
    mkdirSync(nd);
    writeFileSync(join(nd, 'Patient.ndjson'), lines({ resourceType: 'Patient', id: 'a1', birthDate: '1950-01-01' }, { resourceType: 'Patient', id: 'a2', birthDate: '1950-01-01' }));
    writeFileSync(join(nd, 'Condition.ndjson'), lines(palliative('c1', 'a1'), palliative('c2', 'a2')));
    writeFileSync(join(nd, 'Location.ndjson'), lines(
      { resourceType: 'Location', id: 'b3', name: 'Interne B3', physicalType: { coding: [{ system: PT, code: 'wa' }] } },
      { resourceType: 'Location', id: 'b3-k3', name: 'Kamer 3', physicalType: { coding: [{ system: PT, code: 'ro' }] }, partOf: { reference: 'Location/b3' } },
      { resourceType: 'Location', id: 'b3-k3-12', name: 'Bed 3.12', physicalType: { coding: [{ system: PT, code: 'bd' }] }, partOf: { reference: 'Location/b3-k3' } },
    ));
    writeFileSync(join(nd, 'Encounter.ndjson'), lines(
      stay('e1', 'a1', [{ location: { reference: 'Location/b3-k3-12', display: 'Interne B3, kamer 3, bed 3.12' } }]),
      stay('e2', 'a2', [{ location: { reference: 'Location/ger', display: 'Afdeling Geriatrie' } }]),
    ));
    const out = join(dir, 'out');
    await runPopulation({ ndjsonDir: nd, outDir: out, now: NOW, progress: false });
    const { indicators } = JSON.parse(readFileSync(join(out, 'indicators.json'), 'utf8'));
    const wards = new Set(indicators.filter((e: { id: string }) => e.id === 'centrale-zorgverlener').map((e: { ward?: string }) => e.ward).filter(Boolean));
    expect([...wards].sort()).toEqual(['Afdeling Geriatrie', 'Interne B3']);
  }, 120_000);
});
