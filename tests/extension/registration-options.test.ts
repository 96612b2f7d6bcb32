// Least privilege in practice: content scripts only for granted origins; options validated per field.
import { fakeBrowser } from 'wxt/testing';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { CONTENT_SCRIPT_FILE, CONTENT_SCRIPT_ID, syncContentScripts, type RegistrationApi } from '../../lib/extension/content-registration';
import { missingOrigins, requestOrigins } from '../../lib/extension/permissions';
import { activeAdapters, DEFAULT_OPTIONS, loadOptions, OPTIONS_KEY, parseOptions, saveOptions } from '../../lib/extension/options';
import { DEMO_EHR_ADAPTER } from '../../lib/ehr/builtin';
import type { EhrAdapter } from '../../lib/ehr/types';

const HOSPITAL: EhrAdapter = { id: 'hix', name: 'Ziekenhuis-EPD', origins: ['https://epd.ziekenhuis.nl/*'], selector: '#banner', attribute: 'data-bsn', identifierSystem: 'http://fhir.nl/fhir/NamingSystem/bsn' };

/** fakeBrowser has no permissions or scripting: a small in-memory stand-in. */
function fakeApis(granted: string[]) {
  let registered: { id: string; matches: string[]; js: string[] }[] = [];
  const api = {
    permissions: {
      contains: vi.fn(async ({ origins }: { origins: string[] }) => origins.every((o) => granted.includes(o))),
      request: vi.fn(async ({ origins }: { origins: string[] }) => (granted.push(...origins), true)),
      remove: vi.fn(async ({ origins }: { origins: string[] }) => (granted = granted.filter((g) => !origins.includes(g)), true)),
    },
    scripting: {
      getRegisteredContentScripts: vi.fn(async (f?: { ids?: string[] }) => registered.filter((s) => !f?.ids || f.ids.includes(s.id))),
      registerContentScripts: vi.fn(async (s: typeof registered) => void (registered = [...registered, ...s])),
      updateContentScripts: vi.fn(async (s: typeof registered) => void (registered = registered.map((r) => s.find((x) => x.id === r.id) ?? r))),
      unregisterContentScripts: vi.fn(async (f?: { ids?: string[] }) => void (registered = registered.filter((s) => !f?.ids?.includes(s.id)))),
    },
  };
  return { api, registered: () => registered, granted: () => granted };
}

beforeEach(() => fakeBrowser.reset());

describe('content script registration', () => {
  test('nothing granted → nothing registered', async () => {
    const f = fakeApis([]);
    expect(await syncContentScripts(f.api as unknown as RegistrationApi, [DEMO_EHR_ADAPTER, HOSPITAL])).toEqual([]);
    expect(f.api.scripting.registerContentScripts).not.toHaveBeenCalled();
  });

  test('registers for exactly the granted origins, updates when more are granted, unregisters when revoked', async () => {
    const f = fakeApis(['http://127.0.0.1/*']);
    const api = f.api as unknown as RegistrationApi;
    expect(await syncContentScripts(api, [DEMO_EHR_ADAPTER, HOSPITAL])).toEqual(['http://127.0.0.1/*']);
    expect(f.registered()).toEqual([{ id: CONTENT_SCRIPT_ID, js: [CONTENT_SCRIPT_FILE], matches: ['http://127.0.0.1/*'], runAt: 'document_idle', allFrames: false, persistAcrossSessions: true }]);
    await requestOrigins(f.api.permissions, await missingOrigins(f.api.permissions, [HOSPITAL]));
    await syncContentScripts(api, [DEMO_EHR_ADAPTER, HOSPITAL]);
    expect(f.registered()[0].matches).toEqual(['http://127.0.0.1/*', 'https://epd.ziekenhuis.nl/*']);
    // same set again: no needless update
    f.api.scripting.updateContentScripts.mockClear();
    await syncContentScripts(api, [DEMO_EHR_ADAPTER, HOSPITAL]);
    expect(f.api.scripting.updateContentScripts).not.toHaveBeenCalled();
    await f.api.permissions.remove({ origins: ['http://127.0.0.1/*', 'https://epd.ziekenhuis.nl/*'] });
    await syncContentScripts(api, [DEMO_EHR_ADAPTER, HOSPITAL]);
    expect(f.registered()).toEqual([]);
  });

  test('an adapter removed from the options loses its registration even while its permission stays', async () => {
    const f = fakeApis(['http://127.0.0.1/*', 'https://epd.ziekenhuis.nl/*']);
    await syncContentScripts(f.api as unknown as RegistrationApi, [DEMO_EHR_ADAPTER, HOSPITAL]);
    await syncContentScripts(f.api as unknown as RegistrationApi, [DEMO_EHR_ADAPTER]);
    expect(f.registered()[0].matches).toEqual(['http://127.0.0.1/*']);
  });

  test('requesting nothing does not prompt', async () => {
    const f = fakeApis([]);
    expect(await requestOrigins(f.api.permissions, [])).toBe(true);
    expect(f.api.permissions.request).not.toHaveBeenCalled();
  });
});

