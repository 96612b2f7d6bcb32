// @vitest-environment jsdom
// The screens over the real pathway engine and real Nictiz zib2020 examples (not hand-made prompts).
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';
import { engineEvaluate } from '../../lib/host/engine';
import { PatientPromptsView } from '../../components/PatientPromptsView/PatientPromptsView';
import { loadNictiz } from '../support/fixtures';
import { FakeGateway, FakeQueue, MemoryAckStore, renderI18n, seriousViolations } from './support';

afterEach(cleanup);
const NOW = new Date('2024-06-15T10:00:00+02:00');

describe('real engine, real fixtures', () => {
  test('SEH: the Nictiz niet-reanimeren advance directive shows as a critical card with the NR banner', async () => {
    const pid = 'nl-core-Patient-01';
    const gateway = new FakeGateway();
    gateway.records.set(pid, [
      loadNictiz(pid),
      loadNictiz('nl-core-AdvanceDirective-01'),
      {
        resourceType: 'Encounter',
        id: 'seh-1',
        status: 'in-progress',
        class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'EMER' },
        subject: { reference: `Patient/${pid}` },
        period: { start: '2024-06-15T08:00:00+02:00' },
      },
    ]);
    const { container } = renderI18n(
      <PatientPromptsView gateway={gateway} queue={new FakeQueue()} acks={new MemoryAckStore()} evaluate={engineEvaluate()} patientId={pid} role="seh-arts" now={NOW} />,
    );
    await waitFor(() => expect(container.querySelector('[data-prompt-code="behandelwensen-known"]')).not.toBeNull());
    const card = container.querySelector('[data-prompt-code="behandelwensen-known"]') as HTMLElement;
    expect(card.dataset.indicator).toBe('critical');
    expect(within(card).getByTestId('niet-reanimeren').textContent).toContain('NIET REANIMEREN');
    // the banner shows the zib patient with the BSN from the example
    expect(screen.getByRole('heading', { level: 1 }).textContent).toContain('van Putten');
    expect(container.textContent).toContain('111222333');
    // it is the first card for the SEH doctor
    expect(container.querySelector('[data-group="mine"] [data-prompt-code]')?.getAttribute('data-prompt-code')).toBe('behandelwensen-known');
    expect(await seriousViolations(container)).toEqual([]);
  });
});
