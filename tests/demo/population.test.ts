// The generated population (`--population N`): the same seed gives the same patients, dates follow
// the demo's now, and the real rules fire across the pathway, deaths and nazorg included.
import { describe, expect, it } from 'vitest';
import { evaluatePatient } from '../../lib/pathway/index';
import { indexFhirDefinitions } from '../../demo/fhir/definitions';
import { assertValidResource } from '../../demo/fhir/repository';
import { populationPatients } from '../../demo/seed/population';

const NOW = new Date('2026-11-23T10:00:00+01:00');

describe('population generator', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = [...populationPatients(30, NOW, 5)];
    const b = [...populationPatients(30, NOW, 5)];
    const c = [...populationPatients(30, NOW, 6)];
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });

  it('writes valid FHIR with unique ids and BSNs', () => {
    indexFhirDefinitions();
    const ids = new Set<string>();
    const bsns = new Set<string>();
    for (const p of populationPatients(120, NOW, 1)) {
      for (const r of p.resources) {
        assertValidResource(r);
        const key = `${r.resourceType}/${r.id}`;
        expect(ids.has(key), key).toBe(false);
        ids.add(key);
        if (r.resourceType === 'Patient') bsns.add((r.identifier as { value: string }[])[0].value);
      }
    }
    expect(bsns.size).toBe(120);
  });

  it('makes the rules fire across the pathway, including deaths and nazorg, with dates relative to now', () => {
    const codes = new Map<string, number>();
    let deceased = 0;
    for (const p of populationPatients(400, NOW, 1)) {
      const pt = p.resources[0] as { deceasedDateTime?: string };
      if (pt.deceasedDateTime) {
        deceased++;
        const days = (NOW.getTime() - Date.parse(pt.deceasedDateTime)) / 86_400_000;
        expect(days).toBeGreaterThanOrEqual(-0.01);
        expect(days).toBeLessThanOrEqual(71);
      }
      const r = evaluatePatient(p.resources, { now: NOW, patient: `Patient/${p.id}` });
      expect(r.errors, p.id).toEqual([]);
      for (const pr of r.prompts) codes.set(pr.code, (codes.get(pr.code) ?? 0) + 1);
    }
    expect(deceased).toBeGreaterThan(40);
    for (const c of ['surprise-question', 'mark-palliative-phase', 'behandelwensen-missing', 'death-inform-caregivers', 'nazorg-owner-missing', 'nazorg-contact-due', 'nazorggesprek-due', 'nazorg-brochure', 'handover-gaps']) {
      expect(codes.get(c) ?? 0, c).toBeGreaterThan(0);
    }
  });
});
