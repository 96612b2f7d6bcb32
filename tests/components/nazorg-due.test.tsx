// @vitest-environment jsdom
// Nazorg Tasks written from the timeline carry restriction.period = the step's window, computed by the
// engine from the date of death (S0: first contact 2–3 weeks, gesprek 4–6 weeks; S1 child: 6–8 weeks).
import { cleanup, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import { NazorgTimeline } from '../../components/NazorgTimeline/NazorgTimeline';
import { buildWrite } from '../../lib/fhir/writes';
import type { WriteIntent } from '../../lib/fhir/gateway';
import { evaluatePatient } from '../../lib/pathway';
import { renderWithActions } from './support';

afterEach(cleanup);

const NOW = new Date('2025-03-12T10:00:00+01:00');

function timelineFor(patient: Record<string, unknown>) {
  const { prompts } = evaluatePatient([{ resourceType: 'Patient', id: 'p1', ...patient }], { now: NOW });
  const withSteps = prompts.find((p) => p.nazorg);
  expect(withSteps, 'a nazorg prompt with the timeline').toBeTruthy();
  return { prompts, steps: withSteps!.nazorg! };
}

function taskOf(w: { action: string; params: Record<string, string> }) {
  const intent = { id: 'w1', patientId: 'p1', action: w.action, params: w.params, createdAt: NOW.toISOString() } as unknown as WriteIntent;
  const plan = buildWrite(intent) as { resource: Record<string, unknown> };
  return plan.resource as { resourceType: string; restriction?: { period?: { start?: string; end?: string } } };
}

async function clickIn(container: HTMLElement, step: string, name: string) {
  const li = container.querySelector(`[data-nazorg-step="${step}"]`) as HTMLElement;
  await userEvent.click(within(li).getByRole('button', { name }));
}

describe('nazorg Task due windows from the date of death', () => {
  test('adult: death at 00:30 Amsterdam time counts on that day — contact day 14–21, gesprek day 28–42', async () => {
    // 2025-02-09T23:30Z is 2025-02-10 00:30 in Amsterdam: the window starts from the 10th, not the 9th
    const { prompts, steps } = timelineFor({ birthDate: '1950-01-01', deceasedDateTime: '2025-02-09T23:30:00Z' });
    const { container, writes } = renderWithActions(<NazorgTimeline steps={steps} prompts={prompts} deceasedDate="2025-02-10" />);
    await clickIn(container, 'nazorg-contact', 'Eerste contact gehad');
    await clickIn(container, 'nazorggesprek', 'Gedaan');
    const contact = taskOf(writes.find((w) => w.action === 'record-nazorg-contact')!);
    const gesprek = taskOf(writes.find((w) => w.action === 'record-nazorggesprek')!);
    expect(contact.restriction?.period).toEqual({ start: '2025-02-24', end: '2025-03-03' });
    expect(gesprek.restriction?.period).toEqual({ start: '2025-03-10', end: '2025-03-24' });
  });

  test('child: one day before the 18th birthday at death → gesprek day 42–56; on the birthday → adult window', async () => {
    const child = timelineFor({ birthDate: '2007-02-11', deceasedDateTime: '2025-02-10T12:00:00+01:00' });
    const adult = timelineFor({ birthDate: '2007-02-10', deceasedDateTime: '2025-02-10T12:00:00+01:00' });
    expect(child.steps.find((s) => s.step === 'nazorggesprek')).toMatchObject({ windowStart: '2025-03-24', windowEnd: '2025-04-07' });
    expect(adult.steps.find((s) => s.step === 'nazorggesprek')).toMatchObject({ windowStart: '2025-03-10', windowEnd: '2025-03-24' });

    const { container, writes } = renderWithActions(<NazorgTimeline steps={child.steps} prompts={child.prompts} child />);
    const li = container.querySelector('[data-nazorg-step="nazorggesprek"]') as HTMLElement;
    await userEvent.click(within(li).getByRole('button', { name: 'Afgeslagen' }));
    await userEvent.type(within(li).getByLabelText('Reden van afslaan'), 'geen behoefte{Enter}');
    const task = taskOf(writes.find((w) => w.action === 'record-nazorggesprek')!);
    expect(task).toMatchObject({ resourceType: 'Task', status: 'cancelled', restriction: { period: { start: '2025-03-24', end: '2025-04-07' } } });
  });

});
