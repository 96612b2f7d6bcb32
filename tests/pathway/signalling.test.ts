// surprise-question and mark-palliative-phase (S3 Signaleren, Markeren).
import { describe, expect, it } from 'vitest';
import {
  ICPC,
  NOW,
  bornYearsAgo,
  condition,
  daysAgo,
  encounter,
  icd10,
  palliative,
  patient,
  promptFor,
  snomed,
  sqAnswer,
} from './support/builders';

const copd = () => condition(snomed('13645005', 'COPD'));

describe('surprise-question', () => {
  it('fires (info) on one serious-illness condition, with the condition in the detail', () => {
    const p = promptFor('surprise-question', [patient(), copd()]);
    expect(p?.indicator).toBe('info');
    expect(p?.detail).toContain('COPD');
    expect(p?.actions[0].id).toBe('answer-surprise-question');
    expect(p?.roles).toEqual(['specialist', 'zaalarts']);
  });

  it.each([
    ['ICD-10 C34.1 (range C00–C97)', icd10('C34.1')],
    ['ICD-10 C97', icd10('C97')],
    ['ICD-10 N18.5', icd10('N18.5')],
    ['ICD-10 with dots stripped, N185', icd10('N185')],
    ['ICD-10 I50.9', icd10('I50.9')],
    ['ICPC R95', { system: ICPC, code: 'R95' }],
    ['ICPC K77', { system: ICPC, code: 'K77' }],
    ['SNOMED 88805009', snomed('88805009')],
  ])('recognises %s', (_l, code) => {
    expect(promptFor('surprise-question', [patient(), condition(code)])).toBeDefined();
  });

  it.each([
    ['ICD-10 D05 (carcinoma in situ)', icd10('D05.1')],
    ['ICD-10 N18.3 (CKD stage 3)', icd10('N18.3')],
    ['SNOMED 162573006 suspected lung cancer', snomed('162573006')],
    ['SNOMED 92691004 carcinoma in situ', snomed('92691004')],
    ['ICD-10 code in the wrong system', { system: 'http://example.org/local', code: 'C34' }],
  ])('does not take %s as a signal', (_l, code) => {
    expect(promptFor('surprise-question', [patient(), condition(code)])).toBeUndefined();
  });

  it.each(['refuted', 'entered-in-error', 'unconfirmed', 'provisional', 'differential'])(
    'ignores a %s serious-illness condition',
    (verification) => {
      expect(promptFor('surprise-question', [patient(), condition(snomed('13645005'), { verification })])).toBeUndefined();
    },
  );

  it('ignores a resolved or abated condition, but not one abating in the future', () => {
    expect(promptFor('surprise-question', [patient(), condition(snomed('13645005'), { clinical: 'resolved' })])).toBeUndefined();
    expect(promptFor('surprise-question', [patient(), condition(snomed('13645005'), { abatement: daysAgo(1) })])).toBeUndefined();
    expect(promptFor('surprise-question', [patient(), condition(snomed('13645005'), { abatement: daysAgo(-10) })])).toBeDefined();
    expect(promptFor('surprise-question', [patient(), condition(snomed('13645005'), { clinical: 'relapse' })])).toBeDefined();
  });

  it('age 74/75 with three active conditions', () => {
    const three = [condition(snomed('1')), condition(snomed('2')), condition(snomed('3'))];
    expect(promptFor('surprise-question', [patient({ birthDate: bornYearsAgo(74) }), ...three])).toBeUndefined();
    const p = promptFor('surprise-question', [patient({ birthDate: bornYearsAgo(75) }), ...three]);
    expect(p?.detail).toContain('75 jaar');
    // 75 with only two active conditions is no signal
    expect(promptFor('surprise-question', [patient({ birthDate: bornYearsAgo(75) }), ...three.slice(1)])).toBeUndefined();
  });

  it('counts unplanned admissions in the last 183 days (EMER, IMP with priority EM or admitted from the ED)', () => {
    const emer = (d: number) => encounter('EMER', 'finished', { start: daysAgo(d), end: daysAgo(d) });
    expect(promptFor('surprise-question', [patient(), emer(10)])).toBeUndefined();
    expect(promptFor('surprise-question', [patient(), emer(10), emer(183)])).toBeDefined();
    expect(promptFor('surprise-question', [patient(), emer(10), emer(184)])).toBeUndefined();
    const imp = (d: number, o: Parameters<typeof encounter>[3]) => encounter('IMP', 'finished', { start: daysAgo(d), end: daysAgo(d - 2) }, o);
    expect(promptFor('surprise-question', [patient(), imp(20, { priority: 'EM' }), imp(60, { admitSource: 'emd' })])).toBeDefined();
    // planned admissions are not signals
    expect(promptFor('surprise-question', [patient(), imp(20, {}), imp(60, { priority: 'R' })])).toBeUndefined();
  });

  it('an ED visit and the admission that follows on the same day count once', () => {
    const start = daysAgo(10);
    const r = [patient(), encounter('EMER', 'finished', { start, end: start }), encounter('IMP', 'finished', { start, end: daysAgo(8) }, { admitSource: 'emd' })];
    expect(promptFor('surprise-question', r)).toBeUndefined();
  });

  it('is a warning with two kinds of signal', () => {
    const emer = (d: number) => encounter('EMER', 'finished', { start: daysAgo(d), end: daysAgo(d) });
    expect(promptFor('surprise-question', [patient(), copd(), emer(5), emer(50)])?.indicator).toBe('warning');
  });

  it('an answer counts for 183 days: day 183 silences it, day 184 does not', () => {
    expect(promptFor('surprise-question', [patient(), copd(), sqAnswer(true, daysAgo(183))])).toBeUndefined();
    const p = promptFor('surprise-question', [patient(), copd(), sqAnswer(true, daysAgo(184))]);
    expect(p?.detail).toContain('184 dagen geleden');
  });

  it('a preliminary or entered-in-error answer does not count', () => {
    expect(promptFor('surprise-question', [patient(), copd(), sqAnswer(true, daysAgo(3), 'preliminary')])).toBeDefined();
    expect(promptFor('surprise-question', [patient(), copd(), sqAnswer(true, daysAgo(3), 'entered-in-error')])).toBeDefined();
  });

  it('not for the palliative or the deceased', () => {
    expect(promptFor('surprise-question', [patient(), copd(), palliative()])).toBeUndefined();
    expect(promptFor('surprise-question', [patient({ deceasedDateTime: daysAgo(3) }), copd()])).toBeUndefined();
    expect(promptFor('surprise-question', [patient({ deceasedBoolean: true }), copd()])).toBeUndefined();
  });

  it('its key changes with a new fact (a new condition), not with time', () => {
    const base = [patient(), copd()];
    const k1 = promptFor('surprise-question', base)?.key;
    expect(promptFor('surprise-question', base, { now: new Date(NOW.getTime() + 86_400_000) })?.key).toBe(k1);
    expect(promptFor('surprise-question', [...base, condition(snomed('88805009'))])?.key).not.toBe(k1);
  });

  it('uses the configured thresholds', () => {
    const three = [condition(snomed('1')), condition(snomed('2')), condition(snomed('3'))];
    expect(promptFor('surprise-question', [patient({ birthDate: bornYearsAgo(70) }), ...three], { config: { thresholds: { elderlyAge: 70 } } })).toBeDefined();
  });
});

