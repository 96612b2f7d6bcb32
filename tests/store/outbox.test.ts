import 'fake-indexeddb/auto';
import { afterEach, describe, expect, test } from 'vitest';
import { DEFAULT_PZ_SYSTEM as PZ } from '../../lib/fhir/codes';
import type { OutboxEntry } from '../../lib/fhir/gateway';
import type { FetchLike } from '../../lib/fhir/http';
import { WriteRefusedError } from '../../lib/fhir/writes';
import { PzDatabase } from '../../lib/store/db';
import { createOutbox, type Outbox } from '../../lib/store/outbox';
import { BASE, memoryFhir } from '../fhir/support/memory-fhir';

const open: Outbox[] = [];
let dbn = 0;
const newDb = () => new PzDatabase(`outbox-test-${++dbn}`);
function outbox(db: PzDatabase, fetch: FetchLike, extra: Partial<Parameters<typeof createOutbox>[0]> = {}) {
  const q = createOutbox({ db, connection: { serverUrl: BASE, fetch }, timeoutMs: 200, baseDelayMs: 10, maxDelayMs: 40, ...extra });
  open.push(q);
  return q;
}
afterEach(() => open.splice(0).forEach((q) => q.close()));

const surprise = (patientId = 'p1', answer = 'false') => ({ patientId, action: 'answer-surprise-question' as const, params: { answer }, author: 'Practitioner/a' });
const oo = (status: number, text: string) => new Response(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid', diagnostics: text }] }), { status });
// A hang guard, not a timing assertion: generous, so a loaded machine only makes the wait longer.
async function until(check: () => Promise<boolean> | boolean, ms = 60_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}
const status = async (db: PzDatabase, id: string) => (await db.outbox.get(id))?.status;

describe('outbox', () => {
  test('persists before sending, confirms on 201, records the server reference and an audit trail', async () => {
    const server = memoryFhir();
    const db = newDb();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const q = outbox(db, async (u, i) => (await gate, server.fetch(u, i)));
    const entry = await q.enqueue(surprise());
    // the request is held: the write is already in IndexedDB
    expect(await db.outbox.get(entry.id)).toMatchObject({ patientId: 'p1', action: 'answer-surprise-question', status: expect.stringMatching(/pending|sending/) });
    release();
    await until(async () => (await status(db, entry.id)) === 'confirmed');
    const [row] = await q.list('p1');
    expect(row).toMatchObject({ id: entry.id, status: 'confirmed', attempts: 1, serverRef: expect.stringMatching(/^Observation\//), serverUrl: BASE });
    expect(row).not.toHaveProperty('leaseUntil');
    expect((await db.audit.toArray()).map((a) => a.event)).toEqual(['write-enqueued', 'write-confirmed']);
    expect(await server.countByIdentifier('Observation', `${PZ}/write-id`, entry.id)).toBe(1);
  });

  test('a refused intent (another patient, bad parameter) is never stored', async () => {
    const db = newDb();
    const q = outbox(db, async () => new Response('{}', { status: 201 }));
    await expect(q.enqueue({ patientId: 'p1', action: 'handover-behandelwensengesprek', params: { owner: 'Practitioner/x', ownerDisplay: 'X', note: 'Patient/p9' } })).rejects.toThrow(WriteRefusedError);
    await expect(q.enqueue(surprise('p1', 'misschien'))).rejects.toThrow(WriteRefusedError);
    expect(await db.outbox.count()).toBe(0);
  });

  test('5xx and network errors are retried with backoff until the server confirms', async () => {
    const server = memoryFhir();
    const db = newDb();
    const answers = ['503', 'net', '500'];
    const q = outbox(db, async (u, i) => {
      const next = answers.shift();
      if (next === 'net') throw new TypeError('fetch failed');
      if (next) return oo(Number(next), 'even geduld');
      return server.fetch(u, i);
    });
    const e = await q.enqueue(surprise());
    await until(async () => (await status(db, e.id)) === 'confirmed');
    expect((await db.outbox.get(e.id))!.attempts).toBe(4);
  });

  test('a 4xx stops with the server message (no endless retry) until the user retries', async () => {
    const server = memoryFhir();
    const db = newDb();
    let calls = 0;
    let reject = true;
    const q = outbox(db, async (u, i) => {
      calls++;
      return reject ? oo(422, 'Observation.valueBoolean ongeldig') : server.fetch(u, i);
    });
    const e = await q.enqueue(surprise());
    await until(async () => (await status(db, e.id)) === 'failed');
    await new Promise((r) => setTimeout(r, 100));
    expect(calls).toBe(1);
    expect(await db.outbox.get(e.id)).toMatchObject({ status: 'failed', lastError: 'Observation.valueBoolean ongeldig' });
    reject = false;
    await q.retry(e.id);
    await until(async () => (await status(db, e.id)) === 'confirmed');
    expect((await db.audit.toArray()).map((a) => a.event)).toEqual(['write-enqueued', 'write-failed', 'write-retry-requested', 'write-confirmed']);
  });

  test('409 conflict is surfaced as failed too', async () => {
    const db = newDb();
    const q = outbox(db, async () => oo(409, 'Conflict: resource bestaat al'));
    const e = await q.enqueue(surprise());
    await until(async () => (await status(db, e.id)) === 'failed');
    expect((await db.outbox.get(e.id))!.lastError).toBe('Conflict: resource bestaat al');
  });

  test('a timeout after the server applied the write (answer lost) is retried and still lands once', async () => {
    const server = memoryFhir();
    const db = newDb();
    let first = true;
    const q = outbox(db, async (u, i) => {
      const res = await server.fetch(u, i);
      if (first) {
        first = false;
        // applied on the server, but the answer never arrives: wait for our abort
        await new Promise((_, rej) => i?.signal?.addEventListener('abort', () => rej(new DOMException('aborted', 'AbortError'))));
      }
      return res;
    });
    const e = await q.enqueue(surprise());
    await until(async () => (await db.outbox.get(e.id))?.lastError !== undefined);
    expect((await db.outbox.get(e.id))!.lastError).toMatch(/Time-out/);
    await until(async () => (await status(db, e.id)) === 'confirmed');
    expect(await server.countByIdentifier('Observation', `${PZ}/write-id`, e.id)).toBe(1);
  });

  test('survives a crash mid-send: the next start sends what was left, exactly once', async () => {
    const server = memoryFhir();
    const db = newDb();
    const hang: FetchLike = async (u, i) => {
      await server.fetch(u, i); // applied...
      return new Promise<Response>(() => {}); // ...and the tab dies before the answer
    };
    // a 10-minute lease: were the next instance to wait it out in real time, `until` (60 s) would fail
    const a = outbox(db, hang, { timeoutMs: 600_000 });
    const e1 = await a.enqueue(surprise('p1'));
    const e2 = await a.enqueue(surprise('p2'));
    await until(async () => (await status(db, e1.id)) === 'sending' && (await status(db, e2.id)) === 'sending');
    a.close();
    // a reload: new instance, same database; the lease of the dead instance has to run out first
    const b = outbox(db, server.fetch, { now: () => Date.now() + 601_500 });
    await until(async () => (await status(db, e1.id)) === 'confirmed' && (await status(db, e2.id)) === 'confirmed');
    expect(await server.countByIdentifier('Observation', `${PZ}/write-id`, e1.id)).toBe(1);
    expect(await server.countByIdentifier('Observation', `${PZ}/write-id`, e2.id)).toBe(1);
    expect((await b.list('p1'))[0].attempts).toBe(2);
  });

  test('a pending write left by a closed panel is sent by the next one without waiting', async () => {
    const server = memoryFhir();
    const db = newDb();
    const a = outbox(db, async () => {
      throw new TypeError('offline');
    });
    const e = await a.enqueue(surprise());
    await until(async () => (await db.outbox.get(e.id))?.lastError === 'Geen verbinding met de server');
    a.close();
    outbox(db, server.fetch);
    await until(async () => (await status(db, e.id)) === 'confirmed');
  });

  test('no head-of-line blocking: a write waiting out its backoff never holds back the next one', async () => {
    const server = memoryFhir();
    const db = newDb();
    let firstId: string | undefined;
    let secondConfirmedWhileFirstPending = false;
    // the patient's first write gets 503 until its second write has been confirmed
    const q = outbox(db, async (u, i) => {
      const body = JSON.parse(String(i!.body));
      const id = body.identifier?.[0]?.value;
      if (id === firstId) {
        const others = (await db.outbox.toArray()).filter((r) => r.id !== firstId);
        if (!others.some((r) => r.status === 'confirmed')) return oo(503, 'busy');
        secondConfirmedWhileFirstPending = (await db.outbox.get(firstId!))?.status !== 'confirmed';
      }
      return server.fetch(u, i);
    }, { baseDelayMs: 5, maxDelayMs: 20 });
    firstId = (await q.enqueue(surprise('a', 'false'))).id;
    const second = await q.enqueue(surprise('a', 'true'));
    await until(async () => (await status(db, firstId!)) === 'confirmed' && (await status(db, second.id)) === 'confirmed');
    expect(secondConfirmedWhileFirstPending).toBe(true);
    expect((await db.outbox.get(firstId))!.attempts).toBeGreaterThan(1);
  });

  test('at most `concurrency` writes on the wire, started in the order they were made', async () => {
    const server = memoryFhir();
    const db = newDb();
    let active = 0;
    let maxActive = 0;
    const started: string[] = [];
    const q = outbox(db, async (u, i) => {
      started.push(JSON.parse(String(i!.body)).identifier[0].value);
      maxActive = Math.max(maxActive, ++active);
      await new Promise((r) => setTimeout(r, 10));
      active--;
      return server.fetch(u, i);
    }, { concurrency: 2, autoStart: false });
    const made: string[] = [];
    for (let k = 0; k < 6; k++) made.push((await q.enqueue(surprise(k % 2 ? 'a' : 'b', k % 2 ? 'true' : 'false'))).id);
    await until(async () => (await db.outbox.where('status').equals('confirmed').count()) === 6);
    expect(maxActive).toBe(2);
    expect(started).toEqual(made);
  });

  test('updates of the same CareTeam go one at a time, in the order made (they share a version)', async () => {
    const server = memoryFhir();
    const db = newDb();
    const team = (await server.repo.createResource({ resourceType: 'CareTeam', status: 'active', subject: { reference: 'Patient/a' } } as never)) as { id: string };
    const careTeam = `CareTeam/${team.id}`;
    const calls: string[] = [];
    const q = outbox(db, async (u, i) => {
      const method = i?.method ?? 'GET';
      calls.push(`${method} start`);
      await new Promise((r) => setTimeout(r, 5));
      calls.push(`${method} end`);
      return server.fetch(u, i);
    });
    const appoint = (who: string) => ({ patientId: 'a', action: 'appoint-central-caregiver' as const, params: { careTeam, participant: `Practitioner/${who}`, display: who }, author: 'Practitioner/a' });
    const one = await q.enqueue(appoint('x'));
    const two = await q.enqueue(appoint('y'));
    await until(async () => (await status(db, one.id)) === 'confirmed' && (await status(db, two.id)) === 'confirmed');
    // read, update; read, update: never two reads of the same version before an update
    expect(calls.filter((c) => c.endsWith('start'))).toEqual(['GET start', 'PUT start', 'GET start', 'PUT start']);
    const stored = (await server.repo.readResource('CareTeam', team.id)) as { participant?: { member?: { reference?: string } }[] };
    expect(stored.participant?.map((p) => p.member?.reference)).toEqual(['Practitioner/x', 'Practitioner/y']);
  });

  test('subscribe reports the patient\'s entries now and on every change', async () => {
    const server = memoryFhir();
    const db = newDb();
    const q = outbox(db, server.fetch);
    const seen: OutboxEntry[][] = [];
    const unsubscribe = q.subscribe('p1', (entries) => seen.push(entries));
    await until(() => seen.length >= 1);
    expect(seen[0]).toEqual([]);
    const e = await q.enqueue(surprise('p1'));
    await q.enqueue(surprise('other'));
    await until(() => seen.at(-1)?.[0]?.status === 'confirmed');
    expect(seen.every((list) => list.every((x) => x.patientId === 'p1'))).toBe(true);
    expect(seen.at(-1)!.map((x) => x.id)).toEqual([e.id]);
    unsubscribe();
  });

  test('writes made for another FHIR server are left alone', async () => {
    const db = newDb();
    const calls: string[] = [];
    const other = createOutbox({ db, connection: { serverUrl: 'https://other.test/fhir', fetch: async () => new Promise<Response>(() => {}) }, autoStart: false });
    open.push(other);
    other.close(); // enqueue persists, the closed queue never sends
    const e = await other.enqueue(surprise());
    const q = outbox(db, async (u) => (calls.push(u), new Response('{}', { status: 201 })));
    await q.flush();
    expect(calls).toEqual([]);
    expect(await status(db, e.id)).toBe('pending');
  });
});

/** A write an earlier session made while offline: tried once, still pending when that session ended. */
async function leftPending(db: PzDatabase, intent: Parameters<Outbox['enqueue']>[0]): Promise<OutboxEntry> {
  const offline = outbox(db, async () => {
    throw new TypeError('offline');
  });
  const entry = await offline.enqueue(intent);
  await until(async () => (await db.outbox.get(entry.id))?.attempts === 1);
  offline.close();
  return entry;
}

describe('outbox in a patient-scoped session', () => {
  test('sends only the launch patient\'s writes; another patient\'s stay pending for their own session', async () => {
    const server = memoryFhir();
    const db = newDb();
    const forA = await leftPending(db, surprise('A'));
    const sentFor: string[] = [];
    const spy: FetchLike = (u, i) => (sentFor.push(JSON.parse(String(i?.body)).subject.reference), server.fetch(u, i));
    const sessionB = outbox(db, spy, { onlyPatient: 'B' });
    const forB = await sessionB.enqueue(surprise('B'));
    await until(async () => (await status(db, forB.id)) === 'confirmed');
    await sessionB.flush();
    expect(sentFor).toEqual(['Patient/B']);
    expect(await status(db, forA.id)).toBe('pending');
    outbox(db, server.fetch, { onlyPatient: 'A' });
    await until(async () => (await status(db, forA.id)) === 'confirmed');
  });
});

describe('outbox on a shared ward computer (user-level session)', () => {
  test('sends only the signed-in user\'s writes; another clinician\'s stay pending (and visible) for their own session', async () => {
    const server = memoryFhir();
    const db = newDb();
    const byOther = await leftPending(db, { ...surprise('A'), author: 'Practitioner/other' });
    const sentBy: string[] = [];
    const spy: FetchLike = (u, i) => (sentBy.push(JSON.parse(String(i?.body)).performer?.[0]?.reference ?? '?'), server.fetch(u, i));
    const mine = outbox(db, spy, { onlyAuthor: 'Practitioner/a' });
    // the same patient: the other clinician's older write does not block this user's
    const byMe = await mine.enqueue(surprise('A'));
    await until(async () => (await status(db, byMe.id)) === 'confirmed');
    await mine.flush();
    expect(sentBy).toHaveLength(1);
    expect(await status(db, byOther.id)).toBe('pending');
    expect((await mine.list('A')).map((e) => e.id)).toContain(byOther.id);
    outbox(db, server.fetch, { onlyAuthor: 'Practitioner/other' });
    await until(async () => (await status(db, byOther.id)) === 'confirmed');
  });});

describe('outbox: a transaction answered 200 with a failed entry', () => {
  // a server that answers a transaction 200 and reports the failure in the entry's response.status
  const handover = (patientId = 'p1') => ({
    patientId,
    action: 'save-handover' as const,
    author: 'Practitioner/a',
    params: {
      document: JSON.stringify({
        bundle: { resourceType: 'Bundle', type: 'document', identifier: { system: 'urn:test', value: 'v1' } },
        documentReference: { resourceType: 'DocumentReference', status: 'current', masterIdentifier: { system: 'urn:test', value: 'v1' }, subject: { reference: `Patient/${patientId}` }, content: [] },
      }),
    },
  });
  const entryAnswer = (status: string, text?: string) =>
    new Response(JSON.stringify({ resourceType: 'Bundle', type: 'transaction-response', entry: [{ response: { status, ...(text ? { outcome: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid', diagnostics: text }] } } : {}) } }] }), { status: 200 });

  test('a 4xx inside a 200 transaction answer fails the write, with the reason, and is not sent again', async () => {
    const db = newDb();
    let calls = 0;
    const q = outbox(db, async () => (calls++, entryAnswer('422 Unprocessable Entity', 'DocumentReference.content: minimaal 1')));
    const e = await q.enqueue(handover());
    await until(async () => (await status(db, e.id)) === 'failed');
    const row = await db.outbox.get(e.id);
    expect(row).toMatchObject({ status: 'failed', lastError: 'Transactie geweigerd (422): DocumentReference.content: minimaal 1' });
    expect(row!.nextAttemptAt).toBeUndefined();
    expect(calls).toBe(1);
    expect((await db.audit.toArray()).map((a) => a.event)).toEqual(['write-enqueued', 'write-failed']);
  });

  test('a 429, 408, 409, 412 or 5xx inside a 200 transaction answer is retried until the server confirms', async () => {
    const db = newDb();
    const answers = ['429', '408', '409 Conflict', '412', '503'];
    const q = outbox(db, async () => {
      const next = answers.shift();
      if (next) return entryAnswer(next, 'even geduld');
      return new Response(JSON.stringify({ resourceType: 'Bundle', type: 'transaction-response', entry: [{ response: { status: '201 Created', location: 'DocumentReference/d1/_history/1' } }] }), { status: 200 });
    });
    const e = await q.enqueue(handover());
    await until(async () => (await status(db, e.id)) === 'confirmed');
    expect(await db.outbox.get(e.id)).toMatchObject({ status: 'confirmed', attempts: 6, serverRef: 'DocumentReference/d1' });
  });
});
