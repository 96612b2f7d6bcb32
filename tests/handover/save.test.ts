// "Opslaan in dossier" against the demo's real (Medplum, validating) FHIR server: the document Bundle
// and its DocumentReference validate, are on the server exactly once however often the save is
// retried, and a save after new data makes a new version that replaces the earlier one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoServer } from '../../demo/server';
import { buildHandover, handoverFhir, handoverSetSystem, handoverVersionSystem, saveHandoverParams } from '../../lib/handover/index';
import type { WriteIntent } from '../../lib/fhir/gateway';
import { createFhirGateway } from '../../lib/fhir/load-record';
import { sendWrite } from '../../lib/fhir/send-write';
import { buildWrite } from '../../lib/fhir/writes';
import { buildRecord, DEFAULT_CODE_SYSTEM } from '../../lib/pathway/index';
import { fhir, issueAll, startTestDemo } from '../demo/support';

const NOW = new Date('2024-06-15T10:00:00+02:00');
const PATIENT = 'pz-ans-dijkstra';
let demo: DemoServer;
let token: string;

beforeAll(async () => {
  demo = await startTestDemo();
  token = issueAll(demo);
});
afterAll(() => demo?.close());

const conn = () => ({ serverUrl: demo.fhirBase, fetch: globalThis.fetch.bind(globalThis), getAuthHeader: async () => `Bearer ${token}` });

async function prepare(n: number) {
  const gateway = createFhirGateway(conn());
  const loaded = await gateway.loadPatientRecord(PATIENT);
  const record = buildRecord(loaded.resources).records.find((r) => r.patient === `Patient/${PATIENT}`)!;
  const doc = buildHandover(record, { now: NOW, handover: { hospitalName: 'Demo Ziekenhuis' } });
  const out = handoverFhir(doc, record, { fhirBase: demo.fhirBase, author: { display: 'Dr. Zaalarts' } });
  const intent: WriteIntent = { id: `00000000-0000-4000-8000-00000000000${n}`, patientId: PATIENT, action: 'save-handover', params: saveHandoverParams(out, record), createdAt: NOW.toISOString() };
  return { doc, out, intent };
}

const count = async (path: string) => {
  const r = await fhir(demo, `${path}${path.includes('?') ? '&' : '?'}_total=accurate`, { token });
  expect(r.status).toBe(200);
  return (r.json.entry ?? []).length as number;
};

