// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import { createDexieAckStore } from '../../lib/store/dexie-ack-store';
import { PatientPromptsView } from '../../components/PatientPromptsView/PatientPromptsView';
import type { Prompt } from '../../lib/pathway/types';
import { PzDatabase } from '../../lib/store/db';
import { FakeGateway, FakeQueue, MemoryAckStore, NOW, fakeEvaluate, patient, prompt, renderI18n } from './support';

afterEach(cleanup);

function setup(byPatient: Record<string, Prompt[]> = {}) {
  const gateway = new FakeGateway();
  const queue = new FakeQueue();
  const acks = new MemoryAckStore();
  const evaluate = fakeEvaluate(byPatient);
  for (const id of Object.keys(byPatient)) gateway.records.set(id, [patient(id)]);
  const props = { gateway, queue, acks, evaluate, role: 'specialist' as const, now: NOW, user: { reference: 'Practitioner/dr-a', display: 'Dr. A' } };
  return { gateway, queue, acks, evaluate, props };
}

const banner = (c: HTMLElement) => c.querySelector('[data-patient-id]') as HTMLElement;
const codes = (c: HTMLElement) => Array.from(c.querySelectorAll('[data-prompt-code]')).map((e) => e.getAttribute('data-prompt-code'));

describe('PatientPromptsView', () => {
  test('shows the banner and the prompts of the loaded patient', async () => {
    const { props } = setup({ a: [prompt({ code: 'kindcheck', roles: ['specialist'], key: 'a|kindcheck' })] });
    const { container } = renderI18n(<PatientPromptsView {...props} patientId="a" />);
    await waitFor(() => expect(banner(container).getAttribute('data-banner-state')).toBe('patient'));
    expect(banner(container).getAttribute('data-patient-id')).toBe('a');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Jan Jansen-a');
    expect(codes(container)).toEqual(['kindcheck']);
  });

  test('drops a slow response for a patient the user already left', async () => {
    const { gateway, props } = setup({
      a: [prompt({ code: 'kindcheck', key: 'a|k' })],
      b: [prompt({ code: 'naasten-unknown', key: 'b|n' })],
    });
    gateway.manual = true;
    const { container, rerender } = renderI18n(<PatientPromptsView {...props} patientId="a" />);
    rerender(<PatientPromptsView {...props} patientId="b" />);
    expect(gateway.loads.map((l) => l.patientId)).toEqual(['a', 'b']);
    expect(gateway.loads[0].signal?.aborted).toBe(true);
    // B answers first, then the stale A answer arrives: B must stay on screen.
    await act(async () => gateway.loads[1].d.resolve(gateway.recordFor('b')));
    await act(async () => gateway.loads[0].d.resolve(gateway.recordFor('a')));
    expect(banner(container).getAttribute('data-patient-id')).toBe('b');
    expect(codes(container)).toEqual(['naasten-unknown']);
  });

  test('a stale response that arrives before the current one is not shown either', async () => {
    const { gateway, props } = setup({ a: [prompt({ code: 'kindcheck', key: 'a|k' })], b: [] });
    gateway.manual = true;
    const { container, rerender } = renderI18n(<PatientPromptsView {...props} patientId="a" />);
    rerender(<PatientPromptsView {...props} patientId="b" />);
    await act(async () => gateway.loads[0].d.resolve(gateway.recordFor('a')));
    expect(banner(container).getAttribute('data-banner-state')).toBe('loading');
    expect(banner(container).getAttribute('data-patient-id')).toBe('b');
    expect(codes(container)).toEqual([]);
  });

  test('a record without that Patient: "not found" and no prompts', async () => {
    const { gateway, props } = setup({ a: [prompt({ code: 'kindcheck' })] });
    gateway.records.set('a', []); // server returned nothing for this id
    const { container } = renderI18n(<PatientPromptsView {...props} patientId="a" />);
    await waitFor(() => expect(banner(container).getAttribute('data-banner-state')).toBe('unknown'));
    expect(screen.getByText('Patiënt niet gevonden.')).toBeTruthy();
    expect(codes(container)).toEqual([]);
  });

  test('the EHR shows another BSN than the record: mismatch, no prompts', async () => {
    const { props } = setup({ a: [prompt({ code: 'kindcheck' })] });
    const { container } = renderI18n(<PatientPromptsView {...props} patientId="a" ehrIdentifier={{ system: 'http://fhir.nl/fhir/NamingSystem/bsn', value: '123456782' }} />);
    await waitFor(() => expect(banner(container).getAttribute('data-banner-state')).toBe('mismatch'));
    expect(codes(container)).toEqual([]);
  });

  test('no patient open / unknown patient from the host', () => {
    const { props } = setup();
    const { container, rerender } = renderI18n(<PatientPromptsView {...props} patientId={null} />);
    expect(banner(container).getAttribute('data-banner-state')).toBe('none');
    rerender(<PatientPromptsView {...props} patientId={null} unknownPatient />);
    expect(banner(container).getAttribute('data-banner-state')).toBe('unknown');
  });

  test('a write is pending on its card, listed in the outbox, then reloads the record when confirmed', async () => {
    const p = prompt({ code: 'medication-review', key: 'a|mr', actions: [{ id: 'record-medication-review', label: 'x' }] });
    const { gateway, queue, props } = setup({ a: [p] });
    const { container } = renderI18n(<PatientPromptsView {...props} patientId="a" />);
    await waitFor(() => expect(codes(container)).toEqual(['medication-review']));
    await userEvent.click(screen.getByRole('button', { name: 'Medicatiereview gedaan' }));
    expect(queue.entries).toMatchObject([{ patientId: 'a', action: 'record-medication-review', promptKey: 'a|mr', author: 'Practitioner/dr-a', status: 'pending' }]);
    const card = container.querySelector('[data-prompt-code="medication-review"]') as HTMLElement;
    expect(card.getAttribute('data-write-state')).toBe('pending');
    expect(within(container.querySelector('.pz-pending') as HTMLElement).getByText('Medicatiereview gedaan')).toBeTruthy();
    const loadsBefore = gateway.loads.length;
    // the server now has the review: the engine no longer fires the prompt
    gateway.records.set('a', [patient('a'), { resourceType: 'Procedure', id: 'mr' }]);
    await act(async () => queue.confirm(queue.entries[0].id));
    await waitFor(() => expect(gateway.loads.length).toBe(loadsBefore + 1));
    expect(container.querySelector('.pz-pending')).toBeNull();
  });

  test('keyboard continuity: after "Nee" is saved the engine’s marking card takes the focus', async () => {
    const sq = prompt({ code: 'surprise-question', key: 'a|sq', roles: ['specialist'], actions: [{ id: 'answer-surprise-question', label: '' }] });
    const byPatient = { a: [sq] };
    const { gateway, queue, props } = setup(byPatient);
    const { container } = renderI18n(<PatientPromptsView {...props} patientId="a" />);
    (await screen.findByRole('button', { name: 'Nee' })).focus();
    await userEvent.keyboard('{Enter}');
    // the server confirmed; the engine now fires mark-palliative-phase instead
    byPatient.a = [prompt({ code: 'mark-palliative-phase', key: 'a|mark', indicator: 'warning', roles: ['specialist'], actions: [{ id: 'mark-palliative-phase', label: '' }] })];
    await act(async () => queue.confirm(queue.entries[0].id));
    await waitFor(() => expect(codes(container)).toEqual(['mark-palliative-phase']));
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Palliatieve fase markeren'));
    await userEvent.keyboard('{Enter}');
    expect(queue.entries.map((e) => e.action)).toEqual(['answer-surprise-question', 'mark-palliative-phase']);
    // that card goes away too: focus falls back to the list heading, not the top of the page
    byPatient.a = [];
    await act(async () => queue.confirm(queue.entries[1].id));
    await waitFor(() => expect(codes(container)).toEqual([]));
    await waitFor(() => expect(document.activeElement?.tagName).toBe('H2'));
    expect(gateway.loads.length).toBe(3);
  });

  test('a failed write shows the server message and can be retried', async () => {
    const p = prompt({ code: 'medication-review', key: 'a|mr', actions: [{ id: 'record-medication-review', label: 'x' }] });
    const { queue, props } = setup({ a: [p] });
    const { container } = renderI18n(<PatientPromptsView {...props} patientId="a" />);
    await waitFor(() => expect(codes(container)).toEqual(['medication-review']));
    await userEvent.click(screen.getByRole('button', { name: 'Medicatiereview gedaan' }));
    await act(async () => queue.fail(queue.entries[0].id, 'HTTP 422: Procedure.subject is verplicht'));
    expect(screen.getByText('Melding van de server: HTTP 422: Procedure.subject is verplicht')).toBeTruthy();
    expect((container.querySelector('[data-prompt-code="medication-review"]') as HTMLElement).getAttribute('data-write-state')).toBe('failed');
    await userEvent.click(screen.getByRole('button', { name: /Opnieuw/ }));
    expect(queue.entries[0].status).toBe('pending');
  });

  test('a load error is shown with a retry', async () => {
    const { gateway, props } = setup({ a: [] });
    gateway.manual = true;
    renderI18n(<PatientPromptsView {...props} patientId="a" />);
    await act(async () => gateway.loads[0].d.reject(new Error('HTTP 503')));
    expect(screen.getByRole('alert').textContent).toContain('HTTP 503');
    fireEvent.click(screen.getByRole('button', { name: 'Opnieuw laden' }));
    expect(gateway.loads).toHaveLength(2);
  });
});

