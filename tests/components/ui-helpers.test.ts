import { describe, expect, test } from 'vitest';
import { applyAcknowledgements, snoozeUntil } from '../../lib/ui/ack';
import { caregiverCandidates } from '../../lib/ui/careteam';
import { ageInYears, amsterdamDate, daysBetween, formatDate, formatDateTime, isGpOfficeHours } from '../../lib/ui/dates';
import { displayName } from '../../lib/ui/fhir-read';
import { gpContacts } from '../../lib/ui/gp';
import { newlyConfirmed, writeStateByPrompt } from '../../lib/ui/outbox';
import { countByIndicator, groupByRole, sortForRole } from '../../lib/ui/order';
import { bannerInfo } from '../../lib/ui/patient';
import type { OutboxEntry } from '../../lib/fhir/gateway';
import { NOW, patient, prompt } from './support';

describe('ordering', () => {
  const ps = [
    prompt({ code: 'naasten-unknown', indicator: 'info', roles: ['verpleegkundige', 'specialist'] }),
    prompt({ code: 'behandelwensen-known', indicator: 'critical', roles: ['seh-arts', 'specialist'] }),
    prompt({ code: 'central-caregiver-missing', indicator: 'warning', roles: ['specialist', 'zaalarts'] }),
    prompt({ code: 'caregiver-burden', indicator: 'info', roles: ['verpleegkundige'] }),
    prompt({ code: 'topz-consult', indicator: 'warning', roles: ['seh-arts', 'specialist'] }),
  ];

  test('critical before warning before info', () => {
    expect(sortForRole(ps, 'specialist').map((p) => p.indicator)).toEqual(['critical', 'warning', 'warning', 'info', 'info']);
  });

  test('within an indicator the prompts that list the role first come first', () => {
    expect(sortForRole(ps, 'seh-arts').filter((p) => p.indicator === 'warning').map((p) => p.code)).toEqual(['topz-consult', 'central-caregiver-missing']);
    expect(sortForRole(ps, 'zaalarts').filter((p) => p.indicator === 'warning').map((p) => p.code)).toEqual(['central-caregiver-missing', 'topz-consult']);
    expect(sortForRole(ps, 'verpleegkundige').filter((p) => p.indicator === 'info').map((p) => p.code)).toEqual(['naasten-unknown', 'caregiver-burden']);
  });

  test('the role groups, never drops: mine + others = all', () => {
    const { mine, others } = groupByRole(ps, 'verpleegkundige');
    expect(mine.map((p) => p.code)).toEqual(['naasten-unknown', 'caregiver-burden']);
    expect(others).toHaveLength(3);
    expect(countByIndicator(ps)).toEqual({ critical: 1, warning: 2, info: 2 });
  });

  test('earlier due date first when indicator and role tie', () => {
    const a = prompt({ code: 'nazorggesprek-due', indicator: 'warning', roles: ['zaalarts'], due: '2025-04-01' });
    const b = prompt({ code: 'nazorg-contact-due', indicator: 'warning', roles: ['zaalarts'], due: '2025-03-20' });
    expect(sortForRole([a, b], 'zaalarts').map((p) => p.code)).toEqual(['nazorg-contact-due', 'nazorggesprek-due']);
  });
});

