// Whole calendar days in Europe/Amsterdam: around midnight and the DST changes.
import { describe, expect, it } from 'vitest';
import { dayOf, isoDay, ageOn } from '../../lib/pathway/facts/time';
import { patient, promptFor } from './support/builders';

const TZ = 'Europe/Amsterdam';

describe('calendar days in Europe/Amsterdam', () => {
  it('an instant belongs to its local day', () => {
    expect(isoDay(dayOf('2024-06-14T22:30:00Z', TZ)!)).toBe('2024-06-15'); // 00:30 CEST
    expect(isoDay(dayOf('2024-01-14T23:30:00Z', TZ)!)).toBe('2024-01-15'); // 00:30 CET
    expect(isoDay(dayOf('2024-06-15T23:59:59+02:00', TZ)!)).toBe('2024-06-15');
    expect(isoDay(dayOf('2024-06-15', TZ)!)).toBe('2024-06-15');
  });

  it('a DST change does not make a day longer or shorter', () => {
    // spring forward 31 March 2024, fall back 27 October 2024
    expect(dayOf('2024-04-01T00:30:00+02:00', TZ)! - dayOf('2024-03-30T23:30:00+01:00', TZ)!).toBe(2);
    expect(dayOf('2024-10-28T00:10:00+01:00', TZ)! - dayOf('2024-10-26T23:50:00+02:00', TZ)!).toBe(2);
  });

  it('age on a day', () => {
    expect(ageOn('2006-06-15', dayOf('2024-06-15', TZ)!)).toBe(18);
    expect(ageOn('2006-06-16', dayOf('2024-06-15', TZ)!)).toBe(17);
    expect(ageOn('1950', dayOf('2024-06-15', TZ)!)).toBe(74);
  });

  it('nazorg-contact-due: day 14 counted in local days just after midnight (UTC would say 13)', () => {
    const now = new Date('2024-06-15T00:10:00+02:00');
    const p = promptFor('nazorg-contact-due', [patient({ deceasedDateTime: '2024-06-01T23:55:00+02:00' })], { now });
    expect(p?.indicator).toBe('warning');
    // five minutes earlier it is still day 13
    expect(promptFor('nazorg-contact-due', [patient({ deceasedDateTime: '2024-06-01T23:55:00+02:00' })], { now: new Date('2024-06-14T23:59:00+02:00') })).toBeUndefined();
  });

  it('nazorg-contact-due across the spring DST change: 21 days warning, 22 critical', () => {
    const death = '2024-03-20T12:00:00+01:00';
    expect(promptFor('nazorg-contact-due', [patient({ deceasedDateTime: death })], { now: new Date('2024-04-10T23:59:00+02:00') })?.indicator).toBe('warning');
    expect(promptFor('nazorg-contact-due', [patient({ deceasedDateTime: death })], { now: new Date('2024-04-11T00:01:00+02:00') })?.indicator).toBe('critical');
  });

  it('nazorg-owner-missing across the autumn DST change: day 6 warning, day 7 critical', () => {
    const death = '2024-10-24T23:30:00+02:00';
    expect(promptFor('nazorg-owner-missing', [patient({ deceasedDateTime: death })], { now: new Date('2024-10-30T23:59:00+01:00') })?.indicator).toBe('warning');
    expect(promptFor('nazorg-owner-missing', [patient({ deceasedDateTime: death })], { now: new Date('2024-10-31T00:00:00+01:00') })?.indicator).toBe('critical');
  });

  it('another configured zone counts its own days', () => {
    const now = new Date('2024-06-15T00:10:00+02:00'); // 22:10 UTC on 14 June
    const r = [patient({ deceasedDateTime: '2024-06-01T23:55:00+02:00' })];
    expect(promptFor('nazorg-contact-due', r, { now, config: { timezone: 'UTC' } })).toBeUndefined();
  });
});
