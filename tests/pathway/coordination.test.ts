// central-caregiver-missing, handover-gaps, medication-review (S3 Coördinatie, Informatieoverdracht, Medicatiereview).
import { describe, expect, it } from 'vitest';
import { HANDOVER_ITEMS } from '../../lib/pathway/index';
import {
  careTeam,
  carePlan,
  condition,
  daysAgo,
  docRef,
  encounter,
  goal,
  hoursAgo,
  hoursAhead,
  medication,
  meds,
  palliative,
  patient,
  procedure,
  promptFor,
  pz,
  snomed,
} from './support/builders';

const centralTeam = (end?: string) =>
  careTeam([{ role: [pz('centrale-zorgverlener'), snomed('768832004')], member: { reference: 'Practitioner/wv1', display: 'Wijkverpleegkundige Els' }, end }]);

describe('central-caregiver-missing', () => {
  it('fires (warning) for a palliative patient without a central caregiver', () => {
    const p = promptFor('central-caregiver-missing', [patient({ gp: 'dr. Bakker' }), palliative()]);
    expect(p?.indicator).toBe('warning');
    expect(p?.actions[0]).toMatchObject({ id: 'appoint-central-caregiver', params: { suggested: 'Practitioner/gp1' } });
  });

  it('both role encodings are recognised', () => {
    expect(promptFor('central-caregiver-missing', [patient(), palliative(), careTeam([{ role: [pz('centrale-zorgverlener')] }])])).toBeUndefined();
    expect(promptFor('central-caregiver-missing', [patient(), palliative(), careTeam([{ role: [snomed('768832004')] }])])).toBeUndefined();
    expect(promptFor('central-caregiver-missing', [patient(), palliative(), careTeam([{ role: [snomed('158965000')] }])])).toBeDefined();
  });

  it('an ended participant or inactive team does not count', () => {
    expect(promptFor('central-caregiver-missing', [patient(), palliative(), centralTeam(daysAgo(1))])).toBeDefined();
    expect(promptFor('central-caregiver-missing', [patient(), palliative(), centralTeam(daysAgo(-30))])).toBeUndefined();
    expect(
      promptFor('central-caregiver-missing', [patient(), palliative(), careTeam([{ role: [pz('centrale-zorgverlener')] }], { status: 'inactive' })]),
    ).toBeDefined();
  });

  it('not for non-palliative or deceased', () => {
    expect(promptFor('central-caregiver-missing', [patient()])).toBeUndefined();
    expect(promptFor('central-caregiver-missing', [patient({ deceasedDateTime: daysAgo(1) }), palliative()])).toBeUndefined();
  });
});

/** A record where every handover item is present. */
function completeHandover() {
  return [
    patient({ gp: 'dr. Bakker' }),
    palliative(),
    goal('713148004'),
    procedure(snomed('713603004'), daysAgo(20)),
    medication('active', 'Morfine', { authoredOn: daysAgo(100) }),
    docRef('mdo-verslag', daysAgo(10)),
    centralTeam(),
    carePlan('vervolgbeleid'),
    condition(snomed('22253000', 'pijn'), { category: [pz('lichamelijk')] }),
    carePlan('individueel-zorgplan'),
  ];
}

