// @vitest-environment jsdom
// Malformed input (issue 7): at least 5,000 mutated resources and Bundles derived from the real fixtures
// (fixtures/: zib2020 examples, Synthea bundles) and the demo's seed patients — wrong types,
// missing fields, 1 MB strings, 10,000-level nesting, HTML/script payloads in every text field, broken
// Bundle structure — fed through the product's own path: buildRecord/evaluatePatient (what the hosts'
// engineEvaluate and the CLI call), and a sample rendered by the real PatientPromptsView in jsdom.
// Per case: no exception escapes; every resource that goes in is either in the validated record or
// reported in `errors` (well-formed: type, id, field, message); a problem the schema can see is reported;
// a rejected resource costs exactly its own prompts (the prompts equal those of the record without it);
// nothing from the data becomes markup, a handler or a javascript: link on the page.
// Truncated JSON: the FHIR gateway reports it as a load error, and the CLI lists it in `failures`,
// exits 1 and still evaluates the other files.
// Replay a failure with RELIABILITY_SEED=<printed seed> npx vitest run tests/reliability/malformed-input.test.tsx
import { act, cleanup } from '@testing-library/react';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { engineEvaluate } from '../../lib/host/engine';
import { PatientPromptsView } from '../../components/PatientPromptsView/PatientPromptsView';
import { seedPatients } from '../../demo/seed/patients';
import type { FhirGateway, FhirJson } from '../../lib/fhir/gateway';
import { createFhirGateway } from '../../lib/fhir/load-record';
import { createI18n } from '../../lib/i18n';
import { buildRecord, evaluatePatient, type BuildResult, type EvaluationResult, type Prompt, type ResourceError } from '../../lib/pathway';
import { FakeQueue, MemoryAckStore, renderI18n } from '../components/support';
import { loadNictizAll, loadSynthea } from '../support/fixtures';
import {
  BUNDLE_KINDS,
  DEEP_LEVELS,
  flattenInput,
  mutateBundle,
  mutateResource,
  PATIENT_TYPES,
  RESOURCE_KINDS,
  replaceAt,
  resourceAt,
  slots,
  type Json,
} from './support/mutate';
import { prng, reliabilitySeed } from './support/switch-host';

const seed = reliabilitySeed();
const CASES = 5_000;
const NOW = new Date('2025-03-12T10:00:00+01:00');
const REPO = join(__dirname, '..', '..');

afterEach(() => cleanup());

interface Base {
  name: string;
  inputs: unknown[];
  /** "Patient/<id>" of each patient in the input */
  patients: string[];
  /** a flat list of resources with direct references: what a gateway hands the screen */
  flat: boolean;
}

function bases(): Base[] {
  const out: Base[] = [];
  for (const p of seedPatients(NOW)) {
    out.push({ name: `seed:${p.id}`, inputs: p.resources, patients: [`Patient/${p.id}`], flat: true });
    out.push({ name: `seed-bundle:${p.id}`, inputs: [{ resourceType: 'Bundle', id: `b-${p.id}`, type: 'searchset', entry: p.resources.map((resource) => ({ resource })) }], patients: [`Patient/${p.id}`], flat: false });
  }
  const nictiz = loadNictizAll();
  out.push({ name: 'zib2020', inputs: nictiz, patients: nictiz.filter((r) => r.resourceType === 'Patient').map((r) => `Patient/${r.id as string}`), flat: true });
  for (const name of ['Birgit_Schmeler', 'Max_Dicki', 'Michele_Wolf', 'Ned_Hintz']) {
    const b = loadSynthea(name);
    const pat = b.entry.find((e) => e.resource.resourceType === 'Patient')!.resource;
    out.push({ name: `synthea:${name}`, inputs: [b], patients: [`Patient/${pat.id as string}`], flat: false });
  }
  return out;
}

/** pathway.md: the prompts that fire only for a living patient */
const ALIVE_ONLY = new Set(['surprise-question', 'mark-palliative-phase', 'behandelwensen-missing', 'central-caregiver-missing', 'medication-review', 'naasten-unknown', 'kindcheck', 'caregiver-burden']);

const sig = (ps: readonly Prompt[]) => ps.map((p) => `${p.code}|${p.indicator}|${p.key}`).sort();

