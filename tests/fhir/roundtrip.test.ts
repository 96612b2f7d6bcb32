// Across the layers: what the app writes must be what the rules recognise. Each scenario loads a record
// from an in-process FHIR server through the gateway, evaluates it, performs the prompt's action
// through the outbox, reloads, and checks that the prompt is gone (and only that one).
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, test } from 'vitest';
import { clearCapabilityCache } from '../../lib/fhir/capability';
import { DEFAULT_PZ_SYSTEM as PZ } from '../../lib/fhir/codes';
import type { ActionParams } from '../../lib/fhir/gateway';
import { createFhirGateway } from '../../lib/fhir/load-record';
import type { WritableActionId } from '../../lib/fhir/writes';
import { evaluatePatient, type PromptCode } from '../../lib/pathway';
import { PzDatabase } from '../../lib/store/db';
import { createOutbox } from '../../lib/store/outbox';
import { loadNictizAll } from '../support/fixtures';
import { BASE, memoryFhir, type MemoryFhir } from './support/memory-fhir';

beforeEach(() => clearCapabilityCache());

const NOW = new Date();
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();
const yearsAgo = (n: number) => `${NOW.getUTCFullYear() - n}-01-15`;
const SCT = 'http://snomed.info/sct';
const ACT = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';

async function harness(server: MemoryFhir, patientId: string) {
  const gateway = createFhirGateway({ serverUrl: BASE, fetch: server.fetch });
  const db = new PzDatabase(`roundtrip-${Math.random()}`);
  const queue = createOutbox({ db, connection: { serverUrl: BASE, fetch: server.fetch } });
  const prompts = async () => {
    const rec = await gateway.loadPatientRecord(patientId);
    expect(rec.requests).toBe(1);
    const result = evaluatePatient(rec.resources, { now: NOW });
    expect(result.errors).toEqual([]);
    return result.prompts;
  };
  const codes = async () => (await prompts()).map((p) => p.code).sort();
  const act = async (action: WritableActionId, params: ActionParams = {}) => {
    const e = await queue.enqueue({ patientId, action, params, author: 'Practitioner/dr-a' });
    await queue.flush();
    await queue.idle();
    const row = await db.outbox.get(e.id);
    expect(row?.status, `${action}: ${row?.lastError}`).toBe('confirmed');
  };
  return { gateway, queue, prompts, codes, act, close: () => queue.close() };
}

async function put(server: MemoryFhir, resources: Array<Record<string, unknown>>) {
  for (const r of resources) {
    const res = await server.fetch(`${BASE}/${r.resourceType}/${r.id}`, { method: 'PUT', body: JSON.stringify(r) });
    expect(res.status, `${r.resourceType}/${r.id}`).toBeLessThan(300);
  }
}

/** `codes` minus `gone`: exactly that prompt disappeared, the rest stayed */
const without = (codes: PromptCode[], ...gone: PromptCode[]) => codes.filter((c) => !gone.includes(c));

