// death-inform-caregivers, nazorg-owner-missing, nazorg-contact-due, nazorggesprek-due, nazorg-brochure
// (S0 handreiking nazorggesprek, S1 ouders, S3 Overlijden en nazorg).
import { describe, expect, it } from 'vitest';
import type { Prompt, PromptCode } from '../../lib/pathway/index';
import { daysAgo, encounter, patient, promptFor, prompts, task } from './support/builders';

function deceased(days: number, birthDate = '1950-01-01', gp?: string) {
  return patient({ deceasedDateTime: daysAgo(days), birthDate, gp });
}

const codes = (ps: Prompt[]) => ps.map((p) => p.code);
const at = (code: PromptCode, resources: unknown[], now?: Date) => promptFor(code, resources, { now });

describe('death-inform-caregivers', () => {
  it('day 0–2 warning, day 3 critical, day 30 still, day 31 gone', () => {
    expect(at('death-inform-caregivers', [deceased(0)])?.indicator).toBe('warning');
    expect(at('death-inform-caregivers', [deceased(2)])?.indicator).toBe('warning');
    expect(at('death-inform-caregivers', [deceased(3)])?.indicator).toBe('critical');
    expect(at('death-inform-caregivers', [deceased(30)])).toBeDefined();
    expect(at('death-inform-caregivers', [deceased(31)])).toBeUndefined();
  });

  it('a completed overlijden-melden task settles it; an open one does not', () => {
    expect(at('death-inform-caregivers', [deceased(1), task('overlijden-melden', 'completed')])).toBeUndefined();
    expect(at('death-inform-caregivers', [deceased(1), task('overlijden-melden', 'in-progress')])).toBeDefined();
    expect(at('death-inform-caregivers', [deceased(1), task('overlijden-melden', 'entered-in-error')])).toBeDefined();
  });

  it('carries due date, GP and the nazorg timeline', () => {
    const p = at('death-inform-caregivers', [deceased(1, '1950-01-01', 'dr. Bakker')]);
    expect(p?.due).toBe(daysAgo(-1).slice(0, 10));
    expect(p?.detail).toContain('dr. Bakker');
    expect(p?.nazorg?.map((s) => s.step)).toEqual(['overlijden-melden', 'nazorg', 'nazorg-contact', 'nazorggesprek', 'nazorg-brochure']);
    expect(p?.roles).toEqual(['zaalarts']);
  });

  it('deceasedBoolean: the date comes from the encounter discharged as expired', () => {
    const r = [patient({ deceasedBoolean: true }), encounter('IMP', 'finished', { start: daysAgo(6), end: daysAgo(4) }, { dischargeDisposition: 'exp' })];
    expect(at('death-inform-caregivers', r)?.detail).toContain('4 dagen geleden');
    // without a date no window can be placed: nothing fires
    expect(prompts([patient({ deceasedBoolean: true })])).toEqual([]);
  });
});

describe('nazorg-owner-missing', () => {
  it('warning up to day 6, critical from day 7', () => {
    expect(at('nazorg-owner-missing', [deceased(6)])?.indicator).toBe('warning');
    expect(at('nazorg-owner-missing', [deceased(7)])?.indicator).toBe('critical');
  });

  it('183 days fires, 184 not (and nothing else fires then)', () => {
    expect(at('nazorg-owner-missing', [deceased(183)])).toBeDefined();
    expect(prompts([deceased(184)])).toEqual([]);
  });

  it('any nazorg task with an owner settles it; a withdrawn ownership task does not', () => {
    expect(at('nazorg-owner-missing', [deceased(3), task('nazorg', 'accepted', { owner: 'Thuiszorg Kennemerland' })])).toBeUndefined();
    expect(at('nazorg-owner-missing', [deceased(3), task('nazorggesprek', 'requested', { owner: 'Huisarts Bakker' })])).toBeUndefined();
    expect(at('nazorg-owner-missing', [deceased(3), task('nazorg', 'requested')])).toBeDefined();
    expect(at('nazorg-owner-missing', [deceased(3), task('nazorg', 'cancelled', { owner: 'X' })])).toBeDefined();
    expect(at('nazorg-owner-missing', [deceased(3), task('nazorg', 'entered-in-error', { owner: 'X' })])).toBeDefined();
  });

  it('offers the organisation where the patient died as default owner', () => {
    const r = [
      patient({ deceasedDateTime: daysAgo(3) }),
      encounter('IMP', 'in-progress', { start: daysAgo(10) }, { serviceProvider: { reference: 'Organization/sg', display: 'Spaarne Gasthuis' } }),
    ];
    const p = at('nazorg-owner-missing', r);
    expect(p?.actions[0]).toMatchObject({ id: 'assign-nazorg-owner', params: { defaultOwner: 'Organization/sg', defaultOwnerDisplay: 'Spaarne Gasthuis' } });
    expect(p?.detail).toContain('Spaarne Gasthuis');
    // unknown place of death: no default is invented
    expect(at('nazorg-owner-missing', [deceased(3)])?.actions[0].params).toBeUndefined();
  });

  it('the default owner name is resolved from an Organization in the input', () => {
    const r = [
      patient({ deceasedDateTime: daysAgo(3) }),
      { resourceType: 'Organization', id: 'sg', name: 'Spaarne Gasthuis Hoofddorp' },
      encounter('IMP', 'finished', { start: daysAgo(10), end: daysAgo(3) }, { dischargeDisposition: 'exp', serviceProvider: { reference: 'Organization/sg' } }),
    ];
    expect(at('nazorg-owner-missing', r)?.actions[0].params?.defaultOwnerDisplay).toBe('Spaarne Gasthuis Hoofddorp');
  });
});

