// The FHIR layer against the real demo server over HTTP: one request per record, what we write makes
// the prompt go away, a refused write is surfaced with the server's message, and 200+ randomly timed
// writes through injected faults land exactly once.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startDemo, type DemoServer } from '../../demo/server';
import { writeIdSystem } from '../../lib/fhir/codes';
import type { FhirGateway } from '../../lib/fhir/gateway';
import type { FetchLike } from '../../lib/fhir/http';
import { createFhirGateway } from '../../lib/fhir/load-record';
import { smartScopes } from '../../lib/fhir/smart-policy';
import { evaluatePatient } from '../../lib/pathway';
import { PzDatabase } from '../../lib/store/db';
import { createOutbox } from '../../lib/store/outbox';
import { RESOURCE_OF } from '../reliability/support/chaos-restart';
import { runChaos } from '../store/support/chaos';

const NOW = new Date();
let demo: DemoServer;
const httpFetch: FetchLike = (url, init) => fetch(url, init);

beforeAll(async () => {
  demo = await startDemo({ port: 0, now: NOW, buildSmart: false });
});
afterAll(async () => demo?.close());

/** A gateway with a patient-scoped token, the way an EHR launch of the SMART app gets one. */
function gatewayFor(patientId: string): { gateway: FhirGateway; bearer: string } {
  const bearer = `Bearer ${demo.issueToken(smartScopes('ehr').split(' '), { patient: patientId, fhirUser: 'Practitioner/pz-dr-de-jong' })}`;
  return { gateway: createFhirGateway({ serverUrl: demo.fhirBase, fetch: httpFetch, getAuthHeader: async () => bearer }), bearer };
}

