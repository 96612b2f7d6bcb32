// EHR adapters against saved pages (refined-github style: every selector has a page it is tested on).
// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  BSN_SYSTEM,
  BUILTIN_ADAPTERS,
  DEMO_EHR_ADAPTER,
  DEMO_EHR_BSN_ADAPTER,
  adapterOrigins,
  adaptersForUrl,
  parseAdapterJson,
  parseAdapters,
  patientKey,
  readPatientFromPage,
  type EhrAdapter,
} from '../../lib/ehr';

// the saved pages parsed as the browser would (scripts do not run), with the URL they were saved from
const page = (file: string, url: string) => {
  const doc = new DOMParser().parseFromString(readFileSync(resolve(__dirname, 'pages', file), 'utf8'), 'text/html');
  return { doc, loc: { href: url } };
};
const CHART = 'http://127.0.0.1:8787/ehr/patients/pz-ans-dijkstra';

describe('demo EHR adapter', () => {
  test('reads the FHIR Patient id from the chart banner', () => {
    const { doc, loc } = page('demo-chart.html', CHART);
    expect(readPatientFromPage(doc, loc, DEMO_EHR_ADAPTER)).toEqual({ kind: 'fhir-id', id: 'pz-ans-dijkstra' });
  });

  test('the ward list shows no patient (URL is not a chart)', () => {
    const { doc, loc } = page('demo-ward-list.html', 'http://127.0.0.1:8787/ehr/');
    expect(readPatientFromPage(doc, loc, DEMO_EHR_ADAPTER)).toBeNull();
  });

  test('a chart URL whose page has no banner (not found, still loading) shows no patient', () => {
    const { doc, loc } = page('demo-ward-list.html', 'http://127.0.0.1:8787/ehr/patients/nobody');
    expect(readPatientFromPage(doc, loc, DEMO_EHR_ADAPTER)).toBeNull();
  });

  test('the banner wins over the URL while an in-place switch has not pushed the new URL yet', () => {
    const { doc, loc } = page('demo-chart.html', 'http://127.0.0.1:8787/ehr/patients/pz-previous');
    expect(readPatientFromPage(doc, loc, DEMO_EHR_ADAPTER)).toEqual({ kind: 'fhir-id', id: 'pz-ans-dijkstra' });
  });

  test('a banner with a value that is not a FHIR id reads as no patient', () => {
    const { doc, loc } = page('demo-chart.html', CHART);
    doc.getElementById('patient-banner')!.setAttribute('data-patient-id', 'Patient/../../x y');
    expect(readPatientFromPage(doc, loc, DEMO_EHR_ADAPTER)).toBeNull();
    doc.getElementById('patient-banner')!.setAttribute('data-patient-id', '');
    expect(readPatientFromPage(doc, loc, DEMO_EHR_ADAPTER)).toBeNull();
  });

  test('on a page that only shows the BSN the id adapter finds nothing, the BSN adapter finds the identifier', () => {
    const { doc, loc } = page('bsn-only-chart.html', CHART);
    expect(readPatientFromPage(doc, loc, DEMO_EHR_ADAPTER)).toBeNull();
    expect(readPatientFromPage(doc, loc, DEMO_EHR_BSN_ADAPTER)).toEqual({ kind: 'identifier', system: BSN_SYSTEM, value: '999010066' });
  });

  test('the BSN adapter reads the same BSN from the regular chart', () => {
    const { doc, loc } = page('demo-chart.html', CHART);
    expect(readPatientFromPage(doc, loc, DEMO_EHR_BSN_ADAPTER)).toEqual({ kind: 'identifier', system: BSN_SYSTEM, value: '999010066' });
  });

  test('the banner shows "onbekend" for a patient without BSN: no identifier', () => {
    const { doc, loc } = page('demo-chart.html', CHART);
    doc.querySelector('[data-testid="bsn"]')!.textContent = 'onbekend';
    expect(readPatientFromPage(doc, loc, DEMO_EHR_BSN_ADAPTER)).toBeNull();
  });
});

describe('URL-only adapters', () => {
  const byUrl: EhrAdapter = { id: 'url', name: 'URL', origins: ['https://epd.example.nl/*'], urlPattern: '/patient/(?<value>\\d+)/', identifierSystem: 'urn:oid:2.16.840.1.113883.2.4.3.11.999' };
  test('the named group is the value', () => {
    expect(readPatientFromPage({ querySelector: () => null }, { href: 'https://epd.example.nl/patient/12345/overview' }, byUrl)).toEqual({
      kind: 'identifier',
      system: byUrl.identifierSystem,
      value: '12345',
    });
    expect(readPatientFromPage({ querySelector: () => null }, { href: 'https://epd.example.nl/agenda' }, byUrl)).toBeNull();
  });
});