describe('save-handover on the demo FHIR server', () => {
  it("Ans Dijkstra's document validates and is stored once, however often the save is retried", async () => {
    const { doc, out, intent } = await prepare(1);
    // the demo patient is seeded for handover-gaps: MDO, vervolgbeleid, 4 dimensions and care plan missing
    expect(doc.missing).toEqual(expect.arrayContaining(['mdo-verslag', 'vervolgbeleid', 'problemen-4-dimensies', 'individueel-zorgplan']));
    const plan = buildWrite(intent);
    expect(plan.kind).toBe('transaction');
    const first = await sendWrite(conn(), plan, PATIENT);
    expect(first).toMatchObject({ kind: 'confirmed' });
    // retries: sequential (lost answers) and the same intent again later
    for (let i = 0; i < 3; i++) expect(await sendWrite(conn(), buildWrite(intent), PATIENT)).toMatchObject({ kind: 'confirmed' });
    const enc = encodeURIComponent;
    expect(await count(`DocumentReference?patient=Patient/${PATIENT}&identifier=${enc(handoverVersionSystem(DEFAULT_CODE_SYSTEM))}|${out.version}`)).toBe(1);
    // the stored DocumentReference carries the document Bundle (Composition first, LOINC 18761-7)
    const docs = await fhir(demo, `DocumentReference?patient=Patient/${PATIENT}&identifier=${enc(handoverSetSystem(DEFAULT_CODE_SYSTEM))}|${out.setId}`, { token });
    const stored = docs.json.entry[0].resource;
    const attachment = stored.content.find((c: { attachment: { contentType: string } }) => c.attachment.contentType === 'application/fhir+json').attachment;
    const bundle = JSON.parse(Buffer.from(attachment.data, 'base64').toString('utf8'));
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'document', identifier: { value: out.version } });
    expect(bundle.entry[0].resource).toMatchObject({ resourceType: 'Composition', type: { coding: [{ code: '18761-7' }] } });
    // the document Bundle itself validates on the server (as a resource of its own, with a user-level token)
    const asResource = await fhir(demo, 'Bundle', { token, body: bundle });
    expect(asResource.status, asResource.text).toBe(201);
    // and a second save of the same data from a new intent (the user clicks again) is no duplicate
    const again = await prepare(2);
    expect(again.out.version).toBe(out.version);
    expect(await sendWrite(conn(), buildWrite(again.intent), PATIENT)).toMatchObject({ kind: 'confirmed' });
    expect(await count(`DocumentReference?patient=Patient/${PATIENT}&identifier=${enc(handoverSetSystem(DEFAULT_CODE_SYSTEM))}|${out.setId}`)).toBe(1);
  });

  it('the Composition validates on its own on the validating server, and an invalid one is refused (the check is real)', async () => {
    const { out } = await prepare(3);
    const composition = structuredClone((out.bundle.entry as { resource: Record<string, any> }[])[0].resource);
    delete composition.id;
    composition.identifier = { ...composition.identifier, value: 'validation-check' };
    const ok = await fhir(demo, 'Composition', { token, body: composition });
    expect(ok.status, ok.text).toBe(201);
    const bad = await fhir(demo, 'Composition', { token, body: { ...composition, title: undefined, date: 12 } }); // title is 1..1, date a dateTime
    expect(bad.status).toBe(400);
    // (Medplum does not check the XHTML of a narrative; tests/handover/document.test.ts parses every div as XML)
  });

  it('new data makes a new version that replaces the earlier DocumentReference, never a duplicate', async () => {
    const before = await prepare(4);
    expect(await sendWrite(conn(), buildWrite(before.intent), PATIENT)).toMatchObject({ kind: 'confirmed' });
    const plan = {
      resourceType: 'CarePlan',
      status: 'active',
      intent: 'plan',
      title: 'Proactief beleid thuis',
      description: 'Bij toename dyspnoe: morfine s.c.; geen ziekenhuisopname meer',
      category: [{ coding: [{ system: DEFAULT_CODE_SYSTEM, code: 'vervolgbeleid' }] }],
      subject: { reference: `Patient/${PATIENT}` },
    };
    expect((await fhir(demo, 'CarePlan', { token, body: plan })).status).toBe(201);
    const after = await prepare(5);
    expect(after.out.version).not.toBe(before.out.version);
    expect(after.doc.missing).not.toContain('vervolgbeleid');
    expect(after.out.replaces).toHaveLength(1);
    for (let i = 0; i < 2; i++) expect(await sendWrite(conn(), buildWrite(after.intent), PATIENT)).toMatchObject({ kind: 'confirmed' });
    const all = await fhir(demo, `DocumentReference?patient=Patient/${PATIENT}&identifier=${encodeURIComponent(handoverSetSystem(DEFAULT_CODE_SYSTEM))}|${after.out.setId}`, { token });
    const statuses = all.json.entry.map((e: { resource: { status: string } }) => e.resource.status).sort();
    expect(statuses).toEqual(['current', 'superseded']);
    const current = all.json.entry.find((e: { resource: { status: string } }) => e.resource.status === 'current').resource;
    expect(current.relatesTo[0]).toMatchObject({ code: 'replaces' });
    expect(current.masterIdentifier.value).toBe(after.out.version);
  });
  async function newDataAndPrepare(n: number, description: string) {
    const carePlan = {
      resourceType: 'CarePlan',
      status: 'active',
      intent: 'plan',
      title: 'Proactief beleid thuis',
      description,
      category: [{ coding: [{ system: DEFAULT_CODE_SYSTEM, code: 'vervolgbeleid' }] }],
      subject: { reference: `Patient/${PATIENT}` },
    };
    expect((await fhir(demo, 'CarePlan', { token, body: carePlan })).status).toBe(201);
    const next = await prepare(n);
    expect(next.out.replaces).toHaveLength(1);
    return next;
  }

  it("superseding PUTs carry If-Match on the version read: another clinician's change meanwhile is kept, a withdrawn document stays withdrawn", async () => {
    // the replaced DocumentReference is changed by someone else after this save read it
    const next = await newDataAndPrepare(6, 'Bij pijn: oxycodon; thuis blijven');
    const plan = buildWrite(next.intent);
    const put = (plan as unknown as { bundle: { entry: { request: { method: string; url: string; ifMatch?: string } }[] } }).bundle.entry.find((e) => e.request.method === 'PUT')!;
    const replacedRef = next.out.replaces[0];
    const read = await fhir(demo, replacedRef, { token });
    expect(put.request.ifMatch).toBe(`W/"${read.json.meta.versionId}"`);
    const changed = await fhir(demo, replacedRef, { token, method: 'PUT', body: { ...read.json, description: 'Aangevuld door dr. B' } });
    expect(changed.status, changed.text).toBe(200);
    expect(await sendWrite(conn(), plan, PATIENT)).toMatchObject({ kind: 'confirmed' });
    const after = await fhir(demo, replacedRef, { token });
    expect(after.json).toMatchObject({ status: 'superseded', description: 'Aangevuld door dr. B' });
    // a retry after a lost answer (our own PUT already bumped the version) still confirms, no duplicate
    expect(await sendWrite(conn(), buildWrite(next.intent), PATIENT)).toMatchObject({ kind: 'confirmed' });
    const enc = encodeURIComponent;
    expect(await count(`DocumentReference?patient=Patient/${PATIENT}&identifier=${enc(handoverVersionSystem(DEFAULT_CODE_SYSTEM))}|${next.out.version}`)).toBe(1);

    // the replaced DocumentReference is withdrawn (entered-in-error) before this save reaches the server
    const third = await newDataAndPrepare(7, 'Bij onrust: midazolam s.c.');
    const withdrawnRef = third.out.replaces[0];
    const current = await fhir(demo, withdrawnRef, { token });
    expect((await fhir(demo, withdrawnRef, { token, method: 'PUT', body: { ...current.json, status: 'entered-in-error' } })).status).toBe(200);
    expect(await sendWrite(conn(), buildWrite(third.intent), PATIENT)).toMatchObject({ kind: 'confirmed' });
    expect((await fhir(demo, withdrawnRef, { token })).json.status).toBe('entered-in-error');
  });
});