describe('mark-palliative-phase', () => {
  it('fires (warning) when the latest answer is "not surprised"', () => {
    const p = promptFor('mark-palliative-phase', [patient(), sqAnswer(false, daysAgo(2))]);
    expect(p?.indicator).toBe('warning');
    expect(p?.detail).toContain('dr. Jansen');
    expect(p?.actions.map((a) => a.id)).toEqual(['mark-palliative-phase']);
  });

  it('only the latest answer counts', () => {
    expect(promptFor('mark-palliative-phase', [patient(), sqAnswer(false, daysAgo(20)), sqAnswer(true, daysAgo(2))])).toBeUndefined();
    expect(promptFor('mark-palliative-phase', [patient(), sqAnswer(true, daysAgo(20)), sqAnswer(false, daysAgo(2))])).toBeDefined();
  });

  it('answer window 183/184 days', () => {
    expect(promptFor('mark-palliative-phase', [patient(), sqAnswer(false, daysAgo(183))])).toBeDefined();
    expect(promptFor('mark-palliative-phase', [patient(), sqAnswer(false, daysAgo(184))])).toBeUndefined();
  });

  it('not once the phase is marked, by any encoding', () => {
    const a = sqAnswer(false, daysAgo(2));
    expect(promptFor('mark-palliative-phase', [patient(), a, palliative()])).toBeUndefined();
    const flag = { resourceType: 'Flag', id: 'f1', status: 'active', code: { coding: [{ system: 'http://snomed.info/sct', code: '103735009' }] }, subject: { reference: 'Patient/p1' } };
    expect(promptFor('mark-palliative-phase', [patient(), a, flag])).toBeUndefined();
    const goal = { resourceType: 'Goal', id: 'g1', lifecycleStatus: 'active', description: { coding: [{ system: 'http://snomed.info/sct', code: '713148004' }] }, subject: { reference: 'Patient/p1' } };
    expect(promptFor('mark-palliative-phase', [patient(), a, goal])).toBeUndefined();
    const eoc = { resourceType: 'EpisodeOfCare', id: 'e1', status: 'active', type: [{ coding: [{ system: 'http://palliatief-zorgpad.example/fhir/CodeSystem/pathway', code: 'palliatieve-fase' }] }], patient: { reference: 'Patient/p1' } };
    expect(promptFor('mark-palliative-phase', [patient(), a, eoc])).toBeUndefined();
  });

  it('a refuted palliative Condition or inactive Flag is no marking', () => {
    const a = sqAnswer(false, daysAgo(2));
    expect(promptFor('mark-palliative-phase', [patient(), a, palliative(daysAgo(3), { verificationStatus: { coding: [{ code: 'refuted' }] } })])).toBeDefined();
    const flag = { resourceType: 'Flag', id: 'f1', status: 'inactive', code: { coding: [{ system: 'http://snomed.info/sct', code: '103735009' }] }, subject: { reference: 'Patient/p1' } };
    expect(promptFor('mark-palliative-phase', [patient(), a, flag])).toBeDefined();
  });

  it('ICPC A69.01 marks only when configured', () => {
    const a = sqAnswer(false, daysAgo(2));
    const icpc = condition({ system: ICPC, code: 'A69.01' });
    expect(promptFor('mark-palliative-phase', [patient(), a, icpc])).toBeDefined();
    expect(promptFor('mark-palliative-phase', [patient(), a, icpc], { config: { palliativeIcpc: { enabled: true } } })).toBeUndefined();
  });
});