function typedIn(inputs: readonly unknown[]): number {
  return flattenInput(inputs).filter((r) => PATIENT_TYPES.has(r.resourceType as string)).length;
}
/** resources of the types the rules read that ended up in a record, plus those reported */
function typedOut(built: BuildResult): number {
  // a Patient with bad fields is kept without them (each reported): count it once, as kept
  const kept = new Set(built.records.flatMap((r) => (r.patientResource?.id !== undefined ? [r.patientResource.id] : [])));
  let n = built.errors.filter((e) => PATIENT_TYPES.has(e.resourceType) && !(e.resourceType === 'Patient' && e.id !== undefined && kept.has(e.id))).length;
  for (const rec of built.records) {
    if (rec.patientResource) n++;
    for (const [k, v] of Object.entries(rec)) if (Array.isArray(v) && k !== 'errors') n += v.length;
  }
  return n;
}

function malformedError(e: ResourceError): string | undefined {
  if (typeof e.resourceType !== 'string' || !e.resourceType) return 'resourceType';
  if (e.id !== undefined && typeof e.id !== 'string') return 'id';
  if (typeof e.field !== 'string') return 'field';
  if (typeof e.message !== 'string' || !e.message) return 'message';
  return undefined;
}

/** Elements, handlers and links that data must never become. */
const FORBIDDEN_TAGS = new Set(['script', 'img', 'iframe', 'frame', 'object', 'embed', 'svg', 'math', 'body', 'base', 'link', 'meta', 'style', 'b']);
function injected(root: Element): string[] {
  const bad: string[] = [];
  for (const el of root.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    if (FORBIDDEN_TAGS.has(tag)) bad.push(`<${tag}>`);
    for (const a of el.attributes) {
      if (a.name.toLowerCase().startsWith('on')) bad.push(`${tag}[${a.name}]`);
      // browsers ignore whitespace and control characters before the scheme
      if (/^javascript:/i.test(a.value.replace(/[\u0000-\u0020]/g, ''))) bad.push(`${tag}[${a.name}=${a.value.slice(0, 40)}]`);
    }
  }
  return bad;
}

function gatewayFor(resources: unknown[]): FhirGateway {
  return {
    serverUrl: 'https://fhir.test/r4',
    loadPatientRecord: async (patientId) => ({ patientId, resources: resources as FhirJson[], requests: 1 }),
    loadWard: async () => ({ patients: [], requests: 1 }),
    searchPractitioners: async () => [],
  };
}

const evaluateFn = engineEvaluate();
const t = createI18n('nl').t;

/**
 * The real screen over a (mutated) record: nothing injected; when the record is shown, exactly the
 * engine's prompts are on screen and the unreadable items are announced.
 */
async function renderAndCheck(resources: unknown[], patient: string, what: string, fail: (m: string) => void): Promise<{ shown: boolean; payloadText: boolean; text: string }> {
  const patientId = patient.slice('Patient/'.length);
  const view = renderI18n(
    <PatientPromptsView gateway={gatewayFor(resources)} queue={new FakeQueue()} acks={new MemoryAckStore()} evaluate={evaluateFn} patientId={patientId} role="specialist" now={NOW} />,
  );
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
  const c = view.container;
  const bad = injected(c);
  if (bad.length) fail(`${what}: injected into the page: ${bad.slice(0, 5).join(', ')}`);
  if ((window as { __pzInjected?: unknown }).__pzInjected !== undefined) fail(`${what}: a payload ran`);
  const state = c.querySelector('[data-banner-state]')?.getAttribute('data-banner-state');
  const shown = state === 'patient';
  if (shown) {
    const expected = evaluateFn(resources as FhirJson[], { now: NOW, role: 'specialist', patientId });
    const onScreen = [...c.querySelectorAll('[data-prompt-key]')].map((e) => e.getAttribute('data-prompt-key')).sort();
    const want = expected.prompts.map((p) => p.key).sort();
    if (JSON.stringify(onScreen) !== JSON.stringify(want)) fail(`${what}: screen shows ${onScreen.length} prompts, engine gave ${want.length}`);
    if (expected.errors.length && !c.textContent?.includes(t('app.recordErrors', { count: expected.errors.length }))) fail(`${what}: ${expected.errors.length} record errors not announced`);
  } else if (state !== 'unknown' && state !== 'loading') fail(`${what}: banner ${state}`);
  const text = c.textContent ?? '';
  const payloadText = text.includes('<script>') || text.includes('onerror=') || text.includes('javascript:');
  view.unmount();
  return { shown, payloadText, text };
}

