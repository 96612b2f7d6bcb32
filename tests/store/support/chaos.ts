// A seeded chaos harness for the outbox: wraps a fetch and injects 5xx answers, timeouts (server applied
// the write, the answer never comes), dropped connections before and after the server applied it, and an
// offline period, while writes are enqueued at random moments. Used against the in-process FHIR router
// (unit) and the real demo server over HTTP (e2e).
import 'fake-indexeddb/auto';
import { writeIdSystem } from '../../../lib/fhir/codes';
import type { OutboxEntry } from '../../../lib/fhir/gateway';
import type { FetchLike } from '../../../lib/fhir/http';
import { PzDatabase } from '../../../lib/store/db';
import { createOutbox } from '../../../lib/store/outbox';

import { prng } from '../../support/prng';

export { prng };

export interface ChaosStats {
  requests: number;
  serverErrors: number;
  timeouts: number;
  droppedBefore: number;
  droppedAfter: number;
  offline: number;
}

/** fetch wrapper: which fault (if any) hits each write request is decided by the seeded random. */
export function chaosFetch(inner: FetchLike, random: () => number, isOffline: () => boolean, stats: ChaosStats): FetchLike {
  return async (url, init) => {
    stats.requests++;
    if (isOffline()) {
      stats.offline++;
      throw new TypeError('Failed to fetch (offline)');
    }
    if (init?.method !== 'POST' && init?.method !== 'PUT') return inner(url, init);
    const r = random();
    if (r < 0.12) {
      stats.serverErrors++;
      return new Response(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient', diagnostics: 'injected 503' }] }), { status: 503 });
    }
    if (r < 0.2) {
      stats.droppedBefore++;
      throw new TypeError('connection reset before the request arrived');
    }
    const res = await inner(url, init);
    if (r < 0.3) {
      // the server applied it; the answer is lost
      stats.droppedAfter++;
      await res.arrayBuffer();
      throw new TypeError('connection reset after the server answered');
    }
    if (r < 0.38) {
      stats.timeouts++;
      await res.arrayBuffer();
      return new Promise<Response>((_, reject) => {
        const abort = () => reject(new DOMException('The operation was aborted.', 'AbortError'));
        if (init?.signal?.aborted) abort();
        init?.signal?.addEventListener('abort', abort);
      });
    }
    return res;
  };
}

export interface ChaosResult {
  seed: number;
  entries: OutboxEntry[];
  stats: ChaosStats;
  /** per write id: how many resources with its identifier the server holds */
  countsOnServer: number[];
}

const ACTIONS = [
  (pid: string, r: () => number) => ({ patientId: pid, action: 'answer-surprise-question' as const, params: { answer: r() < 0.5 ? 'true' : 'false' } }),
  (pid: string, r: () => number) => ({ patientId: pid, action: 'record-kindcheck' as const, params: { minorChildren: r() < 0.5 ? 'true' : 'false' } }),
  (pid: string) => ({ patientId: pid, action: 'record-medication-review' as const, params: {} }),
  (pid: string) => ({ patientId: pid, action: 'record-nazorg-contact' as const, params: {} }),
  (pid: string, r: () => number) => ({ patientId: pid, action: 'record-caregiver-burden' as const, params: { score: String(Math.floor(r() * 14)) } }),
  (pid: string) => ({ patientId: pid, action: 'mark-palliative-phase' as const, params: {} }),
];

/**
 * Enqueue `writes` writes for `patients` at random moments over `spreadMs`, with an offline period in
 * the middle, through the chaos fetch; wait until every write is confirmed; count each on the server.
 */
export async function runChaos(opts: {
  seed: number;
  serverUrl: string;
  fetch: FetchLike;
  patients: string[];
  writes: number;
  spreadMs: number;
  offlineMs: number;
  countByIdentifier: (resourceType: string, system: string, value: string, patientId: string) => Promise<number>;
  /** per attempt (default 150 ms: far above the in-process server, below a slow one) */
  timeoutMs?: number;
  /** give up after this long (ms) */
  deadlineMs?: number;
}): Promise<ChaosResult> {
  const random = prng(opts.seed);
  const stats: ChaosStats = { requests: 0, serverErrors: 0, timeouts: 0, droppedBefore: 0, droppedAfter: 0, offline: 0 };
  const start = Date.now();
  const offlineFrom = start + opts.spreadMs / 3;
  const isOffline = () => {
    const t = Date.now();
    return t >= offlineFrom && t < offlineFrom + opts.offlineMs;
  };
  const db = new PzDatabase(`chaos-${opts.seed}-${Math.random()}`);
  const queue = createOutbox({
    db,
    connection: { serverUrl: opts.serverUrl, fetch: chaosFetch(opts.fetch, prng(opts.seed ^ 0x9e3779b9), isOffline, stats) },
    timeoutMs: opts.timeoutMs ?? 150,
    baseDelayMs: 10,
    maxDelayMs: 200,
    random: prng(opts.seed ^ 0x85ebca6b),
  });
  const plan = Array.from({ length: opts.writes }, () => ({
    at: random() * opts.spreadMs,
    patient: opts.patients[Math.floor(random() * opts.patients.length)],
    make: ACTIONS[Math.floor(random() * ACTIONS.length)],
    r: random(),
  }));
  const ids: string[] = [];
  await Promise.all(
    plan.map(
      (p) =>
        new Promise<void>((resolve, reject) =>
          setTimeout(() => {
            const r = prng(Math.floor(p.r * 2 ** 32));
            queue.enqueue({ ...p.make(p.patient, r), author: 'Practitioner/chaos' }).then((e) => (ids.push(e.id), resolve()), reject);
          }, p.at),
        ),
    ),
  );
  const deadline = start + (opts.deadlineMs ?? 60_000);
  for (;;) {
    const rows = await db.outbox.toArray();
    if (rows.length === opts.writes && rows.every((r) => r.status === 'confirmed')) break;
    if (rows.some((r) => r.status === 'failed')) break; // a failure here is a bug: report it
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  queue.close();
  if (process.env.CHAOS_DEBUG) console.log(`chaos: sent in ${Date.now() - start} ms`);
  const entries = (await db.outbox.toArray()).map(({ leaseUntil: _l, dueAt: _d, ...e }) => e as OutboxEntry);
  const system = writeIdSystem();
  const countsOnServer = await Promise.all(
    entries.map((e) => opts.countByIdentifier(resourceTypeOf(e.action), system, e.id, e.patientId)),
  );
  db.close();
  return { seed: opts.seed, entries, stats, countsOnServer };
}

function resourceTypeOf(action: string): string {
  return { 'answer-surprise-question': 'Observation', 'record-kindcheck': 'Observation', 'record-caregiver-burden': 'Observation', 'record-medication-review': 'Procedure', 'record-nazorg-contact': 'Task', 'mark-palliative-phase': 'Condition' }[action]!;
}
