// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import { NazorgTimeline } from '../../components/NazorgTimeline/NazorgTimeline';
import { stepTiming } from '../../components/NazorgTimeline/NazorgTimeline.utils';
import { WardWorklist, WardWorklistView } from '../../components/WardWorklist/WardWorklist';
import { sortRows, type WardRow } from '../../components/WardWorklist/WardWorklist.utils';
import type { NazorgStep } from '../../lib/pathway/types';
import { FakeGateway, NOW, fakeEvaluate, patient, prompt, renderI18n, renderWithActions } from './support';

afterEach(cleanup);

// died 2025-02-10; NOW is 2025-03-12 (day 30)
const steps: NazorgStep[] = [
  { step: 'nazorggesprek', status: 'open', windowStart: '2025-03-10', windowEnd: '2025-03-24' },
  { step: 'nazorg', status: 'open' },
  { step: 'nazorg-contact', status: 'open', windowStart: '2025-02-24', windowEnd: '2025-03-03' },
  { step: 'overlijden-melden', status: 'done' },
  { step: 'nazorg-brochure', status: 'not-applicable' },
];
const ownerPrompt = prompt({
  code: 'nazorg-owner-missing',
  indicator: 'critical',
  roles: ['zaalarts'],
  nazorg: steps,
  actions: [{ id: 'assign-nazorg-owner', label: 'x', params: { defaultOwner: 'Organization/umc', defaultOwnerDisplay: 'UMC Utrecht' } }],
});
const contactPrompt = prompt({ code: 'nazorg-contact-due', indicator: 'critical', roles: ['zaalarts'], nazorg: steps, actions: [{ id: 'record-nazorg-contact', label: 'x' }] });

describe('NazorgTimeline', () => {
  test('timing at the window edges', () => {
    const s = { step: 'nazorg-contact', status: 'open', windowStart: '2025-02-24', windowEnd: '2025-03-03' } as const;
    expect(stepTiming(s, new Date('2025-02-23T22:59:00Z'))).toBe('upcoming'); // 23:59 on the 23rd in Amsterdam
    expect(stepTiming(s, new Date('2025-02-23T23:00:00Z'))).toBe('due'); // 00:00 on the 24th
    expect(stepTiming(s, new Date('2025-03-03T12:00:00Z'))).toBe('due');
    expect(stepTiming(s, new Date('2025-03-03T23:00:00Z'))).toBe('overdue');
    expect(stepTiming({ ...s, status: 'done' }, NOW)).toBeUndefined();
  });

  test('steps in pathway order with status, due and overdue', () => {
    const { container } = renderWithActions(<NazorgTimeline steps={steps} prompts={[ownerPrompt, contactPrompt]} deceasedDate="2025-02-10" child={false} />);
    const order = Array.from(container.querySelectorAll('[data-nazorg-step]')).map((e) => e.getAttribute('data-nazorg-step'));
    expect(order).toEqual(['overlijden-melden', 'nazorg', 'nazorg-contact', 'nazorggesprek', 'nazorg-brochure']);
    expect(screen.getByText('Overleden op 10 feb. 2025')).toBeTruthy();
    expect(screen.getByText('Volwassene: nazorggesprek na 4–6 weken')).toBeTruthy();
    const contact = container.querySelector('[data-nazorg-step="nazorg-contact"]') as HTMLElement;
    expect(contact.dataset.timing).toBe('overdue');
    expect(contact.textContent).toContain('Te laat (na 3 mrt. 2025)');
    expect((container.querySelector('[data-nazorg-step="nazorggesprek"]') as HTMLElement).dataset.timing).toBe('due');
    expect((container.querySelector('[data-nazorg-step="overlijden-melden"]') as HTMLElement).textContent).toContain('Gedaan');
  });

  test('the ward physician confirms the proposed nazorg owner and marks first contact done', async () => {
    const { container, writes } = renderWithActions(<NazorgTimeline steps={steps} prompts={[ownerPrompt, contactPrompt]} deceasedDate="2025-02-10" />);
    const owner = container.querySelector('[data-nazorg-step="nazorg"]') as HTMLElement;
    await userEvent.click(within(owner).getByRole('button', { name: 'Bevestig: UMC Utrecht' }));
    expect(writes[0]).toEqual({ action: 'assign-nazorg-owner', promptKey: ownerPrompt.key, params: expect.objectContaining({ owner: 'Organization/umc', ownerDisplay: 'UMC Utrecht' }) });
    const contact = container.querySelector('[data-nazorg-step="nazorg-contact"]') as HTMLElement;
    await userEvent.type(within(contact).getByLabelText('Notitie (optioneel)'), 'dochter gebeld');
    await userEvent.click(within(contact).getByRole('button', { name: 'Eerste contact gehad' }));
    expect(writes[1]).toEqual({ action: 'record-nazorg-contact', promptKey: contactPrompt.key, params: { note: 'dochter gebeld', dueStart: '2025-02-24', dueEnd: '2025-03-03' } });
  });

  test('declining the nazorggesprek needs a reason', async () => {
    const { container, writes } = renderWithActions(<NazorgTimeline steps={steps} prompts={[]} />);
    const gesprek = container.querySelector('[data-nazorg-step="nazorggesprek"]') as HTMLElement;
    await userEvent.click(within(gesprek).getByRole('button', { name: 'Afgeslagen' }));
    await userEvent.click(within(gesprek).getByRole('button', { name: 'Opslaan' }));
    expect(within(gesprek).getByText('Vul een reden in.')).toBeTruthy();
    await userEvent.type(within(gesprek).getByLabelText('Reden van afslaan'), 'familie wil geen gesprek{Enter}');
    expect(writes).toEqual([{ action: 'record-nazorggesprek', promptKey: undefined, params: { outcome: 'declined', reason: 'familie wil geen gesprek', dueStart: '2025-03-10', dueEnd: '2025-03-24' } }]);
  });

  test('a child: 6–8 weeks', () => {
    renderWithActions(<NazorgTimeline steps={steps} prompts={[]} child />);
    expect(screen.getByText('Kind: nazorggesprek na 6–8 weken')).toBeTruthy();
  });
});