test(`${CASES} mutated resources and Bundles from the real fixtures and seed data: no crash, every problem reported, other prompts kept, nothing injected (seed ${seed})`, async () => {
  console.log(`malformed-input seed: ${seed} (replay: RELIABILITY_SEED=${seed})`);
  const started = performance.now();
  const rnd = prng(seed);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const all = bases();
  const failures: string[] = [];
  const fail = (m: string) => {
    if (failures.length < 30) failures.push(m);
  };

  // Each base on its own: what the mutations are compared with. Its inputs are conserved too.
  const baseline = new Map<Base, { built: BuildResult; results: Map<string, EvaluationResult> }>();
  for (const b of all) {
    const built = buildRecord(b.inputs);
    expect(typedOut(built), `${b.name}: every resource accounted for`).toBe(typedIn(b.inputs));
    baseline.set(b, { built, results: new Map(b.patients.map((p) => [p, evaluatePatient(b.inputs, { now: NOW, role: 'specialist', patient: p })])) });
  }
  expect([...baseline.values()].some((x) => [...x.results.values()].some((r) => r.prompts.length > 0))).toBe(true);

  const stats: Record<string, number> = { cases: 0, reported: 0, mustReport: 0, promptsComparedWithout: 0, deceasedChecked: 0, rendered: 0, renderedShown: 0, payloadTextOnScreen: 0 };
  const count = (k: string) => (stats[k] = (stats[k] ?? 0) + 1);

  for (let i = 0; i < CASES; i++) {
    // seed patients are small and many; the Synthea bundles are large: weigh accordingly
    const r0 = rnd();
    const base = r0 < 0.62 ? pick(all.filter((b) => b.name.startsWith('seed'))) : r0 < 0.8 ? all.find((b) => b.name === 'zib2020')! : pick(all.filter((b) => b.name.startsWith('synthea')));
    const patient = pick(base.patients);
    const before = baseline.get(base)!;
    let inputs: unknown[];
    let what: string;
    let mustReport = false;
    /** the resource whose loss is to be checked against "the record without it" */
    let lost: { slot: ReturnType<typeof slots>[number]; type: string } | undefined;
    let sameAsBase = false;
    let kind: string;

    if (rnd() < 0.82) {
      const slot = pick(slots(base.inputs));
      const original = resourceAt(base.inputs, slot);
      kind = pick(RESOURCE_KINDS);
      const m = mutateResource(original, kind as never, rnd);
      inputs = replaceAt(base.inputs, slot, m.resource);
      what = `${base.name} ${original.resourceType}/${original.id as string} ${kind}: ${m.what}`;
      mustReport = m.mustReport;
      lost = { slot, type: String(original.resourceType) };
    } else {
      kind = pick(BUNDLE_KINDS);
      const m = mutateBundle(base.inputs, kind as never, rnd);
      inputs = m.inputs;
      what = `${base.name} ${kind}: ${m.what}`;
      mustReport = kind === 'entry-not-list' || kind === 'entry-broken';
      if (m.broken) lost = { slot: m.broken, type: String((resourceAt(base.flat ? [{ entry: base.inputs.map((resource) => ({ resource })) }] : base.inputs, m.broken) ?? {}).resourceType) };
      sameAsBase = kind === 'deep-bundle';
    }
    count(`kind:${kind}`);
    stats.cases++;

    let built: BuildResult;
    let result: EvaluationResult;
    try {
      built = buildRecord(inputs);
      result = evaluatePatient(inputs, { now: NOW, role: 'specialist', patient });
    } catch (e) {
      fail(`${what}: threw ${(e as Error).name}: ${(e as Error).message}`);
      continue;
    }
    for (const e of [...built.errors, ...result.errors]) {
      const bad = malformedError(e);
      if (bad) fail(`${what}: error without a proper ${bad}: ${JSON.stringify(e).slice(0, 200)}`);
    }
    if (typedOut(built) !== typedIn(inputs)) fail(`${what}: ${typedIn(inputs)} resources in, ${typedOut(built)} in the record or reported`);
    const reported = built.errors.length > before.built.errors.length;
    if (reported) stats.reported++;
    if (mustReport) {
      stats.mustReport++;
      if (!reported) fail(`${what}: not reported`);
    }
    // A patient who died stays dead whatever else is wrong with the Patient resource: while it still
    // says deceased[x] (in any form but false), no prompt meant for a living patient may appear.
    const pat = flattenInput(inputs).find((r) => r.resourceType === 'Patient' && typeof r.id === 'string' && `Patient/${r.id}` === patient);
    const wasDead = before.built.records.find((r) => r.patient === patient)?.patientResource;
    if (pat && wasDead && (wasDead.deceasedDateTime || wasDead.deceasedBoolean === true)) {
      const saysDead = ['deceasedDateTime', 'deceasedBoolean'].some((k) => k in pat && pat[k] !== false && pat[k] !== null);
      const alive = result.prompts.filter((p) => ALIVE_ONLY.has(p.code)).map((p) => p.code);
      if (saysDead && alive.length) fail(`${what}: deceased patient got prompts for the living: ${alive}`);
      if (saysDead) stats.deceasedChecked++;
    }
    if (sameAsBase) {
      const want = before.results.get(patient)!;
      if (JSON.stringify(sig(result.prompts)) !== JSON.stringify(sig(want.prompts))) fail(`${what}: prompts changed`);
      if (result.errors.length !== want.errors.length) fail(`${what}: errors changed`);
    } else if (reported && lost && lost.type !== 'Patient') {
      // the mutated resource was rejected: it may take its own prompts along, nothing else
      const flatBase = kind.startsWith('entry') && base.flat ? [{ resourceType: 'Bundle', id: 'wrapped', type: 'collection', entry: base.inputs.map((resource) => ({ resource })) }] : base.inputs;
      const without = evaluatePatient(replaceAt(flatBase, lost.slot, undefined), { now: NOW, role: 'specialist', patient });
      stats.promptsComparedWithout++;
      if (JSON.stringify(sig(result.prompts)) !== JSON.stringify(sig(without.prompts)))
        fail(`${what}: prompts ${sig(result.prompts).map((s) => s.split('|')[0])} differ from the record without it: ${sig(without.prompts).map((s) => s.split('|')[0])}`);
    }

    // a sample through the real screen: every payload-in-text case of a flat record, some others
    if (base.flat && lost && !kind.startsWith('entry') && !kind.startsWith('full') && (kind.startsWith('payload') ? rnd() < 0.2 : rnd() < 0.015)) {
      const r = await renderAndCheck(inputs, patient, what, fail);
      stats.rendered++;
      if (r.shown) stats.renderedShown++;
      if (r.payloadText) stats.payloadTextOnScreen++;
    }
  }

  // Payloads in every text field of every resource of each flat record, through the screen.
  for (const b of all.filter((x) => x.flat)) {
    const inputs = b.inputs.map((r) => mutateResource(r as Json, 'payload-text', rnd).resource);
    for (const p of b.patients) {
      const result = evaluatePatient(inputs, { now: NOW, role: 'specialist', patient: p });
      // prose is not what the rules read: the same prompts fire (their keys carry no prose either)
      const want = baseline.get(b)!.results.get(p)!;
      if (JSON.stringify(result.prompts.map((x) => x.code)) !== JSON.stringify(want.prompts.map((x) => x.code))) fail(`${b.name} ${p} payload in all text: prompts changed`);
      const r = await renderAndCheck(inputs, p, `${b.name} ${p} payload in all text`, fail);
      stats.rendered++;
      if (r.shown) stats.renderedShown++;
      if (r.payloadText) stats.payloadTextOnScreen++;
    }
  }

  // 10,000-level nesting somewhere in every resource of each flat record, through the screen: the
  // screen reads raw resources too (banner, GP, care team), not only what the engine validated.
  for (const b of all.filter((x) => x.flat)) {
    for (let v = 0; v < 3; v++) {
      const inputs = b.inputs.map((r) => mutateResource(r as Json, 'deep-nesting', rnd).resource);
      const p = pick(b.patients);
      try {
        evaluatePatient(inputs, { now: NOW, role: 'specialist', patient: p });
        const r = await renderAndCheck(inputs, p, `${b.name} ${p} deep nesting in every resource`, fail);
        stats.rendered++;
        if (r.shown) stats.renderedShown++;
      } catch (e) {
        fail(`${b.name} ${p} deep nesting in every resource: threw ${(e as Error).name}: ${(e as Error).message}`);
      }
    }
  }

  const elapsed = Math.round(performance.now() - started);
  console.log(`malformed-input: ${JSON.stringify({ ...stats, elapsedMs: elapsed })}`);
  expect(failures).toEqual([]);
  expect(stats.cases).toBeGreaterThanOrEqual(CASES);
  for (const k of [...RESOURCE_KINDS, ...BUNDLE_KINDS]) expect(stats[`kind:${k}`], k).toBeGreaterThan(50);
  expect(stats.mustReport).toBeGreaterThan(500);
  expect(stats.promptsComparedWithout).toBeGreaterThan(300);
  expect(stats.deceasedChecked).toBeGreaterThan(50);
  expect(stats.rendered).toBeGreaterThan(100);
  expect(stats.renderedShown).toBeGreaterThan(50);
  // the payloads did reach the screen, as text
  expect(stats.payloadTextOnScreen).toBeGreaterThan(20);
}, 120_000);

