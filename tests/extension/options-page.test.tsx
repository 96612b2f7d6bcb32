// @vitest-environment jsdom
// The options page speaks the language of the `language` option (Dutch by default, English as second
// locale) through i18next: no text in OptionsPage.tsx itself; nl and en bundles have the same keys.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { ADAPTER_MESSAGES_NL } from '../../lib/ehr/messages';
import { parseAdapterJson } from '../../lib/ehr/schema';
import { DEFAULT_OPTIONS, OPTIONS_KEY, OPTIONS_MESSAGES_NL, parseOptions } from '../../lib/extension/options';
import { createI18n, type Language } from '../../lib/i18n';
import { OPTIONS_NS, OPTIONS_STRINGS, registerOptionsStrings, validationTranslate } from '../../entrypoints/options/options-strings';
import { OptionsPage } from '../../entrypoints/options/OptionsPage';

// the page imports `browser` from wxt/browser: the fake one here (vitest runs without WXT's plugin)
vi.mock('wxt/browser', async () => ({ browser: (await import('wxt/testing')).fakeBrowser }));

function keys(o: unknown, prefix = ''): string[] {
  if (typeof o !== 'object' || o === null) return [prefix];
  return Object.entries(o).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

let granted: string[] = [];

beforeEach(() => {
  fakeBrowser.reset();
  granted = [];
  // fakeBrowser implements neither permissions nor identity
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async ({ origins = [] }) => origins.every((o) => granted.includes(o)));
  vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation(async ({ origins = [] }) => (granted.push(...origins), true));
  vi.spyOn(fakeBrowser.permissions, 'remove').mockImplementation(async ({ origins = [] }) => ((granted = granted.filter((g) => !origins.includes(g))), true));
  vi.spyOn(fakeBrowser.identity, 'getRedirectURL').mockReturnValue('https://x.chromiumapp.org/');
  vi.spyOn(fakeBrowser.identity, 'launchWebAuthFlow').mockResolvedValue(undefined as never);
  // no FHIR server: the login finds no SMART configuration
  vi.stubGlobal('fetch', vi.fn(async () => new Response('not found', { status: 404 })));
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

/** As entrypoints/options/main.tsx does: an instance in the saved language, the page's strings on it. */
async function renderPage(language?: Language) {
  if (language) await fakeBrowser.storage.local.set({ [OPTIONS_KEY]: { ...DEFAULT_OPTIONS, language } });
  const i18n = registerOptionsStrings(createI18n(language ?? 'nl'));
  render(
    <I18nextProvider i18n={i18n}>
      <OptionsPage />
    </I18nextProvider>,
  );
  // loaded: the login state is known
  await waitFor(() => expect(screen.getByTestId('login-status').textContent).not.toBe(''));
  return i18n;
}

describe('options page in Dutch (default)', () => {
  test('headings, labels, buttons and the texts the e2e tests look for', async () => {
    await renderPage();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Palliatief Zorgpad: instellingen');
    for (const label of ['Adres van de FHIR-server', 'Client-id', 'Scopes', 'Eigen EPD-koppelingen (JSON)', 'Standaardrol', 'Taal']) expect(screen.getByLabelText(label)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Opslaan' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Inloggen bij de FHIR-server' })).toBeTruthy();
    expect(screen.getByTestId('add-demo-ehr').textContent).toBe('Demo-EPD toevoegen (127.0.0.1)');
    expect(screen.getByTestId('login-status').textContent).toBe('Niet ingelogd');
    expect(screen.getByRole('option', { name: 'Medisch specialist' })).toBeTruthy();
    expect(screen.getByText(/^Bijvoorbeeld https:\/\/fhir\.ziekenhuis\.nl\/r4\. Demo: http:\/\/127\.0\.0\.1:8787\/fhir$/)).toBeTruthy();
  });

  test('status messages and the revoke button', async () => {
    await renderPage();
    fireEvent.click(screen.getByTestId('add-demo-ehr'));
    await waitFor(() => expect(screen.getByTestId('options-status').textContent).toBe('Demo-EPD toegevoegd: open http://127.0.0.1:8787/ehr/ (npm run demo).'));
    expect(screen.getAllByRole('button', { name: /^Toegang tot .+ intrekken$/ }).length).toBeGreaterThan(0);

    fireEvent.change(screen.getByLabelText('Eigen EPD-koppelingen (JSON)'), { target: { value: '[{"id":"x"}]' } });
    fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    await waitFor(() => expect(screen.getByTestId('options-status').textContent).toBe('Niet opgeslagen: verbeter de gemarkeerde velden.'));

    fireEvent.change(screen.getByLabelText('Eigen EPD-koppelingen (JSON)'), { target: { value: '[]' } });
    fireEvent.click(screen.getByRole('button', { name: 'Inloggen bij de FHIR-server' }));
    await waitFor(() => expect(screen.getByTestId('options-status').textContent).toBe(OPTIONS_STRINGS.nl.smartError['no-authorize-endpoint']));
  });
});

