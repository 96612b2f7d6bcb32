// A seeded chaos harness for the outbox: wraps a fetch and injects 5xx answers, timeouts (the server applied
// the write, the answer never comes), connections dropped before and after the server applied it, an
// offline period and restarts of the worker (the running outbox dies mid-flight and a fresh one opens the
// same IndexedDB). Used against the in-process FHIR router (unit) and the real demo server over HTTP
// (tests/reliability).
//
// Bounded by progress, never by the wall clock, so a slow machine makes a run longer, never red:
// - the writes are enqueued one after another in the order of the plan, not at clock moments;
// - the fault that hits a request is a function of (seed, write id, attempt number): write ids come from
//   the seed too (the outbox's injectable newId), so a seed replays the same writes meeting the same faults;
// - the offline period and the restarts happen at fixed write-request counts, not at clock times;
// - a timeout is injected as the abort a per-attempt timer would cause, without waiting for that timer;
// - the run ends when every write is confirmed, when one failed (a bug), when the writes needed far more
//   attempts than the faults can explain (a livelock), or when nothing at all happened for a long stretch
//   (a stall: with backoff ≤ 200 ms and leases of a few seconds, a working outbox is never silent that long).
// What a seed cannot fix is the interleaving of concurrent lanes on the machine's scheduler: the same
// writes meet the same faults, in an order that may differ.
import 'fake-indexeddb/auto';
import { writeIdSystem } from '../../../lib/fhir/codes';
import type { OutboxEntry } from '../../../lib/fhir/gateway';
import type { FetchLike } from '../../../lib/fhir/http';
import type { ActionId } from '../../../lib/pathway/types';
import { PzDatabase } from '../../../lib/store/db';
import { createOutbox, type Outbox } from '../../../lib/store/outbox';
import { prng } from '../../support/prng';

export { prng };

export interface ChaosStats {
  requests: number;
  writeRequests: number;
  serverErrors: number;
  timeouts: number;
  droppedBefore: number;
  droppedAfter: number;
  offline: number;
  restarts: number;
  enqueuedDuringRestart: number;
  sendingAtRestart: number;
}

export type Intent = { action: ActionId; params: Record<string, string> };
export type MakeIntent = (r: () => number, patientId: string) => Intent;

/** Writes that each land as a new resource, found by its write identifier. */
export const CHAOS_ACTIONS: MakeIntent[] = [
  (r) => ({ action: 'answer-surprise-question', params: { answer: r() < 0.5 ? 'true' : 'false' } }),
  (r) => ({ action: 'record-kindcheck', params: { minorChildren: r() < 0.5 ? 'true' : 'false' } }),
  () => ({ action: 'record-medication-review', params: {} }),
  () => ({ action: 'record-nazorg-contact', params: {} }),
  (r) => ({ action: 'record-caregiver-burden', params: { score: String(Math.floor(r() * 14)) } }),
  () => ({ action: 'mark-palliative-phase', params: {} }),
];

/** Fault shares per write attempt (cumulative bounds below). */
const P_503 = 0.12;
const P_DROP_BEFORE = 0.08;
const P_DROP_AFTER = 0.1;
const P_TIMEOUT = 0.08;
/** P(an attempt fails) = 0.38; 60 attempts per write on average would be a livelock, not bad luck */
const ATTEMPT_BUDGET_PER_WRITE = 60;
/** no database change and no request for this long = the outbox stopped working */
const STALL_MS = 60_000;

/** A number in [0, 1) from (seed, write id, attempt): the same write's same attempt meets the same fault. */
export function faultRoll(seed: number, writeId: string, attempt: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const ch of `${writeId}#${attempt}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return prng(h)();
}

/** Seeded RFC 4122-shaped ids, so a seed replays the same write identifiers. */
export function seededIds(seed: number): () => string {
  const r = prng(seed ^ 0x5bd1e995);
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
  return () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(r() * 4)]}${hex(3)}-${hex(12)}`;
}

