// The extension's settings (options page), kept in storage.local: no secrets in here, tokens live
// in storage.session (lib/fhir/extension-auth.ts). Every field has a message for the options page: in
// Dutch (OPTIONS_MESSAGES_NL), or in the page's language through a `translate` (keys `options.*` and,
// for the adapters, `adapter.*` from lib/ehr/messages.ts).
import { z } from 'zod';
import { catalogTranslate, messageBook, renderIssueMessage, type Translate } from '../ehr/messages';
import { EhrAdapterListSchema, formatIssues } from '../ehr/schema';
import { BUILTIN_ADAPTERS } from '../ehr/builtin';
import type { EhrAdapter } from '../ehr/types';
import { ROLES, type Role } from '../pathway/types';
import { SMART_CLIENT_ID, smartScopes } from '../fhir/smart-policy';
import { mergeSettings, type Settings } from './managed-settings';

export const OPTIONS_KEY = 'pz-options';
export const DEFAULT_FHIR_BASE = 'http://127.0.0.1:8787/fhir';
export const LANGUAGES = ['nl', 'en'] as const;

/** Dutch texts of the options' own fields (the adapters' are in lib/ehr/messages.ts). */
export const OPTIONS_MESSAGES_NL = {
  fhirBaseNotUrl: 'Geef een volledig adres, bv. https://fhir.ziekenhuis.nl/r4',
  fhirBaseHttps: 'De FHIR-server moet https gebruiken (http alleen voor 127.0.0.1/localhost, de demo)',
  fhirBaseOnlyBase: 'Alleen het basisadres van de FHIR-server, zonder ?, # of inlognaam',
  clientIdFormat: 'Client-id: letters, cijfers, punt, streepje of dubbele punt (max. 100 tekens)',
  scopesEmpty: 'Geef minstens één scope',
  scopesFormat: 'Scopes: gescheiden door spaties, bv. "openid fhirUser user/Patient.rs"',
  scopesRequired: 'Scopes moeten "openid" en "fhirUser" bevatten (wie er schrijft)',
  defaultRole: 'Kies een rol: {{roles}}',
  language: 'Kies Nederlands (nl) of Engels (en)',
  palliativeTeam: 'Palliatief team: een object met name (verplicht), phone, email en/of url (https)',
  hospitalConfigUrl: 'Configuratiebestand van het ziekenhuis: een https-adres',
  managedUnknown: 'Onbekende instelling "{{key}}": genegeerd',
  managedIgnored: 'Instelling van uw ziekenhuis genegeerd: {{message}}',
} as const;

const M = messageBook(catalogTranslate({ options: OPTIONS_MESSAGES_NL }));
const o = (key: keyof typeof OPTIONS_MESSAGES_NL) => `options.${key}`;

const TEAM = M.text(o('palliativeTeam'));

const isLoopback = (u: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);

export const OptionsSchema = z.object({
  fhirBase: z
    .string()
    .trim()
    .superRefine((s, ctx) => {
      let u: URL;
      try {
        u = new URL(s);
      } catch {
        ctx.addIssue({ code: 'custom', ...M.issue(o('fhirBaseNotUrl')) });
        return;
      }
      if (u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopback(u)))
        ctx.addIssue({ code: 'custom', ...M.issue(o('fhirBaseHttps')) });
      else if (u.search || u.hash || u.username) ctx.addIssue({ code: 'custom', ...M.issue(o('fhirBaseOnlyBase')) });
    }),
  clientId: z.string().trim().regex(/^[\w.\-:]{1,100}$/, M.text(o('clientIdFormat'))),
  scopes: z
    .string()
    .trim()
    .min(1, M.text(o('scopesEmpty')))
    .refine((s) => s.split(/\s+/).every((x) => /^[\w/.*:\-?=|,]+$/.test(x)), M.text(o('scopesFormat')))
    .refine((s) => s.split(/\s+/).includes('openid') && s.split(/\s+/).includes('fhirUser'), M.text(o('scopesRequired'))),
  adapters: EhrAdapterListSchema,
  defaultRole: z.enum(ROLES, { error: M.text(o('defaultRole'), { roles: ROLES.join(', ') }) }),
  language: z.enum(LANGUAGES, { error: M.text(o('language')) }),
  // set by hospital IT (managed storage, lib/extension/managed-settings.ts); shown, not typed, in the options page
  palliativeTeam: z
    .strictObject(
      {
        name: z.string({ error: TEAM }).trim().min(1, TEAM).max(120, TEAM),
        phone: z.string({ error: TEAM }).trim().regex(/^[+\d][\d \-()]{5,24}$/, TEAM).optional(),
        email: z.email({ error: TEAM }).optional(),
        url: z.url({ protocol: /^https$/, error: TEAM }).optional(),
      },
      { error: TEAM },
    )
    .optional(),
  hospitalConfigUrl: z.url({ protocol: /^https$/, error: M.text(o('hospitalConfigUrl')) }).optional(),
});

