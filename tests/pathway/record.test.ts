// buildRecord: grouping per patient, Bundles of any type, urn:uuid references, one bad resource skipped.
import { describe, expect, it } from 'vitest';
import { buildRecord, evaluate, evaluatePatient } from '../../lib/pathway/index';
import { NOW, condition, daysAgo, palliative, patient, promptFor, snomed } from './support/builders';

describe('buildRecord', () => {
  it('groups by subject, patient, beneficiary and for', () => {
    const r = buildRecord([
      patient({ id: 'a' }),
      patient({ id: 'b' }),
      { ...condition(snomed('1')), subject: { reference: 'Patient/a' } },
      { resourceType: 'Consent', id: 'c', status: 'active', scope: { coding: [{ code: 'adr' }] }, patient: { reference: 'Patient/b' } },
      { resourceType: 'Task', id: 't', status: 'requested', for: { reference: 'https://fhir.example.org/r4/Patient/b/_history/3' } },
      { resourceType: 'Claim', id: 'ignored', patient: { reference: 'Patient/a' } },
    ]);
    expect(r.errors).toEqual([]);
    const a = r.records.find((x) => x.patient === 'Patient/a')!;
    const b = r.records.find((x) => x.patient === 'Patient/b')!;
    expect(a.conditions).toHaveLength(1);
    expect(b.consents).toHaveLength(1);
    expect(b.tasks).toHaveLength(1);
  });

  it('resolves urn:uuid references of a transaction bundle through fullUrl', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: 'urn:uuid:1111', resource: { resourceType: 'Patient', id: '1111', birthDate: '1940-01-01' }, request: { method: 'POST', url: 'Patient' } },
        { fullUrl: 'urn:uuid:2222', resource: { ...condition(snomed('13645005')), subject: { reference: 'urn:uuid:1111' } } },
        // a resource without id: the fullUrl is its identity
        { fullUrl: 'urn:uuid:3333', resource: { ...condition(snomed('88805009')), id: undefined, subject: { reference: 'urn:uuid:1111' } } },
      ],
    };
    const r = buildRecord([bundle]);
    expect(r.records.map((x) => x.patient)).toEqual(['Patient/1111']);
    expect(r.records[0].conditions.map((c) => c.id)).toContain('3333');
  });

  it('unwraps searchset and collection bundles, nested', () => {
    const inner = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: patient({ id: 'x' }) }] };
    const outer = { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: inner }, { resource: { ...palliative(), subject: { reference: 'Patient/x' } } }] };
    const r = buildRecord([outer]);
    expect(r.records[0].patient).toBe('Patient/x');
    expect(r.records[0].conditions).toHaveLength(1);
  });

  it('a malformed resource becomes an error naming the field and is skipped; the rest is evaluated', () => {
    const bad = { ...condition(snomed('13645005')), id: 'bad-1', clinicalStatus: 'active' };
    const badDate = { ...condition(snomed('88805009')), id: 'bad-2', onsetDateTime: '15-06-2024' };
    const res = evaluatePatient([patient(), bad, badDate, condition(snomed('84114007'))], { now: NOW });
    expect(res.errors).toEqual([
      expect.objectContaining({ resourceType: 'Condition', id: 'bad-1', field: 'clinicalStatus' }),
      expect.objectContaining({ resourceType: 'Condition', id: 'bad-2', field: 'onsetDateTime' }),
    ]);
    expect(res.prompts.map((p) => p.code)).toEqual(['surprise-question']);
    expect(res.prompts[0].detail).not.toContain('13645005');
  });

  it('non-resources and resources without patient are reported, never fatal', () => {
    const res = evaluate([patient(), 42, { foo: 'bar' }, { resourceType: 'Observation', id: 'o', status: 'final', code: { text: 'x' } }], { now: NOW });
    expect(res).toHaveLength(1);
    expect(res[0].errors.map((e) => e.field)).toEqual(['resourceType', 'resourceType', 'subject']);
  });

  it('a malformed Patient is reported; its other resources still form a record', () => {
    const res = evaluate([{ resourceType: 'Patient', id: 'p1', birthDate: 'yesterday' }, palliative()], { now: NOW });
    expect(res[0].patient).toBe('Patient/p1');
    expect(res[0].errors[0]).toMatchObject({ resourceType: 'Patient', field: 'birthDate' });
    expect(res[0].prompts.map((p) => p.code)).toContain('central-caregiver-missing');
  });

  it('evaluate gives one result per patient', () => {
    const res = evaluate([patient({ id: 'a' }), patient({ id: 'b', deceasedDateTime: daysAgo(35) })], { now: NOW });
    expect(res.map((r) => [r.patient, r.prompts.length > 0])).toEqual([
      ['Patient/a', false],
      ['Patient/b', true],
    ]);
  });

  it('a zone-less dateTime is read as Amsterdam local time', () => {
    // 23:30 local time 184 days ago is day 184 (read as UTC it would be 01:30 on day 183)
    const local = daysAgo(184).slice(0, 10) + 'T23:30:00';
    expect(promptFor('surprise-question', [patient(), condition(snomed('13645005')), { resourceType: 'Observation', id: 's', status: 'final', code: { coding: [{ system: 'http://palliatief-zorgpad.example/fhir/CodeSystem/pathway', code: 'surprise-question' }] }, subject: { reference: 'Patient/p1' }, effectiveDateTime: local, valueBoolean: true }])).toBeDefined();
  });
});
