// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import { BehandelwensenPanel, BehandelwensenUnknown } from '../../components/BehandelwensenPanel/BehandelwensenPanel';
import { CaregiverStrainIndex } from '../../components/CaregiverStrainIndex/CaregiverStrainIndex';
import { CentralCaregiverPicker } from '../../components/CentralCaregiverPicker/CentralCaregiverPicker';
import { HandoverChecklist } from '../../components/HandoverChecklist/HandoverChecklist';
import { KindcheckForm } from '../../components/KindcheckForm/KindcheckForm';
import { NaastenForm } from '../../components/NaastenForm/NaastenForm';
import { PromptCard } from '../../components/PromptCard/PromptCard';
import type { DirectiveView } from '../../lib/pathway/types';
import { FakeGateway, NOW, prompt, renderWithActions } from './support';

afterEach(cleanup);

describe('SurpriseQuestion', () => {
  const p = prompt({ code: 'surprise-question', actions: [{ id: 'answer-surprise-question', label: 'x', params: { question: 'q' } }] });

  test('"Nee" writes not-surprised and brings up marking with the reminder', async () => {
    const { writes, container } = renderWithActions(<PromptCard prompt={p} now={NOW} />);
    expect(screen.getByText('Zou het u verbazen als deze patiënt in de komende 12 maanden overlijdt?')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Palliatieve fase markeren' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Nee' }));
    expect(writes).toEqual([{ action: 'answer-surprise-question', params: { question: 'q', answer: 'false' }, promptKey: p.key }]);
    const mark = await screen.findByRole('button', { name: 'Palliatieve fase markeren' });
    // focus moves after the render (seen late once on a loaded machine): wait for it, do not race it
    await waitFor(() => expect(document.activeElement).toBe(mark));
    expect(container.textContent).toContain('Bespreek de palliatieve fase met de patiënt en de naasten, en informeer de huisarts');
    await userEvent.click(mark);
    expect(writes[1]).toMatchObject({ action: 'mark-palliative-phase', promptKey: p.key });
    expect(screen.getByText('Palliatieve fase gemarkeerd.')).toBeTruthy();
  });

  test('"Ja" writes would-be-surprised and offers no marking', async () => {
    const { writes } = renderWithActions(<PromptCard prompt={p} now={NOW} />);
    await userEvent.click(screen.getByRole('button', { name: 'Ja' }));
    expect(writes[0].params.answer).toBe('true');
    expect(screen.queryByRole('button', { name: 'Palliatieve fase markeren' })).toBeNull();
  });
});