describe('patientKey', () => {
  test('distinguishes ids from identifiers and nothing', () => {
    expect(patientKey({ kind: 'fhir-id', id: 'a' })).toBe('fhir:a');
    expect(patientKey({ kind: 'identifier', system: BSN_SYSTEM, value: '1' })).toBe(`id:${BSN_SYSTEM}|1`);
    expect(patientKey(null)).toBeNull();
  });
});

describe('adapter selection', () => {
  test('the demo adapter applies to loopback on any port, not to other sites', () => {
    expect(adaptersForUrl(BUILTIN_ADAPTERS, 'http://127.0.0.1:41234/ehr/patients/x').map((a) => a.id)).toEqual(['demo-epd']);
    expect(adaptersForUrl(BUILTIN_ADAPTERS, 'http://localhost:8787/ehr/')).toHaveLength(1);
    expect(adaptersForUrl(BUILTIN_ADAPTERS, 'https://127.0.0.1/ehr/')).toHaveLength(0);
    expect(adaptersForUrl(BUILTIN_ADAPTERS, 'https://example.org/')).toHaveLength(0);
    expect(adaptersForUrl(BUILTIN_ADAPTERS, 'chrome://extensions')).toHaveLength(0);
    expect(adapterOrigins([DEMO_EHR_ADAPTER, DEMO_EHR_BSN_ADAPTER])).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);
  });
});

describe('adapter validation (options page)', () => {
  test('the built-in adapters are valid', () => {
    expect(parseAdapters([...BUILTIN_ADAPTERS, DEMO_EHR_BSN_ADAPTER])).toEqual({ ok: true, adapters: [...BUILTIN_ADAPTERS, DEMO_EHR_BSN_ADAPTER] });
  });

  test('broken JSON says so', () => {
    const r = parseAdapterJson('[{');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/^Geen geldige JSON/);
  });

  test('each problem names the adapter and the field, in Dutch', () => {
    const r = parseAdapters([
      { id: 'Epd X', name: '', origins: ['<all_urls>'], selector: '#b', fhirId: true },
      { id: 'ok', name: 'Zonder bron', origins: ['https://epd.example.nl:8443/*'], fhirId: true, identifierSystem: 'urn:x' },
      { id: 'r', name: 'Regex', origins: ['https://epd.example.nl/*'], urlPattern: '(', fhirId: true, extra: 1 },
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.errors.join('\n');
    expect(text).toContain('Koppeling 1 (Epd X), veld id: id: alleen kleine letters');
    expect(text).toContain('Koppeling 1 (Epd X), veld name: naam ontbreekt');
    expect(text).toContain('"<all_urls>" geeft toegang tot alle websites');
    expect(text).toContain('Koppeling 2 (ok), veld origins.0: "https://epd.example.nl:8443/*" is geen geldig adrespatroon');
    expect(text).toContain('Koppeling 2 (ok): geef óf identifierSystem');
    expect(text).toContain('geef een urlPattern of een selector');
    expect(text).toContain('Koppeling 3 (r), veld urlPattern: urlPattern is geen geldige reguliere expressie');
    expect(text).toContain('Koppeling 3 (r): onbekend veld extra');
  });

  test('wildcard hosts for all sites are refused, wildcard subdomains are allowed', () => {
    const base = { id: 'a', name: 'A', selector: '#b', fhirId: true as const };
    expect(parseAdapters([{ ...base, origins: ['https://*/*'] }]).ok).toBe(false);
    expect(parseAdapters([{ ...base, origins: ['*://*/*'] }]).ok).toBe(false);
    expect(parseAdapters([{ ...base, origins: ['https://*.ziekenhuis.nl/*'] }]).ok).toBe(true);
    const http = parseAdapters([{ ...base, origins: ['http://epd.ziekenhuis.nl/*'] }]);
    expect(http.ok || http.errors[0]).toContain('alleen https-adressen');
  });

  test('duplicate ids and non-lists are refused', () => {
    const a = { id: 'a', name: 'A', origins: ['https://x.nl/*'], selector: '#b', fhirId: true };
    const dup = parseAdapters([a, a]);
    expect(dup.ok || dup.errors).toEqual(['Koppeling 2 (a), veld id: id "a" komt twee keer voor']);
    const notList = parseAdapters({ a });
    expect(notList.ok || notList.errors).toEqual(['verwacht een lijst [ … ] van EPD-koppelingen']);
  });

  test('a URL pattern without selector must capture the value', () => {
    const r = parseAdapters([{ id: 'u', name: 'U', origins: ['https://x.nl/*'], urlPattern: '/patient/\\d+', fhirId: true }]);
    expect(r.ok || r.errors).toEqual(['Koppeling 1 (u), veld urlPattern: urlPattern zonder selector moet een groep ( … ) hebben die de patiëntwaarde vangt']);
  });
});
