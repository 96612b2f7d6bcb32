// The merge of hospital policy (managed), the user's options (local) and the defaults, field by field.
import { describe, expect, it } from 'vitest';
import { DEMO_EHR_BSN_ADAPTER } from '../../lib/ehr/builtin';
import { MANAGED_FIELDS, mergeSettings } from '../../lib/extension/managed-settings';
import { DEFAULT_OPTIONS, loadSettings, OPTIONS_KEY, readManaged } from '../../lib/extension/options';

const HOSPITAL = 'https://fhir.ziekenhuis.example/r4';
const USER = 'https://fhir.eigen.example/r4';

describe('mergeSettings: managed > user > default', () => {
  it('nothing set: the defaults, nothing locked, nothing reported', () => {
    expect(mergeSettings({})).toEqual({ options: DEFAULT_OPTIONS, locked: [], managedErrors: {} });
  });

  it('the user value wins over the default, the managed value over both, and only the managed field is locked', () => {
    const s = mergeSettings({ managed: { fhirBase: HOSPITAL }, user: { fhirBase: USER, language: 'en' } });
    expect(s.options.fhirBase).toBe(HOSPITAL);
    expect(s.options.language).toBe('en');
    expect(s.options.clientId).toBe(DEFAULT_OPTIONS.clientId);
    expect(s.locked).toEqual(['fhirBase']);
    expect(s.managedErrors).toEqual({});
  });

  it('every field of the schema can be set by policy and is then locked', () => {
    const managed = {
      fhirBase: HOSPITAL,
      clientId: 'zorgpad-umc',
      scopes: 'openid fhirUser user/Patient.rs',
      adapters: [{ ...DEMO_EHR_BSN_ADAPTER, origins: ['https://epd.ziekenhuis.example/*'] }],
      defaultRole: 'verpleegkundige',
      language: 'en',
      palliativeTeam: { name: 'Palliatief team UMC', phone: '+31 30 123 4567', email: 'palliatief@ziekenhuis.example', url: 'https://ziekenhuis.example/palliatief' },
      hospitalConfigUrl: 'https://ziekenhuis.example/zorgpad.json',
    };
    const s = mergeSettings({ managed, user: { fhirBase: USER, defaultRole: 'zaalarts' } });
    expect(s.managedErrors).toEqual({});
    expect(s.locked).toEqual([...MANAGED_FIELDS]);
    expect(s.options).toEqual(managed);
  });

  it('an invalid managed value is reported and ignored: the user value (or the default) is used, the other managed values still apply', () => {
    const s = mergeSettings({
      managed: { fhirBase: 'http://fhir.ziekenhuis.example/r4', defaultRole: 'chirurg', clientId: 'zorgpad-umc' },
      user: { fhirBase: USER },
    });
    expect(s.options.fhirBase).toBe(USER);
    expect(s.options.defaultRole).toBe(DEFAULT_OPTIONS.defaultRole);
    expect(s.options.clientId).toBe('zorgpad-umc');
    expect(s.locked).toEqual(['clientId']);
    expect(s.managedErrors.fhirBase).toEqual(['Instelling van uw ziekenhuis genegeerd: De FHIR-server moet https gebruiken (http alleen voor 127.0.0.1/localhost, de demo)']);
    expect(s.managedErrors.defaultRole?.[0]).toMatch(/^Instelling van uw ziekenhuis genegeerd: Kies een rol: /);
  });

  it('an invalid adapter list by policy names the adapter and the field, and the list is ignored', () => {
    const s = mergeSettings({ managed: { adapters: [{ ...DEMO_EHR_BSN_ADAPTER, origins: ['<all_urls>'] }] } });
    expect(s.options.adapters).toEqual([]);
    expect(s.locked).toEqual([]);
    expect(s.managedErrors.adapters?.[0]).toContain('Koppeling 1 (demo-epd-bsn)');
    expect(s.managedErrors.adapters?.[0]).toContain('<all_urls>');
  });

  it('an unknown policy key is reported, a wrong palliative team or config URL too, and the rest applies', () => {
    const s = mergeSettings({ managed: { fhirBaseUrl: HOSPITAL, palliativeTeam: { naam: 'x' }, hospitalConfigUrl: 'http://ziekenhuis.example/c.json', language: 'en' } });
    expect(Object.keys(s.managedErrors).sort()).toEqual(['fhirBaseUrl', 'hospitalConfigUrl', 'palliativeTeam']);
    expect(s.managedErrors.fhirBaseUrl).toEqual(['Onbekende instelling "fhirBaseUrl": genegeerd']);
    expect(s.options.palliativeTeam).toBeUndefined();
    expect(s.options.hospitalConfigUrl).toBeUndefined();
    expect(s.options.language).toBe('en');
    expect(s.locked).toEqual(['language']);
  });

  it('an invalid stored user value falls back to the default, the valid ones stay', () => {
    const s = mergeSettings({ user: { fhirBase: 'geen url', scopes: 'openid fhirUser user/*.rs' } });
    expect(s.options.fhirBase).toBe(DEFAULT_OPTIONS.fhirBase);
    expect(s.options.scopes).toBe('openid fhirUser user/*.rs');
    expect(s.managedErrors).toEqual({});
  });

  it('renders the reasons in the caller\'s language through translate', () => {
    const s = mergeSettings({ managed: { nope: 1 } }, (key, values) => `${key}|${JSON.stringify(values)}`);
    expect(s.managedErrors.nope).toEqual(['options.managedUnknown|{"key":"nope"}']);
  });

  it('a managed area that is not an object (or absent) counts as no policy', () => {
    expect(mergeSettings({ managed: 'fhirBase' }).locked).toEqual([]);
    expect(mergeSettings({ managed: [1, 2] }).managedErrors).toEqual({});
  });
});

describe('reading the storage areas', () => {
  const local = (stored: unknown) => ({ get: async () => ({ [OPTIONS_KEY]: stored }), set: async () => {} });

  it('a managed area that throws (Firefox without a policy) is empty, never an error', async () => {
    expect(await readManaged({ get: async () => Promise.reject(new Error('Managed storage manifest not found')) })).toEqual({});
    expect(await readManaged(undefined)).toEqual({});
  });

  it('loadSettings merges the managed area over storage.local', async () => {
    const s = await loadSettings(local({ fhirBase: USER, language: 'en' }), { get: async () => ({ fhirBase: HOSPITAL }) });
    expect(s.options.fhirBase).toBe(HOSPITAL);
    expect(s.options.language).toBe('en');
    expect(s.locked).toEqual(['fhirBase']);
  });
});
