// The policy examples in docs/policies/ (for docs/hospital-it.md) are what IT copies: they must name
// our ids, fit public/managed_schema.json (the types Chromium checks before the extension sees a value)
// and pass the extension's own field-by-field validation with nothing ignored.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXTENSION_ID } from '../../lib/extension/extension-id';
import { MANAGED_FIELDS, mergeSettings } from '../../lib/extension/managed-settings';

type Schema = { type: string; properties?: Record<string, Schema>; items?: Schema };
const SCHEMA = JSON.parse(readFileSync('public/managed_schema.json', 'utf8')) as Schema;
const GECKO_ID = 'palliatief-zorgpad@zorgpad.example';
const read = (f: string) => JSON.parse(readFileSync(`docs/policies/${f}`, 'utf8'));

/** Type problems of `value` against the Chrome managed-storage schema subset we use (object, array, string, boolean). */
function schemaErrors(schema: Schema, value: unknown, path = ''): string[] {
  const type = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  if (type !== schema.type) return [`${path || '/'}: ${type}, schema says ${schema.type}`];
  if (schema.type === 'array') return (value as unknown[]).flatMap((v, i) => schemaErrors(schema.items!, v, `${path}/${i}`));
  if (schema.type === 'object' && schema.properties)
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => (schema.properties![k] ? schemaErrors(schema.properties![k], v, `${path}/${k}`) : [`${path}/${k}: not in the schema`]));
  return [];
}

/** A .reg file's values under `root` as the object Chromium makes of them (subkeys 1, 2, … are a list). */
function regToObject(text: string, root: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let target: Record<string, unknown> | undefined;
  for (const line of text.split(/\r?\n/)) {
    const key = /^\[(.+)\]$/.exec(line)?.[1];
    if (key !== undefined) {
      target = undefined;
      if (!key.startsWith(root)) continue;
      target = out;
      for (const part of key.slice(root.length).split('\\').filter(Boolean)) target = (target[part] ??= {}) as Record<string, unknown>;
      continue;
    }
    const m = /^"([^"]+)"="((?:[^"\\]|\\.)*)"$/.exec(line);
    if (m && target) target[m[1]] = m[2].replace(/\\(.)/g, '$1');
  }
  const lists = (v: unknown): unknown => {
    if (!v || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length && keys.every((k, i) => k === String(i + 1))) return keys.map((k) => lists(o[k]));
    return Object.fromEntries(keys.map((k) => [k, lists(o[k])]));
  };
  return lists(out) as Record<string, unknown>;
}

function expectValidPolicy(values: Record<string, unknown>) {
  expect(schemaErrors(SCHEMA, values)).toEqual([]);
  const s = mergeSettings({ managed: values });
  expect(s.managedErrors).toEqual({});
  expect(s.locked.sort()).toEqual(Object.keys(values).sort());
}

describe('policy examples', () => {
  it('the schema has exactly the fields the extension merges', () => {
    expect(Object.keys(SCHEMA.properties!).sort()).toEqual([...MANAGED_FIELDS].sort());
  });

  it('Chromium/Chrome on Linux (/etc/chromium/policies/managed/*.json): our id, force-installed, valid 3rdparty values', () => {
    const p = read('chromium-linux.json');
    expect(Object.keys(p.ExtensionSettings)).toEqual([EXTENSION_ID]);
    expect(p.ExtensionSettings[EXTENSION_ID].installation_mode).toBe('force_installed');
    expect(Object.keys(p['3rdparty'].extensions)).toEqual([EXTENSION_ID]);
    expectValidPolicy(p['3rdparty'].extensions[EXTENSION_ID]);
  });

  it('Windows registry (.reg): the same values as subkeys, valid', () => {
    const reg = readFileSync('docs/policies/chrome-windows.reg', 'utf8');
    const chrome = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome';
    const settings = JSON.parse(regToObject(reg, chrome).ExtensionSettings as string);
    expect(settings[EXTENSION_ID].installation_mode).toBe('force_installed');
    const values = regToObject(reg, `${chrome}\\3rdparty\\extensions\\${EXTENSION_ID}\\policy`);
    expect(values.adapters).toEqual([expect.objectContaining({ id: 'epd-ziekenhuis', origins: ['https://epd.ziekenhuis.example/*'], textPattern: 'BSN:\\s*(\\d{9})' })]);
    expectValidPolicy(values);
  });

  it('Firefox (policies.json): the gecko id, force-installed, valid 3rdparty values', () => {
    const p = read('firefox-policies.json').policies;
    expect(p.ExtensionSettings[GECKO_ID].installation_mode).toBe('force_installed');
    expect(Object.keys(p['3rdparty'].Extensions)).toEqual([GECKO_ID]);
    expectValidPolicy(p['3rdparty'].Extensions[GECKO_ID]);
  });

  it('an example with a wrong type is caught by the schema check (the check can fail)', () => {
    expect(schemaErrors(SCHEMA, { adapters: 'epd' })).toEqual(['/adapters: string, schema says array']);
  });
});
