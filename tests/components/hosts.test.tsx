// @vitest-environment jsdom
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import type { PanelHost, PanelPatientContext } from '../../lib/host/contract';
import { initialRole, rememberRole } from '../../components/role-preference';
import { SidePanel } from '../../entrypoints/sidepanel/SidePanel';
import { FakeGateway, FakeQueue, MemoryAckStore, fakeEvaluate, patient, prompt, renderI18n } from './support';

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

function fakeHost(): PanelHost & { push: (c: PanelPatientContext) => void; roles: string[] } {
  const gateway = new FakeGateway();
  gateway.records.set('a', [patient('a')]);
  gateway.records.set('b', [patient('b')]);
  let listener: ((c: PanelPatientContext) => void) | undefined;
  const roles: string[] = [];
  return {
    gateway,
    queue: new FakeQueue(),
    acks: new MemoryAckStore(),
    evaluate: fakeEvaluate({ a: [prompt({ code: 'kindcheck', key: 'a|k', roles: ['verpleegkundige'] })], b: [prompt({ code: 'naasten-unknown', key: 'b|n', roles: ['verpleegkundige'] })] }),
    user: { reference: 'Practitioner/n1', display: 'Verpleegkundige Noor' },
    role: 'verpleegkundige',
    ward: { location: 'Location/k4' },
    roles,
    setRole: (r) => void roles.push(r),
    subscribePatient(cb) {
      listener = cb;
      cb({ kind: 'none' });
      return () => (listener = undefined);
    },
    push: (c) => listener?.(c),
  };
}

const shownPatient = (c: HTMLElement) => c.querySelector('[data-patient-id]')?.getAttribute('data-patient-id');

describe('side panel host', () => {
  test('without a host it says it is not connected', () => {
    renderI18n(<SidePanel host={null} />);
    expect(screen.getByText(/Nog niet verbonden/)).toBeTruthy();
    expect(screen.getByText('Palliatief Zorgpad')).toBeTruthy();
  });

  test('follows the patient pushed by the background; unknown patient shows no prompts', async () => {
    const host = fakeHost();
    const { container } = renderI18n(<SidePanel host={host} />);
    expect(screen.getByText('Geen patiënt geopend.')).toBeTruthy();
    act(() => host.push({ kind: 'patient', patientId: 'a' }));
    await waitFor(() => expect(container.querySelector('[data-prompt-code="kindcheck"]')).not.toBeNull());
    act(() => host.push({ kind: 'patient', patientId: 'b' }));
    await waitFor(() => expect(container.querySelector('[data-prompt-code="naasten-unknown"]')).not.toBeNull());
    expect(shownPatient(container)).toBe('b');
    act(() => host.push({ kind: 'unknown', ehrIdentifier: { value: '123' } }));
    expect(screen.getByText('Patiënt niet gevonden.')).toBeTruthy();
    expect(container.querySelectorAll('[data-prompt-code]')).toHaveLength(0);
  });

  test('role switch is passed to the host; the ward list opens a patient in one click', async () => {
    const host = fakeHost();
    const { container } = renderI18n(<SidePanel host={host} />);
    act(() => host.push({ kind: 'patient', patientId: 'a' }));
    await userEvent.selectOptions(await screen.findByLabelText('Mijn rol'), 'zaalarts');
    expect(host.roles).toEqual(['zaalarts']);
    await userEvent.click(screen.getByRole('button', { name: 'Afdeling' }));
    await userEvent.click(await screen.findByRole('button', { name: /Jan Jansen-b/ }));
    await waitFor(() => expect(shownPatient(container)).toBe('b'));
    await userEvent.click(screen.getByRole('button', { name: 'Terug naar de patiënt in het EPD' }));
    await waitFor(() => expect(shownPatient(container)).toBe('a'));
  });
});

describe('role preference', () => {
  test('URL beats the tab’s choice; unknown values are ignored', () => {
    expect(initialRole('specialist', '')).toBe('specialist');
    rememberRole('zaalarts');
    expect(initialRole('specialist', '')).toBe('zaalarts');
    expect(initialRole('specialist', '?role=seh-arts')).toBe('seh-arts');
    expect(initialRole('specialist', '?role=admin')).toBe('zaalarts');
  });
});
