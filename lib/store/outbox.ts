// The write outbox: a WriteQueue over dexie. Every write is persisted before it is sent, retried with
// exponential backoff + jitter on network errors, timeouts and 5xx, and stopped with the server's message
// on any other 4xx until the user retries. Retrying is safe because each write is a conditional create on
// its own identifier (or, for the CareTeam appointment, a version-checked update).
//
// No head-of-line blocking: each write travels in its own lane, so a write waiting out its backoff never
// holds back the next one (the rules read every fact by its own date, never by arrival order). Only writes
// that change the same existing resource share a lane and go one at a time in the order they were made
// (two appointments into one CareTeam would otherwise fight over its version). At most `concurrency`
// writes are on the wire at once, started in the order they were made.
import { liveQuery } from 'dexie';
import type { OutboxEntry, WriteIntent, WriteQueue } from '../fhir/gateway';
import { normalizeBase, type FhirConnection } from '../fhir/http';
import { sendWrite, type SendOutcome } from '../fhir/send-write';
import { WriteRefusedError, buildWrite, type WriteContext } from '../fhir/writes';
import type { AuditEntry, OutboxRow, PzDatabase } from './db';

export interface OutboxOptions {
  db: PzDatabase;
  connection: FhirConnection;
  writeContext?: WriteContext;
  /** per attempt (default 15 s) */
  timeoutMs?: number;
  /** first retry delay (default 1 s), doubled per attempt up to maxDelayMs (default 60 s) */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** injectable for seeded tests */
  random?: () => number;
  now?: () => number;
  /** a new write's id (default crypto.randomUUID; injectable so a seeded test replays the same writes) */
  newId?: () => string;
  /** start sending what a previous run left behind (default true) */
  autoStart?: boolean;
  /**
   * A patient-scoped session (SMART EHR launch: the token only covers the launch patient) sends only
   * this patient's writes; others stay pending until a session for their patient comes along, instead
   * of failing with a 403.
   */
  onlyPatient?: string;
  /**
   * Send only writes recorded by this user ("Practitioner/<id>"; writes without an author too). On a
   * shared ward computer another clinician's queued writes must not go out under this user's token:
   * they wait, visible, for their own author's next session.
   */
  onlyAuthor?: string;
  /** writes on the wire at once (default 4: below a browser's six connections per host) */
  concurrency?: number;
}

export interface Outbox extends WriteQueue {
  /** stop timers and ignore answers still in flight (page unload, tests simulating a crash) */
  close(): void;
  /** resolves when nothing is being sent right now (tests) */
  idle(): Promise<void>;
}

const ACTIVE = (r: OutboxRow) => r.status === 'pending' || r.status === 'sending';

/**
 * The lane a write travels in: writes that update the same existing resource share one (in order);
 * every other write, a conditional create of a resource of its own, has a lane to itself.
 */
export function laneOf(row: Pick<OutboxRow, 'id' | 'patientId' | 'action' | 'params'>): string {
  if (row.action === 'appoint-central-caregiver' && row.params?.careTeam) return `${row.patientId}|update|${row.params.careTeam}`;
  return `${row.patientId}|write|${row.id}`;
}