describe('acknowledge, snooze and reopen (dexie store, fake IndexedDB)', () => {
  test('acknowledged prompt leaves the open list but stays countable; reopen brings it back; a new key re-fires', async () => {
    const db = new PzDatabase(`ack-test-${Math.random()}`);
    const { props } = setup({ a: [prompt({ code: 'kindcheck', key: 'a|kindcheck|v1', roles: ['specialist'] })] });
    const acks = createDexieAckStore(db);
    const { container, rerender } = renderI18n(<PatientPromptsView {...props} acks={acks} patientId="a" />);
    await waitFor(() => expect(codes(container)).toEqual(['kindcheck']));

    await userEvent.click(screen.getByRole('button', { name: /Afhandelen of uitstellen/ }));
    const dialog = screen.getByRole('dialog');
    await userEvent.click(within(dialog).getByLabelText('Een week'));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Niet van toepassing voor deze patiënt' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    const rows = await db.acknowledgements.toArray();
    expect(rows).toMatchObject([{ patientId: 'a', promptKey: 'a|kindcheck|v1', code: 'kindcheck', kind: 'snooze', reason: 'not-relevant', who: 'Dr. A' }]);
    expect(Date.parse(rows[0].until!) - NOW.getTime()).toBe(7 * 86_400_000);
    const handled = container.querySelector('[data-group="handled"]') as HTMLElement;
    expect(within(handled).getByText('Afgehandeld of uitgesteld (1)')).toBeTruthy();
    expect(container.querySelector('[data-group="mine"]')).toBeNull();

    // reopen
    fireEvent.click(within(handled).getByText('Afgehandeld of uitgesteld (1)'));
    await userEvent.click(within(handled).getByRole('button', { name: /Heropenen/ }));
    // reopening asks why: without a reason nothing changes
    const reopen = screen.getByRole('dialog', { name: 'Melding heropenen' });
    await userEvent.click(within(reopen).getByRole('button', { name: 'Heropenen' }));
    expect(within(reopen).getByText('Vul een reden in.')).toBeTruthy();
    expect(await db.acknowledgements.count()).toBe(1);
    expect(await db.audit.where('event').equals('reopened').count()).toBe(0);
    await userEvent.type(within(reopen).getByLabelText('Waarom heropent u deze melding?'), 'ouders hebben nu jonge kinderen thuis{Enter}');
    await waitFor(() => expect(container.querySelector('[data-group="handled"]')).toBeNull());
    expect(await db.acknowledgements.count()).toBe(0);
    // who, when, why in the audit trail, and visible on the card that is open again
    expect(await db.audit.where('event').equals('reopened').toArray()).toMatchObject([
      { patientId: 'a', who: 'Dr. A', subject: 'a|kindcheck|v1', detail: 'kindcheck', reason: 'ouders hebben nu jonge kinderen thuis' },
    ]);
    const note = await waitFor(() => container.querySelector('[data-reopened="a|kindcheck|v1"]') as HTMLElement);
    expect(note.textContent).toMatch(/^Heropend door Dr\. A op .+: ouders hebben nu jonge kinderen thuis$/);
    expect(codes(container.querySelector('[data-group="mine"]') as HTMLElement)).toEqual(['kindcheck']);

    // acknowledge until the data changes, then the data changes (new key): it fires again
    await userEvent.click(screen.getByRole('button', { name: /Afhandelen of uitstellen/ }));
    await userEvent.type(within(screen.getByRole('dialog')).getByLabelText('Andere reden (vrije tekst)'), 'besproken met team{Enter}');
    await waitFor(() => expect(container.querySelector('[data-group="handled"]')).not.toBeNull());
    expect((await db.acknowledgements.toArray())[0]).toMatchObject({ kind: 'ack', reason: 'besproken met team' });

    const refire = fakeEvaluate({ a: [prompt({ code: 'kindcheck', key: 'a|kindcheck|v2', roles: ['specialist'] })] });
    rerender(<PatientPromptsView {...props} evaluate={refire} acks={acks} patientId="a" />);
    expect(codes(container.querySelector('[data-group="mine"]') as HTMLElement)).toEqual(['kindcheck']);
    expect(container.querySelector('[data-group="handled"]')).toBeNull();
  });

  test('the dialog traps focus, closes on Escape and returns focus to its opener', async () => {
    const { props } = setup({ a: [prompt({ code: 'kindcheck', key: 'a|k', roles: ['specialist'] })] });
    renderI18n(<PatientPromptsView {...props} patientId="a" />);
    const opener = await screen.findByRole('button', { name: /Afhandelen of uitstellen/ });
    opener.focus();
    await userEvent.keyboard('{Enter}');
    const dialog = screen.getByRole('dialog');
    expect(dialog.contains(document.activeElement)).toBe(true);
    for (let i = 0; i < 12; i++) {
      await userEvent.tab();
      expect(dialog.contains(document.activeElement)).toBe(true);
    }
    await userEvent.tab({ shift: true });
    expect(dialog.contains(document.activeElement)).toBe(true);
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });
});

