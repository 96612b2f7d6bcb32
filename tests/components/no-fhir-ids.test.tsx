// Clinicians read names, never FHIR ids: for every demo patient and every fixture patient (Nictiz zib2020,
// Synthea), loaded from the demo FHIR server the way the app loads them, no prompt text (summary, detail,
// action labels, the names shown with an action, directives, the nazorg timeline) and no rendered card, in
// any role, contains a `ResourceType/id` reference.
// node environment (the demo server runs in-process) with a jsdom window of its own
import { teardownDom } from './dom-in-node';
import { cleanup, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PatientPromptsView } from '../../components/PatientPromptsView/PatientPromptsView';
import type { DemoServer } from '../../demo/server';
import type { FhirJson } from '../../lib/fhir/gateway';
import { createFhirGateway } from '../../lib/fhir/load-record';
import { engineEvaluate } from '../../lib/host/engine';
import { ROLES, type Prompt } from '../../lib/pathway/types';
import { startTestDemo } from '../demo/support';
import { FIXTURES_DIR } from '../support/fixtures';
import { FakeGateway, FakeQueue, MemoryAckStore, renderI18n } from './support';

const NOW = new Date('2024-06-15T10:00:00+02:00'); // the test demo's "today"
const TYPES = 'Patient|Practitioner|PractitionerRole|Organization|Location|Encounter|EpisodeOfCare|CareTeam|RelatedPerson|Condition|Consent|Goal|CarePlan|Task|Observation|Procedure|MedicationRequest|MedicationStatement|DocumentReference|Composition|ServiceRequest|Communication|Flag|Group';
/** `Organization/org-1`, also as a relative URL or behind a base */
export const FHIR_REF = new RegExp(`\\b(${TYPES})/[A-Za-z0-9\\-.]{1,64}`);

/** Every string a clinician may read in a prompt: not its key, not the references an action writes. */
export function clinicianTexts(p: Prompt): string[] {
  const out: string[] = [p.summary, p.detail];
  const walk = (v: unknown, name = ''): void => {
    if (typeof v === 'string') {
      if (!/^(key|code|id|reference|href|url|system)$/.test(name)) out.push(v);
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, name));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(p.directives);
  walk(p.nazorg);
  walk((p as { short?: string }).short);
  for (const a of p.actions) {
    out.push(a.label);
    for (const [k, v] of Object.entries(a.params ?? {})) if (/Display$|label$|text$/i.test(k)) out.push(v);
  }
  return out;
}

let demo: DemoServer;
const records = new Map<string, FhirJson[]>();
beforeAll(async () => {
  demo = await startTestDemo({ fixturesDir: FIXTURES_DIR });
  const token = demo.issueToken('user/*.cruds');
  const auth = { authorization: `Bearer ${token}` };
  const gateway = createFhirGateway({ serverUrl: demo.fhirBase, fetch: (u, i) => fetch(u, i), getAuthHeader: async () => auth.authorization });
  const bundle = (await (await fetch(`${demo.fhirBase}/Patient?_count=1000&_elements=id`, { headers: auth })).json()) as { entry?: { resource: { id: string } }[] };
  for (const e of bundle.entry ?? []) records.set(e.resource.id, (await gateway.loadPatientRecord(e.resource.id)).resources);
});
afterAll(async () => {
  cleanup();
  await demo?.close();
  await teardownDom();
});

describe('no FHIR ids in what clinicians read', () => {
  test('the check finds a reference when there is one', () => {
    expect(FHIR_REF.test('De opname (Encounter/pz-ans-dijkstra-enc-4) eindigt over 20 uur')).toBe(true);
    expect(FHIR_REF.test('Bevestig: Organization/org-ziekenhuis')).toBe(true);
    expect(FHIR_REF.test('De opname op Interne B3 sinds 10 juni 2024 eindigt over 20 uur')).toBe(false);
  });

  test('the demo and fixture patients are all there, with prompts to read', () => {
    expect(records.size).toBeGreaterThanOrEqual(20);
    expect([...records.keys()]).toEqual(expect.arrayContaining(['pz-ans-dijkstra', 'pz-cor-hendriks', 'pz-joke-smit', 'nl-core-Patient-01']));
  });

  test('no prompt text of any patient names a resource by its id', () => {
    const evaluate = engineEvaluate();
    const wrong: string[] = [];
    let prompts = 0;
    for (const [id, resources] of records) {
      for (const p of evaluate(resources, { now: NOW, role: 'zaalarts', patientId: id }).prompts) {
        prompts++;
        for (const t of clinicianTexts(p)) if (FHIR_REF.test(t)) wrong.push(`${id} ${p.code}: ${t}`);
      }
    }
    expect(prompts).toBeGreaterThan(20);
    expect(wrong).toEqual([]);
  });

  test('no rendered card, in any role, shows a resource by its id', async () => {
    const gateway = new FakeGateway();
    for (const [id, r] of records) gateway.records.set(id, r);
    const evaluate = engineEvaluate();
    const wrong: string[] = [];
    for (const id of records.keys()) {
      const expected = evaluate(records.get(id)!, { now: NOW, role: 'zaalarts', patientId: id }).prompts.length;
      if (!expected) continue;
      for (const role of ROLES) {
        const { container, unmount } = renderI18n(
          <PatientPromptsView gateway={gateway} queue={new FakeQueue()} acks={new MemoryAckStore()} evaluate={evaluate} patientId={id} role={role} now={NOW} />,
        );
        await waitFor(() => expect(container.querySelectorAll('[data-prompt-code]').length).toBe(expected));
        const attrs = [...container.querySelectorAll('*')].flatMap((el) => ['aria-label', 'title', 'placeholder', 'alt'].map((a) => el.getAttribute(a) ?? ''));
        for (const t of [container.textContent ?? '', ...attrs]) {
          const m = t.match(FHIR_REF);
          if (m) wrong.push(`${id} (${role}): …${t.slice(Math.max(0, (m.index ?? 0) - 40), (m.index ?? 0) + 60)}…`);
        }
        unmount();
      }
    }
    expect(wrong).toEqual([]);
  });
});
