// @vitest-environment jsdom
// The ward tab of ZorgpadPanel with a ward picker (the side panel's hosts pass the server's wards):
// pick a ward, its worklist loads for exactly that ward, one click opens a patient, the choice is
// remembered for the tab; a failing ward list is said, not hidden.
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ZorgpadPanel } from '../../components/ZorgpadPanel/ZorgpadPanel';
import type { WardRecords } from '../../lib/fhir/gateway';
import type { WardOption } from '../../lib/fhir/wards';
import { FakeGateway, FakeQueue, MemoryAckStore, NOW, fakeEvaluate, patient, prompt, renderI18n } from './support';

class WardGateway extends FakeGateway {
  asked: { location?: string; group?: string }[] = [];
  override async loadWard(ward: { location?: string; group?: string } = {}): Promise<WardRecords> {
    this.asked.push(ward);
    const ids = ward.location === 'Location/b3' ? ['x', 'y'] : ['z'];
    return { patients: ids.map((id) => this.recordFor(id)), requests: 2 };
  }
}

const WARDS: WardOption[] = [
  { location: 'Location/b3', name: 'Interne B3' },
  { location: 'Location/c2', name: 'Longziekten C2' },
];

/** loadWard answers only when the test says so, in any order (a slow ward, then a fast one). */
class DeferredWardGateway extends WardGateway {
  pending: { ward: { location?: string; group?: string }; resolve: (r: WardRecords) => void; reject: (e: unknown) => void }[] = [];
  override loadWard(ward: { location?: string; group?: string } = {}): Promise<WardRecords> {
    this.asked.push(ward);
    return new Promise((resolve, reject) => this.pending.push({ ward, resolve, reject }));
  }
  answer(location: string, ids: string[]) {
    this.pending.find((p) => p.ward.location === location)!.resolve({ patients: ids.map((id) => this.recordFor(id)), requests: 2 });
  }
  fail(location: string, message: string) {
    this.pending.find((p) => p.ward.location === location)!.reject(new Error(message));
  }
}

function setup(wards: () => Promise<WardOption[]> = async () => WARDS, gateway: WardGateway = new WardGateway()) {
  for (const id of ['x', 'y', 'z', 'open']) gateway.records.set(id, [patient(id)]);
  const evaluate = fakeEvaluate({ x: [prompt({ code: 'kindcheck', indicator: 'info' })], y: [prompt({ code: 'handover-gaps', indicator: 'critical' })], z: [] });
  renderI18n(
    <ZorgpadPanel gateway={gateway} queue={new FakeQueue()} acks={new MemoryAckStore()} evaluate={evaluate} patientId="open" role="specialist" onRoleChange={() => {}} wards={wards} now={NOW} />,
  );
  return gateway;
}

beforeEach(() => sessionStorage.clear());
afterEach(cleanup);

describe('ward tab with a picker', () => {
  test('no ward chosen yet: the picker asks first and nothing is loaded', async () => {
    const gateway = setup();
    await userEvent.click(screen.getByRole('button', { name: 'Afdeling' }));
    const select = await screen.findByLabelText('Afdeling');
    expect([...(select as HTMLSelectElement).options].map((o) => o.textContent)).toEqual(['Kies een afdeling', 'Interne B3', 'Longziekten C2']);
    expect(screen.getByText(/Kies hierboven een afdeling/)).toBeTruthy();
    expect(gateway.asked).toEqual([]);
  });

  test('picking a ward loads that ward; one click opens a patient; the choice stays for the tab', async () => {
    const gateway = setup();
    await userEvent.click(screen.getByRole('button', { name: 'Afdeling' }));
    await userEvent.selectOptions(await screen.findByLabelText('Afdeling'), 'Location/b3');
    await screen.findByRole('table');
    expect(gateway.asked).toEqual([{ location: 'Location/b3' }]);
    expect([...document.querySelectorAll('tbody tr')].map((r) => r.getAttribute('data-patient-id'))).toEqual(['y', 'x']);
    await userEvent.selectOptions(screen.getByLabelText('Afdeling'), 'Location/c2');
    await waitFor(() => expect([...document.querySelectorAll('tbody tr')].map((r) => r.getAttribute('data-patient-id'))).toEqual(['z']));
    expect(sessionStorage.getItem('pz.ward')).toBe('Location/c2');
    await userEvent.click(screen.getByRole('button', { name: /Open / }));
    await waitFor(() => expect(document.querySelector('[data-banner-state="patient"]')?.getAttribute('data-patient-id')).toBe('z'));

    // a new panel in the same tab opens the ward tab on the remembered ward
    cleanup();
    const again = setup();
    await userEvent.click(screen.getByRole('button', { name: 'Afdeling' }));
    await screen.findByRole('table');
    expect(again.asked).toEqual([{ location: 'Location/c2' }]);
  });

  test('a slow ward answering after the next ward was picked is dropped: only the picked ward shows', async () => {
    const gateway = new DeferredWardGateway();
    setup(undefined, gateway);
    const rowIds = () => [...document.querySelectorAll('tbody tr')].map((r) => r.getAttribute('data-patient-id'));
    await userEvent.click(screen.getByRole('button', { name: 'Afdeling' }));
    await userEvent.selectOptions(await screen.findByLabelText('Afdeling'), 'Location/b3');
    await waitFor(() => expect(gateway.asked).toEqual([{ location: 'Location/b3' }]));
    expect(screen.getByRole('status').textContent).toBeTruthy(); // B3 still loading
    await userEvent.selectOptions(screen.getByLabelText('Afdeling'), 'Location/c2');
    await waitFor(() => expect(gateway.asked).toEqual([{ location: 'Location/b3' }, { location: 'Location/c2' }]));
    await act(async () => gateway.answer('Location/c2', ['z']));
    await waitFor(() => expect(rowIds()).toEqual(['z']));
    // now B3's answer arrives, late
    await act(async () => gateway.answer('Location/b3', ['x', 'y']));
    await act(async () => new Promise((r) => setTimeout(r, 20)));
    expect(rowIds()).toEqual(['z']);
    expect(screen.queryByRole('alert')).toBeNull();
    expect((screen.getByLabelText('Afdeling') as HTMLSelectElement).value).toBe('Location/c2');
  });

  test('a slow ward failing after the next ward was picked shows no error for the picked ward', async () => {
    const gateway = new DeferredWardGateway();
    setup(undefined, gateway);
    await userEvent.click(screen.getByRole('button', { name: 'Afdeling' }));
    await userEvent.selectOptions(await screen.findByLabelText('Afdeling'), 'Location/b3');
    await userEvent.selectOptions(screen.getByLabelText('Afdeling'), 'Location/c2');
    await waitFor(() => expect(gateway.asked).toHaveLength(2));
    await act(async () => gateway.answer('Location/c2', ['z']));
    await waitFor(() => expect([...document.querySelectorAll('tbody tr')].map((r) => r.getAttribute('data-patient-id'))).toEqual(['z']));
    await act(async () => gateway.fail('Location/b3', 'B3 te traag'));
    await act(async () => new Promise((r) => setTimeout(r, 20)));
    expect(screen.queryByRole('alert')).toBeNull();
    expect([...document.querySelectorAll('tbody tr')].map((r) => r.getAttribute('data-patient-id'))).toEqual(['z']);
  });

  test('the ward list cannot be loaded: the reason is shown', async () => {
    setup(async () => {
      throw new Error('403 Location');
    });
    await userEvent.click(screen.getByRole('button', { name: 'Afdeling' }));
    expect((await screen.findByRole('alert')).textContent).toContain('403 Location');
  });
});
