// behandelwensen-missing, behandelwensen-known, behandelwensen-unknown-at-seh, topz-consult (S3).
import { describe, expect, it } from 'vitest';
import {
  activeSeh,
  advanceDirective,
  careTeam,
  daysAgo,
  dateDaysAgo,
  encounter,
  hoursAgo,
  palliative,
  patient,
  procedure,
  promptFor,
  serviceRequest,
  snomed,
  sqAnswer,
  task,
  treatmentDirective,
} from './support/builders';

const acp = () => procedure(snomed('713603004'), daysAgo(40));

describe('behandelwensen-missing', () => {
  it('fires (warning) for a palliative patient without behandelwensen', () => {
    const p = promptFor('behandelwensen-missing', [patient({ gp: 'Huisartsenpraktijk De Linde' }), palliative(daysAgo(12))]);
    expect(p?.indicator).toBe('warning');
    expect(p?.detail).toContain('12 dagen');
    expect(p?.detail).toContain('De Linde');
    expect(p?.actions.map((a) => a.id)).toEqual(['record-behandelwensengesprek', 'handover-behandelwensengesprek']);
    expect(p?.roles).toEqual(['specialist', 'zaalarts', 'seh-arts']);
  });

  it.each([
    ['a treatment directive', () => treatmentDirective('89666000', 'deny')],
    ['an advance directive', () => advanceDirective('NR')],
    ['an ACP procedure', acp],
    [
      'an advance-directive document',
      () => ({ resourceType: 'DocumentReference', id: 'd1', status: 'current', type: { coding: [{ system: 'http://loinc.org', code: '75320-2' }] }, subject: { reference: 'Patient/p1' } }),
    ],
  ])('not when %s is recorded', (_l, make) => {
    expect(promptFor('behandelwensen-missing', [patient(), palliative(), make()])).toBeUndefined();
  });

  it('an ended or entered-in-error directive does not count', () => {
    expect(promptFor('behandelwensen-missing', [patient(), palliative(), treatmentDirective('89666000', 'deny', { end: dateDaysAgo(1) })])).toBeDefined();
    expect(promptFor('behandelwensen-missing', [patient(), palliative(), treatmentDirective('89666000', 'deny', { end: dateDaysAgo(0) })])).toBeUndefined();
    expect(promptFor('behandelwensen-missing', [patient(), palliative(), treatmentDirective('89666000', 'deny', { status: 'entered-in-error' })])).toBeDefined();
    expect(promptFor('behandelwensen-missing', [patient(), palliative(), procedure(snomed('713603004'), daysAgo(4), 'entered-in-error')])).toBeDefined();
  });

  it('an Encounter for an ACP conversation counts', () => {
    const enc = { ...encounter('AMB', 'finished', { start: daysAgo(5), end: daysAgo(5) }), reasonCode: [{ coding: [{ system: 'http://snomed.info/sct', code: '713603004' }] }] };
    expect(promptFor('behandelwensen-missing', [patient(), palliative(), enc])).toBeUndefined();
  });

  it('not while handed over to someone (open task with owner); again when that is cancelled', () => {
    expect(promptFor('behandelwensen-missing', [patient(), palliative(), task('behandelwensengesprek', 'requested', { owner: 'Huisarts Bakker' })])).toBeUndefined();
    expect(promptFor('behandelwensen-missing', [patient(), palliative(), task('behandelwensengesprek', 'requested')])).toBeDefined();
    expect(promptFor('behandelwensen-missing', [patient(), palliative(), task('behandelwensengesprek', 'cancelled', { owner: 'Huisarts Bakker' })])).toBeDefined();
    expect(promptFor('behandelwensen-missing', [patient(), palliative(), task('behandelwensengesprek', 'completed', { owner: 'Huisarts Bakker' })])).toBeDefined();
  });

  it('not for a non-palliative or deceased patient', () => {
    expect(promptFor('behandelwensen-missing', [patient()])).toBeUndefined();
    expect(promptFor('behandelwensen-missing', [patient({ deceasedDateTime: daysAgo(2) }), palliative()])).toBeUndefined();
  });
});