test(`truncated JSON from the server is a load error on screen, not a crash (seed ${seed})`, async () => {
  const rnd = prng(seed ^ 0x5eed);
  const text = JSON.stringify({ resourceType: 'Bundle', type: 'batch-response', entry: [{ resource: loadSynthea('Ned_Hintz'), response: { status: '200 OK' } }] });
  let rejected = 0;
  for (let i = 0; i < 50; i++) {
    const cut = text.slice(0, 1 + Math.floor(rnd() * (text.length - 2)));
    const gateway = createFhirGateway({
      serverUrl: 'https://fhir.test/r4',
      fetch: async () => new Response(cut, { status: 200, headers: { 'content-type': 'application/fhir+json' } }),
    });
    const outcome = await gateway.loadPatientRecord('e4b9259d-0f54-48d1-a35d-b526729a4dfe').then(
      () => 'resolved',
      // the gateway's own load errors, with a message for the screen; a TypeError would be a crash
      (e: unknown) => (e instanceof Error && ['FhirLoadError', 'FhirHttpError'].includes(e.name) && e.message ? 'rejected' : `bad rejection: ${String(e)}`),
    );
    expect(outcome, `cut at ${cut.length}`).toBe('rejected');
    rejected++;
    if (i < 3) {
      const view = renderI18n(<PatientPromptsView gateway={gateway} queue={new FakeQueue()} acks={new MemoryAckStore()} evaluate={evaluateFn} patientId="e4b9259d-0f54-48d1-a35d-b526729a4dfe" role="specialist" now={NOW} />);
      await act(async () => {
        await new Promise((r) => setTimeout(r, 0));
      });
      expect(view.container.querySelector('[role="alert"]')?.textContent).toBeTruthy();
      expect(view.container.querySelectorAll('[data-prompt-code]')).toHaveLength(0);
      view.unmount();
    }
  }
  expect(rejected).toBe(50);
});

