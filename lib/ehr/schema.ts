// Validation of EHR adapters (built in, or pasted as JSON in the options page) with messages that say
// which adapter and which field is wrong: Dutch by default, any language through a `translate`
// (texts and keys in ./messages). Not imported by the content script (keeps zod off EHR pages).
import { z } from 'zod';
import { MatchPattern } from 'wxt/utils/match-patterns';
import type { EhrAdapter } from './types';
import { dutchAdapterMessages, messageBook, renderIssueMessage, type Translate } from './messages';

export type { Translate } from './messages';

// Dutch texts in the schema (issue.message), keys remembered to render them in another language
const M = messageBook(dutchAdapterMessages);
const a = (key: string) => `adapter.${key}`;

const compiles = (s: string) => {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
};

const matchPattern = z.string().superRefine((p, ctx) => {
  if (p === '<all_urls>' || /^\*:\/\/\*\//.test(p) || /^https?:\/\/\*\//.test(p)) {
    ctx.addIssue({ code: 'custom', ...M.issue(a('allUrls'), { pattern: p }) });
    return;
  }
  // plain http only on this machine (the demo): an EHR elsewhere sends patient data, so https
  if (/^(\*|http):\/\//.test(p) && !/^http:\/\/(127\.0\.0\.1|localhost)\//.test(p)) {
    ctx.addIssue({ code: 'custom', ...M.issue(a('httpsOnly'), { pattern: p }) });
    return;
  }
  try {
    if (!/^https?:\/\//.test(p)) throw new Error('protocol');
    new MatchPattern(p);
  } catch {
    ctx.addIssue({ code: 'custom', ...M.issue(a('badPattern'), { pattern: p }) });
  }
});

const regexString = (what: string) =>
  z
    .string()
    .min(1, M.text(a('regexEmpty'), { field: what }))
    .max(500, M.text(a('regexTooLong'), { field: what }))
    .refine(compiles, { message: M.text(a('regexInvalid'), { field: what }) });

export const EhrAdapterSchema = z
  .object({
    id: z
      .string({ error: M.text(a('idMissing')) })
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, M.text(a('idFormat'))),
    name: z
      .string({ error: M.text(a('nameMissing')) })
      .trim()
      .min(1, M.text(a('nameMissing')))
      .max(80, M.text(a('nameTooLong'))),
    origins: z.array(matchPattern, { error: M.text(a('originsNotList')) }).min(1, M.text(a('originsEmpty'))),
    urlPattern: regexString('urlPattern').optional(),
    selector: z.string().trim().min(1, M.text(a('selectorEmpty'))).max(300).optional(),
    attribute: z
      .string()
      .regex(/^[A-Za-z_][\w.:-]*$/, M.text(a('attributeFormat')))
      .optional(),
    textPattern: regexString('textPattern').optional(),
    identifierSystem: z.url({ error: M.text(a('identifierSystemUri')) }).optional(),
    fhirId: z.literal(true, { error: M.text(a('fhirIdTrue')) }).optional(),
    anchor: z.string().trim().min(1, M.text(a('anchorEmpty'))).max(300).optional(),
  })
  .strict()
  .superRefine((ad, ctx) => {
    if (!ad.urlPattern && !ad.selector) ctx.addIssue({ code: 'custom', ...M.issue(a('urlPatternOrSelector')) });
    if (!ad.fhirId === !ad.identifierSystem) ctx.addIssue({ code: 'custom', ...M.issue(a('identifierOrFhirId')) });
    if ((ad.attribute || ad.textPattern) && !ad.selector) ctx.addIssue({ code: 'custom', path: ['selector'], ...M.issue(a('selectorNeeded')) });
    if (ad.urlPattern && !ad.selector && !/\((?!\?[:=!<])|\(\?<value>/.test(ad.urlPattern))
      ctx.addIssue({ code: 'custom', path: ['urlPattern'], ...M.issue(a('urlPatternGroup')) });
    // querySelector throws on invalid selectors; check where a DOM exists (options page), not in the service worker
    const doc = (globalThis as { document?: Document }).document;
    for (const field of ['selector', 'anchor'] as const) {
      const sel = ad[field];
      if (!sel || !doc) continue;
      try {
        doc.createDocumentFragment().querySelector(sel);
      } catch {
        ctx.addIssue({ code: 'custom', path: [field], ...M.issue(a('badSelector'), { field, selector: sel }) });
      }
    }
  }) satisfies z.ZodType<EhrAdapter>;

export const EhrAdapterListSchema = z
  .array(EhrAdapterSchema, { error: M.text(a('notList')) })
  .max(20, M.text(a('tooMany')))
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((ad, i) => {
      if (seen.has(ad.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], ...M.issue(a('duplicateId'), { id: ad.id }) });
      seen.add(ad.id);
    });
  });

export type AdapterParse = { ok: true; adapters: EhrAdapter[] } | { ok: false; errors: string[] };

/**
 * One line per problem, naming the adapter (by number and id) and the field: in Dutch, or through
 * `translate` (keys `adapter.*`, see ADAPTER_MESSAGES_NL in ./messages) in the caller's language.
 */
export function formatIssues(error: z.ZodError, input: unknown, translate?: Translate): string[] {
  const tr = translate ?? dutchAdapterMessages;
  return error.issues.map((i) => {
    const [index, ...rest] = i.path;
    if (typeof index !== 'number') return renderIssueMessage(M, i, translate);
    const id = Array.isArray(input) && input[index] && typeof input[index] === 'object' ? (input[index] as { id?: unknown }).id : undefined;
    const where = typeof id === 'string' ? tr(a('whereWithId'), { n: index + 1, id }) : tr(a('where'), { n: index + 1 });
    // unknown keys: zod names them in `keys`
    const message =
      i.code === 'unrecognized_keys' ? tr(a('unknownKeys'), { keys: (i as { keys?: string[] }).keys?.join(', ') ?? 'undefined' }) : renderIssueMessage(M, i, translate);
    return rest.length ? tr(a('issueField'), { where, field: rest.join('.'), message }) : tr(a('issue'), { where, message });
  });
}

/** Parse adapter JSON text as typed in the options page; messages in Dutch unless `translate` is given. */
export function parseAdapterJson(text: string, translate?: Translate): AdapterParse {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [(translate ?? dutchAdapterMessages)(a('invalidJson'), { error: e instanceof Error ? e.message : String(e) })] };
  }
  return parseAdapters(input, translate);
}

export function parseAdapters(input: unknown, translate?: Translate): AdapterParse {
  const r = EhrAdapterListSchema.safeParse(input);
  return r.success ? { ok: true, adapters: r.data as EhrAdapter[] } : { ok: false, errors: formatIssues(r.error, input, translate) };
}