describe('BehandelwensenPanel', () => {
  const nr: DirectiveView = { resourceType: 'Consent', id: 'c1', kind: 'treatment-directive', treatment: 'Reanimatie', decision: 'deny', date: '2024-11-02', source: 'Patiënt en dr. Visser' };
  const ic: DirectiveView = { resourceType: 'Consent', id: 'c2', kind: 'treatment-directive', treatment: 'IC-opname', decision: 'other', specificationOther: 'Alleen na overleg met de familie', date: '2024-11-02' };
  const ab: DirectiveView = { resourceType: 'Consent', id: 'c3', kind: 'treatment-directive', treatment: 'Antibiotica', decision: 'permit' };

  test('"niet reanimeren" stands out in words, first, not by colour alone', () => {
    const { container } = renderWithActions(<BehandelwensenPanel directives={[ab, ic, nr]} />);
    const banner = screen.getByTestId('niet-reanimeren');
    expect(banner.textContent).toContain('NIET REANIMEREN');
    const items = container.querySelectorAll('.pz-directive');
    expect(items[0].textContent).toContain('Reanimatie');
    expect(items[0].textContent).toContain('NIET REANIMEREN');
    expect(items[0].classList.contains('pz-directive--nr')).toBe(true);
  });

  test('every field is shown; SpecificationOther text verbatim; wel uitvoeren in words', () => {
    renderWithActions(<BehandelwensenPanel directives={[ab, ic, nr]} />);
    expect(screen.getByText('Alleen na overleg met de familie')).toBeTruthy();
    expect(screen.getByText('Anders: zie toelichting')).toBeTruthy();
    expect(screen.getByText('Wel uitvoeren')).toBeTruthy();
    expect(screen.getByText('Patiënt en dr. Visser')).toBeTruthy();
    expect(screen.getAllByText('2 nov. 2024')).toHaveLength(2);
  });

  test('no NR banner when reanimatie is permitted', () => {
    renderWithActions(<BehandelwensenPanel directives={[{ ...nr, decision: 'permit' }]} />);
    expect(screen.queryByTestId('niet-reanimeren')).toBeNull();
  });

  test('an advance directive named "niet-reanimeren verklaring" counts as NR', () => {
    renderWithActions(<BehandelwensenPanel directives={[{ resourceType: 'Consent', kind: 'advance-directive', treatment: 'Niet-reanimeren verklaring', decision: 'unknown' }]} />);
    expect(screen.getByTestId('niet-reanimeren')).toBeTruthy();
  });

  const gp = { gp: { name: 'Dr. De Vries', phone: '030-1234567' }, hap: { name: 'Huisartsenpost Utrecht', phone: '088-1300000' } };
  const unknownPrompt = prompt({
    code: 'behandelwensen-unknown-at-seh',
    roles: ['seh-arts'],
    actions: [{ id: 'record-behandelwensen-opgevraagd', label: 'x', params: { encounter: 'Encounter/e1' } }],
  });

  test('nothing known, office hours: GP first; recording the call writes the encounter and who was called', async () => {
    const { writes, container } = renderWithActions(<BehandelwensenUnknown prompt={unknownPrompt} />, { gp });
    expect(screen.getByText('Nu: kantooruren, bel de huisarts.')).toBeTruthy();
    const phones = container.querySelectorAll('.pz-phones dt');
    expect(phones[0].textContent).toBe('Huisarts');
    expect(screen.getByRole('link', { name: '030-1234567' }).getAttribute('href')).toBe('tel:0301234567');
    await userEvent.click(screen.getByRole('button', { name: 'Huisarts gebeld' }));
    expect(writes[0]).toMatchObject({ action: 'record-behandelwensen-opgevraagd', params: { encounter: 'Encounter/e1', contacted: 'huisarts' } });
  });

  test('nothing known on a Saturday night: HAP first', () => {
    const { container } = renderWithActions(<BehandelwensenUnknown prompt={unknownPrompt} />, { gp, now: new Date('2025-03-15T22:00:00+01:00') });
    expect(screen.getByText('Nu: avond, nacht of weekend, bel de huisartsenpost.')).toBeTruthy();
    expect(container.querySelectorAll('.pz-phones dt')[0].textContent).toBe('Huisartsenpost');
  });

  test('a GP reference display that carries the number is not contradicted by "no phone"', () => {
    renderWithActions(<BehandelwensenUnknown prompt={unknownPrompt} />, { gp: { gp: { name: 'dr. Jan Visser (praktijk 023 555 0101)' } } });
    expect(screen.getByText(/dr. Jan Visser \(praktijk 023 555 0101\)/)).toBeTruthy();
    expect(screen.getAllByText('Geen telefoonnummer in het dossier')).toHaveLength(1); // only the HAP row
  });

  test('no numbers in the record: says so instead of inventing one', () => {
    renderWithActions(<BehandelwensenUnknown prompt={unknownPrompt} />, { gp: {} });
    expect(screen.getByText('Geen huisarts vastgelegd in het dossier.')).toBeTruthy();
    expect(screen.getAllByText('Geen telefoonnummer in het dossier')).toHaveLength(2);
  });
});

describe('CaregiverStrainIndex', () => {
  async function answer(yes: number) {
    const items = screen.getAllByRole('group').filter((g) => g.tagName === 'FIELDSET' && g.closest('.pz-csi__items'));
    expect(items).toHaveLength(13);
    for (let i = 0; i < 13; i++) fireEvent.click(within(items[i]).getByLabelText(i < yes ? 'Ja' : 'Nee'));
  }
  test('score 6 is not overloaded', async () => {
    const { container, writes } = renderWithActions(<CaregiverStrainIndex prompt={prompt({ code: 'caregiver-burden' })} />);
    await answer(6);
    const score = container.querySelector('.pz-csi__score') as HTMLElement;
    expect(score.dataset.score).toBe('6');
    expect(score.textContent).toContain('Niet overbelast');
    await userEvent.click(screen.getByRole('button', { name: 'Score vastleggen' }));
    expect(writes[0]).toMatchObject({ action: 'record-caregiver-burden', params: { score: '6' } });
  });
  test('score 7 is overloaded', async () => {
    const { container } = renderWithActions(<CaregiverStrainIndex prompt={prompt({ code: 'caregiver-burden' })} />);
    await answer(7);
    const score = container.querySelector('.pz-csi__score') as HTMLElement;
    expect(score.dataset.score).toBe('7');
    expect(score.dataset.overloaded).toBe('true');
    expect(score.textContent).toContain('Overbelast (score 7 of hoger)');
  });
  test('cannot save a score until all 13 are answered; "only asked" writes no score', async () => {
    const { writes } = renderWithActions(<CaregiverStrainIndex prompt={prompt({ code: 'caregiver-burden' })} />);
    expect((screen.getByRole('button', { name: 'Score vastleggen' }) as HTMLButtonElement).disabled).toBe(true);
    await userEvent.click(screen.getByRole('button', { name: 'Alleen gevraagd hoe het gaat' }));
    expect(writes[0]).toEqual({ action: 'record-caregiver-burden', params: {}, promptKey: 'pat-1|caregiver-burden|v1' });
  });
});