test('the CLI lists a truncated file in failures, exits 1, and still evaluates the others (also a Bundle 10,000 deep)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pz-malformed-'));
  try {
    const [a, b] = seedPatients(NOW).filter((p) => p.prompts.length > 0);
    const bundle = (p: typeof a) => ({ resourceType: 'Bundle', type: 'collection', entry: p.resources.map((resource) => ({ resource })) });
    writeFileSync(join(dir, 'a.json'), JSON.stringify(bundle(a)));
    // written as text: JSON.stringify itself overflows the stack on 10,000 levels
    const open = '{"resourceType":"Bundle","type":"collection","entry":[{"resource":';
    writeFileSync(join(dir, 'b-deep.json'), `${open.repeat(DEEP_LEVELS)}${JSON.stringify(bundle(b))}${'}]}'.repeat(DEEP_LEVELS)}`);
    const whole = JSON.stringify(bundle(a));
    writeFileSync(join(dir, 'c-truncated.json'), whole.slice(0, Math.floor(whole.length / 2)));
    // asynchronous and without a kill timer: a synchronous spawn blocks this test worker, and on a loaded
    // machine a worker blocked for a minute misses vitest's own RPC replies (the test timeout is the guard)
    const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
      execFile(process.execPath, ['--import', 'tsx', join(REPO, 'scripts', 'evaluate.ts'), '--now', NOW.toISOString(), dir], { cwd: REPO, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
        resolve({ status: err ? ((err as { code?: unknown }).code as number | null) : 0, stdout, stderr }),
      ),
    );
    expect(run.status, run.stderr).toBe(1);
    const out = JSON.parse(run.stdout) as { results: { patient: string; prompts: { code: string }[] }[]; failures: { source: string; message: string }[] };
    expect(out.failures.map((f) => f.source)).toEqual([join(dir, 'c-truncated.json')]);
    expect(out.failures[0].message).toBeTruthy();
    const byPatient = new Map(out.results.map((r) => [r.patient, r.prompts.map((p) => p.code).sort()]));
    expect(byPatient.get(`Patient/${a.id}`)).toEqual([...a.prompts].sort());
    expect(byPatient.get(`Patient/${b.id}`)).toEqual([...b.prompts].sort());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a Patient with one bad field is kept without it: a deceased patient stays deceased, the field is reported', () => {
  const p = seedPatients(NOW).find((x) => x.id === 'pz-cor-hendriks')!;
  expect(p.prompts).toContain('death-inform-caregivers');
  const withPatient = (patch: Json) => p.resources.map((r) => (r.resourceType === 'Patient' ? { ...r, ...patch } : r));
  // a bad birth date or GP display must not turn the patient alive
  for (const patch of [{ birthDate: 5 }, { birthDate: '20-05-1940' }, { generalPractitioner: [{ display: ['x'] }] }]) {
    const r = evaluatePatient(withPatient(patch), { now: NOW, patient: `Patient/${p.id}` });
    expect(r.prompts.map((x) => x.code).sort(), JSON.stringify(patch)).toEqual([...p.prompts].sort());
    expect(r.errors.map((e) => [e.resourceType, e.id, e.field.split('.')[0]])).toEqual([['Patient', p.id, Object.keys(patch)[0]]]);
  }
  // an unreadable death date still says "died": nothing for the living, the date problem reported
  for (const patch of [{ deceasedDateTime: 'gisteren' }, { deceasedDateTime: 5 }, { deceasedBoolean: 'yes' }]) {
    const r = evaluatePatient(withPatient(patch), { now: NOW, patient: `Patient/${p.id}` });
    expect(r.prompts.filter((x) => ALIVE_ONLY.has(x.code)), JSON.stringify(patch)).toEqual([]);
    expect(r.errors[0]).toMatchObject({ resourceType: 'Patient', id: p.id, field: Object.keys(patch)[0] });
    expect(r.errors[0].message).toMatch(/deceased/);
  }
  // beside a readable death date, a bad deceasedBoolean costs nothing: the date (and its prompts) stay
  const both = evaluatePatient(withPatient({ deceasedBoolean: 'yes' }), { now: NOW, patient: `Patient/${p.id}` });
  expect(both.prompts.map((x) => x.code).sort()).toEqual([...p.prompts].sort());
  // a bad id is the identity itself: that Patient is reported, not guessed
  const bad = buildRecord(withPatient({ id: 5 }));
  expect(bad.errors.some((e) => e.resourceType === 'Patient' && e.field === 'id')).toBe(true);
});

