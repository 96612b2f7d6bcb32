import { beforeEach, describe, expect, test } from 'vitest';
import { clearCapabilityCache } from '../../lib/fhir/capability';
import { DEFAULT_PZ_SYSTEM as PZ, SNOMED } from '../../lib/fhir/codes';
import type { WriteIntent } from '../../lib/fhir/gateway';
import { createFhirGateway } from '../../lib/fhir/load-record';
import { sendWrite } from '../../lib/fhir/send-write';
import { WRITE_BUILDERS, WriteRefusedError, buildWrite, type CreatePlan, type WritableActionId } from '../../lib/fhir/writes';
import { ACTION_IDS } from '../../lib/pathway/types';
import { BASE, memoryFhir } from './support/memory-fhir';

beforeEach(() => clearCapabilityCache());

let n = 0;
function intent(action: WritableActionId, params: Record<string, string> = {}, patientId = 'p1'): WriteIntent {
  n++;
  return { id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, patientId, action, params, author: 'Practitioner/dr-a', createdAt: '2025-03-01T10:00:00.000Z' };
}
const resourceOf = (i: WriteIntent) => {
  const plan = buildWrite(i);
  if (plan.kind !== 'create') throw new Error('expected a create');
  return plan.resource as Record<string, any>;
};
const codings = (cc: any) => (cc?.coding ?? []).map((c: any) => `${c.system}|${c.code}`);

/** One valid intent per writing action: the parameter list in lib/fhir/gateway.ts. */
// save-handover is a transaction, not a single conditional create: tested in tests/handover/save.test.ts
const SAMPLES: Record<Exclude<WritableActionId, 'save-handover'>, Record<string, string>> = {
  'answer-surprise-question': { answer: 'false' },
  'mark-palliative-phase': {},
  'record-behandelwensengesprek': { date: '2025-02-27' },
  'handover-behandelwensengesprek': { owner: 'Practitioner/ha', ownerDisplay: 'E. de Huisarts' },
  'record-behandelwensen-opgevraagd': { encounter: 'Encounter/seh1', contacted: 'hap', note: 'HAP belt terug' },
  'request-topz-consult': { encounter: 'Encounter/seh1', performer: 'CareTeam/topz', performerDisplay: 'TOPZ' },
  'appoint-central-caregiver': { participant: 'Practitioner/wv', display: 'M. Wijkverpleegkundige' },
  'record-medication-review': {},
  'record-naaste': { name: 'Anna Jansen', relationship: 'WIFE', phone: '06-00000000', mantelzorger: 'true' },
  'record-kindcheck': { minorChildren: 'true', note: 'twee kinderen, 8 en 12' },
  'record-caregiver-burden': { score: '8' },
  'record-caregivers-informed': { informed: 'Huisarts De Vries, Thuiszorg Oost' },
  'assign-nazorg-owner': { owner: 'Organization/ziekenhuis', ownerDisplay: 'Ziekenhuis', dueStart: '2025-03-15', dueEnd: '2025-03-22' },
  'record-nazorg-contact': { note: 'gebeld' },
  'record-nazorggesprek': { outcome: 'declined', reason: 'Nabestaande wil geen gesprek' },
  'record-brochure-sent': { channel: 'post' },
};