describe('handover-gaps', () => {
  const stay = (end: string, status = 'in-progress') => encounter('IMP', status, { start: daysAgo(5), end }, { id: 'stay1' });

  it('lists all nine items when nothing is recorded', () => {
    const p = promptFor('handover-gaps', [patient(), palliative(), stay(hoursAhead(20))]);
    expect(p?.missing).toEqual([...HANDOVER_ITEMS]);
    expect(p?.actions.map((a) => a.params?.item)).toEqual([...HANDOVER_ITEMS]);
    expect(p?.detail).toContain('lichamelijk, psychisch, sociaal, spiritueel');
    expect(p?.indicator).toBe('warning');
  });

  it('no prompt when every item is present', () => {
    expect(promptFor('handover-gaps', [...completeHandover(), stay(hoursAhead(20))])).toBeUndefined();
  });

  it('planned end 47 h ahead fires, 49 h ahead does not', () => {
    expect(promptFor('handover-gaps', [patient(), palliative(), stay(hoursAhead(47))])).toBeDefined();
    expect(promptFor('handover-gaps', [patient(), palliative(), stay(hoursAhead(49))])).toBeUndefined();
  });

  it('ended 23 h ago is critical, 25 h ago no prompt', () => {
    const p = promptFor('handover-gaps', [patient(), palliative(), stay(hoursAgo(23), 'finished')]);
    expect(p?.indicator).toBe('critical');
    expect(promptFor('handover-gaps', [patient(), palliative(), stay(hoursAgo(25), 'finished')])).toBeUndefined();
  });

  it('only inpatient stays (IMP/ACUTE), only palliative patients', () => {
    expect(promptFor('handover-gaps', [patient(), palliative(), encounter('ACUTE', 'in-progress', { start: daysAgo(1), end: hoursAhead(5) })])).toBeDefined();
    expect(promptFor('handover-gaps', [patient(), palliative(), encounter('AMB', 'in-progress', { start: daysAgo(1), end: hoursAhead(5) })])).toBeUndefined();
    expect(promptFor('handover-gaps', [patient(), stay(hoursAhead(5))])).toBeUndefined();
  });

  it('each item is detected on its own', () => {
    const all = completeHandover();
    const without = (pred: (r: Record<string, unknown>) => boolean) => all.filter((r) => !pred(r));
    const missingWhen = (resources: unknown[]) => promptFor('handover-gaps', [...resources, stay(hoursAhead(10))])?.missing;
    expect(missingWhen(without((r) => r.resourceType === 'Goal'))).toEqual(['behandeldoel']);
    expect(missingWhen(without((r) => r.resourceType === 'Procedure'))).toEqual(['behandelwensen']);
    expect(missingWhen(without((r) => r.resourceType === 'MedicationRequest'))).toEqual(['medicatieoverzicht']);
    expect(missingWhen(without((r) => r.resourceType === 'DocumentReference'))).toEqual(['mdo-verslag']);
    expect(missingWhen(without((r) => r.resourceType === 'CareTeam'))).toEqual(['centrale-zorgverlener']);
    expect(missingWhen(without((r) => r.resourceType === 'CarePlan' && JSON.stringify(r).includes('vervolgbeleid')))).toEqual(['vervolgbeleid']);
    expect(missingWhen(without((r) => r.resourceType === 'Condition' && JSON.stringify(r).includes('lichamelijk')))).toEqual(['problemen-4-dimensies']);
    expect(missingWhen(without((r) => r.resourceType === 'CarePlan' && JSON.stringify(r).includes('individueel')))).toEqual(['individueel-zorgplan']);
    // GP alone is enough for betrokken-zorgverleners; without GP and team it is missing
    const noGp = all.map((r) => (r.resourceType === 'Patient' ? patient() : r)).filter((r) => r.resourceType !== 'CareTeam');
    expect(missingWhen(noGp)).toEqual(['centrale-zorgverlener', 'betrokken-zorgverleners']);
  });

  it('behandeldoel accepts curatief/levensverlengend/symptoomgericht and 225353007', () => {
    for (const code of ['385987000', '1351964001', '225353007']) {
      const r = completeHandover().map((x) => (x.resourceType === 'Goal' ? goal(code) : x));
      expect(promptFor('handover-gaps', [...r, stay(hoursAhead(10))])).toBeUndefined();
    }
  });

  it('an MDO report older than 183 days is missing; a PaTz report counts', () => {
    const swap = (doc: Record<string, unknown>) => completeHandover().map((x) => (x.resourceType === 'DocumentReference' ? doc : x));
    expect(promptFor('handover-gaps', [...swap(docRef('mdo-verslag', daysAgo(183))), stay(hoursAhead(10))])).toBeUndefined();
    expect(promptFor('handover-gaps', [...swap(docRef('mdo-verslag', daysAgo(184))), stay(hoursAhead(10))])?.missing).toEqual(['mdo-verslag']);
    expect(promptFor('handover-gaps', [...swap(docRef('patz-verslag', daysAgo(3))), stay(hoursAhead(10))])).toBeUndefined();
  });

  it('medication started during the stay needs a reason; stopped during it a statusReason', () => {
    const base = [...completeHandover(), stay(hoursAhead(10))];
    const started = medication('active', 'Haloperidol', { authoredOn: daysAgo(2) });
    const p = promptFor('handover-gaps', [...base, started]);
    expect(p?.missing).toEqual(['medicatieoverzicht']);
    expect(p?.detail).toContain('Haloperidol');
    expect(promptFor('handover-gaps', [...base, medication('active', 'Haloperidol', { authoredOn: daysAgo(2), reason: true })])).toBeUndefined();
    expect(promptFor('handover-gaps', [...base, medication('stopped', 'Simvastatine', { encounter: 'stay1' })])?.missing).toEqual(['medicatieoverzicht']);
    expect(promptFor('handover-gaps', [...base, medication('stopped', 'Simvastatine', { encounter: 'stay1', statusReason: true })])).toBeUndefined();
  });

  it('links each gap to the configured place where it is filled in', () => {
    const p = promptFor('handover-gaps', [patient(), palliative(), stay(hoursAhead(20))], {
      config: { handoverLinks: { vervolgbeleid: 'https://ehr.example.nl/patient/{patient}/beleid' } },
    });
    expect(p?.actions.find((a) => a.params?.item === 'vervolgbeleid')?.params?.href).toBe('https://ehr.example.nl/patient/p1/beleid');
    expect(p?.actions.find((a) => a.params?.item === 'behandeldoel')?.params?.href).toBeUndefined();
  });

  it('names dimensions with nothing recorded when another gap fires', () => {
    const r = completeHandover().filter((x) => x.resourceType !== 'Goal');
    expect(promptFor('handover-gaps', [...r, stay(hoursAhead(10))])?.detail).toContain('psychisch, sociaal, spiritueel (zingeving)');
  });

  it('the detail names the four dimensions only when none is recorded', () => {
    const r = completeHandover().filter((x) => x.resourceType !== 'Condition' || !JSON.stringify(x).includes('lichamelijk'));
    const p = promptFor('handover-gaps', [...r, condition(snomed('1'), { category: [pz('psychisch')], verification: 'entered-in-error' }), stay(hoursAhead(10))]);
    expect(p?.missing).toEqual(['problemen-4-dimensies']);
  });
});

