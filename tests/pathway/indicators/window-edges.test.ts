// The pathway indicators at the edges of their windows (pathway.md "Pathway indicators"), on handwritten
// records: the numerator's "≤ N days after death" and "counted only when the report date is past the end
// of its window", for day 2/3, 7/8, 21/22, 42/43 (adult) and 56/57 (child).
import { describe, expect, it } from 'vitest';
import { buildRecord, evaluateIndicators, IndicatorTally, type IndicatorId } from '../../../lib/pathway/index';
import { NOW, bornYearsAgo, careTeam, daysAgo, encounter, hoursAgo, palliative, patient, pz, sqAnswer, task, condition, snomed, treatmentDirective } from '../support/builders';

type Json = Record<string, unknown>;
const DEATH_DAYS_AGO = 60;
const deathAt = daysAgo(DEATH_DAYS_AGO);
/** a completed pz Task done `day` days after the death */
const doneOn = (code: string, day: number, extra: Json = {}) => ({ ...task(code, 'completed'), executionPeriod: { end: daysAgo(DEATH_DAYS_AGO - day) }, ...extra });

function outcome(id: IndicatorId, resources: Json[], now = NOW) {
  const { records } = buildRecord(resources);
  return evaluateIndicators(records[0], { now }).find((o) => o.id === id)!.outcome;
}
const counted = (id: IndicatorId, resources: Json[], now = NOW) => {
  const o = outcome(id, resources, now);
  if ('unreadable' in o) throw new Error(`unreadable: ${o.unreadable}`);
  return o.events.map((e) => e.numerator);
};
/** report date `days` days after the death */
const reportOn = (days: number) => new Date(NOW.getTime() - (DEATH_DAYS_AGO - days) * 86_400_000);

describe.each([
  ['overlijden-gemeld', 'overlijden-melden', 2],
  ['nazorg-contact-tijdig', 'nazorg-contact', 21],
] as const)('%s', (id, code, edge) => {
  it(`done on day ${edge} is in the numerator, on day ${edge + 1} only in the denominator`, () => {
    expect(counted(id, [patient({ deceasedDateTime: deathAt }), doneOn(code, edge)])).toEqual([true]);
    expect(counted(id, [patient({ deceasedDateTime: deathAt }), doneOn(code, edge + 1)])).toEqual([false]);
    expect(counted(id, [patient({ deceasedDateTime: deathAt })])).toEqual([false]);
  });
  it(`the death is counted from report day ${edge + 1}, not on day ${edge}`, () => {
    expect(counted(id, [patient({ deceasedDateTime: deathAt })], reportOn(edge))).toEqual([]);
    expect(counted(id, [patient({ deceasedDateTime: deathAt })], reportOn(edge + 1))).toEqual([false]);
  });
});

describe('nazorg-eigenaar', () => {
  const owned = (day: number) => task('nazorg', 'in-progress', { owner: 'Afdeling Oncologie', authoredOn: daysAgo(DEATH_DAYS_AGO - day) });
  it('an owner task authored on day 7 counts, on day 8 not; counted from report day 8', () => {
    expect(counted('nazorg-eigenaar', [patient({ deceasedDateTime: deathAt }), owned(7)])).toEqual([true]);
    expect(counted('nazorg-eigenaar', [patient({ deceasedDateTime: deathAt }), owned(8)])).toEqual([false]);
    expect(counted('nazorg-eigenaar', [patient({ deceasedDateTime: deathAt }), task('nazorg', 'in-progress', { authoredOn: daysAgo(DEATH_DAYS_AGO - 1) })])).toEqual([false]);
    expect(counted('nazorg-eigenaar', [patient({ deceasedDateTime: deathAt })], reportOn(7))).toEqual([]);
    expect(counted('nazorg-eigenaar', [patient({ deceasedDateTime: deathAt })], reportOn(8))).toEqual([false]);
  });
});

describe('nazorggesprek-tijdig', () => {
  const adult = () => patient({ deceasedDateTime: deathAt, birthDate: bornYearsAgo(70) });
  const child = () => patient({ deceasedDateTime: deathAt, birthDate: bornYearsAgo(9) });
  it('adult: done on day 42 counts, day 43 not, day 27 (before the window) not; counted from report day 43', () => {
    expect(counted('nazorggesprek-tijdig', [adult(), doneOn('nazorggesprek', 42)])).toEqual([true]);
    expect(counted('nazorggesprek-tijdig', [adult(), doneOn('nazorggesprek', 28)])).toEqual([true]);
    expect(counted('nazorggesprek-tijdig', [adult(), doneOn('nazorggesprek', 43)])).toEqual([false]);
    expect(counted('nazorggesprek-tijdig', [adult(), doneOn('nazorggesprek', 27)])).toEqual([false]);
    expect(counted('nazorggesprek-tijdig', [adult()], reportOn(42))).toEqual([]);
    expect(counted('nazorggesprek-tijdig', [adult()], reportOn(43))).toEqual([false]);
  });
  it('child: window 42–56: day 56 counts, day 57 not; counted from report day 57', () => {
    expect(counted('nazorggesprek-tijdig', [child(), doneOn('nazorggesprek', 56)])).toEqual([true]);
    expect(counted('nazorggesprek-tijdig', [child(), doneOn('nazorggesprek', 57)])).toEqual([false]);
    expect(counted('nazorggesprek-tijdig', [child()], reportOn(56))).toEqual([]);
    expect(counted('nazorggesprek-tijdig', [child()], reportOn(57))).toEqual([false]);
  });
  it('declined with the brochure sent counts; declined without it does not', () => {
    const declined = task('nazorggesprek', 'cancelled', { statusReason: 'Nabestaande wil geen gesprek' });
    expect(counted('nazorggesprek-tijdig', [adult(), declined, doneOn('nazorg-brochure', 30)])).toEqual([true]);
    expect(counted('nazorggesprek-tijdig', [adult(), declined])).toEqual([false]);
  });
});