describe('write builders: one documented encoding each (pathway.md, "Recognised encodings")', () => {
  test('every writing action has a builder, and only those', () => {
    expect(Object.keys(WRITE_BUILDERS).sort()).toEqual(ACTION_IDS.filter((a) => !['view-directives', 'open-handover-item'].includes(a)).sort());
    expect(() => buildWrite({ ...intent('record-medication-review'), action: 'view-directives' })).toThrow(WriteRefusedError);
  });

  test('every write carries the intent id as identifier and is a conditional create on it', () => {
    for (const action of Object.keys(SAMPLES) as (keyof typeof SAMPLES)[]) {
      const i = intent(action, SAMPLES[action]);
      const plan = buildWrite(i) as CreatePlan;
      expect(plan.kind).toBe('create');
      expect(plan.resource.identifier).toEqual([{ system: `${PZ}/write-id`, value: i.id }]);
      const patientParam = plan.resource.resourceType === 'RelatedPerson' ? 'patient' : 'subject';
      expect(plan.ifNoneExist).toBe(`${patientParam}=Patient/p1&identifier=${encodeURIComponent(`${PZ}/write-id`)}|${i.id}`);
    }
  });

  test('surprise question: Observation pz#surprise-question, final, valueBoolean, performer', () => {
    const r = resourceOf(intent('answer-surprise-question', { answer: 'false' }));
    expect(r).toMatchObject({ resourceType: 'Observation', status: 'final', subject: { reference: 'Patient/p1' }, valueBoolean: false, effectiveDateTime: '2025-03-01T10:00:00.000Z', performer: [{ reference: 'Practitioner/dr-a' }] });
    expect(codings(r.code)).toEqual([`${PZ}|surprise-question`]);
    expect(resourceOf(intent('answer-surprise-question', { answer: 'true' })).valueBoolean).toBe(true);
    expect(() => buildWrite(intent('answer-surprise-question', { answer: 'ja' }))).toThrow(WriteRefusedError);
  });

  test('palliative phase: active confirmed Condition SNOMED 103735009 + pz#palliatieve-fase', () => {
    const r = resourceOf(intent('mark-palliative-phase'));
    expect(r.resourceType).toBe('Condition');
    expect(codings(r.code)).toEqual([`${SNOMED}|103735009`, `${PZ}|palliatieve-fase`]);
    expect(r.clinicalStatus.coding[0].code).toBe('active');
    expect(r.verificationStatus.coding[0].code).toBe('confirmed');
    expect(r.onsetDateTime).toBe('2025-03-01T10:00:00.000Z');
  });

  test('behandelwensengesprek: Procedure SNOMED 713603004, or a handed-over Task with owner', () => {
    const p = resourceOf(intent('record-behandelwensengesprek', { date: '2025-02-27' }));
    expect(p).toMatchObject({ resourceType: 'Procedure', status: 'completed', performedDateTime: '2025-02-27' });
    expect(codings(p.code)).toEqual([`${SNOMED}|713603004`]);
    const t = resourceOf(intent('handover-behandelwensengesprek', SAMPLES['handover-behandelwensengesprek']));
    expect(t).toMatchObject({ resourceType: 'Task', status: 'requested', for: { reference: 'Patient/p1' }, owner: { reference: 'Practitioner/ha', display: 'E. de Huisarts' } });
    expect(codings(t.code)).toEqual([`${PZ}|behandelwensengesprek`]);
    expect(() => buildWrite(intent('record-behandelwensengesprek', { date: '27-02-2025' }))).toThrow(WriteRefusedError);
  });

  test('GP/HAP asked at the SEH: completed Task pz#behandelwensen-opgevraagd on the encounter', () => {
    const t = resourceOf(intent('record-behandelwensen-opgevraagd', SAMPLES['record-behandelwensen-opgevraagd']));
    expect(t).toMatchObject({ resourceType: 'Task', status: 'completed', encounter: { reference: 'Encounter/seh1' }, input: [{ valueCode: 'hap' }], note: [{ text: 'HAP belt terug' }] });
    expect(codings(t.code)).toEqual([`${PZ}|behandelwensen-opgevraagd`]);
  });

  test('TOPZ consult: ServiceRequest pz#topz-consult for the encounter', () => {
    const s = resourceOf(intent('request-topz-consult', SAMPLES['request-topz-consult']));
    expect(s).toMatchObject({ resourceType: 'ServiceRequest', status: 'active', intent: 'order', encounter: { reference: 'Encounter/seh1' }, performer: [{ reference: 'CareTeam/topz', display: 'TOPZ' }] });
    expect(codings(s.code)).toEqual([`${PZ}|topz-consult`]);
    expect(() => buildWrite(intent('request-topz-consult', {}))).toThrow(/encounter/);
  });

  test('central caregiver: active CareTeam whose participant role has both pz#centrale-zorgverlener and SNOMED 768832004', () => {
    const ct = resourceOf(intent('appoint-central-caregiver', SAMPLES['appoint-central-caregiver']));
    expect(ct).toMatchObject({ resourceType: 'CareTeam', status: 'active', subject: { reference: 'Patient/p1' } });
    expect(ct.participant).toHaveLength(1);
    expect(codings(ct.participant[0].role[0])).toEqual([`${PZ}|centrale-zorgverlener`, `${SNOMED}|768832004`]);
    expect(ct.participant[0].member).toEqual({ reference: 'Practitioner/wv', display: 'M. Wijkverpleegkundige' });
    const add = buildWrite(intent('appoint-central-caregiver', { ...SAMPLES['appoint-central-caregiver'], careTeam: 'CareTeam/ct1' }));
    expect(add.kind).toBe('add-careteam-participant');
  });

  test('medication review: Procedure pz#medicatiereview + SNOMED 182836005', () => {
    const p = resourceOf(intent('record-medication-review'));
    expect(codings(p.code)).toEqual([`${PZ}|medicatiereview`, `${SNOMED}|182836005`]);
    expect(p.status).toBe('completed');
  });

  test('naaste: RelatedPerson for the patient, v3 or RolCodelijst relationship, mantelzorger coded both ways', () => {
    const r = resourceOf(intent('record-naaste', SAMPLES['record-naaste']));
    expect(r).toMatchObject({ resourceType: 'RelatedPerson', active: true, patient: { reference: 'Patient/p1' }, name: [{ text: 'Anna Jansen' }], telecom: [{ system: 'phone', value: '06-00000000' }] });
    expect(codings(r.relationship[0])).toEqual(['http://terminology.hl7.org/CodeSystem/v3-RoleCode|WIFE']);
    expect(codings(r.relationship[1])).toEqual(['urn:oid:2.16.840.1.113883.2.4.3.11.60.40.4.23.1|100001', `${PZ}|mantelzorger`]);
    const rol = resourceOf(intent('record-naaste', { name: 'B', relationship: '01', mantelzorger: 'false' }));
    expect(rol.relationship).toHaveLength(1);
    expect(codings(rol.relationship[0])).toEqual(['urn:oid:2.16.840.1.113883.2.4.3.11.22.472|01']);
    expect(() => buildWrite(intent('record-naaste', { name: 'B', relationship: 'echtgenote', mantelzorger: 'false' }))).toThrow(WriteRefusedError);
  });

  test('kindcheck and caregiver burden: Observations with a value', () => {
    const k = resourceOf(intent('record-kindcheck', SAMPLES['record-kindcheck']));
    expect(codings(k.code)).toEqual([`${PZ}|kindcheck`]);
    expect(k.valueBoolean).toBe(true);
    const b = resourceOf(intent('record-caregiver-burden', { score: '8' }));
    expect(codings(b.code)).toEqual([`${PZ}|caregiver-burden`]);
    expect(b.valueInteger).toBe(8);
    expect(resourceOf(intent('record-caregiver-burden', { score: '0' })).valueInteger).toBe(0);
    const asked = resourceOf(intent('record-caregiver-burden', { note: 'gaat goed' }));
    expect(codings(asked.code)).toEqual([`${PZ}|caregiver-burden-asked`]);
    expect(asked.valueInteger).toBeUndefined();
    for (const bad of ['14', '-1', '7.5', 'x']) expect(() => buildWrite(intent('record-caregiver-burden', { score: bad }))).toThrow(WriteRefusedError);
  });

  test('nazorg Tasks: for the patient, owner, due window, completed or declined with statusReason', () => {
    const owner = resourceOf(intent('assign-nazorg-owner', SAMPLES['assign-nazorg-owner']));
    expect(owner).toMatchObject({ resourceType: 'Task', status: 'accepted', for: { reference: 'Patient/p1' }, owner: { reference: 'Organization/ziekenhuis', display: 'Ziekenhuis' }, restriction: { period: { start: '2025-03-15', end: '2025-03-22' } } });
    expect(codings(owner.code)).toEqual([`${PZ}|nazorg`]);
    const informed = resourceOf(intent('record-caregivers-informed', SAMPLES['record-caregivers-informed']));
    expect(informed.status).toBe('completed');
    expect(codings(informed.code)).toEqual([`${PZ}|overlijden-melden`]);
    expect(informed.input.map((i: any) => i.valueString)).toEqual(['Huisarts De Vries', 'Thuiszorg Oost']);
    expect(() => buildWrite(intent('record-caregivers-informed', { informed: ' ' }))).toThrow(WriteRefusedError);
    const contact = resourceOf(intent('record-nazorg-contact', {}));
    expect([contact.status, codings(contact.code)[0]]).toEqual(['completed', `${PZ}|nazorg-contact`]);
    const done = resourceOf(intent('record-nazorggesprek', { outcome: 'done' }));
    expect([done.status, done.statusReason]).toEqual(['completed', undefined]);
    const declined = resourceOf(intent('record-nazorggesprek', SAMPLES['record-nazorggesprek']));
    expect(declined).toMatchObject({ status: 'cancelled', statusReason: { text: 'Nabestaande wil geen gesprek' } });
    expect(() => buildWrite(intent('record-nazorggesprek', { outcome: 'declined' }))).toThrow(/reason/);
    const brochure = resourceOf(intent('record-brochure-sent', { channel: 'digitaal' }));
    expect([brochure.status, codings(brochure.code)[0], brochure.input[0].valueCode]).toEqual(['completed', `${PZ}|nazorg-brochure`, 'digitaal']);
  });

  test('the CodeSystem canonical is configurable', () => {
    const i = intent('record-kindcheck', { minorChildren: 'false' });
    const plan = buildWrite(i, { pzSystem: 'https://zorg.example/cs' }) as CreatePlan;
    expect(codings(plan.resource.code)).toEqual(['https://zorg.example/cs|kindcheck']);
    expect(plan.resource.identifier).toEqual([{ system: 'https://zorg.example/cs/write-id', value: i.id }]);
  });
});