describe('dates', () => {
  test('office hours are weekdays 08:00–17:00 Amsterdam time, summer and winter', () => {
    expect(isGpOfficeHours(new Date('2025-03-12T07:59:00Z'))).toBe(true); // 08:59 CET
    expect(isGpOfficeHours(new Date('2025-03-12T06:59:00Z'))).toBe(false); // 07:59 CET
    expect(isGpOfficeHours(new Date('2025-03-12T16:00:00Z'))).toBe(false); // 17:00 CET
    expect(isGpOfficeHours(new Date('2025-07-09T14:59:00Z'))).toBe(true); // 16:59 CEST
    expect(isGpOfficeHours(new Date('2025-07-09T15:00:00Z'))).toBe(false); // 17:00 CEST
    expect(isGpOfficeHours(new Date('2025-03-15T10:00:00Z'))).toBe(false); // Saturday
  });

  test('a late-evening UTC instant is the next day in Amsterdam', () => {
    expect(amsterdamDate('2025-03-12T23:30:00Z')).toBe('2025-03-13');
    expect(daysBetween('2025-03-01', '2025-03-15')).toBe(14);
  });

  test('an unreadable date is no date, not a crash', () => {
    expect(amsterdamDate('gisteren <script>')).toBe('');
    expect(amsterdamDate(new Date(Number.NaN))).toBe('');
    expect(formatDate('gisteren', 'nl')).toBe('gisteren');
    expect(formatDateTime('gisteren', 'nl')).toBe('gisteren');
    expect(ageInYears('1950-03-12', 'gisteren')).toBeUndefined();
    expect(formatDate('2025-03-12T23:30:00Z', 'nl')).toBe('13 mrt. 2025');
  });

  test('a name prefix is read from its strings only', () => {
    expect(displayName({ resourceType: 'Patient', name: [{ prefix: ['dr.', ['x'], 3], given: ['Anna'], family: 'Bos' }] })).toBe('dr. Anna Bos');
    expect(displayName({ resourceType: 'Patient', name: [{ prefix: 'mr.', family: 'Bos' }] })).toBe('mr. Bos');
  });

  test('age turns on the birthday, not before', () => {
    expect(ageInYears('1950-03-12', '2025-03-11')).toBe(74);
    expect(ageInYears('1950-03-12', '2025-03-12')).toBe(75);
  });
});

describe('banner info', () => {
  test('BSN, age, deceased date with age at death', () => {
    const info = bannerInfo(patient('p1', { deceasedDateTime: '2025-01-10T04:00:00+01:00', birthDate: '1950-06-01' }), NOW);
    expect(info.identifier).toEqual({ system: 'bsn', value: '999992000' });
    expect(info.deceased).toBe(true);
    expect(info.age).toBe(74);
    expect(info.name).toBe('Jan Jansen-p1');
  });
  test('deceasedBoolean without a date: no age shown', () => {
    expect(bannerInfo(patient('p1', { deceasedBoolean: true }), NOW).age).toBeUndefined();
  });
});

describe('GP and HAP numbers come from the loaded record', () => {
  const pat = patient('p1', { generalPractitioner: [{ reference: 'PractitionerRole/gp-role' }] });
  const resources = [
    pat,
    { resourceType: 'PractitionerRole', id: 'gp-role', practitioner: { reference: 'Practitioner/gp' }, organization: { reference: 'Organization/praktijk' } },
    { resourceType: 'Practitioner', id: 'gp', name: [{ text: 'Dr. A. de Vries' }] },
    { resourceType: 'Organization', id: 'praktijk', name: 'Huisartsenpraktijk Oost', telecom: [{ system: 'phone', value: '030-1234567', use: 'work' }] },
    { resourceType: 'Organization', id: 'hap', name: 'Huisartsenpost Utrecht', telecom: [{ system: 'phone', value: '088-1300000' }] },
  ];
  test('GP name from the person, phone from the practice; HAP from an out-of-hours organisation', () => {
    expect(gpContacts(resources, pat)).toEqual({
      gp: { name: 'Dr. A. de Vries', phone: '030-1234567' },
      hap: { name: 'Huisartsenpost Utrecht', phone: '088-1300000' },
    });
  });
  test('the huisartsenpost is never the GP: not as name, not as the GP\'s fallback number', () => {
    const hap = { resourceType: 'Organization', id: 'hap', name: 'Huisartsenpost Rijnmond', telecom: [{ system: 'phone', value: '0900 111 2222' }] };
    const noPhoneGp = { resourceType: 'Practitioner', id: 'gp2', name: [{ text: 'dr. Bakker' }] };
    // the GP has no number and the HAP is listed next to it: the GP's number stays unknown
    const p1 = patient('p1', { generalPractitioner: [{ reference: 'Practitioner/gp2' }, { reference: 'Organization/hap' }] });
    expect(gpContacts([p1, noPhoneGp, hap], p1)).toEqual({ gp: { name: 'dr. Bakker', phone: undefined }, hap: { name: 'Huisartsenpost Rijnmond', phone: '0900 111 2222' } });
    // nothing resolved (a server without _include), the HAP listed first: the GP is the GP
    const p2 = patient('p2', { generalPractitioner: [{ reference: 'Organization/hap2', display: 'Huisartsenpost Rijnmond' }, { reference: 'Practitioner/gp3', display: 'dr. Smit' }] });
    expect(gpContacts([p2], p2)).toEqual({ gp: { name: 'dr. Smit', phone: undefined }, hap: { name: 'Huisartsenpost Rijnmond' } });
  });

  test('no GP recorded: nothing invented', () => {
    expect(gpContacts([patient('p2')], patient('p2'))).toEqual({ gp: undefined, hap: undefined });
  });
  test('candidates: GP and care team members, no patient or relatives, no duplicates', () => {
    const team = {
      resourceType: 'CareTeam',
      id: 't',
      status: 'active',
      participant: [
        { member: { reference: 'Practitioner/wvk', display: 'Wijkverpleegkundige Bos' }, role: [{ text: 'wijkverpleegkundige' }] },
        { member: { reference: 'RelatedPerson/rp' } },
        { member: { reference: 'PractitionerRole/gp-role' } },
      ],
    };
    const c = caregiverCandidates([...resources, team], pat);
    expect(c.gp.map((o) => o.display)).toEqual(['Dr. A. de Vries']);
    expect(c.careTeam).toEqual([{ reference: 'Practitioner/wvk', display: 'Wijkverpleegkundige Bos', description: 'wijkverpleegkundige' }]);
  });

  test('the huisartsenpost listed next to the GP is no candidate for centrale zorgverlener or nazorg', () => {
    const withHap = patient('p1', { generalPractitioner: [{ reference: 'PractitionerRole/gp-role' }, { reference: 'Organization/hap' }, { reference: 'Organization/elders', display: 'Huisartsenpost Elders' }] });
    const c = caregiverCandidates([...resources.slice(1), withHap], withHap);
    expect(c.gp.map((o) => o.reference)).toEqual(['PractitionerRole/gp-role']);
    // the SEH still gets both numbers from the same entries
    expect(gpContacts([...resources.slice(1), withHap], withHap).hap?.phone).toBe('088-1300000');
  });
});

