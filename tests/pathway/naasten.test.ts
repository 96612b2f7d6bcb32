// naasten-unknown, kindcheck, caregiver-burden (S2 N3 position paper).
import { describe, expect, it } from 'vitest';
import {
  MANTELZORGER,
  bornYearsAgo,
  daysAgo,
  observation,
  palliative,
  patient,
  promptFor,
  pz,
  relatedPerson,
} from './support/builders';

const v3 = (code: string) => ({ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code });
const contactRole = { system: 'urn:oid:2.16.840.1.113883.2.4.3.11.22.472', code: '01' };

describe('naasten-unknown', () => {
  it('fires (info) for a palliative patient without naasten', () => {
    const p = promptFor('naasten-unknown', [patient(), palliative()]);
    expect(p?.indicator).toBe('info');
    expect(p?.summary).toContain('Wie zijn uw naasten?');
    expect(p?.roles).toEqual(['verpleegkundige', 'specialist']);
  });

  it('a RelatedPerson or a Patient.contact is a naaste; an inactive RelatedPerson is not', () => {
    expect(promptFor('naasten-unknown', [patient(), palliative(), relatedPerson([contactRole])])).toBeUndefined();
    expect(promptFor('naasten-unknown', [patient({ contact: true }), palliative()])).toBeUndefined();
    expect(promptFor('naasten-unknown', [patient(), palliative(), relatedPerson([contactRole], { active: false })])).toBeDefined();
  });

  it('not for non-palliative or deceased', () => {
    expect(promptFor('naasten-unknown', [patient()])).toBeUndefined();
    expect(promptFor('naasten-unknown', [patient({ deceasedDateTime: daysAgo(4) }), palliative()])).toBeUndefined();
  });
});

describe('kindcheck', () => {
  it('age 17/18 and 69/70', () => {
    expect(promptFor('kindcheck', [patient({ birthDate: bornYearsAgo(17) }), palliative()])).toBeUndefined();
    expect(promptFor('kindcheck', [patient({ birthDate: bornYearsAgo(18) }), palliative()])?.indicator).toBe('info');
    expect(promptFor('kindcheck', [patient({ birthDate: bornYearsAgo(69) }), palliative()])?.detail).toContain('69 jaar');
    expect(promptFor('kindcheck', [patient({ birthDate: bornYearsAgo(70) }), palliative()])).toBeUndefined();
  });

  it('the day before the 18th birthday is still 17', () => {
    const born = bornYearsAgo(18).replace(/-(\d{2})$/, (_m, d) => `-${String(+d + 1).padStart(2, '0')}`);
    expect(promptFor('kindcheck', [patient({ birthDate: born }), palliative()])).toBeUndefined();
  });

  it('a kindcheck answer either way, or a child with a birth date, settles it', () => {
    const p = patient({ birthDate: bornYearsAgo(45) });
    expect(promptFor('kindcheck', [p, palliative(), observation('kindcheck', { valueBoolean: false }, daysAgo(3))])).toBeUndefined();
    expect(promptFor('kindcheck', [p, palliative(), observation('kindcheck', { valueString: 'twee kinderen (8 en 12), betrokken' }, daysAgo(3))])).toBeUndefined();
    expect(promptFor('kindcheck', [p, palliative(), relatedPerson([v3('DAU')], { birthDate: '2015-03-01' })])).toBeUndefined();
    // a child without birth date says nothing about minor children; an answer without value neither
    expect(promptFor('kindcheck', [p, palliative(), relatedPerson([v3('SON')])])).toBeDefined();
    expect(promptFor('kindcheck', [p, palliative(), observation('kindcheck', {}, daysAgo(3))])).toBeDefined();
    expect(promptFor('kindcheck', [p, palliative(), observation('kindcheck', { valueBoolean: true }, daysAgo(3), 'entered-in-error')])).toBeDefined();
  });

  it('not without birth date, not for non-palliative', () => {
    expect(promptFor('kindcheck', [{ resourceType: 'Patient', id: 'p1' }, palliative()])).toBeUndefined();
    expect(promptFor('kindcheck', [patient({ birthDate: bornYearsAgo(40) })])).toBeUndefined();
  });
});

describe('caregiver-burden', () => {
  const carer = () => relatedPerson([MANTELZORGER], { name: 'Piet de Vries' });

  it('fires (info) for a palliative patient with a mantelzorger and no assessment', () => {
    const p = promptFor('caregiver-burden', [patient(), palliative(), carer()]);
    expect(p?.indicator).toBe('info');
    expect(p?.summary).toContain('Piet de Vries');
    expect(p?.roles).toEqual(['verpleegkundige']);
  });

  it('both mantelzorger encodings; a plain contact person is no mantelzorger', () => {
    expect(promptFor('caregiver-burden', [patient(), palliative(), relatedPerson([pz('mantelzorger')])])).toBeDefined();
    expect(promptFor('caregiver-burden', [patient(), palliative(), relatedPerson([contactRole])])).toBeUndefined();
  });

  it('an assessment in the last 92 days silences it: days 91 and 92 do, 93 does not', () => {
    const base = [patient(), palliative(), carer()];
    expect(promptFor('caregiver-burden', [...base, observation('caregiver-burden', { valueInteger: 4 }, daysAgo(91))])).toBeUndefined();
    expect(promptFor('caregiver-burden', [...base, observation('caregiver-burden-asked', { valueBoolean: true }, daysAgo(92))])).toBeUndefined();
    const p = promptFor('caregiver-burden', [...base, observation('caregiver-burden', { valueInteger: 9 }, daysAgo(93))]);
    expect(p?.detail).toContain('CSI-score 9 (overbelast)');
  });

  it('CSI 6 is not overloaded, 7 is', () => {
    const base = [patient(), palliative(), carer()];
    expect(promptFor('caregiver-burden', [...base, observation('caregiver-burden', { valueInteger: 6 }, daysAgo(100))])?.detail).toContain('CSI-score 6.');
    expect(promptFor('caregiver-burden', [...base, observation('caregiver-burden', { valueInteger: 7 }, daysAgo(100))])?.detail).toContain('CSI-score 7 (overbelast)');
  });

  it('not without mantelzorger or palliative marking', () => {
    expect(promptFor('caregiver-burden', [patient(), palliative()])).toBeUndefined();
    expect(promptFor('caregiver-burden', [patient(), carer()])).toBeUndefined();
  });
});