describe('PatientPromptsView with a ward prefetch', () => {
  const stale = (c: HTMLElement) => c.querySelector('[data-stale]')?.getAttribute('data-stale');
  async function prefetched(byPatient: Record<string, Prompt[]>) {
    const s = setup(byPatient);
    s.gateway.manual = true;
    const { createWardPrefetch, prefetchingGateway } = await import('../../lib/fhir/ward-prefetch');
    const gateway = prefetchingGateway(s.gateway, createWardPrefetch());
    await gateway.loadWard({ location: 'Location/w' });
    return { ...s, props: { ...s.props, gateway } };
  }

  test('a prefetched patient shows its prompts before any answer, marked as being updated, then fresh', async () => {
    const { gateway, props } = await prefetched({ a: [prompt({ code: 'kindcheck', key: 'a|k' })], b: [prompt({ code: 'naasten-unknown', key: 'b|n' })] });
    const { container } = renderI18n(<PatientPromptsView {...props} patientId="a" />);
    await waitFor(() => expect(codes(container)).toEqual(['kindcheck']));
    expect(banner(container).getAttribute('data-patient-id')).toBe('a');
    expect(stale(container)).toBe('true');
    expect(screen.getByRole('status').textContent).toBe('Wordt bijgewerkt…');
    const load = gateway.loads.find((l) => l.patientId === 'a')!;
    const cardBefore = container.querySelector('[data-prompt-code]');
    await act(async () => load.d.resolve(gateway.recordFor('a')));
    await waitFor(() => expect(stale(container)).toBe('false'));
    // confirmed unchanged: the very same card element, nothing re-mounted
    expect(container.querySelector('[data-prompt-code]')).toBe(cardBefore);
  });

  test('a changed record replaces the prefetched prompts; the marker goes when the fresh record is there', async () => {
    const byPatient: Record<string, Prompt[]> = { a: [prompt({ code: 'kindcheck', key: 'a|k' })] };
    const s = await prefetched(byPatient);
    const { container } = renderI18n(<PatientPromptsView {...s.props} patientId="a" />);
    await waitFor(() => expect(codes(container)).toEqual(['kindcheck']));
    expect(stale(container)).toBe('true');
    // the server now has a new version of the patient, for which the rules fire differently
    s.gateway.records.set('a', [patient('a', { meta: { versionId: '9' } })]);
    byPatient.a = [prompt({ code: 'naasten-unknown', key: 'a|n' })];
    const load = s.gateway.loads.find((l) => l.patientId === 'a')!;
    const seen: (string | null)[][] = [];
    const o = new MutationObserver(() => seen.push(codes(container)));
    o.observe(container, { subtree: true, childList: true, attributes: true });
    await act(async () => load.d.resolve(s.gateway.recordFor('a')));
    await waitFor(() => expect(stale(container)).toBe('false'));
    o.disconnect();
    expect(codes(container)).toEqual(['naasten-unknown']);
    expect(banner(container).getAttribute('data-patient-id')).toBe('a');
    // without flicker: no moment with no cards (or both sets) between the old and the new prompts
    expect(seen.every((c) => c.length === 1)).toBe(true);
  });

  test('a revalidation for the patient the user left never replaces the next patient\'s prefetched prompts', async () => {
    const { gateway, props } = await prefetched({ a: [prompt({ code: 'kindcheck', key: 'a|k' })], b: [prompt({ code: 'naasten-unknown', key: 'b|n' })] });
    const { container, rerender } = renderI18n(<PatientPromptsView {...props} patientId="a" />);
    await waitFor(() => expect(codes(container)).toEqual(['kindcheck']));
    rerender(<PatientPromptsView {...props} patientId="b" />);
    expect(banner(container).getAttribute('data-patient-id')).toBe('b');
    expect(codes(container)).toEqual(['naasten-unknown']);
    // a's revalidation arrives late (a server that ignored the abort): it must not paint
    await act(async () => gateway.loads.find((l) => l.patientId === 'a')!.d.resolve(gateway.recordFor('a')));
    expect(codes(container)).toEqual(['naasten-unknown']);
    expect(stale(container)).toBe('true');
    await act(async () => gateway.loads.find((l) => l.patientId === 'b')!.d.resolve(gateway.recordFor('b')));
    await waitFor(() => expect(stale(container)).toBe('false'));
    expect(codes(container)).toEqual(['naasten-unknown']);
  });
  test('while the prefetched record is being updated its action buttons are held (aria-disabled, with the reason) and do nothing; the fresh record frees them', async () => {
    const topz = prompt({ code: 'topz-consult', key: 'a|t', actions: [{ id: 'request-topz-consult', label: 'Consult aanvragen', params: {} }] });
    const s = await prefetched({ a: [topz] });
    const { container } = renderI18n(<PatientPromptsView {...s.props} patientId="a" />);
    await waitFor(() => expect(codes(container)).toEqual(['topz-consult']));
    expect(stale(container)).toBe('true');
    const action = screen.getByRole('button', { name: 'Consult aanvragen' });
    const ack = container.querySelector('.pz-card__foot button') as HTMLButtonElement;
    for (const b of [action, ack]) {
      expect(b.getAttribute('aria-disabled')).toBe('true');
      expect(document.getElementById(b.getAttribute('aria-describedby')!)?.textContent).toMatch(/wordt eerst bijgewerkt/);
    }
    await userEvent.click(action);
    await userEvent.click(ack);
    expect(s.queue.entries).toHaveLength(0);
    expect(screen.queryByRole('dialog')).toBeNull();
    const load = s.gateway.loads.find((l) => l.patientId === 'a')!;
    await act(async () => load.d.resolve(s.gateway.recordFor('a')));
    await waitFor(() => expect(stale(container)).toBe('false'));
    const fresh = screen.getByRole('button', { name: 'Consult aanvragen' });
    expect(fresh.hasAttribute('aria-disabled')).toBe(false);
    expect(fresh.hasAttribute('aria-describedby')).toBe(false);
    await userEvent.click(fresh);
    await waitFor(() => expect(s.queue.entries.map((e) => e.action)).toEqual(['request-topz-consult']));
  });
});