describe('medication-review', () => {
  it('4 active medications: no prompt; 5: info', () => {
    expect(promptFor('medication-review', [patient(), palliative(), ...meds(4)])).toBeUndefined();
    const p = promptFor('medication-review', [patient(), palliative(), ...meds(5)]);
    expect(p?.indicator).toBe('info');
    expect(p?.summary).toContain('5 actieve');
  });

  it('the same drug as request and statement counts once; stopped ones do not count', () => {
    const four = meds(4);
    expect(promptFor('medication-review', [patient(), palliative(), ...four, medication('active', 'Geneesmiddel 1', { kind: 'statement' })])).toBeUndefined();
    expect(promptFor('medication-review', [patient(), palliative(), ...four, medication('intended', 'Nieuw', { kind: 'statement' })])).toBeDefined();
    expect(promptFor('medication-review', [patient(), palliative(), ...four, medication('stopped', 'Oud')])).toBeUndefined();
  });

  it('a review in the last 183 days silences it (both encodings); 184 days ago does not', () => {
    const base = [patient(), palliative(), ...meds(6)];
    expect(promptFor('medication-review', [...base, procedure(pz('medicatiereview'), daysAgo(183))])).toBeUndefined();
    expect(promptFor('medication-review', [...base, procedure(snomed('182836005'), daysAgo(10))])).toBeUndefined();
    expect(promptFor('medication-review', [...base, procedure(snomed('182836005'), daysAgo(184))])?.detail).toContain('184 dagen geleden');
    expect(promptFor('medication-review', [...base, procedure(snomed('182836005'), daysAgo(10), 'entered-in-error')])).toBeDefined();
  });

  it('not for non-palliative patients', () => {
    expect(promptFor('medication-review', [patient(), ...meds(8)])).toBeUndefined();
  });
});