// both crashed the whole screen once (lib/ui/fhir-read displayName, lib/ui/dates amsterdamDate)
test('a Patient name prefix nested 10,000 deep is shown (without it) instead of crashing the screen', async () => {
  const p = seedPatients(NOW).find((x) => x.id === 'pz-gerda-de-vries')!;
  let prefix: unknown = 'de';
  for (let i = 0; i < DEEP_LEVELS; i++) prefix = [prefix];
  const resources = p.resources.map((r) => (r.resourceType === 'Patient' ? { ...r, name: [{ prefix, family: 'Vries', given: ['Gerda'] }] } : r));
  const problems: string[] = [];
  const r = await renderAndCheck(resources, `Patient/${p.id}`, 'deep name prefix', (m) => problems.push(m));
  expect(problems).toEqual([]);
  expect(r.shown).toBe(true);
});

test('a Patient with an unreadable birth or death date is shown (without that date) instead of crashing the screen', async () => {
  const p = seedPatients(NOW).find((x) => x.id === 'pz-cor-hendriks')!;
  const resources = p.resources.map((r) => (r.resourceType === 'Patient' ? { ...r, deceasedDateTime: 'gisteren <script>' } : r));
  const problems: string[] = [];
  const r = await renderAndCheck(resources, `Patient/${p.id}`, 'unreadable deceasedDateTime', (m) => problems.push(m));
  expect(problems).toEqual([]);
  expect(r.shown).toBe(true);
  // no arithmetic on the unreadable date leaks onto the screen
  expect(r.text).toContain('Cor');
  expect(r.text).not.toMatch(/NaN|Invalid Date|undefined/);
});
