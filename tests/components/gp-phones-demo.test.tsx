// The SEH card for unknown behandelwensen over the real chain: demo FHIR server (with _include) →
// FhirGateway (one batch) → engine → card. The GP and huisartsenpost numbers come from the record.
// node environment (the demo server runs in-process) with a jsdom window of its own
import { teardownDom } from './dom-in-node';
import { cleanup, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { engineEvaluate } from '../../lib/host/engine';
import { PatientPromptsView } from '../../components/PatientPromptsView/PatientPromptsView';
import type { DemoServer } from '../../demo/server';
import { clearCapabilityCache } from '../../lib/fhir/capability';
import type { FhirGateway, FhirJson } from '../../lib/fhir/gateway';
import { createFhirGateway } from '../../lib/fhir/load-record';
import { smartScopes } from '../../lib/fhir/smart-policy';
import { startTestDemo } from '../demo/support';
import { FakeQueue, MemoryAckStore, renderI18n } from './support';

let demo: DemoServer;
beforeAll(async () => {
  demo = await startTestDemo();
});
afterAll(async () => {
  await demo?.close();
  await teardownDom();
});
afterEach(() => {
  cleanup();
  clearCapabilityCache();
});

const phones = (card: HTMLElement) =>
  Array.from(card.querySelectorAll('.pz-phones dt')).map((dt) => {
    const link = dt.nextElementSibling?.querySelector('a');
    return [dt.textContent, link?.textContent, link?.getAttribute('href')];
  });

function render(now: Date, tamper?: (r: FhirJson) => FhirJson) {
  const token = demo.issueToken(smartScopes('ehr'), { patient: 'pz-kees-meijer' });
  const real = createFhirGateway({ serverUrl: demo.fhirBase, fetch: (u, i) => fetch(u, i), getAuthHeader: async () => `Bearer ${token}` });
  const gateway: FhirGateway = tamper
    ? { ...real, loadPatientRecord: async (id, o) => { const r = await real.loadPatientRecord(id, o); return { ...r, resources: r.resources.map(tamper) }; } }
    : real;
  return renderI18n(
    <PatientPromptsView gateway={gateway} queue={new FakeQueue()} acks={new MemoryAckStore()} evaluate={engineEvaluate()} patientId="pz-kees-meijer" role="seh-arts" now={now} />,
  );
}

describe('behandelwensen-unknown-at-seh with a seeded SEH patient (pz-kees-meijer)', () => {
  test('office hours: the GP’s number first, then the huisartsenpost, both from the record', async () => {
    const { container } = render(new Date('2024-06-12T10:00:00+02:00')); // a Wednesday morning
    await waitFor(() => expect(container.querySelector('[data-prompt-code="behandelwensen-unknown-at-seh"] .pz-phones')).not.toBeNull(), { timeout: 5000 });
    const card = container.querySelector('[data-prompt-code="behandelwensen-unknown-at-seh"]') as HTMLElement;
    expect(phones(card)).toEqual([
      ['Huisarts', '023 555 0101', 'tel:0235550101'],
      ['Huisartsenpost', '0900 555 1234', 'tel:09005551234'],
    ]);
    expect(within(card).queryByText('Geen telefoonnummer in het dossier')).toBeNull();
  });

  test('a huisartsenpost resource that fails validation is reported and gives no number; the GP\'s still shows', async () => {
    const { container } = render(new Date('2024-06-12T10:00:00+02:00'), (r) => (r.resourceType === 'Organization' && r.id === 'org-hap' ? { ...r, name: 42 } : r));
    await waitFor(() => expect(container.querySelector('[data-prompt-code="behandelwensen-unknown-at-seh"] .pz-phones')).not.toBeNull(), { timeout: 5000 });
    const card = container.querySelector('[data-prompt-code="behandelwensen-unknown-at-seh"]') as HTMLElement;
    expect(phones(card).map((p) => p[1])).toEqual(['023 555 0101', undefined]);
    expect(container.textContent).toMatch(/kon niet worden gelezen|niet gelezen|onleesbaar/i);
  });

  test('Saturday: the huisartsenpost first', async () => {
    const { container } = render(new Date('2024-06-15T10:00:00+02:00'));
    await waitFor(() => expect(container.querySelector('[data-prompt-code="behandelwensen-unknown-at-seh"] .pz-phones')).not.toBeNull(), { timeout: 5000 });
    const card = container.querySelector('[data-prompt-code="behandelwensen-unknown-at-seh"]') as HTMLElement;
    expect(phones(card).map((p) => p[1])).toEqual(['0900 555 1234', '023 555 0101']);
  });
});