describe('nazorg-contact-due', () => {
  it('day 13 nothing, 14 warning, 21 warning, 22 critical, 183 fires, 184 not', () => {
    expect(at('nazorg-contact-due', [deceased(13)])).toBeUndefined();
    expect(at('nazorg-contact-due', [deceased(14)])?.indicator).toBe('warning');
    expect(at('nazorg-contact-due', [deceased(21)])?.indicator).toBe('warning');
    expect(at('nazorg-contact-due', [deceased(22)])?.indicator).toBe('critical');
    expect(at('nazorg-contact-due', [deceased(183)])).toBeDefined();
    expect(at('nazorg-contact-due', [deceased(184)])).toBeUndefined();
  });

  it('a completed contact, or a gesprek done or declined, settles it', () => {
    expect(at('nazorg-contact-due', [deceased(16), task('nazorg-contact', 'completed')])).toBeUndefined();
    expect(at('nazorg-contact-due', [deceased(16), task('nazorg-contact', 'in-progress')])).toBeDefined();
    expect(at('nazorg-contact-due', [deceased(30), task('nazorggesprek', 'completed')])).toBeUndefined();
    expect(at('nazorg-contact-due', [deceased(30), task('nazorggesprek', 'cancelled', { statusReason: 'geen behoefte' })])).toBeUndefined();
  });
});

describe('nazorggesprek-due', () => {
  it('adult window 28–42: day 27 nothing, 28 and 42 warning, 43 critical', () => {
    expect(at('nazorggesprek-due', [deceased(27)])).toBeUndefined();
    expect(at('nazorggesprek-due', [deceased(28)])?.indicator).toBe('warning');
    expect(at('nazorggesprek-due', [deceased(42)])?.indicator).toBe('warning');
    expect(at('nazorggesprek-due', [deceased(43)])?.indicator).toBe('critical');
    expect(at('nazorggesprek-due', [deceased(183)])?.indicator).toBe('critical');
    expect(at('nazorggesprek-due', [deceased(184)])).toBeUndefined();
  });

  it('child window 42–56 when the patient was 17 at death; adult window at 18', () => {
    // died 45 days ago; born so that the age at death is exactly 17 or 18
    const deathDate = daysAgo(45).slice(0, 10);
    const bornAt = (age: number) => deathDate.replace(/^\d{4}/, (y) => String(+y - age));
    const p17 = at('nazorggesprek-due', [patient({ deceasedDateTime: daysAgo(45), birthDate: bornAt(17) })]);
    expect(p17?.indicator).toBe('warning');
    expect(p17?.summary).toContain('de ouders');
    expect(p17?.due).toBe(daysAgo(45 - 56).slice(0, 10));
    expect(at('nazorggesprek-due', [patient({ deceasedDateTime: daysAgo(45), birthDate: bornAt(18) })])?.indicator).toBe('critical');
    // child edges 41/42 and 56/57 (the age at death stays 17 for these dates)
    const young = '2010-01-01';
    expect(at('nazorggesprek-due', [patient({ deceasedDateTime: daysAgo(41), birthDate: young })])).toBeUndefined();
    expect(at('nazorggesprek-due', [patient({ deceasedDateTime: daysAgo(42), birthDate: young })])?.indicator).toBe('warning');
    expect(at('nazorggesprek-due', [patient({ deceasedDateTime: daysAgo(56), birthDate: young })])?.indicator).toBe('warning');
    expect(at('nazorggesprek-due', [patient({ deceasedDateTime: daysAgo(57), birthDate: young })])?.indicator).toBe('critical');
  });

  it('done or declined settles it; a cancellation without reason is not a decline', () => {
    expect(at('nazorggesprek-due', [deceased(30), task('nazorggesprek', 'completed')])).toBeUndefined();
    expect(at('nazorggesprek-due', [deceased(30), task('nazorggesprek', 'rejected', { statusReason: 'wil niet' })])).toBeUndefined();
    expect(at('nazorggesprek-due', [deceased(30), task('nazorggesprek', 'cancelled')])).toBeDefined();
  });

  it('its timeline marks the steps', () => {
    const p = at('nazorggesprek-due', [deceased(30), task('overlijden-melden', 'completed'), task('nazorg', 'accepted', { owner: 'Afdeling Longziekten' }), task('nazorg-contact', 'completed')]);
    expect(p?.nazorg?.map((s) => [s.step, s.status])).toEqual([
      ['overlijden-melden', 'done'],
      ['nazorg', 'done'],
      ['nazorg-contact', 'done'],
      ['nazorggesprek', 'open'],
      ['nazorg-brochure', 'not-applicable'],
    ]);
    expect(p?.nazorg?.[3]).toMatchObject({ windowStart: daysAgo(2).slice(0, 10), windowEnd: daysAgo(-12).slice(0, 10), owner: 'Afdeling Longziekten' });
  });
});

describe('nazorg-brochure', () => {
  it('fires (info) when the gesprek was declined and no brochure was sent', () => {
    const declined = task('nazorggesprek', 'cancelled', { statusReason: 'Geen behoefte aan een gesprek' });
    const p = at('nazorg-brochure', [deceased(20), declined]);
    expect(p?.indicator).toBe('info');
    expect(p?.detail).toContain('Geen behoefte');
    expect(at('nazorg-brochure', [deceased(20), declined, task('nazorg-brochure', 'completed')])).toBeUndefined();
    expect(at('nazorg-brochure', [deceased(20)])).toBeUndefined();
    expect(at('nazorg-brochure', [deceased(184), declined])).toBeUndefined();
  });
});

describe('the whole nazorg set', () => {
  it('day 35 after an adult death with nothing recorded', () => {
    expect(codes(prompts([deceased(35)])).sort()).toEqual(['nazorg-contact-due', 'nazorg-owner-missing', 'nazorggesprek-due']);
  });
});
