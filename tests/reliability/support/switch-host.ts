// A PanelHost for the wrong-patient suite: the real engine, and fakes of the FHIR gateway, the write
// queue and the acknowledgement store whose every answer takes a random (seeded) 0–200 ms, so answers
// for a patient the user already left keep arriving after the switch, in any order. Timers are meant
// to be vitest's fake timers: the test advances time and checks the screen between answers.
import type { FhirGateway, FhirJson, LoadedRecord, OutboxEntry, PractitionerOption, WardRecords, WriteIntent } from '../../../lib/fhir/gateway';
import type { AckStore, Acknowledgement, PanelHost, PanelPatientContext } from '../../../lib/host/contract';
import { engineEvaluate } from '../../../lib/host/engine';
import { FakeQueue } from '../../components/support';
import { prng, seedFromEnv } from '../../support/prng';

export { prng };

/** The seed a reliability run uses: RELIABILITY_SEED from the environment (to replay), else random. */
export const reliabilitySeed = (): number => seedFromEnv('RELIABILITY_SEED');

const abortError = () => Object.assign(new Error('aborted'), { name: 'AbortError' });

/** Resolves after `ms` (a setTimeout, so fake timers control it); rejects when the signal aborts. */
/**
 * Resolves after `ms` (a setTimeout, so fake timers control it). A real fetch stops when aborted; with
 * `honourAbort` false the answer arrives anyway (a server or proxy that ignores the abort), so that the
 * screen's own staleness check is what is tested, not the abort.
 */
function later<T>(ms: number, value: () => T, signal?: AbortSignal, honourAbort = true): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted && honourAbort) return reject(abortError());
    const timer = setTimeout(() => resolve(value()), ms);
    signal?.addEventListener('abort', () => {
      if (!honourAbort) return;
      clearTimeout(timer);
      reject(abortError());
    });
  });
}

export class LatencyGateway implements FhirGateway {
  readonly serverUrl = 'https://fhir.test/r4';
  loads = 0;
  constructor(
    private readonly records: ReadonlyMap<string, FhirJson[]>,
    private readonly latency: () => number,
    private readonly honourAbort: () => boolean,
  ) {}
  loadPatientRecord(patientId: string, opts?: { signal?: AbortSignal }): Promise<LoadedRecord> {
    this.loads++;
    return later(this.latency(), () => ({ patientId, resources: this.records.get(patientId) ?? [], requests: 1 }), opts?.signal, this.honourAbort());
  }
  loadWard(): Promise<WardRecords> {
    return later(this.latency(), () => ({ patients: [], requests: 1 }));
  }
  searchPractitioners(): Promise<PractitionerOption[]> {
    return later(this.latency(), () => []);
  }
}

/** Writes stay pending for a random while, then are confirmed (which makes the screen reload). */
export class LatencyQueue extends FakeQueue {
  constructor(private readonly confirmAfter: () => number) {
    super();
  }
  override async enqueue(intent: Omit<WriteIntent, 'id' | 'createdAt'>): Promise<OutboxEntry> {
    const entry = await super.enqueue(intent);
    setTimeout(() => this.confirm(entry.id), this.confirmAfter());
    return entry;
  }
  pending(): number {
    return this.entries.filter((e) => e.status === 'pending').length;
  }
}

/** Acknowledgements per patient, answered late like the gateway (an IndexedDB under load). */
export class LatencyAckStore implements AckStore {
  rows: Acknowledgement[] = [];
  constructor(private readonly latency: () => number) {}
  list(patientId: string) {
    return later(this.latency(), () => this.rows.filter((r) => r.patientId === patientId));
  }
  async add(a: Omit<Acknowledgement, 'id' | 'at'> & { at?: string }) {
    const row = { ...a, id: String(this.rows.length + 1), at: a.at ?? new Date().toISOString() };
    this.rows.push(row);
    return row;
  }
  async remove(id: string) {
    this.rows = this.rows.filter((r) => r.id !== id);
  }
}

export interface SwitchHost extends PanelHost {
  gateway: LatencyGateway;
  queue: LatencyQueue;
  /** what the host (the EHR page) says is open right now */
  readonly context: PanelPatientContext;
  push(ctx: PanelPatientContext): void;
}

/** A side-panel host over the given records with seeded latencies of 0–`maxLatencyMs`. */
export function switchHost(records: ReadonlyMap<string, FhirJson[]>, rnd: () => number, maxLatencyMs = 200): SwitchHost {
  const latency = () => Math.floor(rnd() * (maxLatencyMs + 1));
  let listener: ((c: PanelPatientContext) => void) | undefined;
  let context: PanelPatientContext = { kind: 'none' };
  return {
    gateway: new LatencyGateway(records, latency, () => rnd() < 0.5),
    queue: new LatencyQueue(() => 20 + Math.floor(rnd() * 400)),
    acks: new LatencyAckStore(latency),
    evaluate: engineEvaluate(),
    user: { reference: 'Practitioner/rel-1', display: 'Dr. Test' },
    role: 'specialist',
    get context() {
      return context;
    },
    subscribePatient(cb) {
      listener = cb;
      cb(context);
      return () => (listener = undefined);
    },
    push(ctx) {
      context = ctx;
      listener?.(ctx);
    },
  };
}