describe('the rules recognise what the app writes', () => {
  test('signalling to coordination: from surprise question to central caregiver, naasten, kindcheck, review, burden', async () => {
    const server = memoryFhir();
    const id = 'rt-living';
    const subject = { reference: `Patient/${id}` };
    await put(server, [
      { resourceType: 'Patient', id, name: [{ family: 'Jansen', given: ['Piet'] }], birthDate: yearsAgo(60), gender: 'male' },
      { resourceType: 'Condition', id: 'hf', subject, clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] }, code: { coding: [{ system: SCT, code: '84114007', display: 'Heart failure' }] } },
      ...[1, 2, 3, 4, 5].map((k) => ({ resourceType: 'MedicationRequest', id: `med${k}`, status: 'active', intent: 'order', subject, medicationCodeableConcept: { text: `med ${k}` }, authoredOn: daysAgo(300) })),
    ]);
    const h = await harness(server, id);
    expect(await h.codes()).toContain('surprise-question');

    await h.act('answer-surprise-question', { answer: 'false' });
    let codes = await h.codes();
    expect(codes).not.toContain('surprise-question');
    expect(codes).toContain('mark-palliative-phase');

    await h.act('mark-palliative-phase');
    codes = await h.codes();
    expect(codes).not.toContain('mark-palliative-phase');
    expect(codes).toEqual(expect.arrayContaining(['central-caregiver-missing', 'naasten-unknown', 'kindcheck', 'medication-review', 'behandelwensen-missing']));

    const steps: Array<[WritableActionId, ActionParams, PromptCode]> = [
      ['appoint-central-caregiver', { participant: 'Practitioner/wv', display: 'M. Wijkverpleegkundige' }, 'central-caregiver-missing'],
      ['record-kindcheck', { minorChildren: 'false' }, 'kindcheck'],
      ['record-medication-review', {}, 'medication-review'],
      ['record-behandelwensengesprek', {}, 'behandelwensen-missing'],
    ];
    for (const [action, params, code] of steps) {
      const before = await h.codes();
      await h.act(action, params);
      expect(await h.codes(), action).toEqual(without(before, code));
    }

    // a naaste who is mantelzorger: naasten-unknown goes, caregiver-burden comes
    await h.act('record-naaste', { name: 'Anna Jansen', relationship: 'WIFE', mantelzorger: 'true' });
    codes = await h.codes();
    expect(codes).not.toContain('naasten-unknown');
    expect(codes).toContain('caregiver-burden');
    await h.act('record-caregiver-burden', { score: '5' });
    expect(await h.codes()).not.toContain('caregiver-burden');
    h.close();
  });

  test('the behandelwensengesprek handed over to the GP stops the prompt too', async () => {
    const server = memoryFhir();
    const id = 'rt-handover';
    await put(server, [
      { resourceType: 'Patient', id, birthDate: yearsAgo(80) },
      { resourceType: 'Condition', id: 'pal', subject: { reference: `Patient/${id}` }, clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] }, code: { coding: [{ system: SCT, code: '103735009' }] } },
    ]);
    const h = await harness(server, id);
    expect(await h.codes()).toContain('behandelwensen-missing');
    await h.act('handover-behandelwensengesprek', { owner: 'Practitioner/ha', ownerDisplay: 'E. de Huisarts' });
    expect(await h.codes()).not.toContain('behandelwensen-missing');
    h.close();
  });

  test('at the SEH: GP/HAP asked and TOPZ consult requested', async () => {
    const server = memoryFhir();
    const id = 'rt-seh';
    const subject = { reference: `Patient/${id}` };
    await put(server, [
      { resourceType: 'Patient', id, birthDate: yearsAgo(77) },
      { resourceType: 'Condition', id: 'pal', subject, clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] }, code: { coding: [{ system: SCT, code: '103735009' }] } },
      { resourceType: 'Encounter', id: 'seh', status: 'in-progress', class: { system: ACT, code: 'EMER' }, subject, period: { start: daysAgo(0.1) } },
      { resourceType: 'CareTeam', id: 'topz', status: 'active', name: 'TOPZ', subject },
    ]);
    const h = await harness(server, id);
    const codes = await h.codes();
    expect(codes).toEqual(expect.arrayContaining(['behandelwensen-unknown-at-seh', 'topz-consult']));
    await h.act('record-behandelwensen-opgevraagd', { encounter: 'Encounter/seh', contacted: 'huisarts' });
    expect(await h.codes()).toEqual(without(codes, 'behandelwensen-unknown-at-seh'));
    await h.act('request-topz-consult', { encounter: 'Encounter/seh' });
    expect(await h.codes()).toEqual(without(codes, 'behandelwensen-unknown-at-seh', 'topz-consult'));
    h.close();
  });

  test('after a death: caregivers informed, nazorg owner, first contact, nazorggesprek declined, brochure', async () => {
    const server = memoryFhir();
    const id = 'rt-deceased';
    await put(server, [{ resourceType: 'Patient', id, birthDate: yearsAgo(70), deceasedDateTime: daysAgo(30) }]);
    const h = await harness(server, id);
    let codes = await h.codes();
    expect(codes).toEqual(expect.arrayContaining(['death-inform-caregivers', 'nazorg-owner-missing', 'nazorg-contact-due', 'nazorggesprek-due']));
    const steps: Array<[WritableActionId, ActionParams, PromptCode]> = [
      ['record-caregivers-informed', { informed: 'Huisarts De Vries' }, 'death-inform-caregivers'],
      ['assign-nazorg-owner', { owner: 'Organization/zh', ownerDisplay: 'Ziekenhuis' }, 'nazorg-owner-missing'],
      ['record-nazorg-contact', { note: 'gebeld' }, 'nazorg-contact-due'],
    ];
    for (const [action, params, code] of steps) {
      const before = await h.codes();
      await h.act(action, params);
      expect(await h.codes(), action).toEqual(without(before, code));
    }
    await h.act('record-nazorggesprek', { outcome: 'declined', reason: 'Geen behoefte' });
    codes = await h.codes();
    expect(codes).toEqual(['nazorg-brochure']);
    await h.act('record-brochure-sent', { channel: 'post' });
    expect(await h.codes()).toEqual([]);
    h.close();
  });
});

describe('the Nictiz zib2020 examples load through the same path', () => {
  test('their treatment directives and advance directive appear at the SEH', async () => {
    const server = memoryFhir();
    await put(server, loadNictizAll() as Array<Record<string, unknown>>);
    await put(server, [{ resourceType: 'Encounter', id: 'seh-nictiz', status: 'arrived', class: { system: ACT, code: 'EMER' }, subject: { reference: 'Patient/nl-core-Patient-01' }, period: { start: daysAgo(0.05) } }]);
    const rec = await createFhirGateway({ serverUrl: BASE, fetch: server.fetch }).loadPatientRecord('nl-core-Patient-01');
    expect(rec.requests).toBe(1);
    expect(rec.resources.filter((r) => r.resourceType === 'Consent').map((r) => r.id).sort()).toEqual(['nl-core-AdvanceDirective-01', 'nl-core-TreatmentDirective2-01', 'nl-core-TreatmentDirective2-01-Consent-01'].sort());
    const result = evaluatePatient(rec.resources, { now: NOW });
    const known = result.prompts.find((p) => p.code === 'behandelwensen-known');
    expect(known, JSON.stringify(result.prompts.map((p) => p.code))).toBeDefined();
    // TreatmentDirective2-01 ended in 2012 (status inactive): only the two advance directives are current
    expect(known!.directives!.map((d) => d.kind)).toEqual(['advance-directive', 'advance-directive']);

    await put(server, [{ resourceType: 'Encounter', id: 'seh-nictiz-2', status: 'in-progress', class: { system: ACT, code: 'EMER' }, subject: { reference: 'Patient/nl-core-TreatmentDirective2-02-Patient-01' }, period: { start: daysAgo(0.05) } }]);
    const rec2 = await createFhirGateway({ serverUrl: BASE, fetch: server.fetch }).loadPatientRecord('nl-core-TreatmentDirective2-02-Patient-01');
    const known2 = evaluatePatient(rec2.resources, { now: NOW }).prompts.find((p) => p.code === 'behandelwensen-known');
    expect(known2?.directives?.map((d) => d.kind)).toEqual(['treatment-directive']);
  });
});

test('our identifier system is under the configured canonical', () => {
  expect(PZ).toBe('http://palliatief-zorgpad.example/fhir/CodeSystem/pathway');
});
