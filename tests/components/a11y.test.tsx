// @vitest-environment jsdom
// axe-core on every screen as rendered in jsdom (colour contrast needs layout: checked in the e2e run).
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import { PatientPromptsView } from '../../components/PatientPromptsView/PatientPromptsView';
import { WardWorklist } from '../../components/WardWorklist/WardWorklist';
import { PROMPT_CODES, type Prompt } from '../../lib/pathway/types';
import { FakeGateway, FakeQueue, MemoryAckStore, NOW, fakeEvaluate, patient, prompt, renderI18n, seriousViolations } from './support';

afterEach(cleanup);

const nazorg = [
  { step: 'overlijden-melden', status: 'open' },
  { step: 'nazorg', status: 'open' },
  { step: 'nazorg-contact', status: 'open', windowStart: '2025-02-24', windowEnd: '2025-03-03' },
  { step: 'nazorggesprek', status: 'open', windowStart: '2025-03-10', windowEnd: '2025-03-24' },
  { step: 'nazorg-brochure', status: 'not-applicable' },
] as Prompt['nazorg'];

/** One prompt of every code with every action the engine offers, to render every widget at once. */
function everyPrompt(): Prompt[] {
  const actionsFor: Partial<Record<Prompt['code'], Prompt['actions']>> = {
    'surprise-question': [{ id: 'answer-surprise-question', label: '' }],
    'mark-palliative-phase': [{ id: 'mark-palliative-phase', label: '' }],
    'behandelwensen-missing': [{ id: 'record-behandelwensengesprek', label: '' }, { id: 'handover-behandelwensengesprek', label: '' }],
    'behandelwensen-known': [{ id: 'view-directives', label: '' }],
    'behandelwensen-unknown-at-seh': [{ id: 'record-behandelwensen-opgevraagd', label: '', params: { encounter: 'Encounter/e' } }],
    'topz-consult': [{ id: 'request-topz-consult', label: '' }],
    'central-caregiver-missing': [{ id: 'appoint-central-caregiver', label: '' }],
    'handover-gaps': [{ id: 'open-handover-item', label: '', params: { item: 'mdo-verslag' } }],
    'medication-review': [{ id: 'record-medication-review', label: '' }],
    'naasten-unknown': [{ id: 'record-naaste', label: '' }],
    kindcheck: [{ id: 'record-kindcheck', label: '' }],
    'caregiver-burden': [{ id: 'record-caregiver-burden', label: '' }],
    'death-inform-caregivers': [{ id: 'record-caregivers-informed', label: '' }],
    'nazorg-owner-missing': [{ id: 'assign-nazorg-owner', label: '', params: { defaultOwner: 'Organization/o', defaultOwnerDisplay: 'Ziekenhuis' } }],
    'nazorg-contact-due': [{ id: 'record-nazorg-contact', label: '' }],
    'nazorggesprek-due': [{ id: 'record-nazorggesprek', label: '' }],
    'nazorg-brochure': [{ id: 'record-brochure-sent', label: '' }],
  };
  return PROMPT_CODES.map((code, i) =>
    prompt({
      code,
      key: `a|${code}`,
      indicator: (['critical', 'warning', 'info'] as const)[i % 3],
      roles: i % 2 ? ['specialist'] : ['verpleegkundige'],
      actions: actionsFor[code] ?? [],
      due: code.startsWith('nazorg') ? '2025-03-20' : undefined,
      missing: code === 'handover-gaps' ? ['mdo-verslag', 'vervolgbeleid'] : undefined,
      directives: code === 'behandelwensen-known' ? [{ resourceType: 'Consent', kind: 'treatment-directive', treatment: 'Reanimatie', decision: 'deny' }] : undefined,
      nazorg: code.startsWith('nazorg') || code === 'death-inform-caregivers' ? nazorg : undefined,
    }),
  );
}

function view(prompts: Prompt[]) {
  const gateway = new FakeGateway();
  gateway.records.set('a', [patient('a', { deceasedDateTime: '2025-02-10' })]);
  const queue = new FakeQueue();
  return {
    queue,
    ui: (
      <PatientPromptsView gateway={gateway} queue={queue} acks={new MemoryAckStore()} evaluate={fakeEvaluate({ a: prompts })} patientId="a" role="specialist" onRoleChange={() => {}} now={NOW} />
    ),
  };
}

describe('axe: no serious or critical violations', () => {
  test('patient view with a card of every prompt code, all disclosures open, a failed write', async () => {
    const { ui, queue } = view(everyPrompt());
    const { container } = renderI18n(ui);
    await waitFor(() => expect(container.querySelectorAll('[data-prompt-code]').length).toBe(PROMPT_CODES.length));
    for (const d of container.querySelectorAll('details')) d.open = true;
    // open the pickers behind toggles
    for (const b of screen.getAllByRole('button', { name: /Centrale zorgverlener aanwijzen|Gesprek overdragen/ })) fireEvent.click(b);
    await userEvent.click(screen.getAllByRole('button', { name: 'Medicatiereview gedaan' })[0]);
    queue.fail(queue.entries[0].id, 'HTTP 500');
    await screen.findByText(/Melding van de server/);
    expect(await seriousViolations(container)).toEqual([]);
  });

  test('the acknowledge dialog', async () => {
    const { ui } = view([prompt({ code: 'kindcheck', key: 'a|k', roles: ['specialist'] })]);
    const { container } = renderI18n(ui);
    await userEvent.click(await screen.findByRole('button', { name: /Afhandelen of uitstellen/ }));
    expect(await seriousViolations(container)).toEqual([]);
  });

  test('banners for no patient and an unknown patient', async () => {
    const { ui } = view([]);
    const r = renderI18n(<PatientPromptsView {...(ui.props as object as Parameters<typeof PatientPromptsView>[0])} patientId={null} unknownPatient />);
    expect(await seriousViolations(r.container)).toEqual([]);
  });

  test('ward worklist', async () => {
    const { container } = renderI18n(
      <WardWorklist rows={[{ patientId: 'a', name: 'Anna', location: 'K1', counts: { critical: 1, warning: 0, info: 2 }, mine: 1 }]} onOpen={() => {}} />,
    );
    expect(await seriousViolations(container)).toEqual([]);
  });
});

describe('keyboard only', () => {
  test('the specialist answers the surprise question and marks without a mouse', async () => {
    const p = prompt({ code: 'surprise-question', key: 'a|sq', roles: ['specialist'], actions: [{ id: 'answer-surprise-question', label: '' }] });
    const { ui, queue } = view([p]);
    renderI18n(ui);
    await screen.findByRole('button', { name: 'Nee' });
    // Tab from the start of the document until "Nee" has focus
    for (let i = 0; i < 20 && document.activeElement?.textContent !== 'Nee'; i++) await userEvent.tab();
    expect(document.activeElement?.textContent).toBe('Nee');
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Palliatieve fase markeren'));
    await userEvent.keyboard(' ');
    expect(queue.entries.map((e) => [e.action, e.params.answer])).toEqual([
      ['answer-surprise-question', 'false'],
      ['mark-palliative-phase', undefined],
    ]);
  });
});