describe('options page in English (language option "en")', () => {
  test('every text in English', async () => {
    await renderPage('en');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Palliatief Zorgpad: settings');
    for (const label of ['FHIR server address', 'Client ID', 'Own EHR connections (JSON)', 'Default role', 'Language']) expect(screen.getByLabelText(label)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Save' })).toBeTruthy();
    expect(screen.getByTestId('add-demo-ehr').textContent).toBe('Add demo EHR (127.0.0.1)');
    expect(screen.getByTestId('login-status').textContent).toBe('Not signed in');
    expect(screen.getByRole('option', { name: 'Medical specialist' })).toBeTruthy();
    expect(screen.queryByText(/Opslaan|Inloggen|Standaardrol|Taal|Gebruik|EPD-koppelingen/)).toBeNull();
  });

  test('status messages in English, including a failed login', async () => {
    await renderPage('en');
    fireEvent.click(screen.getByTestId('add-demo-ehr'));
    await waitFor(() => expect(screen.getByTestId('options-status').textContent).toBe('Demo EHR added: open http://127.0.0.1:8787/ehr/ (npm run demo).'));
    expect(screen.getAllByRole('button', { name: /^Revoke access to .+$/ }).length).toBeGreaterThan(0);

    fireEvent.click(screen.getByRole('button', { name: 'Sign in to the FHIR server' }));
    await waitFor(() =>
      expect(screen.getByTestId('options-status').textContent).toBe('The FHIR server offers no sign-in page (SMART authorize). Palliatief Zorgpad does not start without signing in.'),
    );

    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByTestId('options-status').textContent).toBe('Saved.'));
  });

  test('saving another language switches the page', async () => {
    const i18n = await renderPage();
    fireEvent.change(screen.getByLabelText('Taal'), { target: { value: 'en' } });
    fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    await waitFor(() => expect(screen.getByTestId('options-status').textContent).toBe('Saved.'));
    expect(i18n.language).toBe('en');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Palliatief Zorgpad: settings');
    expect(((await fakeBrowser.storage.local.get(OPTIONS_KEY))[OPTIONS_KEY] as { language: string }).language).toBe('en');
  });
});

// a FHIR address over plain http elsewhere than this machine, and an adapter for all websites
const BAD_FHIR = 'http://fhir.ziekenhuis.nl/r4';
const BAD_ADAPTERS = JSON.stringify([{ id: 'mijn-epd', name: 'Mijn EPD', origins: ['<all_urls>'], selector: '#bsn', identifierSystem: 'http://fhir.nl/fhir/NamingSystem/bsn' }]);

/** The error text under a field, found by its label (aria-describedby names the error paragraph). */
function fieldError(label: string): string {
  const ids = screen.getByLabelText(label).getAttribute('aria-describedby')!.split(' ');
  return document.getElementById(ids.find((id) => id.endsWith('-err'))!)!.textContent ?? '';
}

async function saveBad(labels: { fhir: string; adapters: string; save: string }) {
  fireEvent.change(screen.getByLabelText(labels.fhir), { target: { value: BAD_FHIR } });
  fireEvent.change(screen.getByLabelText(labels.adapters), { target: { value: BAD_ADAPTERS } });
  fireEvent.click(screen.getByRole('button', { name: labels.save }));
  await waitFor(() => expect(fieldError(labels.fhir)).not.toBe(''));
}