export function createOutbox(opts: OutboxOptions): Outbox {
  const { db, connection } = opts;
  const serverUrl = normalizeBase(connection.serverUrl);
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const baseDelay = opts.baseDelayMs ?? 1_000;
  const maxDelay = opts.maxDelayMs ?? 60_000;
  const random = opts.random ?? Math.random;
  const now = opts.now ?? Date.now;
  const inFlight = new Set<AbortController>();
  const slots = createSlots(opts.concurrency ?? 4);
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();
  const againIgnoringBackoff = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerAt = Infinity;
  let closed = false;

  const audit = (e: Omit<AuditEntry, 'when'>) => db.audit.add({ when: new Date(now()).toISOString(), ...e });

  function backoff(attempts: number): number {
    const d = Math.min(maxDelay, baseDelay * 2 ** Math.max(0, attempts - 1));
    return d / 2 + (random() * d) / 2; // "equal jitter": never 0, never in lockstep with other clients
  }

  function scheduleAt(at: number) {
    if (closed || at >= timerAt) return;
    if (timer) clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(() => {
      timer = undefined;
      timerAt = Infinity;
      void flush();
    }, Math.max(0, at - now()));
  }

  const mine = (r: OutboxRow) => opts.onlyAuthor === undefined || r.author === undefined || r.author === opts.onlyAuthor;

  async function rowsFor(patientId: string): Promise<OutboxRow[]> {
    const rows = await db.outbox.where('patientId').equals(patientId).toArray();
    return rows.filter((r) => r.serverUrl === serverUrl).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  /** Mark the row `sending` under a lease, unless another instance holds it. */
  async function claim(id: string): Promise<OutboxRow | undefined> {
    return db.transaction('rw', db.outbox, async () => {
      const row = await db.outbox.get(id);
      const t = now();
      if (!row || !ACTIVE(row)) return undefined;
      if (row.status === 'sending' && (row.leaseUntil ?? 0) > t) return undefined;
      if (row.status === 'pending' && row.dueAt > t) return undefined;
      const claimed: OutboxRow = { ...row, status: 'sending', attempts: row.attempts + 1, leaseUntil: t + timeoutMs + 1_000 };
      await db.outbox.put(claimed);
      return claimed;
    });
  }

  async function attempt(row: OutboxRow): Promise<SendOutcome> {
    let plan;
    try {
      plan = buildWrite(row, opts.writeContext);
    } catch (e) {
      return { kind: 'failed', message: e instanceof Error ? e.message : String(e) };
    }
    const ac = new AbortController();
    inFlight.add(ac);
    const t = setTimeout(() => ac.abort(), timeoutMs);
    try {
      return await sendWrite(connection, plan, row.patientId, ac.signal);
    } finally {
      clearTimeout(t);
      inFlight.delete(ac);
    }
  }

  async function record(row: OutboxRow, outcome: SendOutcome) {
    if (closed) return; // a "crashed" instance must not touch the rows the next one owns
    const t = now();
    if (outcome.kind === 'confirmed') {
      await db.outbox.update(row.id, { status: 'confirmed', confirmedAt: new Date(t).toISOString(), serverRef: outcome.serverRef, lastError: undefined, leaseUntil: undefined, nextAttemptAt: undefined });
      await audit({ event: 'write-confirmed', patientId: row.patientId, who: row.author, subject: row.id, detail: `${row.action} ${outcome.serverRef ?? ''}`.trim() });
    } else if (outcome.kind === 'failed') {
      await db.outbox.update(row.id, { status: 'failed', lastError: outcome.message, leaseUntil: undefined, nextAttemptAt: undefined });
      await audit({ event: 'write-failed', patientId: row.patientId, who: row.author, subject: row.id, detail: `${row.action}: ${outcome.message}` });
    } else {
      const dueAt = t + backoff(row.attempts);
      await db.outbox.update(row.id, { status: 'pending', lastError: outcome.message, leaseUntil: undefined, dueAt, nextAttemptAt: new Date(dueAt).toISOString() });
      scheduleAt(dueAt);
    }
  }

  /** The active rows of one lane, oldest first (one row for a create; a read of one key). */
  async function laneRows(lane: string): Promise<OutboxRow[]> {
    const [patientId, kind, key] = splitLane(lane);
    const rows = kind === 'write' ? [await db.outbox.get(key)].filter((r): r is OutboxRow => !!r && r.serverUrl === serverUrl) : (await rowsFor(patientId)).filter((r) => laneOf(r) === lane);
    return rows.filter((r) => ACTIVE(r) && mine(r));
  }

  /** Send this lane's due writes in order; stop at the first one that has to wait. */
  async function drain(lane: string, ignoreBackoff: boolean): Promise<void> {
    while (!closed) {
      const head = (await laneRows(lane))[0];
      if (!head) return;
      if (ignoreBackoff && head.status === 'pending' && head.dueAt > now()) {
        head.dueAt = now();
        await db.outbox.update(head.id, { dueAt: head.dueAt });
      }
      if (head.status === 'pending' && head.dueAt > now()) return scheduleAt(head.dueAt); // backoff: no slot held meanwhile
      const release = await slots.acquire();
      try {
        if (closed) return;
        const row = await claim(head.id);
        if (!row) {
          // in backoff, or leased by another instance: come back when that is over
          scheduleAt(head.status === 'sending' ? (head.leaseUntil ?? now()) : head.dueAt);
          return;
        }
        const outcome = await attempt(row);
        await record(row, outcome);
        if (outcome.kind === 'retry') return;
      } finally {
        release();
      }
      ignoreBackoff = false;
    }
  }

  function kick(lane: string, ignoreBackoff = false): Promise<void> {
    const current = running.get(lane);
    if (current) {
      // the running drain goes round once more, and skips the backoff if this caller asked for that
      again.add(lane);
      if (ignoreBackoff) againIgnoringBackoff.add(lane);
      return current;
    }
    const p = (async () => {
      let ignore = ignoreBackoff;
      try {
        do {
          again.delete(lane);
          try {
            await drain(lane, ignore);
          } catch (e) {
            // this outbox was closed (page or panel went away mid-drain): the write stays stored and the
            // next outbox picks it up; nothing to report
            if (closed) break;
            // storage trouble (also a database closed under a live outbox): try again later rather than
            // lose the write (no PHI in the log)
            if (!(e instanceof Error && e.name === 'DatabaseClosedError')) console.warn('outbox: drain failed', e instanceof Error ? e.name : 'error');
            scheduleAt(now() + backoff(1));
          }
          ignore = againIgnoringBackoff.delete(lane);
        } while (again.has(lane) && !closed);
      } finally {
        // in the same synchronous step as the last `again` check: a kick can never land in between and
        // be handed a drain that has already finished
        running.delete(lane);
      }
    })();
    running.set(lane, p);
    return p;
  }

  async function flush(ignoreBackoff = false): Promise<void> {
    if (closed) return;
    const rows = (await db.outbox.where('status').anyOf('pending', 'sending').toArray())
      .filter((r) => r.serverUrl === serverUrl && mine(r) && (opts.onlyPatient === undefined || r.patientId === opts.onlyPatient))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    await Promise.all([...new Set(rows.map(laneOf))].map((lane) => kick(lane, ignoreBackoff)));
  }

  const onOnline = () => void flush(true);
  const win = globalThis as { addEventListener?: (t: string, f: () => void) => void; removeEventListener?: (t: string, f: () => void) => void };
  win.addEventListener?.('online', onOnline);

  const queue: Outbox = {
    async enqueue(partial) {
      const t = now();
      const intent: WriteIntent = { ...partial, id: (opts.newId ?? (() => crypto.randomUUID()))(), createdAt: new Date(t).toISOString() };
      buildWrite(intent, opts.writeContext); // refuse a bad intent before it is stored (throws WriteRefusedError)
      const row: OutboxRow = { ...intent, serverUrl, status: 'pending', attempts: 0, dueAt: t };
      await db.transaction('rw', db.outbox, db.audit, async () => {
        await db.outbox.add(row);
        await audit({ event: 'write-enqueued', patientId: row.patientId, who: row.author, subject: row.id, detail: row.action });
      });
      if (opts.onlyPatient === undefined || opts.onlyPatient === row.patientId) void kick(laneOf(row));
      return strip(row);
    },
    async list(patientId) {
      return (await rowsFor(patientId)).map(strip);
    },
    subscribe(patientId, cb) {
      const sub = liveQuery(() => rowsFor(patientId)).subscribe({
        next: (rows) => cb(rows.map(strip)),
        error: (e) => console.warn('outbox: subscription failed', e instanceof Error ? e.name : 'error'),
      });
      return () => sub.unsubscribe();
    },
    flush: () => flush(true),
    async retry(id) {
      const row = await db.outbox.get(id);
      if (!row || row.status !== 'failed') return;
      await db.outbox.update(id, { status: 'pending', attempts: 0, dueAt: now(), nextAttemptAt: undefined, lastError: undefined });
      await audit({ event: 'write-retry-requested', patientId: row.patientId, who: row.author, subject: id, detail: row.action });
      if (opts.onlyPatient === undefined || opts.onlyPatient === row.patientId) await kick(laneOf(row));
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const ac of inFlight) ac.abort();
      slots.close();
      win.removeEventListener?.('online', onOnline);
    },
    async idle() {
      while (running.size) await Promise.all([...running.values()]);
    },
  };

  if (opts.autoStart !== false) void flush();
  return queue;
}

function splitLane(lane: string): [patientId: string, kind: string, key: string] {
  const [patientId, kind, ...rest] = lane.split('|');
  return [patientId, kind, rest.join('|')];
}

/** A counting semaphore whose waiters are served first come, first served (the order writes were made). */
function createSlots(n: number) {
  let free = Math.max(1, n);
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
  return {
    acquire(): Promise<() => void> {
      if (free > 0) {
        free--;
        return Promise.resolve(once(release));
      }
      return new Promise((resolve) => waiting.push(() => resolve(once(release))));
    },
    /** a closed outbox lets every waiter through (they see `closed` and stop) */
    close() {
      for (const w of waiting.splice(0)) w();
    },
  };
}

function once(f: () => void): () => void {
  let done = false;
  return () => {
    if (!done) (done = true), f();
  };
}

function strip(row: OutboxRow): OutboxEntry {
  const { leaseUntil: _l, dueAt: _d, ...entry } = row;
  return entry;
}

export { WriteRefusedError };
