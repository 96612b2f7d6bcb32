// Hospital policy over the user's own settings: managed (storage.managed, set by IT through
// public/managed_schema.json) > user (storage.local, the options page) > default, decided field by
// field. Each candidate value is validated with the options page's own schema (OptionsSchema); an
// invalid managed value is reported (options page) and ignored, so a typo in a policy file costs one
// field, never the extension. Pure: the caller reads the storage areas (lib/extension/options.ts).
import { catalogTranslate, type Translate } from '../ehr/messages';
import { DEFAULT_OPTIONS, OPTIONS_MESSAGES_NL, parseOptions, type ExtensionOptions } from './options';

/** The fields a hospital can set by policy: every key of public/managed_schema.json. */
export const MANAGED_FIELDS = ['fhirBase', 'clientId', 'scopes', 'adapters', 'defaultRole', 'language', 'palliativeTeam', 'hospitalConfigUrl'] as const;
export type ManagedField = (typeof MANAGED_FIELDS)[number];

export interface Settings {
  /** what the extension uses */
  options: ExtensionOptions;
  /** fields whose value comes from the hospital's policy (locked in the options page) */
  locked: ManagedField[];
  /** managed values that were ignored, by policy key, with the reason (in the caller's language) */
  managedErrors: Record<string, string[]>;
}

// lazy: options.ts imports this module (loadSettings), so its constants are not there yet at load time
const dutch: Translate = (key, values) => catalogTranslate({ options: OPTIONS_MESSAGES_NL })(key, values);
const isField = (k: string): k is ManagedField => (MANAGED_FIELDS as readonly string[]).includes(k);
const asRecord = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** The messages why `value` is not valid for `field`, or [] if it is (the options page's own messages). */
function fieldErrors(field: ManagedField, value: unknown, translate?: Translate): string[] {
  const r = parseOptions({ ...DEFAULT_OPTIONS, [field]: value }, translate);
  return r.ok ? [] : (r.errors[field] ?? []);
}

export function mergeSettings(input: { managed?: unknown; user?: unknown; defaults?: ExtensionOptions }, translate?: Translate): Settings {
  const managed = asRecord(input.managed);
  const user = asRecord(input.user);
  const defaults = input.defaults ?? DEFAULT_OPTIONS;
  const tr = translate ?? dutch;
  const out: Record<string, unknown> = { ...defaults };
  const locked: ManagedField[] = [];
  const managedErrors: Record<string, string[]> = {};

  for (const key of Object.keys(managed)) {
    if (!isField(key)) managedErrors[key] = [tr('options.managedUnknown', { key })];
  }
  for (const field of MANAGED_FIELDS) {
    if (field in managed && managed[field] !== undefined) {
      const errs = fieldErrors(field, managed[field], translate);
      if (!errs.length) {
        out[field] = managed[field];
        locked.push(field);
        continue;
      }
      managedErrors[field] = errs.map((message) => tr('options.managedIgnored', { message }));
    }
    if (field in user && user[field] !== undefined && !fieldErrors(field, user[field]).length) out[field] = user[field];
  }
  // every field is valid on its own, and no rule spans fields: the whole parses (and trims, as the page does)
  const r = parseOptions(out, translate);
  return { options: r.ok ? r.options : defaults, locked, managedErrors };
}