describe('field validation messages in the page language', () => {
  test('nl (default): the Dutch messages, as the lib gives them without a translate', async () => {
    await renderPage();
    await saveBad({ fhir: 'Adres van de FHIR-server', adapters: 'Eigen EPD-koppelingen (JSON)', save: 'Opslaan' });
    expect(fieldError('Adres van de FHIR-server')).toBe('De FHIR-server moet https gebruiken (http alleen voor 127.0.0.1/localhost, de demo)');
    expect(fieldError('Eigen EPD-koppelingen (JSON)')).toBe(
      'Koppeling 1 (mijn-epd), veld origins.0: "<all_urls>" geeft toegang tot alle websites; geef het adres van het EPD, bv. https://epd.ziekenhuis.nl/*',
    );
    expect(screen.getByTestId('options-status').textContent).toBe('Niet opgeslagen: verbeter de gemarkeerde velden.');
  });

  test('en: the English messages, with the adapter number, id, field and pattern filled in', async () => {
    await renderPage('en');
    await saveBad({ fhir: 'FHIR server address', adapters: 'Own EHR connections (JSON)', save: 'Save' });
    expect(fieldError('FHIR server address')).toBe('The FHIR server must use https (http only for 127.0.0.1/localhost, the demo)');
    expect(fieldError('Own EHR connections (JSON)')).toBe(
      'Connection 1 (mijn-epd), field origins.0: "<all_urls>" gives access to every website; give the address of the EHR, e.g. https://ehr.hospital.org/*',
    );
    expect(screen.getByTestId('options-status').textContent).toBe('Not saved: correct the marked fields.');
    expect(document.body.textContent).not.toMatch(/Koppeling|geeft toegang|moet https/);
  });

  test('en: not a full address, JSON that does not parse', async () => {
    await renderPage('en');
    fireEvent.change(screen.getByLabelText('FHIR server address'), { target: { value: 'fhir.ziekenhuis.nl' } });
    fireEvent.change(screen.getByLabelText('Own EHR connections (JSON)'), { target: { value: '[{' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fieldError('FHIR server address')).toBe('Give a full address, e.g. https://fhir.hospital.org/r4'));
    expect(fieldError('Own EHR connections (JSON)')).toMatch(/^Not valid JSON: ./);
  });
});

describe('validation messages through i18next', () => {
  const badOptions = [
    { fhirBase: 'http://fhir.ziekenhuis.nl/r4', clientId: 'a b', scopes: 'user/Patient.rs', adapters: [{ id: 'x' }], defaultRole: 'chirurg', language: 'de' },
    { ...DEFAULT_OPTIONS, fhirBase: 'fhir.ziekenhuis.nl', scopes: '' },
    { ...DEFAULT_OPTIONS, fhirBase: 'https://fhir.ziekenhuis.nl/r4?x=1', scopes: 'openid fhirUser $$' },
  ];
  const badAdapters = [
    '[{',
    '{"a":1}',
    JSON.stringify([
      { id: 'Epd X', origins: ['https://epd.example.nl:8443/*'], selector: '#p' },
      { id: 'ok', name: 'OK', origins: ['http://epd.ziekenhuis.nl/*', '*://*/*'], urlPattern: '/p/\\d+', fhirId: true, identifierSystem: 'urn:x', extra: 1 },
      { id: 'r', name: 'R', origins: [], urlPattern: '(', textPattern: '', attribute: '1x', anchor: ' ', fhirId: 'yes' },
      { id: 'ok', name: 'Dup', origins: ['https://a.nl/*'], selector: 'a[', identifierSystem: 'not a uri' },
    ]),
  ];

  test('nl through i18next gives exactly the lib\'s Dutch defaults', () => {
    const tr = validationTranslate(registerOptionsStrings(createI18n('nl')).getFixedT('nl'));
    for (const input of badOptions) expect(parseOptions(input, tr)).toEqual(parseOptions(input));
    for (const text of badAdapters) {
      const dutch = parseAdapterJson(text);
      expect(dutch.ok).toBe(false);
      expect(parseAdapterJson(text, tr)).toEqual(dutch);
    }
  });

  test('en through i18next: no Dutch text left from the catalogs, every key found', () => {
    const i18n = registerOptionsStrings(createI18n('en'));
    const tr = validationTranslate(i18n.getFixedT('en'));
    const lines = [...badOptions.flatMap((o) => Object.values((parseOptions(o, tr) as { errors: Record<string, string[]> }).errors).flat()), ...badAdapters.flatMap((a) => (parseAdapterJson(a, tr) as { errors: string[] }).errors)];
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) {
      expect(line, line).not.toMatch(/validation\.|\{\{/);
      expect(line, line).not.toMatch(/Koppeling|\bveld\b|ontbreekt|geen geldig|Geef|Kies|moet/);
    }
  });

  test('nl and en validation texts: same keys, same {{placeholders}}; nl is the lib\'s own', () => {
    expect(OPTIONS_STRINGS.nl.validation).toEqual({ options: OPTIONS_MESSAGES_NL, adapter: ADAPTER_MESSAGES_NL });
    const nlV = OPTIONS_STRINGS.nl.validation as Record<string, Record<string, string>>;
    const enV = OPTIONS_STRINGS.en.validation as Record<string, Record<string, string>>;
    expect(keys(enV).sort()).toEqual(keys(nlV).sort());
    const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const group of Object.keys(nlV)) for (const k of Object.keys(nlV[group])) expect(vars(enV[group][k]), `${group}.${k}`).toEqual(vars(nlV[group][k]));
  });
});

describe('options strings', () => {
  test('nl and en have exactly the same keys, none empty', () => {
    expect(keys(OPTIONS_STRINGS.en).sort()).toEqual(keys(OPTIONS_STRINGS.nl).sort());
    const i18n = registerOptionsStrings(createI18n('en'));
    for (const k of keys(OPTIONS_STRINGS.nl)) expect(i18n.t(k, { ns: OPTIONS_NS }), k).not.toBe(k);
  });

  test('OptionsPage.tsx has no literal text nodes or aria/title/placeholder literals', () => {
    // the same check tests/components/i18n.test.ts makes for components/
    const src = readFileSync(join(__dirname, '../../entrypoints/options/OptionsPage.tsx'), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '');
    const text = [...src.matchAll(/(?<!=)>\s*([^<>{}]*[A-Za-zÀ-ÿ]{2,}[^<>{}]*)</g)].map((m) => m[1].trim()).filter((s) => !/^[=&|?:.,;()\s\w]*=>|&&|\|\|/.test(s) && !/[=();]/.test(s));
    expect(text).toEqual([]);
    expect(src).not.toMatch(/(aria-label|title|placeholder|alt|label|hint)="[^"]*[A-Za-z]/);
    expect(src).not.toMatch(/setStatus\(['"`]/);
  });
});
