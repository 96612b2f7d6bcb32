// Against a FHIR server without `batch` (the demo's, with batch refused and left out of its
// CapabilityStatement): the service falls back to parallel GETs and gives the same cards; a paged
// prefetch Bundle is paged on from fhirServer.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCdsService } from '../../lib/cds-hooks/service';
import { uuidFor } from '../../lib/cds-hooks/uuid';
import { clearCapabilityCache } from '../../lib/fhir/capability';
import { createFhirGateway } from '../../lib/fhir/load-record';
import { evaluatePatient } from '../../lib/pathway';
import { startTestDemo } from '../demo/support';
import type { DemoServer } from '../../demo/server';

const NOW = new Date('2024-06-15T10:00:00+02:00');
let demo: DemoServer;
beforeAll(async () => void (demo = await startTestDemo()), 60_000);
afterAll(() => demo?.close());

function noBatchFetch(base: string, seen: string[]) {
  return async (url: string, init?: RequestInit): Promise<Response> => {
    seen.push(`${init?.method ?? 'GET'} ${url.replace(base, '')}`);
    if ((init?.method ?? 'GET') === 'POST' && url.replace(/\/$/, '') === base) {
      return new Response(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-supported' }] }), { status: 405 });
    }
    if (url === `${base}/metadata`) return new Response(JSON.stringify({ resourceType: 'CapabilityStatement', rest: [{ mode: 'server', interaction: [] }] }), { status: 200 });
    return fetch(url, init);
  };
}

const req = (patientId: string, prefetch?: Record<string, unknown>) => ({
  hook: 'patient-view',
  hookInstance: randomUUID(),
  fhirServer: demo.fhirBase,
  fhirAuthorization: { access_token: demo.issueToken('user/*.rs'), token_type: 'Bearer', expires_in: 300, scope: 'user/*.rs', subject: 'x' },
  context: { userId: 'Practitioner/p', patientId },
  ...(prefetch ? { prefetch } : {}),
});

it('a server without batch: parallel GETs, the same cards as the engine', async () => {
  clearCapabilityCache();
  const seen: string[] = [];
  const svc = createCdsService({ smartLaunchUrl: `${demo.url}/smart/launch.html`, now: () => NOW, fetch: noBatchFetch(demo.fhirBase, seen) });
  const res = await svc.call('patient-view', req('pz-willem-bakker'));
  const gw = createFhirGateway({ serverUrl: demo.fhirBase, fetch: (u, i) => fetch(u, i), getAuthHeader: async () => `Bearer ${demo.issueToken('user/*.rs')}` });
  const prompts = evaluatePatient((await gw.loadPatientRecord('pz-willem-bakker')).resources, { now: NOW, patient: 'Patient/pz-willem-bakker' }).prompts;
  expect(res.response.cards.map((c) => c.uuid).sort()).toEqual(prompts.map((p) => uuidFor(p.key)).sort());
  expect(prompts.length).toBeGreaterThan(3);
  expect(seen.filter((s) => s.startsWith('GET /Condition'))).toHaveLength(1);
  expect(seen).toContain('GET /metadata');
  clearCapabilityCache();
});

it('a paged prefetch Bundle is paged on from fhirServer', async () => {
  clearCapabilityCache();
  const seen: string[] = [];
  const svc = createCdsService({ smartLaunchUrl: `${demo.url}/smart/launch.html`, now: () => NOW, fetch: noBatchFetch(demo.fhirBase, seen) });
  const full = await svc.call('patient-view', req('pz-willem-bakker'));
  const page1 = await (await fetch(`${demo.fhirBase}/MedicationRequest?subject=Patient/pz-willem-bakker&_count=2`, { headers: { authorization: `Bearer ${demo.issueToken('user/*.rs')}` } })).json();
  expect(page1.link.some((l: { relation: string }) => l.relation === 'next')).toBe(true);
  seen.length = 0;
  const paged = await svc.call('patient-view', req('pz-willem-bakker', { medicationRequest: page1 }));
  expect(paged.response.cards.map((c) => c.uuid)).toEqual(full.response.cards.map((c) => c.uuid));
  expect(paged.response.cards.some((c) => c.source.topic?.code === 'medication-review')).toBe(true);
  expect(seen.some((s) => s.includes('MedicationRequest') && !s.includes('_count=500'))).toBe(true);
  clearCapabilityCache();
});
