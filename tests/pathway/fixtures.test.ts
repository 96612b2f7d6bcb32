// Real data nobody on this project wrote: zib2020 examples (XML → JSON with the `fhir` package) and
// Synthea R4 transaction bundles.
import { describe, expect, it } from 'vitest';
import { evaluate, evaluatePatient, parseConfig, type Prompt } from '../../lib/pathway/index';
import { loadNictiz, loadNictizAll, loadSynthea } from '../support/fixtures';

const codes = (ps: Prompt[]) => ps.map((p) => p.code).sort();
const NOW = new Date('2024-06-15T10:00:00+02:00');

function sehFor(patientId: string) {
  return {
    resourceType: 'Encounter',
    id: `seh-${patientId}`,
    status: 'in-progress',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'EMER' },
    subject: { reference: `Patient/${patientId}` },
    period: { start: '2024-06-15T08:00:00+02:00' },
  };
}
function palliativeFor(patientId: string) {
  return {
    resourceType: 'Condition',
    id: `pall-${patientId}`,
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
    code: { coding: [{ system: 'http://snomed.info/sct', code: '103735009' }] },
    subject: { reference: `Patient/${patientId}` },
    onsetDateTime: '2024-05-01',
  };
}

describe('Nictiz zib2020 examples', () => {
  it('TreatmentDirective2-02: SpecificationOther is shown with its text, not read as permit/deny', () => {
    const pid = 'nl-core-TreatmentDirective2-02-Patient-01';
    const res = evaluatePatient([loadNictiz(pid), loadNictiz('nl-core-TreatmentDirective2-02'), sehFor(pid)], { now: NOW });
    expect(res.errors).toEqual([]);
    const known = res.prompts.find((p) => p.code === 'behandelwensen-known');
    expect(known?.indicator).toBe('info');
    expect(known?.directives).toEqual([
      expect.objectContaining({ id: 'nl-core-TreatmentDirective2-02', treatment: 'Reanimatie', decision: 'other', specificationOther: 'eerst overleg met echtgenote' }),
    ]);
    expect(known?.detail).toContain('eerst overleg met echtgenote');
  });

  it('TreatmentDirective2-01 (inactive, ended 2012) is not shown; AdvanceDirective-01 NR is, as critical', () => {
    const pid = 'nl-core-Patient-01';
    const resources = [loadNictiz(pid), loadNictiz('nl-core-TreatmentDirective2-01'), loadNictiz('nl-core-AdvanceDirective-01'), sehFor(pid)];
    const known = evaluatePatient(resources, { now: NOW, patient: `Patient/${pid}` }).prompts.find((p) => p.code === 'behandelwensen-known');
    expect(known?.indicator).toBe('critical');
    expect(known?.directives?.map((d) => [d.id, d.kind, d.decision, d.treatment])).toEqual([
      ['nl-core-AdvanceDirective-01', 'advance-directive', 'deny', 'Niet-reanimerenverklaring'],
    ]);
    // without the advance directive nothing active remains
    const onlyOld = evaluatePatient([loadNictiz(pid), loadNictiz('nl-core-TreatmentDirective2-01'), sehFor(pid)], { now: NOW });
    expect(codes(onlyOld.prompts)).not.toContain('behandelwensen-known');
  });

  it('the volmacht (advance directive VOL) is listed but not as a limit', () => {
    const pid = 'nl-core-Patient-01';
    const res = evaluatePatient([loadNictiz(pid), loadNictiz('nl-core-TreatmentDirective2-01-Consent-01'), sehFor(pid)], { now: NOW });
    const known = res.prompts.find((p) => p.code === 'behandelwensen-known');
    expect(known?.indicator).toBe('info');
    expect(known?.directives?.[0]).toMatchObject({ treatment: 'Volmacht', decision: 'unknown' });
  });

  it('ContactPerson-01 is a naaste (no naasten-unknown) but not a mantelzorger (no caregiver-burden)', () => {
    const pid = 'nl-core-Patient-01';
    // the example Patient lists its contacts in Patient.contact too: take those out to see the RelatedPerson count
    const bare = { ...loadNictiz(pid), contact: undefined };
    expect(codes(evaluatePatient([loadNictiz(pid), palliativeFor(pid)], { now: NOW }).prompts)).not.toContain('naasten-unknown');
    const without = evaluatePatient([bare, palliativeFor(pid)], { now: NOW });
    expect(codes(without.prompts)).toContain('naasten-unknown');
    const withContact = evaluatePatient([bare, palliativeFor(pid), loadNictiz('nl-core-ContactPerson-01')], { now: NOW });
    expect(withContact.errors).toEqual([]);
    expect(codes(withContact.prompts)).not.toContain('naasten-unknown');
    expect(codes(withContact.prompts)).not.toContain('caregiver-burden');
  });

  it('CareTeam-01 (no subject: the patient is a participant) has no central caregiver; matched as palliative team when configured', () => {
    const pid = 'nl-core-CareTeam-01-Patient-01';
    const team = loadNictizAll('nl-core-CareTeam-01');
    const res = evaluatePatient([...team, palliativeFor(pid)], { now: NOW, patient: `Patient/${pid}` });
    expect(res.errors).toEqual([]);
    expect(codes(res.prompts)).toContain('central-caregiver-missing');
    // the name "Complexe Ouderenzorg" is not TOPZ
    expect(codes(evaluatePatient([...team, sehFor(pid)], { now: NOW, patient: `Patient/${pid}` }).prompts)).not.toContain('topz-consult');
    const cfg = parseConfig({ palliativeTeam: { name: 'Complexe Ouderenzorg' } });
    const topz = evaluatePatient([...team, sehFor(pid)], { now: NOW, patient: `Patient/${pid}`, config: cfg }).prompts.find((p) => p.code === 'topz-consult');
    expect(topz?.summary).toContain('Complexe Ouderenzorg');
  });

  it('every zib2020 example converts and evaluates without errors', () => {
    const res = evaluate(loadNictizAll(), { now: NOW });
    expect(res.length).toBeGreaterThan(2);
    expect(res.flatMap((r) => r.errors)).toEqual([]);
  });
});