describe('behandelwensen-known', () => {
  it('is critical when a directive says "niet", and lists every directive with deny first', () => {
    const r = [patient(), activeSeh(), treatmentDirective('40617009', 'permit'), treatmentDirective('89666000', 'deny')];
    const p = promptFor('behandelwensen-known', r);
    expect(p?.indicator).toBe('critical');
    expect(p?.summary).toContain('Reanimatie');
    expect(p?.directives?.map((d) => [d.treatment, d.decision])).toEqual([
      ['Reanimatie', 'deny'],
      ['Beademing', 'permit'],
    ]);
    expect(p?.roles[0]).toBe('seh-arts');
    expect(p?.actions[0].id).toBe('view-directives');
  });

  it('is info with only "wel" directives', () => {
    expect(promptFor('behandelwensen-known', [patient(), activeSeh(), treatmentDirective('40617009', 'permit')])?.indicator).toBe('info');
  });

  it('SpecificationOther overrides provision.type: decision "other" with its text, not critical', () => {
    const p = promptFor('behandelwensen-known', [patient(), activeSeh(), treatmentDirective('89666000', 'deny', { specificationOther: 'alleen na overleg met dochter' })]);
    expect(p?.indicator).toBe('info');
    expect(p?.directives?.[0]).toMatchObject({ decision: 'other', specificationOther: 'alleen na overleg met dochter' });
    expect(p?.detail).toContain('alleen na overleg met dochter');
  });

  it('a niet-reanimerenverklaring (advance directive NR) is shown as "niet uitvoeren"', () => {
    const p = promptFor('behandelwensen-known', [patient(), activeSeh(), advanceDirective('NR')]);
    expect(p?.indicator).toBe('critical');
    expect(p?.directives?.[0]).toMatchObject({ kind: 'advance-directive', decision: 'deny' });
  });

  it.each(['arrived', 'triaged', 'in-progress'])('fires during an EMER encounter that is %s', (status) => {
    expect(promptFor('behandelwensen-known', [patient(), encounter('EMER', status, { start: hoursAgo(1) }), treatmentDirective('89666000', 'deny')])).toBeDefined();
  });

  it.each([
    ['a finished ED visit', encounter('EMER', 'finished', { start: hoursAgo(5), end: hoursAgo(3) })],
    ['a planned ED visit', encounter('EMER', 'planned', { start: hoursAgo(-5) })],
    ['an inpatient stay', encounter('IMP', 'in-progress', { start: daysAgo(2) })],
  ])('not during %s', (_l, enc) => {
    expect(promptFor('behandelwensen-known', [patient(), enc, treatmentDirective('89666000', 'deny')])).toBeUndefined();
  });

  it('not without an active directive (inactive, ended, entered-in-error)', () => {
    expect(promptFor('behandelwensen-known', [patient(), activeSeh()])).toBeUndefined();
    expect(promptFor('behandelwensen-known', [patient(), activeSeh(), treatmentDirective('89666000', 'deny', { status: 'inactive' })])).toBeUndefined();
    expect(promptFor('behandelwensen-known', [patient(), activeSeh(), treatmentDirective('89666000', 'deny', { end: dateDaysAgo(1) })])).toBeUndefined();
    expect(promptFor('behandelwensen-known', [patient(), activeSeh(), treatmentDirective('89666000', 'deny', { status: 'entered-in-error' })])).toBeUndefined();
  });

  it('a new directive re-opens it (key changes)', () => {
    const base = [patient(), activeSeh(), treatmentDirective('89666000', 'deny', { id: 'td-a' })];
    const k1 = promptFor('behandelwensen-known', base)?.key;
    expect(promptFor('behandelwensen-known', [...base, treatmentDirective('40617009', 'deny', { id: 'td-b' })])?.key).not.toBe(k1);
  });
});