describe('options', () => {
  test('defaults: the demo FHIR server on loopback, the SMART client id, user scopes with openid fhirUser', async () => {
    const o = await loadOptions(fakeBrowser.storage.local);
    expect(o).toEqual(DEFAULT_OPTIONS);
    expect(o.fhirBase).toBe('http://127.0.0.1:8787/fhir');
    expect(o.scopes).toMatch(/\bopenid\b.*\bfhirUser\b|\bfhirUser\b.*\bopenid\b/);
  });

  test('every field gets its own Dutch message', () => {
    const r = parseOptions({ fhirBase: 'http://fhir.ziekenhuis.nl/r4', clientId: 'a b', scopes: 'user/Patient.rs', adapters: [{ id: 'x' }], defaultRole: 'chirurg', language: 'de' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.fhirBase).toEqual(['De FHIR-server moet https gebruiken (http alleen voor 127.0.0.1/localhost, de demo)']);
    expect(r.errors.clientId?.[0]).toMatch(/^Client-id: /);
    expect(r.errors.scopes).toEqual(['Scopes moeten "openid" en "fhirUser" bevatten (wie er schrijft)']);
    expect(r.errors.adapters?.[0]).toMatch(/^Koppeling 1 \(x\), veld name: /);
    expect(r.errors.defaultRole?.[0]).toMatch(/^Kies een rol: specialist/);
    expect(r.errors.language).toEqual(['Kies Nederlands (nl) of Engels (en)']);
    const notUrl = parseOptions({ ...DEFAULT_OPTIONS, fhirBase: 'fhir.ziekenhuis.nl' });
    expect(notUrl.ok || notUrl.errors.fhirBase).toEqual(['Geef een volledig adres, bv. https://fhir.ziekenhuis.nl/r4']);
  });

  test('saved options round-trip; a stored value that no longer validates falls back to its default only', async () => {
    await saveOptions(fakeBrowser.storage.local, { ...DEFAULT_OPTIONS, fhirBase: 'https://fhir.ziekenhuis.nl/r4', adapters: [HOSPITAL] });
    expect((await loadOptions(fakeBrowser.storage.local)).adapters).toEqual([HOSPITAL]);
    await fakeBrowser.storage.local.set({ [OPTIONS_KEY]: { fhirBase: 'ftp://x', defaultRole: 'zaalarts' } });
    const o = await loadOptions(fakeBrowser.storage.local);
    expect(o.fhirBase).toBe(DEFAULT_OPTIONS.fhirBase);
    expect(o.defaultRole).toBe('zaalarts');
  });

  test('active adapters: built-ins plus the hospital’s own; an own adapter with a built-in id replaces it', () => {
    expect(activeAdapters({ adapters: [HOSPITAL] }).map((a) => a.id)).toEqual(['demo-epd', 'hix']);
    const mine = { ...DEMO_EHR_ADAPTER, name: 'Eigen demo', origins: ['http://localhost/*'] };
    expect(activeAdapters({ adapters: [mine] })).toEqual([mine]);
  });
});
