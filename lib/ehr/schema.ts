// Validation of EHR adapters (built in, or pasted as JSON in the options page) with Dutch messages that
// say which adapter and which field is wrong. Not imported by the content script (keeps zod off EHR pages).
import { z } from 'zod';
import { MatchPattern } from 'wxt/utils/match-patterns';
import type { EhrAdapter } from './types';

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
    ctx.addIssue({ code: 'custom', message: `"${p}" geeft toegang tot alle websites; geef het adres van het EPD, bv. https://epd.ziekenhuis.nl/*` });
    return;
  }
  // plain http only on this machine (the demo): an EHR elsewhere sends patient data, so https
  if (/^(\*|http):\/\//.test(p) && !/^http:\/\/(127\.0\.0\.1|localhost)\//.test(p)) {
    ctx.addIssue({ code: 'custom', message: `"${p}": alleen https-adressen (http alleen voor 127.0.0.1 en localhost)` });
    return;
  }
  try {
    if (!/^https?:\/\//.test(p)) throw new Error('protocol');
    new MatchPattern(p);
  } catch {
    ctx.addIssue({ code: 'custom', message: `"${p}" is geen geldig adrespatroon; gebruik bv. https://epd.ziekenhuis.nl/* (zonder poortnummer)` });
  }
});

const regexString = (what: string) =>
  z
    .string()
    .min(1, `${what} is leeg`)
    .max(500, `${what} is te lang (max. 500 tekens)`)
    .refine(compiles, { message: `${what} is geen geldige reguliere expressie` });

export const EhrAdapterSchema = z
  .object({
    id: z
      .string({ error: 'id ontbreekt' })
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'id: alleen kleine letters, cijfers en streepjes (max. 40 tekens)'),
    name: z.string({ error: 'naam ontbreekt' }).trim().min(1, 'naam ontbreekt').max(80, 'naam is te lang (max. 80 tekens)'),
    origins: z.array(matchPattern, { error: 'origins moet een lijst van adrespatronen zijn' }).min(1, 'origins: geef minstens één adres van het EPD'),
    urlPattern: regexString('urlPattern').optional(),
    selector: z.string().trim().min(1, 'selector is leeg').max(300).optional(),
    attribute: z
      .string()
      .regex(/^[A-Za-z_][\w.:-]*$/, 'attribute: geef de naam van een attribuut, bv. data-patient-id')
      .optional(),
    textPattern: regexString('textPattern').optional(),
    identifierSystem: z.url({ error: 'identifierSystem moet een URI zijn, bv. http://fhir.nl/fhir/NamingSystem/bsn' }).optional(),
    fhirId: z.literal(true, { error: 'fhirId mag alleen true zijn' }).optional(),
    anchor: z.string().trim().min(1, 'anchor is leeg').max(300).optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (!a.urlPattern && !a.selector) ctx.addIssue({ code: 'custom', message: 'geef een urlPattern of een selector: waar staat de patiënt op de pagina?' });
    if (!a.fhirId === !a.identifierSystem)
      ctx.addIssue({ code: 'custom', message: 'geef óf identifierSystem (bv. het BSN-systeem) óf fhirId: true (de waarde is het FHIR Patient-id)' });
    if ((a.attribute || a.textPattern) && !a.selector) ctx.addIssue({ code: 'custom', path: ['selector'], message: 'attribute en textPattern werken op een selector; die ontbreekt' });
    if (a.urlPattern && !a.selector && !/\((?!\?[:=!<])|\(\?<value>/.test(a.urlPattern))
      ctx.addIssue({ code: 'custom', path: ['urlPattern'], message: 'urlPattern zonder selector moet een groep ( … ) hebben die de patiëntwaarde vangt' });
    // querySelector throws on invalid selectors; check where a DOM exists (options page), not in the service worker
    const doc = (globalThis as { document?: Document }).document;
    for (const field of ['selector', 'anchor'] as const) {
      const sel = a[field];
      if (!sel || !doc) continue;
      try {
        doc.createDocumentFragment().querySelector(sel);
      } catch {
        ctx.addIssue({ code: 'custom', path: [field], message: `${field} "${sel}" is geen geldige CSS-selector` });
      }
    }
  }) satisfies z.ZodType<EhrAdapter>;

export const EhrAdapterListSchema = z
  .array(EhrAdapterSchema, { error: 'verwacht een lijst [ … ] van EPD-koppelingen' })
  .max(20, 'maximaal 20 EPD-koppelingen')
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((a, i) => {
      if (seen.has(a.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `id "${a.id}" komt twee keer voor` });
      seen.add(a.id);
    });
  });

export type AdapterParse = { ok: true; adapters: EhrAdapter[] } | { ok: false; errors: string[] };

/** One Dutch line per problem, naming the adapter (by number and id) and the field. */
export function formatIssues(error: z.ZodError, input: unknown): string[] {
  return error.issues.map((i) => {
    const [index, ...rest] = i.path;
    if (typeof index !== 'number') return i.message;
    const id = Array.isArray(input) && input[index] && typeof input[index] === 'object' ? (input[index] as { id?: unknown }).id : undefined;
    const where = `Koppeling ${index + 1}${typeof id === 'string' ? ` (${id})` : ''}`;
    const field = rest.length ? `, veld ${rest.join('.')}` : '';
    // unknown keys: zod names them in `keys`
    const msg = i.code === 'unrecognized_keys' ? `onbekend veld ${(i as { keys?: string[] }).keys?.join(', ')}` : i.message;
    return `${where}${field}: ${msg}`;
  });
}

/** Parse adapter JSON text as typed in the options page. */
export function parseAdapterJson(text: string): AdapterParse {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [`Geen geldige JSON: ${e instanceof Error ? e.message : String(e)}`] };
  }
  return parseAdapters(input);
}

export function parseAdapters(input: unknown): AdapterParse {
  const r = EhrAdapterListSchema.safeParse(input);
  return r.success ? { ok: true, adapters: r.data as EhrAdapter[] } : { ok: false, errors: formatIssues(r.error, input) };
}