/** How many resources carry this write identifier (a patient's resources only: fast on the demo's scanning repository). */
async function identifierCount(bearer: string, type: string, system: string, value: string, patientId: string): Promise<number> {
  const param = type === 'RelatedPerson' ? 'patient' : 'subject';
  const res = await fetch(`${demo.fhirBase}/${type}?${param}=Patient/${patientId}&identifier=${encodeURIComponent(`${system}|${value}`)}`, { headers: { authorization: bearer, accept: 'application/fhir+json' } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { entry?: unknown[] }).entry?.length ?? 0;
}

describe('loading from the demo server', () => {
  test('every seed patient loads in exactly one request and shows exactly the prompts the seed promises', async () => {
    expect(demo.seed!.patients.length).toBeGreaterThan(10);
    for (const seed of demo.seed!.patients) {
      const { gateway } = gatewayFor(seed.id);
      demo.resetRequestCount();
      const rec = await gateway.loadPatientRecord(seed.id);
      expect(rec.requests, seed.id).toBe(1);
      expect(demo.requestCount(), seed.id).toBe(1);
      expect(rec.warnings, seed.id).toBeUndefined();
      const result = evaluatePatient(rec.resources, { now: NOW });
      expect(result.errors, seed.id).toEqual([]);
      expect(result.prompts.map((p) => p.code).sort(), seed.id).toEqual([...seed.prompts].sort());
    }
  });

  test('a patient-scoped token cannot load another patient', async () => {
    const [a, b] = demo.seed!.patients;
    const { gateway } = gatewayFor(a.id);
    await expect(gateway.loadPatientRecord(b.id)).rejects.toThrow();
  });
});

describe('writing to the demo server through the outbox', () => {
  test('answering the surprise question makes that prompt go away after a reload', async () => {
    const seed = demo.seed!.patients.find((p) => p.prompts.includes('surprise-question'))!;
    const { gateway, bearer } = gatewayFor(seed.id);
    const db = new PzDatabase(`e2e-writes-${Math.random()}`);
    const queue = createOutbox({ db, connection: { serverUrl: demo.fhirBase, fetch: httpFetch, getAuthHeader: async () => bearer }, onlyPatient: seed.id });
    const entry = await queue.enqueue({ patientId: seed.id, action: 'answer-surprise-question', params: { answer: 'true' }, author: 'Practitioner/pz-dr-de-jong' });
    await queue.flush();
    await queue.idle();
    const [row] = await queue.list(seed.id);
    expect(row).toMatchObject({ id: entry.id, status: 'confirmed', serverRef: expect.stringMatching(/^Observation\//) });
    const rec = await gateway.loadPatientRecord(seed.id);
    expect(evaluatePatient(rec.resources, { now: NOW }).prompts.map((p) => p.code)).not.toContain('surprise-question');
    expect(await identifierCount(bearer, 'Observation', writeIdSystem(), entry.id, seed.id)).toBe(1);
    queue.close();
  });

  test('a write the server refuses (403: token without create scope) is failed with its message, not retried forever', async () => {
    const seed = demo.seed!.patients[0];
    const readOnly = `Bearer ${demo.issueToken(['launch', 'patient/Observation.rs'], { patient: seed.id })}`;
    let posts = 0;
    const db = new PzDatabase(`e2e-refused-${Math.random()}`);
    const queue = createOutbox({
      db,
      connection: { serverUrl: demo.fhirBase, fetch: (u, i) => (i?.method === 'POST' && posts++, httpFetch(u, i)), getAuthHeader: async () => readOnly },
      baseDelayMs: 10,
    });
    const entry = await queue.enqueue({ patientId: seed.id, action: 'record-kindcheck', params: { minorChildren: 'false' } });
    await queue.flush();
    await queue.idle();
    await new Promise((r) => setTimeout(r, 200));
    const row = await db.outbox.get(entry.id);
    expect(row?.status).toBe('failed');
    expect(row?.lastError).toMatch(/\S/);
    expect(row?.lastError).not.toMatch(/^HTTP \d+$/); // the server's OperationOutcome text, not just a code
    expect(posts).toBe(1);
    queue.close();
  });
});

// Replay a failure with CHAOS_SEED=<printed seed>.
const seed = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));

test(`chaos against the demo server: 220 random writes through 5xx, timeouts, lost answers and an offline period land exactly once (seed ${seed})`, async () => {
  console.log(`demo chaos seed: ${seed}`);
  const bearer = `Bearer ${demo.issueToken(smartScopes('user').split(' '), { fhirUser: 'Practitioner/pz-dr-de-jong' })}`;
  const authed: FetchLike = (url, init) => {
    const headers = new Headers(init?.headers);
    headers.set('authorization', bearer);
    return fetch(url, { ...init, headers });
  };
  demo.setLatency(5);
  const result = await runChaos({
    seed,
    serverUrl: demo.fhirBase,
    fetch: authed,
    patients: demo.seed!.patients.slice(0, 8).map((p) => p.id),
    writes: 220,
    offlineRequests: 30,
    timeoutMs: 3_000,
  });
  demo.setLatency(0);
  console.log(`demo chaos: ended ${result.ended}; ${JSON.stringify(result.stats)}`);
  expect(result.ended).toBe('done');
  expect(result.entries).toHaveLength(220);
  const countsOnServer = await Promise.all(result.entries.map((e) => identifierCount(bearer, RESOURCE_OF[e.action]!, writeIdSystem(), e.id, e.patientId)));
  expect(result.entries.filter((e) => e.status !== 'confirmed').map((e) => `${e.action} ${e.status}: ${e.lastError}`)).toEqual([]);
  expect(countsOnServer.filter((n) => n !== 1)).toEqual([]);
  expect(result.stats.droppedAfter).toBeGreaterThan(0);
  expect(result.stats.timeouts).toBeGreaterThan(0);
  expect(result.stats.serverErrors).toBeGreaterThan(0);
  expect(result.stats.offline).toBeGreaterThan(0);
}, 15 * 60_000); // a hang guard only: the run ends by progress

describe('the extension login against the demo authorization server', () => {
  /** The sandbox login page, driven over HTTP the way the launchWebAuthFlow window would be. */
  async function sandboxLogin(url: string): Promise<string> {
    const page = await fetch(url, { redirect: 'manual' });
    expect(page.status).toBe(200);
    const html = await page.text();
    const form = new URLSearchParams();
    for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) form.set(m[1], m[2].replaceAll('&amp;', '&').replaceAll('&quot;', '"'));
    const practitioner = /name="pz_practitioner" value="([^"]+)"/.exec(html)?.[1];
    expect(practitioner).toBeTruthy();
    form.set('pz_practitioner', practitioner!);
    form.set('pz_action', 'allow');
    const back = await fetch(new URL('authorize', url), { method: 'POST', body: form, redirect: 'manual' });
    expect([302, 303]).toContain(back.status);
    return back.headers.get('location')!;
  }

  test('PKCE login through oauth4webapi, then a write from the extension lands once', async () => {
    const { createExtensionSession } = await import('../../lib/fhir/extension-session');
    const sessionArea: Record<string, unknown> = {};
    const ext = createExtensionSession({
      fhirBase: demo.fhirBase,
      db: new PzDatabase(`e2e-ext-${Math.random()}`),
      browser: {
        identity: { getRedirectURL: () => 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/', launchWebAuthFlow: ({ url }) => sandboxLogin(url) },
        storage: { session: { get: async (k) => (k in sessionArea ? { [k]: sessionArea[k] } : {}), set: async (i) => void Object.assign(sessionArea, i), remove: async (k) => void delete sessionArea[k] } },
      },
    });
    const token = await ext.login();
    expect(token.fhirUser).toMatch(/^Practitioner\//);
    const patient = demo.seed!.patients[1].id;
    const rec = await ext.gateway.loadPatientRecord(patient);
    expect(rec.requests).toBe(1);
    const e = await ext.queue.enqueue({ patientId: patient, action: 'record-medication-review', params: {}, author: token.fhirUser });
    await ext.queue.flush();
    const [row] = await ext.queue.list(patient);
    expect(row).toMatchObject({ id: e.id, status: 'confirmed' });
    expect(await identifierCount(`Bearer ${token.accessToken}`, 'Procedure', writeIdSystem(), e.id, patient)).toBe(1);
    ext.close();
  });
});

describe('a ward from the demo server', () => {
  test('the patients at a ward location, each with the prompts the seed promises, in two requests', async () => {
    // a fresh demo: the tests above wrote to the shared one
    const demo = await startDemo({ port: 0, now: NOW, fixturesDir: false, buildSmart: false });
    try {
      const bearer = `Bearer ${demo.issueToken(smartScopes('user').split(' '), { fhirUser: 'Practitioner/pz-dr-de-jong' })}`;
      const gateway = createFhirGateway({ serverUrl: demo.fhirBase, fetch: httpFetch, getAuthHeader: async () => bearer });
      const atWard = demo.seed!.patients.filter((p) =>
        p.resources.some((r) => r.resourceType === 'Encounter' && ['in-progress', 'arrived', 'triaged'].includes(r.status as string) && JSON.stringify(r.location ?? '').includes('Location/ward-interne')),
      );
      expect(atWard.length).toBeGreaterThan(1);
      demo.resetRequestCount();
      const ward = await gateway.loadWard({ location: 'ward-interne' });
      expect(ward.requests).toBe(2);
      expect(demo.requestCount()).toBe(2);
      expect(ward.patients.map((p) => p.patientId).sort()).toEqual(atWard.map((p) => p.id).sort());
      for (const rec of ward.patients) {
        const promised = atWard.find((p) => p.id === rec.patientId)!.prompts;
        expect(evaluatePatient(rec.resources, { now: NOW }).prompts.map((p) => p.code).sort(), rec.patientId).toEqual([...promised].sort());
      }
    } finally {
      await demo.close();
    }
  });

  test('500 patients at 50 ms latency: under 5 s, two round trips', async () => {
    const big = await startDemo({ port: 0, seed: false, fixturesDir: false, buildSmart: false });
    try {
      big.repo.validate = false;
      await big.repo.updateResource({ resourceType: 'Location', id: 'ward-groot', name: 'Grote afdeling' } as never);
      for (let i = 0; i < 500; i++) {
        const id = `bulk-${i}`;
        const subject = { reference: `Patient/${id}` };
        await big.repo.updateResource({ resourceType: 'Patient', id, name: [{ family: `Patiënt ${i}` }], birthDate: '1940-05-01' } as never);
        await big.repo.updateResource({ resourceType: 'Encounter', id: `enc-${i}`, status: 'in-progress', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' }, subject, location: [{ location: { reference: 'Location/ward-groot' } }] } as never);
        await big.repo.updateResource({ resourceType: 'Condition', id: `cond-${i}`, subject, clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] }, code: { coding: [{ system: 'http://snomed.info/sct', code: '84114007' }] } } as never);
      }
      const bearer = `Bearer ${big.issueToken(smartScopes('user').split(' '), {})}`;
      const gateway = createFhirGateway({ serverUrl: big.fhirBase, fetch: httpFetch, getAuthHeader: async () => bearer });
      big.setLatency(50);
      const t = performance.now();
      const ward = await gateway.loadWard({ location: 'ward-groot' });
      const ms = performance.now() - t;
      console.log(`ward of 500: ${ms.toFixed(0)} ms, ${ward.requests} requests`);
      expect(ward.patients).toHaveLength(500);
      expect(ward.patients.every((p) => p.resources.filter((r) => r.resourceType === 'Condition').length === 1)).toBe(true);
      // two round trips whatever the machine's speed; the time itself (target < 5 s) is the bench's to judge
      // (`npm run bench`, "ward of 500"), not a test's: a loaded machine must not turn this red
      expect(ward.requests).toBeLessThanOrEqual(2);
    } finally {
      await big.close();
    }
  }, 120_000);
});
