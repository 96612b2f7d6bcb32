// The no-lost-writes harness: the seeded fault injection of tests/store/support/chaos.ts (5xx, timeouts,
// connections dropped before and after the server applied the write, an offline period), plus restarts
// of the extension's service worker / side panel. A restart is modelled the way it happens in the
// browser: the running outbox dies mid-flight (timers gone, answers in flight ignored) and a fresh one is
// created over the same IndexedDB, which must pick up what the old one left pending or `sending`.
import 'fake-indexeddb/auto';
import { writeIdSystem } from '../../../lib/fhir/codes';
import type { OutboxEntry } from '../../../lib/fhir/gateway';
import type { ActionId } from '../../../lib/pathway/types';
import type { FetchLike } from '../../../lib/fhir/http';
import { PzDatabase } from '../../../lib/store/db';
import { createOutbox, type Outbox } from '../../../lib/store/outbox';
import { chaosFetch, prng, type ChaosStats } from '../../store/support/chaos';
import { seedFromEnv } from '../../support/prng';

export { prng };

/** The seed of this run: CHAOS_SEED from the environment (replay), else a fresh one. */
export const chaosSeed = (): number => seedFromEnv('CHAOS_SEED');

type Intent = { action: ActionId; params: Record<string, string> };
type MakeIntent = (r: () => number, patientId: string) => Intent;
/** Writes that each land as a new resource, found by its write identifier. */
export const CHAOS_ACTIONS: MakeIntent[] = [
  (r) => ({ action: 'answer-surprise-question', params: { answer: r() < 0.5 ? 'true' : 'false' } }),
  (r) => ({ action: 'record-kindcheck', params: { minorChildren: r() < 0.5 ? 'true' : 'false' } }),
  () => ({ action: 'record-medication-review', params: {} }),
  () => ({ action: 'record-nazorg-contact', params: {} }),
  (r) => ({ action: 'record-caregiver-burden', params: { score: String(Math.floor(r() * 14)) } }),
  () => ({ action: 'mark-palliative-phase', params: {} }),
  () => ({ action: 'request-topz-consult', params: { encounter: 'Encounter/chaos-opname' } }),
  (r) => ({ action: 'record-naaste', params: { relationship: r() < 0.5 ? '01' : 'WIFE', name: 'Naaste (chaos)', mantelzorger: r() < 0.5 ? 'true' : 'false' } }),
];

/**
 * Plus the one write that updates instead of creating: the central caregiver appointed into the
 * patient's existing CareTeam (read, append a participant whose element id is the write id, PUT
 * If-Match), so a retry after a lost answer and a dead worker's orphaned PUT meet on the version check.
 */
export function withCareTeamAppointments(careTeamOf: (patientId: string) => string): MakeIntent[] {
  return [
    ...CHAOS_ACTIONS,
    (_r, patientId) => ({ action: 'appoint-central-caregiver', params: { careTeam: careTeamOf(patientId), participant: 'Practitioner/pz-dr-de-jong', display: 'Dr. De Jong' } }),
  ];
}

export const RESOURCE_OF: Partial<Record<ActionId, string>> = {
  'answer-surprise-question': 'Observation',
  'record-kindcheck': 'Observation',
  'record-caregiver-burden': 'Observation',
  'record-medication-review': 'Procedure',
  'record-nazorg-contact': 'Task',
  'mark-palliative-phase': 'Condition',
  'request-topz-consult': 'ServiceRequest',
  'record-naaste': 'RelatedPerson',
  'appoint-central-caregiver': 'CareTeam',
};

export interface RestartChaosResult {
  seed: number;
  entries: OutboxEntry[];
  stats: ChaosStats & { restarts: number; enqueuedDuringRestart: number; sendingAtRestart: number };
  elapsedMs: number;
}

/**
 * Enqueue `writes` writes over `spreadMs` at seeded random moments and patients, through the chaos fetch,
 * with `restarts` outbox restarts at seeded random moments in [0, spreadMs * 1.5] (some while writes are
 * still being enqueued, some while only retries are left). Waits until every row is confirmed (or one
 * failed, or the deadline passed) and returns the rows.
 */