describe('Synthea bundles', () => {
  it('Michele Wolf, 35 days after her death (5 April 2016): the nazorg prompts', () => {
    const [res] = evaluate([loadSynthea('Michele_Wolf')], { now: new Date('2016-05-10T12:00:00+02:00') });
    expect(res.errors).toEqual([]);
    expect(codes(res.prompts)).toEqual(['nazorg-contact-due', 'nazorg-owner-missing', 'nazorggesprek-due']);
    const byCode = Object.fromEntries(res.prompts.map((p) => [p.code, p]));
    expect(byCode['nazorg-owner-missing'].indicator).toBe('critical');
    expect(byCode['nazorg-contact-due'].indicator).toBe('critical');
    expect(byCode['nazorggesprek-due'].indicator).toBe('warning');
    expect(byCode['nazorggesprek-due'].due).toBe('2016-05-17');
    expect(byCode['nazorggesprek-due'].detail).toContain('5 april 2016');
  });

  it('Michele Wolf, the day after her death: inform the caregivers', () => {
    const [res] = evaluate([loadSynthea('Michele_Wolf')], { now: new Date('2016-04-06T09:00:00+02:00') });
    expect(codes(res.prompts)).toEqual(['death-inform-caregivers', 'nazorg-owner-missing']);
  });

  it('Michele Wolf, 184 days after her death: nothing', () => {
    const [res] = evaluate([loadSynthea('Michele_Wolf')], { now: new Date('2016-10-06T12:00:00+02:00') });
    expect(res.prompts).toEqual([]);
  });

  it('Ned Hintz (young, no serious illness) gives no prompt', () => {
    for (const now of ['2021-06-01T12:00:00Z', '2024-06-15T12:00:00Z']) {
      const [res] = evaluate([loadSynthea('Ned_Hintz')], { now: new Date(now) });
      expect(res.errors).toEqual([]);
      expect(res.prompts).toEqual([]);
    }
  });

  it('Birgit Schmeler: COPD (185086009) signals the surprise question', () => {
    const [res] = evaluate([loadSynthea('Birgit_Schmeler')], { now: new Date('2021-06-01T12:00:00Z') });
    expect(codes(res.prompts)).toEqual(['surprise-question']);
    expect(res.prompts[0].indicator).toBe('info');
    expect(res.prompts[0].detail).toContain('Chronic obstructive bronchitis');
  });

  it('Max Dicki: Alzheimer (26929004) signals the surprise question; "not surprised" then asks to mark', () => {
    const bundle = loadSynthea('Max_Dicki');
    const [res] = evaluate([bundle], { now: new Date('2021-06-01T12:00:00Z') });
    expect(codes(res.prompts)).toEqual(['surprise-question']);
    expect(res.prompts[0].detail).toContain("Alzheimer's disease");
    const pid = res.patient.split('/')[1];
    const answer = {
      resourceType: 'Observation',
      id: 'sq-max',
      status: 'final',
      code: { coding: [{ system: 'http://palliatief-zorgpad.example/fhir/CodeSystem/pathway', code: 'surprise-question' }] },
      subject: { reference: `urn:uuid:${pid}` },
      effectiveDateTime: '2021-05-20T10:00:00+02:00',
      valueBoolean: false,
    };
    bundle.entry.push({ fullUrl: 'urn:uuid:sq-max', resource: answer });
    const [after] = evaluate([bundle], { now: new Date('2021-06-01T12:00:00Z') });
    expect(codes(after.prompts)).toEqual(['mark-palliative-phase']);
  });

  it('all four bundles evaluate without errors, together', () => {
    const res = evaluate(['Michele_Wolf', 'Ned_Hintz', 'Birgit_Schmeler', 'Max_Dicki'].map(loadSynthea), { now: new Date('2021-06-01T12:00:00Z') });
    expect(res).toHaveLength(4);
    expect(res.flatMap((r) => r.errors)).toEqual([]);
  });
});