export type ExtensionOptions = z.infer<typeof OptionsSchema> & { adapters: EhrAdapter[]; defaultRole: Role };

export const DEFAULT_OPTIONS: ExtensionOptions = {
  fhirBase: DEFAULT_FHIR_BASE,
  clientId: SMART_CLIENT_ID,
  scopes: smartScopes('user'),
  adapters: [],
  defaultRole: 'specialist',
  language: 'nl',
};

export type OptionsParse = { ok: true; options: ExtensionOptions } | { ok: false; errors: Partial<Record<keyof ExtensionOptions, string[]>> };

/**
 * Validate a full options object; errors per field, adapter errors one line per problem. Messages in
 * Dutch, or rendered by `translate` (keys `options.*`, `adapter.*`) in the caller's language.
 */
export function parseOptions(input: unknown, translate?: Translate): OptionsParse {
  const r = OptionsSchema.safeParse(input);
  if (r.success) return { ok: true, options: r.data as ExtensionOptions };
  const errors: Partial<Record<keyof ExtensionOptions, string[]>> = {};
  for (const issue of r.error.issues) {
    const field = issue.path[0] as keyof ExtensionOptions;
    const text =
      field === 'adapters'
        ? formatIssues(new z.ZodError([{ ...issue, path: issue.path.slice(1) }]), (input as { adapters?: unknown })?.adapters, translate)[0]
        : renderIssueMessage(M, issue, translate);
    (errors[field] ??= []).push(text);
  }
  return { ok: false, errors };
}

export interface StorageAreaLike {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/** The managed area (hospital policy): read whole; absent or unreadable (Firefox without policy) is empty. */
export interface ManagedAreaLike {
  get(keys: null): Promise<Record<string, unknown>>;
}

/** Read the managed area; any failure means "no policy", never a broken extension. */
async function readManagedNow(area: ManagedAreaLike | undefined): Promise<Record<string, unknown>> {
  try {
    const v = await area?.get(null);
    return v && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
}

export const readManaged = readManagedNow;

/**
 * The managed area read once and kept until the policy changes (`forget()`, on storage.onChanged for
 * 'managed'). Chromium answers storage.managed slowly (seconds on a fresh profile, while it loads policy),
 * and the background reads the options on every EHR page message.
 */
export function memoizedManaged(area: ManagedAreaLike | undefined): { area: ManagedAreaLike; forget(): void } {
  let cached: Promise<Record<string, unknown>> | undefined;
  return {
    area: { get: () => (cached ??= readManagedNow(area)) },
    forget: () => void (cached = undefined),
  };
}


/**
 * The options in effect and what the hospital locked: managed (policy) > stored (user) > default,
 * field by field (lib/extension/managed-settings.ts). A value that does not validate is skipped.
 */
export async function loadSettings(area: StorageAreaLike, managed?: ManagedAreaLike, translate?: Translate): Promise<Settings> {
  const stored = ((await area.get(OPTIONS_KEY))[OPTIONS_KEY] ?? {}) as Record<string, unknown>;
  return mergeSettings({ managed: await readManaged(managed), user: stored }, translate);
}

/** The options in effect (see loadSettings). */
export async function loadOptions(area: StorageAreaLike, managed?: ManagedAreaLike): Promise<ExtensionOptions> {
  return (await loadSettings(area, managed)).options;
}

export async function saveOptions(area: StorageAreaLike, options: ExtensionOptions): Promise<void> {
  await area.set({ [OPTIONS_KEY]: options });
}

/** The built-in adapters plus the hospital's own (a custom adapter with a built-in id replaces it). */
export function activeAdapters(options: Pick<ExtensionOptions, 'adapters'>): EhrAdapter[] {
  const custom = new Set(options.adapters.map((a) => a.id));
  return [...BUILTIN_ADAPTERS.filter((a) => !custom.has(a.id)), ...options.adapters];
}