describe('acknowledgements', () => {
  const p = prompt({ code: 'kindcheck', key: 'p1|kindcheck|a' });
  const base = { id: '1', patientId: 'p1', promptCode: 'kindcheck' as const, reason: 'not-relevant', at: '2025-03-12T09:00:00Z' };
  test('an ack hides the prompt with the same key only', () => {
    expect(applyAcknowledgements([p], [{ ...base, promptKey: 'p1|kindcheck|a' }], NOW).open).toEqual([]);
    expect(applyAcknowledgements([p], [{ ...base, promptKey: 'p1|kindcheck|OLD' }], NOW).open).toEqual([p]);
  });
  test('a snooze ends at its time: a day is a day', () => {
    const until = snoozeUntil('day', NOW)!;
    const ack = { ...base, promptKey: p.key, until };
    expect(applyAcknowledgements([p], [ack], new Date(NOW.getTime() + 86_399_000)).handled).toHaveLength(1);
    expect(applyAcknowledgements([p], [ack], new Date(NOW.getTime() + 86_400_000)).open).toEqual([p]);
    expect(snoozeUntil('until-change', NOW)).toBeUndefined();
    expect(Date.parse(snoozeUntil('week', NOW)!) - NOW.getTime()).toBe(7 * 86_400_000);
  });
});

describe('outbox view', () => {
  const e = (id: string, status: OutboxEntry['status'], promptKey = 'k'): OutboxEntry => ({ id, status, promptKey, patientId: 'p', action: 'record-kindcheck', params: {}, createdAt: '', attempts: 0 });
  test('failed wins over pending; confirmed is done', () => {
    expect(writeStateByPrompt([e('1', 'pending'), e('2', 'failed')]).get('k')).toBe('failed');
    expect(writeStateByPrompt([e('1', 'confirmed')]).get('k')).toBeUndefined();
  });
  test('newly confirmed ids', () => {
    expect(newlyConfirmed([e('1', 'confirmed'), e('2', 'sending')], [e('1', 'confirmed'), e('2', 'confirmed')])).toEqual(['2']);
  });
});
