// The real fixtures (Nictiz zib2020, Synthea) loaded into the demo FHIR server: for every patient the
// service (no prefetch, one batch) gives exactly the engine's cards, and every card is a valid 2.0 card.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCdsService } from '../../lib/cds-hooks/service';
import { CdsResponseSchema } from '../../lib/cds-hooks/schemas';
import { uuidFor } from '../../lib/cds-hooks/uuid';
import { createFhirGateway } from '../../lib/fhir/load-record';
import { evaluatePatient } from '../../lib/pathway';
import { startDemo, type DemoServer } from '../../demo/server';

const NOW = new Date('2024-06-15T10:00:00+02:00');
let demo: DemoServer;
beforeAll(async () => void (demo = await startDemo({ port: 0, buildSmart: false, now: NOW })), 120_000);
afterAll(() => demo?.close());

it('every fixture patient: the same cards as the engine, valid 2.0 cards', async () => {
  const seeded = new Set(demo.seed!.patients.map((p) => p.id));
  const all = (await demo.repo.searchResources({ resourceType: 'Patient', count: 10_000 })).map((p) => p.id!).filter((id) => !seeded.has(id));
  expect(all.length).toBeGreaterThan(2);
  const token = demo.issueToken('user/*.rs');
  const svc = createCdsService({ smartLaunchUrl: `${demo.url}/smart/launch.html`, now: () => NOW });
  const gw = createFhirGateway({ serverUrl: demo.fhirBase, fetch: (u, i) => fetch(u, i), getAuthHeader: async () => `Bearer ${token}` });
  for (const id of all) {
    const prompts = evaluatePatient((await gw.loadPatientRecord(id)).resources, { now: NOW, patient: `Patient/${id}` }).prompts;
    const res = await svc.call('patient-view', {
      hook: 'patient-view',
      hookInstance: randomUUID(),
      fhirServer: demo.fhirBase,
      fhirAuthorization: { access_token: token, token_type: 'Bearer', expires_in: 300, scope: 'user/*.rs', subject: 't' },
      context: { userId: 'Practitioner/t', patientId: id },
    });
    CdsResponseSchema.parse(res.response);
    expect({ id, cards: res.response.cards.map((c) => c.uuid).sort() }).toEqual({ id, cards: prompts.map((p) => uuidFor(p.key)).sort() });
  }
}, 120_000);