describe('the right patient', () => {
  test('an intent whose parameters point at another patient is refused', () => {
    expect(() => buildWrite(intent('appoint-central-caregiver', { participant: 'Practitioner/x', display: 'X', careTeam: 'CareTeam/c' }, 'p1'))).not.toThrow();
    expect(() => buildWrite(intent('handover-behandelwensengesprek', { owner: 'Practitioner/x', ownerDisplay: 'X', note: 'zie Patient/p2' }, 'p1'))).toThrow(/andere patiënt/);
    expect(() => buildWrite(intent('record-naaste', { name: 'Patient/p2', relationship: 'WIFE', mantelzorger: 'false' }, 'p1'))).toThrow(/andere patiënt/);
    expect(() => buildWrite(intent('record-medication-review', {}, ''))).toThrow(WriteRefusedError);
  });

  test('a reference parameter must be a plain Type/id of an allowed type', () => {
    for (const owner of ['https://evil.example/Practitioner/1', 'Patient/p1', 'Practitioner?name=x', '#contained']) {
      expect(() => buildWrite(intent('assign-nazorg-owner', { owner, ownerDisplay: 'X' }))).toThrow(WriteRefusedError);
    }
  });

  test('adding the central caregiver to a CareTeam of another patient fails with a message', async () => {
    const server = memoryFhir();
    const team = await server.repo.createResource({ resourceType: 'CareTeam', status: 'active', subject: { reference: 'Patient/p2' } } as never);
    const plan = buildWrite(intent('appoint-central-caregiver', { participant: 'Practitioner/x', display: 'X', careTeam: `CareTeam/${(team as any).id}` }, 'p1'));
    expect(await sendWrite({ serverUrl: BASE, fetch: server.fetch }, plan, 'p1')).toEqual({ kind: 'failed', message: expect.stringMatching(/niet bij deze patiënt/) });
  });
});

