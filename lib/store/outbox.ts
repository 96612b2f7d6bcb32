// The write outbox: a WriteQueue over dexie. Every write is persisted before it is sent, sent one at a
// time per patient (in the order the clinician made them), retried with exponential backoff + jitter
// on network errors, timeouts and 5xx, and stopped with the server's message on any other 4xx until the
// user retries. Retrying is safe because each write is a conditional create on its own identifier.
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
}

export interface Outbox extends WriteQueue {
  /** stop timers and ignore answers still in flight (page unload, tests simulating a crash) */
  close(): void;
  /** resolves when nothing is being sent right now (tests) */
  idle(): Promise<void>;
}

const ACTIVE = (r: OutboxRow) => r.status === 'pending' || r.status === 'sending';

export function createOutbox(opts: OutboxOptions): Outbox {
  const { db, connection } = opts;
  const serverUrl = normalizeBase(connection.serverUrl);
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const baseDelay = opts.baseDelayMs ?? 1_000;
  const maxDelay = opts.maxDelayMs ?? 60_000;
  const random = opts.random ?? Math.random;
  const now = opts.now ?? Date.now;
  const inFlight = new Set<AbortController>();
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();
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

  /** Send this patient's due writes in order; stop at the first one that has to wait. */
  async function drain(patientId: string, ignoreBackoff: boolean): Promise<void> {
    while (!closed) {
      const head = (await rowsFor(patientId)).find((r) => ACTIVE(r) && mine(r));
      if (!head) return;
      if (ignoreBackoff && head.status === 'pending' && head.dueAt > now()) await db.outbox.update(head.id, { dueAt: now() });
      const row = await claim(head.id);
      if (!row) {
        // in backoff, or leased by another instance: come back when that is over
        scheduleAt(head.status === 'sending' ? (head.leaseUntil ?? now()) : head.dueAt);
        return;
      }
      const outcome = await attempt(row);
      await record(row, outcome);
      if (outcome.kind === 'retry') return;
      ignoreBackoff = false;
    }
  }

  function kick(patientId: string, ignoreBackoff = false): Promise<void> {
    const current = running.get(patientId);
    if (current) {
      again.add(patientId);
      return current;
    }
    const p = (async () => {
      do {
        again.delete(patientId);
        try {
          await drain(patientId, ignoreBackoff);
        } catch (e) {
          // this outbox was closed (page or panel went away mid-drain): the write stays stored and the
          // next outbox picks it up; nothing to report
          if (closed) break;
          // storage trouble (also a database closed under a live outbox): try again later rather than
          // lose the write (no PHI in the log)
          if (!(e instanceof Error && e.name === 'DatabaseClosedError')) console.warn('outbox: drain failed', e instanceof Error ? e.name : 'error');
          scheduleAt(now() + backoff(1));
        }
      } while (again.has(patientId) && !closed);
    })().finally(() => running.delete(patientId));
    running.set(patientId, p);
    return p;
  }

  async function flush(ignoreBackoff = false): Promise<void> {
    if (closed) return;
    const rows = await db.outbox.where('status').anyOf('pending', 'sending').toArray();
    const patients = [...new Set(rows.filter((r) => r.serverUrl === serverUrl && mine(r)).map((r) => r.patientId))].filter(
      (p) => opts.onlyPatient === undefined || p === opts.onlyPatient,
    );
    await Promise.all(patients.map((p) => kick(p, ignoreBackoff)));
  }

  const onOnline = () => void flush(true);
  const win = globalThis as { addEventListener?: (t: string, f: () => void) => void; removeEventListener?: (t: string, f: () => void) => void };
  win.addEventListener?.('online', onOnline);

  const queue: Outbox = {
    async enqueue(partial) {
      const t = now();
      const intent: WriteIntent = { ...partial, id: crypto.randomUUID(), createdAt: new Date(t).toISOString() };
      buildWrite(intent, opts.writeContext); // refuse a bad intent before it is stored (throws WriteRefusedError)
      const row: OutboxRow = { ...intent, serverUrl, status: 'pending', attempts: 0, dueAt: t };
      await db.transaction('rw', db.outbox, db.audit, async () => {
        await db.outbox.add(row);
        await audit({ event: 'write-enqueued', patientId: row.patientId, who: row.author, subject: row.id, detail: row.action });
      });
      if (opts.onlyPatient === undefined || opts.onlyPatient === row.patientId) void kick(row.patientId);
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
      if (opts.onlyPatient === undefined || opts.onlyPatient === row.patientId) await kick(row.patientId);
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const ac of inFlight) ac.abort();
      win.removeEventListener?.('online', onOnline);
    },
    async idle() {
      while (running.size) await Promise.all([...running.values()]);
    },
  };

  if (opts.autoStart !== false) void flush();
  return queue;
}

function strip(row: OutboxRow): OutboxEntry {
  const { leaseUntil: _l, dueAt: _d, ...entry } = row;
  return entry;
}

export { WriteRefusedError };
