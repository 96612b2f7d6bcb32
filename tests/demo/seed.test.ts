// The demo's seed data, run through the real pathway engine: each patient shows exactly the prompts its
// comment promises, every prompt code of pathway.md shows somewhere, on any day of the year.
import { describe, expect, it } from 'vitest';
import { evaluatePatient, PROMPT_CODES, type Prompt } from '../../lib/pathway/index';
import { indexFhirDefinitions } from '../../demo/fhir/definitions';
import { assertValidResource } from '../../demo/fhir/repository';
import { seedResources } from '../../demo/seed/index';

// a Saturday (HAP hours), a Monday in office hours, both DST switches, a leap day, New Year's Eve
const NOWS = ['2024-06-15T10:00:00+02:00', '2025-03-31T09:30:00+02:00', '2025-03-30T03:30:00+02:00', '2025-10-26T02:30:00+01:00', '2028-02-29T23:30:00+01:00', '2026-12-31T23:59:00+01:00'].map((s) => new Date(s));

function promptsOf(resources: Record<string, unknown>[], patientId: string, now: Date): Prompt[] {
  // the hospital's TOPZ team itself belongs to no patient: not part of any record
  const record = resources.filter((r) => !(r.resourceType === 'CareTeam' && !r.subject));
  const r = evaluatePatient(record, { now, patient: `Patient/${patientId}` });
  expect(r.errors, `${patientId}: ${JSON.stringify(r.errors)}`).toEqual([]);
  return r.prompts;
}

describe('demo seed', () => {
  for (const now of NOWS) {
    it(`each patient shows exactly its intended prompts at ${now.toISOString()}`, () => {
      const { patients, resources } = seedResources(now);
      for (const p of patients) {
        const codes = promptsOf(resources, p.id, now).map((x) => x.code).sort();
        expect(codes, p.id).toEqual([...p.prompts].sort());
      }
    });
  }

  it('covers every prompt code of pathway.md, and some patients have none', () => {
    const { patients } = seedResources(NOWS[0]);
    const shown = new Set(patients.flatMap((p) => p.prompts));
    expect(PROMPT_CODES.filter((c) => !shown.has(c))).toEqual([]);
    expect(patients.filter((p) => p.prompts.length === 0).length).toBeGreaterThanOrEqual(2);
  });

  it('has at least 15 patients with Dutch names and clearly fake, unique BSNs', () => {
    const { resources } = seedResources(NOWS[0]);
    const pts = resources.filter((r) => r.resourceType === 'Patient') as { identifier: { system: string; value: string }[]; name: { text: string }[] }[];
    expect(pts.length).toBeGreaterThanOrEqual(15);
    const bsns = pts.map((p) => p.identifier.find((i) => i.system === 'http://fhir.nl/fhir/NamingSystem/bsn')?.value);
    for (const b of bsns) expect(b).toMatch(/^9990\d{5}$/);
    expect(new Set(bsns).size).toBe(bsns.length);
  });

  it('shows the indicators the scenarios are about', () => {
    const now = NOWS[0];
    const { resources } = seedResources(now);
    const get = (id: string, code: string) => promptsOf(resources, id, now).find((p) => p.code === code);
    expect(get('pz-joke-smit', 'behandelwensen-known')?.indicator).toBe('critical');
    expect(get('pz-gerrit-bos', 'nazorg-contact-due')?.indicator).toBe('warning');
    expect(get('pz-truus-peters', 'nazorg-contact-due')?.indicator).toBe('critical');
    expect(get('pz-maria-van-dijk', 'nazorg-owner-missing')?.indicator).toBe('critical');
    expect(get('pz-cor-hendriks', 'death-inform-caregivers')?.indicator).toBe('warning');
    expect(get('pz-hans-koster', 'nazorggesprek-due')?.indicator).toBe('warning');
    expect(get('pz-lotte-de-graaf', 'nazorggesprek-due')?.indicator).toBe('warning');
    expect(get('pz-henk-jansen', 'surprise-question')?.indicator).toBe('warning');
    expect(get('pz-ans-dijkstra', 'handover-gaps')?.indicator).toBe('warning');
  });

  it('every seed resource is valid FHIR R4', () => {
    indexFhirDefinitions();
    const { resources } = seedResources(NOWS[0]);
    for (const r of resources) expect(() => assertValidResource(r), `${r.resourceType}/${r.id}`).not.toThrow();
  });
});
