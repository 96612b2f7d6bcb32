// @vitest-environment jsdom
// The options page under a hospital policy (storage.managed): the policy's fields are shown locked
// ("Ingesteld door uw ziekenhuis"), the user's own fields stay editable, an invalid policy value is
// listed with its reason, and a policy change while the page is open shows without a reload.
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createI18n, type Language } from '../../lib/i18n';
import { registerOptionsStrings } from '../../entrypoints/options/options-strings';
import { OptionsPage } from '../../entrypoints/options/OptionsPage';

vi.mock('wxt/browser', async () => ({ browser: (await import('wxt/testing')).fakeBrowser }));

const HOSPITAL = 'https://fhir.ziekenhuis.example/r4';
let policy: Record<string, unknown> = {};

beforeEach(() => {
  fakeBrowser.reset();
  policy = {};
  vi.spyOn(fakeBrowser.storage.managed, 'get').mockImplementation((async () => ({ ...policy })) as never);
  vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(false);
  vi.spyOn(fakeBrowser.identity, 'getRedirectURL').mockReturnValue('https://x.chromiumapp.org/');
  vi.stubGlobal('fetch', vi.fn(async () => new Response('not found', { status: 404 })));
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

async function renderPage(language: Language = 'nl') {
  const i18n = registerOptionsStrings(createI18n(language));
  render(
    <I18nextProvider i18n={i18n}>
      <OptionsPage />
    </I18nextProvider>,
  );
  await waitFor(() => expect(screen.getByTestId('login-status').textContent).not.toBe(''));
}

describe('options page with a hospital policy', () => {
  test('managed fields are locked and say so; the others stay editable', async () => {
    policy = { fhirBase: HOSPITAL, defaultRole: 'verpleegkundige', palliativeTeam: { name: 'Palliatief team UMC', phone: '+31 30 123 4567' } };
    await renderPage();
    const base = screen.getByLabelText('Adres van de FHIR-server') as HTMLInputElement;
    await waitFor(() => expect(base.value).toBe(HOSPITAL));
    expect(base.readOnly).toBe(true);
    expect((screen.getByLabelText('Standaardrol') as HTMLSelectElement).disabled).toBe(true);
    expect((screen.getByLabelText('Standaardrol') as HTMLSelectElement).value).toBe('verpleegkundige');
    expect((screen.getByLabelText('Client-id') as HTMLInputElement).readOnly).toBe(false);
    expect((screen.getByLabelText('Taal') as HTMLSelectElement).disabled).toBe(false);
    expect(screen.getAllByTestId('locked').map((e) => e.textContent)).toEqual(['Ingesteld door uw ziekenhuis', 'Ingesteld door uw ziekenhuis']);
    expect(screen.getByTestId('hospital-settings').textContent).toContain('Palliatief team UMC · +31 30 123 4567');
    expect(screen.queryByTestId('managed-errors')).toBeNull();
  });

  test('an invalid policy value is reported (in English on an English page) and ignored', async () => {
    policy = { fhirBase: 'http://fhir.ziekenhuis.example/r4', language: 'en', tenant: 'x' };
    await renderPage('en');
    await waitFor(() => expect(screen.getByTestId('managed-errors').textContent).toContain('fhirBase'));
    const text = screen.getByTestId('managed-errors').textContent!;
    expect(text).toContain('Setting of your hospital ignored: The FHIR server must use https');
    expect(text).toContain('tenant: Unknown setting "tenant": ignored');
    const base = screen.getByLabelText('FHIR server address') as HTMLInputElement;
    expect(base.value).toBe('http://127.0.0.1:8787/fhir');
    expect(base.readOnly).toBe(false);
    expect(screen.getAllByTestId('locked').map((e) => e.textContent)).toEqual(['Set by your hospital']);
  });

  test('a policy change while the page is open (storage.onChanged "managed") shows without a reload', async () => {
    await renderPage();
    expect(screen.queryAllByTestId('locked')).toEqual([]);
    policy = { fhirBase: HOSPITAL };
    await fakeBrowser.storage.onChanged.trigger({ fhirBase: { newValue: HOSPITAL } }, 'managed');
    await waitFor(() => expect((screen.getByLabelText('Adres van de FHIR-server') as HTMLInputElement).value).toBe(HOSPITAL));
    expect(screen.getAllByTestId('locked')).toHaveLength(1);
  });
});