describe('indicators on the report date', () => {
  it('centrale-zorgverlener and behandelwensen-vastgelegd: living palliative patients only', () => {
    const central = careTeam([{ role: [pz('centrale-zorgverlener')], member: { reference: 'Practitioner/gp', display: 'Huisarts Bakker' } }]);
    expect(counted('centrale-zorgverlener', [patient(), palliative(), central])).toEqual([true]);
    expect(counted('centrale-zorgverlener', [patient(), palliative()])).toEqual([false]);
    expect(counted('centrale-zorgverlener', [patient()])).toEqual([]);
    expect(counted('centrale-zorgverlener', [patient({ deceasedDateTime: deathAt }), palliative()])).toEqual([]);
    expect(counted('behandelwensen-vastgelegd', [patient(), palliative(), treatmentDirective('89666000', 'deny')])).toEqual([true]);
    expect(counted('behandelwensen-vastgelegd', [patient(), palliative()])).toEqual([false]);
  });
  it('surprise-question-gesteld: a signal and an answer in the last 183 days', () => {
    const copd = condition(snomed('13645005'));
    expect(counted('surprise-question-gesteld', [patient(), copd, sqAnswer(true, daysAgo(183))])).toEqual([true]);
    expect(counted('surprise-question-gesteld', [patient(), copd, sqAnswer(true, daysAgo(184))])).toEqual([false]);
    expect(counted('surprise-question-gesteld', [patient()])).toEqual([]);
  });
  it('seh-behandelwensen-bekend: an ended EMER visit of a palliative patient; asked during it counts', () => {
    const seh = encounter('EMER', 'finished', { start: hoursAgo(30), end: hoursAgo(26) }, { id: 'seh-a' });
    const asked = { ...task('behandelwensen-opgevraagd', 'completed', { encounter: 'seh-a' }) };
    expect(counted('seh-behandelwensen-bekend', [patient(), palliative(daysAgo(40)), seh, asked])).toEqual([true]);
    expect(counted('seh-behandelwensen-bekend', [patient(), palliative(daysAgo(40)), seh])).toEqual([false]);
    // still running: not yet counted
    expect(counted('seh-behandelwensen-bekend', [patient(), palliative(daysAgo(40)), encounter('EMER', 'in-progress', { start: hoursAgo(2) })])).toEqual([]);
    // marked after the visit: not palliative at arrival
    expect(counted('seh-behandelwensen-bekend', [patient(), palliative(daysAgo(0)), seh])).toEqual([]);
  });
});

describe('unreadable data and the tally', () => {
  it('a broken Task leaves the death out of both counts and lists the patient', () => {
    const broken = { resourceType: 'Task', id: 'bad', status: 7, for: { reference: 'Patient/p1' } };
    const o = outcome('overlijden-gemeld', [patient({ deceasedDateTime: deathAt }), broken]);
    expect(o).toMatchObject({ unreadable: expect.stringContaining('Task') });
    const tally = new IndicatorTally();
    const { records } = buildRecord([patient({ deceasedDateTime: deathAt }), broken]);
    tally.add(records[0].patient, evaluateIndicators(records[0], { now: NOW }));
    const total = tally.result().find((e) => e.id === 'overlijden-gemeld' && e.period === 'total')!;
    expect(total).toMatchObject({ numerator: 0, denominator: 0, patients: { unreadable: ['Patient/p1'] } });
  });
  it('one total per indicator id, months by the death, list lengths equal counts', () => {
    const tally = new IndicatorTally();
    for (const [id, day] of [['a', 1], ['b', 5]] as const) {
      const { records } = buildRecord([patient({ id, deceasedDateTime: deathAt }), { ...doneOn('overlijden-melden', day), for: { reference: `Patient/${id}` } }]);
      tally.add(records[0].patient, evaluateIndicators(records[0], { now: NOW }));
    }
    const entries = tally.result();
    expect(entries.filter((e) => e.period === 'total')).toHaveLength(9);
    const month = deathAt.slice(0, 7);
    expect(entries.find((e) => e.id === 'overlijden-gemeld' && e.period === month)).toMatchObject({
      numerator: 1,
      denominator: 2,
      patients: { numerator: ['Patient/a'], denominator: ['Patient/a', 'Patient/b'] },
    });
  });
});
