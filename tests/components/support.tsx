// Test support for the screens: hand-made fakes of the FhirGateway/WriteQueue contracts, prompts that
// match lib/pathway/types.ts, and rendering inside a fresh i18n instance.
import { render, type RenderResult } from '@testing-library/react';
import axe from 'axe-core';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { FhirGateway, FhirJson, LoadedRecord, OutboxEntry, PractitionerOption, WardRecords, WriteIntent, WriteQueue } from '../../lib/fhir/gateway';
import { createI18n, type Language } from '../../lib/i18n';
import type { EvaluationResult, Prompt } from '../../lib/pathway/types';
import { ActionContext, type ActionContextValue } from '../../components/common/ActionContext';
import type { AckStore, Acknowledgement, EvaluateFn } from '../../lib/host/contract';

export function renderI18n(ui: ReactElement, lng: Language = 'nl'): RenderResult {
  const i18n = createI18n(lng);
  // a wrapper (not part of `ui`) so rerender() keeps the provider
  return render(ui, { wrapper: ({ children }) => <I18nextProvider i18n={i18n}>{children}</I18nextProvider> });
}

export function prompt(p: Partial<Prompt> & Pick<Prompt, 'code'>): Prompt {
  return {
    indicator: 'info',
    summary: `samenvatting ${p.code}`,
    detail: `detail ${p.code}`,
    source: [{ seed: 'S3', title: 'Palliatieve zorgkaart', section: 'Signaleren', url: 'https://example.org/s3' }],
    roles: ['specialist'],
    actions: [],
    key: `pat-1|${p.code}|v1`,
    ...p,
  };
}

export const NOW = new Date('2025-03-12T10:00:00+01:00'); // a Wednesday, GP office hours

export function patient(id: string, extra: Record<string, unknown> = {}): FhirJson {
  return {
    resourceType: 'Patient',
    id,
    name: [{ use: 'official', given: ['Jan'], family: `Jansen-${id}` }],
    birthDate: '1948-05-20',
    identifier: [{ system: 'http://fhir.nl/fhir/NamingSystem/bsn', value: `99999${id.length}000` }],
    ...extra,
  };
}

type Deferred<T> = { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void };
function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A gateway whose loads the test answers by hand (in any order), to test stale responses. */
export class FakeGateway implements FhirGateway {
  readonly serverUrl = 'https://fhir.test/r4';
  records = new Map<string, FhirJson[]>();
  manual = false;
  loads: { patientId: string; d: Deferred<LoadedRecord>; signal?: AbortSignal }[] = [];
  practitioners: PractitionerOption[] = [];
  searches: string[] = [];

  loadPatientRecord(patientId: string, opts?: { signal?: AbortSignal }): Promise<LoadedRecord> {
    const d = deferred<LoadedRecord>();
    this.loads.push({ patientId, d, signal: opts?.signal });
    if (!this.manual) d.resolve(this.recordFor(patientId));
    return d.promise;
  }
  recordFor(patientId: string): LoadedRecord {
    return { patientId, resources: this.records.get(patientId) ?? [], requests: 1 };
  }
  async loadWard(): Promise<WardRecords> {
    return { patients: [...this.records.keys()].map((id) => this.recordFor(id)), requests: 1 };
  }
  async searchPractitioners(text: string): Promise<PractitionerOption[]> {
    this.searches.push(text);
    return this.practitioners.filter((p) => p.display.toLowerCase().includes(text.toLowerCase()));
  }
}

/** In-memory WriteQueue: entries stay pending until the test confirms or fails them. */
export class FakeQueue implements WriteQueue {
  entries: OutboxEntry[] = [];
  private subs = new Set<{ patientId: string; cb: (e: OutboxEntry[]) => void }>();
  private n = 0;

  async enqueue(intent: Omit<WriteIntent, 'id' | 'createdAt'>): Promise<OutboxEntry> {
    const entry: OutboxEntry = { ...intent, id: `w${++this.n}`, createdAt: NOW.toISOString(), status: 'pending', attempts: 0 };
    this.entries.push(entry);
    this.emit();
    return entry;
  }
  async list(patientId: string) {
    return this.entries.filter((e) => e.patientId === patientId);
  }
  subscribe(patientId: string, cb: (e: OutboxEntry[]) => void) {
    const sub = { patientId, cb };
    this.subs.add(sub);
    cb(this.entries.filter((e) => e.patientId === patientId));
    return () => void this.subs.delete(sub);
  }
  async flush() {}
  async retry(id: string) {
    this.update(id, { status: 'pending', lastError: undefined });
  }
  confirm(id: string) {
    this.update(id, { status: 'confirmed', confirmedAt: NOW.toISOString(), serverRef: 'Observation/x' });
  }
  fail(id: string, message: string) {
    this.update(id, { status: 'failed', lastError: message, attempts: 1 });
  }
  private update(id: string, patch: Partial<OutboxEntry>) {
    this.entries = this.entries.map((e) => (e.id === id ? { ...e, ...patch } : e));
    this.emit();
  }
  private emit() {
    for (const s of this.subs) s.cb(this.entries.filter((e) => e.patientId === s.patientId));
  }
}

export class MemoryAckStore implements AckStore {
  rows: Acknowledgement[] = [];
  private n = 0;
  async list(patientId: string) {
    return this.rows.filter((r) => r.patientId === patientId);
  }
  async add(a: Omit<Acknowledgement, 'id' | 'at'> & { at?: string }) {
    const row = { ...a, id: String(++this.n), at: a.at ?? NOW.toISOString() };
    this.rows.push(row);
    return row;
  }
  async remove(id: string) {
    this.rows = this.rows.filter((r) => r.id !== id);
  }
}

/** An engine stand-in: prompts per patient id, looked up from the Patient in the resources. */
export function fakeEvaluate(byPatient: Record<string, Prompt[]>): EvaluateFn & { calls: number } {
  const fn = ((resources: FhirJson[]): EvaluationResult => {
    fn.calls += 1;
    const p = resources.find((r) => r.resourceType === 'Patient');
    return { patient: `Patient/${p?.id}`, prompts: byPatient[p?.id ?? ''] ?? [], errors: [] };
  }) as unknown as EvaluateFn & { calls: number };
  fn.calls = 0;
  return fn;
}

/** Render a component that needs the action context, collecting its writes. */
export function renderWithActions(ui: ReactElement, ctx: Partial<ActionContextValue> = {}, lng: Language = 'nl') {
  const writes: { action: string; params: Record<string, string>; promptKey?: string }[] = [];
  const value: ActionContextValue = {
    gateway: new FakeGateway(),
    candidates: { gp: [], careTeam: [] },
    gp: {},
    now: NOW,
    async act(p, action, params = {}) {
      writes.push({ action, params: { ...(p?.actions.find((a) => a.id === action)?.params ?? {}), ...params }, promptKey: p?.key });
    },
    ...ctx,
  };
  const i18n = createI18n(lng);
  const result = render(ui, {
    wrapper: ({ children }) => (
      <I18nextProvider i18n={i18n}>
        <ActionContext.Provider value={value}>{children}</ActionContext.Provider>
      </I18nextProvider>
    ),
  });
  return { ...result, writes };
}

/** axe-core on a rendered container: the serious and critical violations (there should be none). */
export async function seriousViolations(container: Element): Promise<string[]> {
  const res = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
  return res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
}
