// The configuration: defaults from pathway.md, refusal naming the field, effect on rules.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CODE_SYSTEM, defaultConfig, parseConfig } from '../../lib/pathway/index';
import { daysAgo, palliative, patient, promptFor, pz, relatedPerson } from './support/builders';

describe('config', () => {
  it('has every window of pathway.md as default', () => {
    expect(defaultConfig.windows).toMatchObject({
      surpriseQuestionDays: 183,
      unplannedAdmissionDays: 183,
      medicationReviewDays: 183,
      caregiverBurdenDays: 92,
      handoverPlannedEndHours: 48,
      handoverEndedHours: 24,
      deathInformDays: 30,
      deathInformCriticalAfterDays: 2,
      afterDeathDays: 183,
      nazorgOwnerCriticalFromDay: 7,
      nazorgContactStartDay: 14,
      nazorgContactWarningUntilDay: 21,
      nazorggesprekAdult: { start: 28, end: 42 },
      nazorggesprekChild: { start: 42, end: 56 },
    });
    expect(defaultConfig.thresholds).toMatchObject({
      elderlyAge: 75,
      elderlyMinActiveConditions: 3,
      unplannedAdmissionsMin: 2,
      polypharmacyMinMedications: 5,
      kindcheckMinAge: 18,
      kindcheckMaxAge: 69,
    });
    expect(defaultConfig.palliativeTeam.name).toBe('TOPZ');
    expect(defaultConfig.codeSystem).toBe(DEFAULT_CODE_SYSTEM);
    expect(defaultConfig.codeSystem).toBe('http://palliatief-zorgpad.example/fhir/CodeSystem/pathway');
    expect(defaultConfig.palliativeIcpc.enabled).toBe(false);
    expect(defaultConfig.timezone).toBe('Europe/Amsterdam');
    expect(defaultConfig.zorgkaart[0].url).toMatch(/^https:\/\/palliaweb\.nl\//);
  });

  it('fills nested defaults for a partial config', () => {
    const c = parseConfig({ windows: { caregiverBurdenDays: 60 } });
    expect(c.windows.caregiverBurdenDays).toBe(60);
    expect(c.windows.nazorggesprekAdult).toEqual({ start: 28, end: 42 });
    expect(parseConfig(undefined)).toEqual(defaultConfig);
  });

  it.each([
    [{ windows: { caregiverBurdenDays: -1 } }, 'windows.caregiverBurdenDays'],
    [{ windows: { caregiverBurdenDays: '92' } }, 'windows.caregiverBurdenDays'],
    [{ windows: { nazorggesprekAdult: { start: 42, end: 28 } } }, 'windows.nazorggesprekAdult.end'],
    [{ thresholds: { elderlyAge: 7.5 } }, 'thresholds.elderlyAge'],
    [{ timezone: 'Europe/Amsterdm' }, 'timezone'],
    [{ codeSystem: 'not a url' }, 'codeSystem'],
    [{ palliativeTeam: { name: '' } }, 'palliativeTeam.name'],
    [{ zorgkaart: [{ region: 'X', url: 'nope' }] }, 'zorgkaart.0.url'],
    [{ windows: { caregiverBurdenDay: 3 } }, 'windows'],
    [{ surprise: true }, '(root)'],
  ])('refuses %j naming %s', (input, field) => {
    expect(() => parseConfig(input)).toThrow(new RegExp(`: ${field.replace(/[.()]/g, '\\$&')}: `));
  });

  it('a changed window changes the rule', () => {
    const r = [patient(), palliative(), relatedPerson([pz('mantelzorger')]), { resourceType: 'Observation', id: 'b', status: 'final', code: { coding: [pz('caregiver-burden-asked')] }, subject: { reference: 'Patient/p1' }, effectiveDateTime: daysAgo(70), valueBoolean: true }];
    expect(promptFor('caregiver-burden', r)).toBeUndefined();
    expect(promptFor('caregiver-burden', r, { config: { windows: { caregiverBurdenDays: 60 } } })).toBeDefined();
  });

  it('a configured code system is the one read', () => {
    const other = 'https://zorg.example.nl/fhir/CodeSystem/pad';
    const r = [patient(), { ...palliative(), code: { coding: [{ system: other, code: 'palliatieve-fase' }] } }];
    expect(promptFor('central-caregiver-missing', r)).toBeUndefined();
    expect(promptFor('central-caregiver-missing', r, { config: { codeSystem: other } })).toBeDefined();
  });
});

describe('config: handover links', () => {
  it('accepts links per handover item and refuses unknown items', () => {
    expect(parseConfig({ handoverLinks: { behandeldoel: 'https://x/{patient}' } }).handoverLinks.behandeldoel).toBe('https://x/{patient}');
    expect(() => parseConfig({ handoverLinks: { onbekend: 'https://x' } })).toThrow(/handoverLinks/);
  });
});