describe('WardWorklist', () => {
  const rows: WardRow[] = [
    { patientId: 'a', name: 'Anna Aalders', location: 'K12', counts: { critical: 0, warning: 2, info: 1 }, mine: 1 },
    { patientId: 'b', name: 'Bert Bos', location: 'K2', counts: { critical: 1, warning: 0, info: 0 }, mine: 1 },
    { patientId: 'c', name: 'Cor Claassen', location: 'K3', counts: { critical: 0, warning: 2, info: 3 }, mine: 0 },
  ];
  test('sorting: most critical first by default; beds in natural order', () => {
    expect(sortRows(rows, 'critical', 'desc').map((r) => r.patientId)).toEqual(['b', 'a', 'c']);
    expect(sortRows(rows, 'location', 'asc').map((r) => r.location)).toEqual(['K2', 'K3', 'K12']);
    expect(sortRows(rows, 'info', 'desc').map((r) => r.patientId)).toEqual(['c', 'a', 'b']);
  });
  test('clicking a header sorts, clicking again reverses; one click opens the patient', async () => {
    const opened: string[] = [];
    const { container } = renderI18n(<WardWorklist rows={rows} onOpen={(id) => opened.push(id)} />);
    const ids = () => Array.from(container.querySelectorAll('tbody tr')).map((r) => r.getAttribute('data-patient-id'));
    expect(ids()).toEqual(['b', 'a', 'c']);
    await userEvent.click(screen.getByRole('button', { name: /^Patiënt/ }));
    expect(ids()).toEqual(['a', 'b', 'c']);
    await userEvent.click(screen.getByRole('button', { name: /^Patiënt/ }));
    expect(ids()).toEqual(['c', 'b', 'a']);
    expect(screen.getByRole('columnheader', { name: /Patiënt/ }).getAttribute('aria-sort')).toBe('descending');
    await userEvent.click(screen.getByRole('button', { name: /Bert Bos/ }));
    expect(opened).toEqual(['b']);
  });
  test('the view loads the ward through the gateway and counts the engine’s prompts', async () => {
    const gateway = new FakeGateway();
    gateway.records.set('x', [patient('x')]);
    gateway.records.set('y', [patient('y')]);
    const evaluate = fakeEvaluate({ x: [prompt({ code: 'kindcheck', indicator: 'info' })], y: [prompt({ code: 'handover-gaps', indicator: 'critical' })] });
    const { container } = renderI18n(<WardWorklistView gateway={gateway} evaluate={evaluate} ward={{ location: 'Location/k' }} role="zaalarts" now={NOW} onOpen={() => {}} />);
    await screen.findByRole('table');
    const rowsEl = Array.from(container.querySelectorAll('tbody tr'));
    expect(rowsEl.map((r) => r.getAttribute('data-patient-id'))).toEqual(['y', 'x']);
    expect(rowsEl[0].querySelectorAll('td')[1].textContent).toBe('1');
  });
});