/** The write id a request carries: the identifier of a conditional create, or the participant an update appends. */
function writeIdOf(init: RequestInit | undefined): string | undefined {
  try {
    const body = JSON.parse(String(init?.body ?? '')) as { identifier?: { system?: string; value?: string }[]; participant?: { id?: string }[] };
    return body.identifier?.find((i) => i.system === writeIdSystem())?.value ?? body.participant?.at(-1)?.id;
  } catch {
    return undefined;
  }
}

const aborted = () => new DOMException('The operation was aborted.', 'AbortError');

/**
 * fetch wrapper: reads pass (unless offline); each write attempt meets the fault faultRoll gives it.
 * `onWrite` sees every write request before it goes out, with the request already in flight for the outbox.
 */
export function chaosFetch(inner: FetchLike, opts: { seed: number; isOffline: () => boolean; stats: ChaosStats; onWrite?: (n: number) => void }): FetchLike {
  const attempts = new Map<string, number>();
  const { stats } = opts;
  return async (url, init) => {
    stats.requests++;
    if (opts.isOffline()) {
      stats.offline++;
      throw new TypeError('Failed to fetch (offline)');
    }
    if (init?.method !== 'POST' && init?.method !== 'PUT') return inner(url, init);
    stats.writeRequests++;
    opts.onWrite?.(stats.writeRequests);
    init.signal?.throwIfAborted();
    const id = writeIdOf(init) ?? `unknown-${stats.writeRequests}`;
    const attempt = (attempts.get(id) ?? 0) + 1;
    attempts.set(id, attempt);
    const r = faultRoll(opts.seed, id, attempt);
    if (r < P_503) {
      stats.serverErrors++;
      return new Response(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient', diagnostics: 'injected 503' }] }), { status: 503 });
    }
    if (r < P_503 + P_DROP_BEFORE) {
      stats.droppedBefore++;
      throw new TypeError('connection reset before the request arrived');
    }
    const res = await inner(url, init);
    if (r < P_503 + P_DROP_BEFORE + P_DROP_AFTER) {
      stats.droppedAfter++; // the server applied it; the answer is lost
      await res.arrayBuffer();
      throw new TypeError('connection reset after the server answered');
    }
    if (r < P_503 + P_DROP_BEFORE + P_DROP_AFTER + P_TIMEOUT) {
      stats.timeouts++; // applied; the answer never came and the per-attempt timer fired
      await res.arrayBuffer();
      throw aborted();
    }
    return res;
  };
}

export interface ChaosResult {
  seed: number;
  entries: OutboxEntry[];
  stats: ChaosStats;
  /** why the wait ended: 'done' is the only good answer */
  ended: 'done' | 'failed' | 'livelock' | 'stalled';
  elapsedMs: number;
}

/**
 * Enqueue `writes` writes for random patients, one after another, through the chaos fetch, with an
 * offline period of `offlineRequests` refused requests starting at a seeded write request, and `restarts`
 * worker restarts at seeded write requests (each one while that request is in flight). Waits by
 * progress (see the header) and returns the rows.
 */
export async function runChaos(opts: {
  seed: number;
  serverUrl: string;
  fetch: FetchLike;
  patients: string[];
  writes: number;
  /** requests refused while offline (default 30) */
  offlineRequests?: number;
  /** worker restarts (default 0) */
  restarts?: number;
  /** default CHAOS_ACTIONS */
  actions?: MakeIntent[];
  /** per attempt, a guard against a server that never answers (default 10 s; injected timeouts do not wait for it) */
  timeoutMs?: number;
}): Promise<ChaosResult> {
  const random = prng(opts.seed);
  const start = Date.now();
  const stats: ChaosStats = { requests: 0, writeRequests: 0, serverErrors: 0, timeouts: 0, droppedBefore: 0, droppedAfter: 0, offline: 0, restarts: 0, enqueuedDuringRestart: 0, sendingAtRestart: 0 };
  const actions = opts.actions ?? CHAOS_ACTIONS;

  const plan = Array.from({ length: opts.writes }, () => ({
    patient: opts.patients[Math.floor(random() * opts.patients.length)],
    make: actions[Math.floor(random() * actions.length)],
    r: random(),
  }));
  // Every write makes at least one write request, so every point below `writes` is reached.
  const offlineAt = Math.floor(opts.writes / 3 + (random() * opts.writes) / 6);
  const restartAt = Array.from({ length: opts.restarts ?? 0 }, () => 1 + Math.floor(random() * (opts.writes - 1))).sort((a, b) => a - b);
  const downMs = restartAt.map(() => 5 + Math.floor(random() * 100));

  let offlineLeft: number | undefined;
  const isOffline = () => {
    if (offlineLeft === undefined && stats.writeRequests >= offlineAt) offlineLeft = opts.offlineRequests ?? 30;
    if (!offlineLeft) return false;
    offlineLeft--;
    return true;
  };

  const dbName = `chaos-${opts.seed}-${Math.random()}`;
  let db = new PzDatabase(dbName);
  let generation = 0;
  const newId = seededIds(opts.seed);
  let queue: Outbox | undefined;
  let up: Promise<void> = Promise.resolve();
  const downs: Promise<void>[] = [];

  // A restart is the worker dying the way it does in the browser: the outbox closed mid-flight (timers
  // gone, answers in flight ignored, its database connection dropped); a moment later a new worker opens
  // the same database and a new outbox over it, which must pick up what the old one left pending or `sending`.
  function restart() {
    const dying = db;
    queue?.close();
    queue = undefined;
    stats.restarts++;
    const k = stats.restarts - 1;
    up = new Promise<void>((resolve) => {
      void dying.outbox
        .where('status')
        .equals('sending')
        .count()
        .then((n) => (stats.sendingAtRestart += n), () => {})
        .finally(() => {
          dying.close();
          setTimeout(() => {
            generation++;
            db = new PzDatabase(dbName);
            queue = open();
            resolve();
          }, downMs[k]);
        });
    });
    downs.push(up);
  }

  const faults = chaosFetch(opts.fetch, {
    seed: opts.seed,
    isOffline,
    stats,
    onWrite: (n) => {
      while (restartAt.length && restartAt[0] <= n && queue) {
        restartAt.shift();
        restart();
      }
    },
  });
  const open = (): Outbox =>
    createOutbox({
      db,
      connection: { serverUrl: opts.serverUrl, fetch: faults },
      timeoutMs: opts.timeoutMs ?? 10_000,
      baseDelayMs: 10,
      maxDelayMs: 200,
      random: prng((opts.seed ^ 0x85ebca6b) + generation),
      newId,
    });
  queue = open();

  for (const p of plan) {
    if (!queue) stats.enqueuedDuringRestart++;
    await up; // a write made while the worker is down waits until it is back (the panel's click awaits the host)
    const r = prng(Math.floor(p.r * 2 ** 32));
    await queue!.enqueue({ patientId: p.patient, ...p.make(r, p.patient), author: 'Practitioner/chaos' });
  }

  let ended: ChaosResult['ended'] = 'done';
  let signature = '';
  let lastChange = Date.now();
  for (;;) {
    if (!queue) await up;
    const rows = await db.outbox.toArray();
    if (rows.length === opts.writes && rows.every((r) => r.status === 'confirmed')) break;
    if (rows.some((r) => r.status === 'failed')) {
      ended = 'failed'; // a failure here is a bug: report it
      break;
    }
    if (stats.writeRequests > opts.writes * ATTEMPT_BUDGET_PER_WRITE) {
      ended = 'livelock';
      break;
    }
    const now = `${stats.requests}|${rows.map((r) => r.status[0] + r.attempts).join('')}`;
    if (now !== signature) (signature = now), (lastChange = Date.now());
    else if (Date.now() - lastChange > STALL_MS) {
      ended = 'stalled';
      break;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  await Promise.all(downs);
  queue?.close();
  const entries = (await db.outbox.toArray()).map(({ leaseUntil: _l, dueAt: _d, ...e }) => e as OutboxEntry);
  db.close();
  return { seed: opts.seed, entries, stats, ended, elapsedMs: Date.now() - start };
}