describe('behandelwensen-unknown-at-seh', () => {
  it('fires for a palliative patient at the SEH without behandelwensen; HAP outside office hours', () => {
    // NOW is Saturday 10:00: the huisartsenpost answers
    const p = promptFor('behandelwensen-unknown-at-seh', [patient({ gp: 'dr. Bakker' }), palliative(), activeSeh()]);
    expect(p?.indicator).toBe('warning');
    expect(p?.summary).toContain('HAP');
    expect(p?.actions[0]).toMatchObject({ id: 'record-behandelwensen-opgevraagd', params: { contact: 'hap', encounter: 'Encounter/seh1' } });
    expect(p?.detail).toContain('dr. Bakker');
  });

  it('the GP during office hours (weekday 08:00–17:00 Amsterdam)', () => {
    const monday0900 = new Date('2024-06-17T09:00:00+02:00');
    const monday1700 = new Date('2024-06-17T17:00:00+02:00');
    const r = [patient({ gp: 'dr. Bakker' }), palliative(), encounter('EMER', 'in-progress', { start: '2024-06-17T06:00:00+02:00' }, { id: 'seh1' })];
    expect(promptFor('behandelwensen-unknown-at-seh', r, { now: monday0900 })?.actions[0].params?.contact).toBe('huisarts');
    expect(promptFor('behandelwensen-unknown-at-seh', r, { now: monday1700 })?.actions[0].params?.contact).toBe('hap');
  });

  it('also for "not surprised" without marking', () => {
    expect(promptFor('behandelwensen-unknown-at-seh', [patient(), sqAnswer(false, daysAgo(5)), activeSeh()])).toBeDefined();
    expect(promptFor('behandelwensen-unknown-at-seh', [patient(), sqAnswer(true, daysAgo(5)), activeSeh()])).toBeUndefined();
  });

  it('not when the GP/HAP was asked during this encounter (Task or Communication)', () => {
    const base = [patient(), palliative(), activeSeh()];
    expect(promptFor('behandelwensen-unknown-at-seh', [...base, task('behandelwensen-opgevraagd', 'completed', { encounter: 'seh1' })])).toBeUndefined();
    const comm = {
      resourceType: 'Communication',
      id: 'c1',
      status: 'completed',
      category: [{ coding: [{ system: 'http://palliatief-zorgpad.example/fhir/CodeSystem/pathway', code: 'behandelwensen-opgevraagd' }] }],
      subject: { reference: 'Patient/p1' },
      encounter: { reference: 'Encounter/seh1' },
    };
    expect(promptFor('behandelwensen-unknown-at-seh', [...base, comm])).toBeUndefined();
    // asked during an earlier visit: still to do now
    expect(promptFor('behandelwensen-unknown-at-seh', [...base, task('behandelwensen-opgevraagd', 'completed', { encounter: 'old-seh' })])).toBeDefined();
    // without a link: made after this visit started counts, before it does not
    expect(promptFor('behandelwensen-unknown-at-seh', [...base, task('behandelwensen-opgevraagd', 'completed', { authoredOn: hoursAgo(1) })])).toBeUndefined();
    expect(promptFor('behandelwensen-unknown-at-seh', [...base, task('behandelwensen-opgevraagd', 'completed', { authoredOn: daysAgo(3) })])).toBeDefined();
  });

  it('not when behandelwensen are recorded (then behandelwensen-known shows them)', () => {
    expect(promptFor('behandelwensen-unknown-at-seh', [patient(), palliative(), activeSeh(), acp()])).toBeUndefined();
  });
});

describe('topz-consult', () => {
  const topzTeam = (opts = {}) => careTeam([{ member: { reference: 'Practitioner/x', display: 'verpleegkundig specialist' } }], { name: 'TOPZ Spaarne Gasthuis', ...opts });

  it('fires at the SEH for a patient known to TOPZ', () => {
    const p = promptFor('topz-consult', [patient(), topzTeam(), activeSeh()]);
    expect(p?.indicator).toBe('warning');
    expect(p?.summary).toContain('TOPZ');
    expect(p?.actions[0]).toMatchObject({ id: 'request-topz-consult', params: { team: 'TOPZ', encounter: 'Encounter/seh1' } });
  });

  it('fires during an inpatient stay too, not during an outpatient visit', () => {
    expect(promptFor('topz-consult', [patient(), topzTeam(), encounter('IMP', 'in-progress', { start: daysAgo(1) })])).toBeDefined();
    expect(promptFor('topz-consult', [patient(), topzTeam(), encounter('AMB', 'in-progress', { start: hoursAgo(1) })])).toBeUndefined();
  });

  it('recognises the team by participant, identifier or configured name', () => {
    const byParticipant = careTeam([{ member: { reference: 'Organization/topz', display: 'TOPZ' } }], { name: 'Zorgteam thuis' });
    expect(promptFor('topz-consult', [patient(), byParticipant, activeSeh()])).toBeDefined();
    const byId = careTeam([], { name: 'Palliatief team', identifier: { system: 'urn:x', value: 'pt-1' } });
    expect(promptFor('topz-consult', [patient(), byId, activeSeh()])).toBeUndefined();
    expect(promptFor('topz-consult', [patient(), byId, activeSeh()], { config: { palliativeTeam: { identifiers: [{ system: 'urn:x', value: 'pt-1' }] } } })).toBeDefined();
    const named = careTeam([], { name: 'PaTz-team Noord' });
    expect(promptFor('topz-consult', [patient(), named, activeSeh()], { config: { palliativeTeam: { name: 'PaTz-team' } } })).toBeDefined();
    // whole words only
    expect(promptFor('topz-consult', [patient(), careTeam([], { name: 'STOPZETTEN' }), activeSeh()])).toBeUndefined();
  });

  it('not for an inactive team', () => {
    expect(promptFor('topz-consult', [patient(), topzTeam({ status: 'inactive' }), activeSeh()])).toBeUndefined();
  });

  it('not when a consult was requested during this encounter; again at the next one', () => {
    expect(promptFor('topz-consult', [patient(), topzTeam(), activeSeh(), serviceRequest('topz-consult', { encounter: 'seh1' })])).toBeUndefined();
    expect(promptFor('topz-consult', [patient(), topzTeam(), activeSeh(), serviceRequest('topz-consult', { encounter: 'other' })])).toBeDefined();
    expect(promptFor('topz-consult', [patient(), topzTeam(), activeSeh(), serviceRequest('topz-consult', { encounter: 'seh1', status: 'entered-in-error' })])).toBeDefined();
  });
});