describe('written resources come back through the record load', () => {
  test('every action, written to a FHIR server, is in the next loadPatientRecord (our search filters see our codes)', async () => {
    const server = memoryFhir();
    const patient = (await server.repo.createResource({ resourceType: 'Patient', name: [{ family: 'Jansen' }] } as never)) as any;
    const conn = { serverUrl: BASE, fetch: server.fetch };
    const written: string[] = [];
    for (const action of Object.keys(SAMPLES) as (keyof typeof SAMPLES)[]) {
      const i = intent(action, SAMPLES[action], patient.id);
      const out = await sendWrite(conn, buildWrite(i), patient.id);
      expect(out, action).toMatchObject({ kind: 'confirmed', serverRef: expect.stringMatching(/^[A-Za-z]+\/[\w-]+$/) });
      written.push((out as { serverRef: string }).serverRef);
    }
    const rec = await createFhirGateway({ serverUrl: BASE, fetch: server.fetch }).loadPatientRecord(patient.id);
    const loaded = rec.resources.map((r) => `${r.resourceType}/${r.id}`);
    expect(loaded).toEqual(expect.arrayContaining(written));
    expect(rec.requests).toBe(1);
  });

  test('sending the same intent twice creates it once (conditional create matches the first)', async () => {
    const server = memoryFhir();
    const conn = { serverUrl: BASE, fetch: server.fetch };
    const i = intent('answer-surprise-question', { answer: 'false' });
    const first = await sendWrite(conn, buildWrite(i), 'p1');
    const second = await sendWrite(conn, buildWrite(i), 'p1');
    expect(first.kind).toBe('confirmed');
    expect(second).toEqual(first);
    expect(await server.countByIdentifier('Observation', `${PZ}/write-id`, i.id)).toBe(1);
  });

  test('adding the central caregiver to an existing CareTeam uses If-Match and never adds twice', async () => {
    const server = memoryFhir();
    const team = (await server.repo.createResource({ resourceType: 'CareTeam', status: 'active', subject: { reference: 'Patient/p1' }, participant: [{ member: { reference: 'Practitioner/ha' } }] } as never)) as any;
    const seenIfMatch: Array<string | null> = [];
    const conn = {
      serverUrl: BASE,
      fetch: (url: string, init?: RequestInit) => {
        if (init?.method === 'PUT') seenIfMatch.push(new Headers(init.headers).get('if-match'));
        return server.fetch(url, init);
      },
    };
    const plan = buildWrite(intent('appoint-central-caregiver', { participant: 'Practitioner/wv', display: 'W', careTeam: `CareTeam/${team.id}` }));
    expect(await sendWrite(conn, plan, 'p1')).toEqual({ kind: 'confirmed', serverRef: `CareTeam/${team.id}` });
    expect(await sendWrite(conn, plan, 'p1')).toEqual({ kind: 'confirmed', serverRef: `CareTeam/${team.id}` });
    expect(seenIfMatch).toEqual([`W/"${team.meta.versionId}"`]);
    const after = (await server.repo.readResource('CareTeam', team.id)) as any;
    expect(after.participant).toHaveLength(2);
    expect(codings(after.participant[1].role[0])).toContain(`${PZ}|centrale-zorgverlener`);
  });

  test('a lost If-Match race is retried, not failed', async () => {
    const server = memoryFhir();
    const team = (await server.repo.createResource({ resourceType: 'CareTeam', status: 'active', subject: { reference: 'Patient/p1' } } as never)) as any;
    const conn = {
      serverUrl: BASE,
      fetch: async (url: string, init?: RequestInit) =>
        init?.method === 'PUT' ? new Response(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'conflict', diagnostics: 'version conflict' }] }), { status: 412 }) : server.fetch(url, init),
    };
    const plan = buildWrite(intent('appoint-central-caregiver', { participant: 'Practitioner/wv', display: 'W', careTeam: `CareTeam/${team.id}` }));
    expect(await sendWrite(conn, plan, 'p1')).toEqual({ kind: 'retry', message: 'version conflict' });
  });
});

describe('the published CodeSystem', () => {
  test('defines every pz code a builder writes', async () => {
    const { pathwayCodeSystem } = await import('../../lib/fhir/codesystem');
    const cs = pathwayCodeSystem();
    const defined = new Set(cs.concept.map((c) => c.code));
    const written = new Set<string>();
    const collect = (x: unknown): void => {
      if (Array.isArray(x)) return x.forEach(collect);
      if (x && typeof x === 'object') {
        const o = x as Record<string, unknown>;
        if (o.system === PZ && typeof o.code === 'string') written.add(o.code);
        Object.values(o).forEach(collect);
      }
    };
    for (const action of Object.keys(SAMPLES) as (keyof typeof SAMPLES)[]) collect(buildWrite(intent(action, SAMPLES[action])));
    collect(buildWrite(intent('record-caregiver-burden', {})));
    expect([...written].filter((c) => !defined.has(c))).toEqual([]);
    expect(written.size).toBeGreaterThanOrEqual(15);
    expect(cs.count).toBe(cs.concept.length);
  });
});