export async function runRestartChaos(opts: {
  seed: number;
  serverUrl: string;
  fetch: FetchLike;
  patients: string[];
  writes: number;
  spreadMs: number;
  offlineMs: number;
  restarts: number;
  /** per attempt */
  timeoutMs: number;
  /** default CHAOS_ACTIONS */
  actions?: MakeIntent[];
  deadlineMs: number;
}): Promise<RestartChaosResult> {
  const random = prng(opts.seed);
  const stats = { requests: 0, serverErrors: 0, timeouts: 0, droppedBefore: 0, droppedAfter: 0, offline: 0, restarts: 0, enqueuedDuringRestart: 0, sendingAtRestart: 0 };
  const start = Date.now();
  // The offline period starts with the first request after a third of the spread: a fixed clock window
  // could fall entirely into a moment when every patient's queue waits out a dead worker's lease.
  let offlineFrom: number | undefined;
  const isOffline = () => {
    const t = Date.now();
    if (offlineFrom === undefined && t >= start + opts.spreadMs / 3) offlineFrom = t;
    return offlineFrom !== undefined && t < offlineFrom + opts.offlineMs;
  };
  // one fault stream for the whole run: a restart does not reset the network's behaviour
  const faults = chaosFetch(opts.fetch, prng(opts.seed ^ 0x9e3779b9), isOffline, stats);
  const dbName = `no-lost-writes-${opts.seed}-${Math.random()}`;
  let db = new PzDatabase(dbName);
  let generation = 0;
  const open = (): Outbox =>
    createOutbox({
      db,
      connection: { serverUrl: opts.serverUrl, fetch: faults },
      timeoutMs: opts.timeoutMs,
      baseDelayMs: 10,
      maxDelayMs: 200,
      random: prng((opts.seed ^ 0x85ebca6b) + generation),
    });
  let queue: Outbox | undefined = open();

  const plan = Array.from({ length: opts.writes }, () => ({
    at: random() * opts.spreadMs,
    patient: opts.patients[Math.floor(random() * opts.patients.length)],
    make: (opts.actions ?? CHAOS_ACTIONS)[Math.floor(random() * (opts.actions ?? CHAOS_ACTIONS).length)],
    r: random(),
  }));
  const restartAt = Array.from({ length: opts.restarts }, () => ({ at: random() * opts.spreadMs * 1.5, downMs: 20 + random() * 200 })).sort((a, b) => a.at - b.at);

  const timers: ReturnType<typeof setTimeout>[] = [];
  // Restarts: the worker dies (outbox closed, its database connection dropped), stays down a moment,
  // then a new worker opens the same database and a new outbox over it.
  const restarted = new Promise<void>((resolve) => {
    let done = 0;
    if (!restartAt.length) resolve();
    for (const r of restartAt) {
      timers.push(
        setTimeout(() => {
          queue?.close();
          queue = undefined;
          stats.restarts++;
          const dying = db;
          // what the dead worker left mid-flight: the next one must wait out its lease and resend it
          void dying.outbox.where('status').equals('sending').count().then((n) => (stats.sendingAtRestart += n), () => {}).finally(() => dying.close());
          timers.push(
            setTimeout(() => {
              generation++;
              db = new PzDatabase(dbName);
              queue = open();
              if (++done === restartAt.length) resolve();
            }, r.downMs),
          );
        }, r.at),
      );
    }
  });

  // A write made while the worker is down waits until it is back (the panel's click awaits the host).
  const whenUp = async (): Promise<Outbox> => {
    while (!queue) await new Promise((r) => setTimeout(r, 5));
    return queue;
  };
  await Promise.all(
    plan.map(
      (p) =>
        new Promise<void>((resolve, reject) =>
          timers.push(
            setTimeout(() => {
              if (!queue) stats.enqueuedDuringRestart++;
              const r = prng(Math.floor(p.r * 2 ** 32));
              void whenUp()
                .then((q) => q.enqueue({ patientId: p.patient, ...p.make(r, p.patient), author: 'Practitioner/chaos' }))
                .then(() => resolve(), reject);
            }, p.at),
          ),
        ),
    ),
  );
  await restarted;

  const deadline = start + opts.deadlineMs;
  for (;;) {
    const rows = await db.outbox.toArray();
    if (rows.length === opts.writes && rows.every((r) => r.status === 'confirmed')) break;
    if (rows.some((r) => r.status === 'failed')) break; // a failure here is a bug: report it
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  queue?.close();
  timers.forEach(clearTimeout);
  const entries = (await db.outbox.toArray()).map(({ leaseUntil: _l, dueAt: _d, ...e }) => e as OutboxEntry);
  db.close();
  return { seed: opts.seed, entries, stats, elapsedMs: Date.now() - start };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Count, per write id, what the server holds for it: resources carrying it as their write identifier,
 * and CareTeam participants whose element id it is. One search per (patient, resource type), tallied
 * per "patient|write id", so a duplicate or a write that went to another patient shows up too.
 */
export async function countOnServer(opts: {
  fhirBase: string;
  fetch: FetchLike;
  patients: string[];
  resourceTypes: string[];
}): Promise<Map<string, number>> {
  const system = writeIdSystem();
  const counts = new Map<string, number>();
  for (const patient of opts.patients) {
    for (const type of opts.resourceTypes) {
      const param = type === 'RelatedPerson' ? 'patient' : 'subject';
      let url: string | undefined = `${opts.fhirBase}/${type}?${param}=Patient/${encodeURIComponent(patient)}&_count=1000`;
      while (url) {
        const res = await opts.fetch(url, { headers: { accept: 'application/fhir+json' } });
        if (res.status !== 200) throw new Error(`count ${type} for ${patient}: HTTP ${res.status}`);
        const bundle = (await res.json()) as {
          entry?: { resource: { identifier?: { system?: string; value?: string }[]; participant?: { id?: string }[] } }[];
          link?: { relation: string; url: string }[];
        };
        const tally = (id: string) => counts.set(`${patient}|${id}`, (counts.get(`${patient}|${id}`) ?? 0) + 1);
        for (const e of bundle.entry ?? []) {
          for (const id of e.resource.identifier ?? []) if (id.system === system && id.value) tally(id.value);
          if (type === 'CareTeam') for (const p of e.resource.participant ?? []) if (p.id && UUID.test(p.id)) tally(p.id);
        }
        url = bundle.link?.find((l) => l.relation === 'next')?.url;
      }
    }
  }
  return counts;
}