describe('CentralCaregiverPicker', () => {
  test('care team, GP and server search; the chosen one is confirmed', async () => {
    const gateway = new FakeGateway();
    gateway.practitioners = [{ reference: 'Practitioner/wv2', display: 'Wijkverpleegkundige Ans Bakker', description: 'Thuiszorg West' }];
    const chosen: string[] = [];
    renderWithActions(<CentralCaregiverPicker onConfirm={(o) => void chosen.push(o.reference)} showPrimaryHint />, {
      gateway,
      candidates: { gp: [{ reference: 'Practitioner/gp', display: 'Dr. De Vries' }], careTeam: [{ reference: 'Practitioner/sp', display: 'Dr. Smit', description: 'longarts' }] },
    });
    expect(screen.getByLabelText(/Dr. De Vries/)).toBeTruthy();
    expect(screen.getByLabelText(/Dr. Smit/)).toBeTruthy();
    await userEvent.type(screen.getByLabelText('Zoek zorgverlener'), 'bakker{Enter}');
    await waitFor(() => expect(screen.getByLabelText(/Ans Bakker/)).toBeTruthy());
    expect(gateway.searches).toEqual(['bakker']);
    await userEvent.click(screen.getByLabelText(/Ans Bakker/));
    await userEvent.click(screen.getByRole('button', { name: 'Aanwijzen' }));
    expect(chosen).toEqual(['Practitioner/wv2']);
  });

  test('central caregiver card: the engine’s suggestion is preselected and written with its display', async () => {
    const p = prompt({ code: 'central-caregiver-missing', actions: [{ id: 'appoint-central-caregiver', label: 'x', params: { suggested: 'Practitioner/gp', suggestedDisplay: 'Dr. De Vries' } }] });
    const { writes } = renderWithActions(<PromptCard prompt={p} now={NOW} />, { candidates: { gp: [{ reference: 'Practitioner/gp', display: 'Dr. De Vries' }], careTeam: [] } });
    await userEvent.click(screen.getByRole('button', { name: 'Centrale zorgverlener aanwijzen' }));
    expect((screen.getByLabelText(/Dr. De Vries/) as HTMLInputElement).checked).toBe(true);
    await userEvent.click(screen.getAllByRole('button', { name: 'Centrale zorgverlener aanwijzen' })[1]);
    expect(writes[0]).toMatchObject({ action: 'appoint-central-caregiver', params: { participant: 'Practitioner/gp', display: 'Dr. De Vries' } });
  });
});

describe('HandoverChecklist', () => {
  test('all nine items, missing ones with where to fill them in', () => {
    const { container } = renderWithActions(
      <HandoverChecklist missing={['mdo-verslag', 'vervolgbeleid']} actions={[{ id: 'open-handover-item', label: 'x', params: { item: 'mdo-verslag', href: 'https://epd.example/mdo' } }]} />,
    );
    const items = container.querySelectorAll('[data-handover-item]');
    expect(items).toHaveLength(9);
    expect(container.querySelectorAll('[data-present="false"]')).toHaveLength(2);
    const mdo = container.querySelector('[data-handover-item="mdo-verslag"]') as HTMLElement;
    expect(mdo.textContent).toContain('Ontbreekt');
    expect(mdo.textContent).toContain('Waar invullen: Verslagen, type MDO-verslag of PaTz');
    expect(within(mdo).getByRole('link').getAttribute('href')).toBe('https://epd.example/mdo');
    expect((container.querySelector('[data-handover-item="behandeldoel"]') as HTMLElement).textContent).toContain('Aanwezig');
    expect(screen.getByText('(2 van 9 ontbreken)')).toBeTruthy();
  });
});

describe('NaastenForm and KindcheckForm', () => {
  test('naaste needs a name; writes relationship and mantelzorger', async () => {
    const { writes } = renderWithActions(<NaastenForm prompt={prompt({ code: 'naasten-unknown', actions: [{ id: 'record-naaste', label: 'x', params: { question: 'Wie zijn uw naasten?' } }] })} />);
    await userEvent.click(screen.getByRole('button', { name: 'Naaste vastleggen' }));
    expect(screen.getByText('Vul een naam in.')).toBeTruthy();
    expect(writes).toEqual([]);
    await userEvent.type(screen.getByLabelText('Naam'), 'Els de Boer');
    await userEvent.selectOptions(screen.getByLabelText('Relatie'), 'CHILD');
    await userEvent.click(screen.getByLabelText('Is mantelzorger'));
    await userEvent.click(screen.getByRole('button', { name: 'Naaste vastleggen' }));
    expect(writes[0].params).toMatchObject({ name: 'Els de Boer', relationship: 'CHILD', mantelzorger: 'true' });
  });
  test('kindcheck asks yes/no before writing', async () => {
    const { writes } = renderWithActions(<KindcheckForm prompt={prompt({ code: 'kindcheck' })} />);
    await userEvent.click(screen.getByRole('button', { name: 'Kindcheck vastleggen' }));
    expect(screen.getByText('Kies ja of nee.')).toBeTruthy();
    await userEvent.click(screen.getByLabelText('Ja, er zijn minderjarige kinderen'));
    await userEvent.click(screen.getByRole('button', { name: 'Kindcheck vastleggen' }));
    expect(writes[0].params).toEqual({ minorChildren: 'true' });
  });
});
