// Validation messages as keys + values, so a page can show them in its own language. The Dutch texts
// here are the defaults (and the reference: tests assert them verbatim); other languages live with the
// page that shows them (entrypoints/options/options-strings.ts, under `validation.*`). No i18next here:
// a caller passes its own `translate`.

/** Renders a message key (e.g. 'adapter.idMissing') with its values; i18next's `t` fits, given a prefix. */
export type Translate = (key: string, values?: Record<string, string | number>) => string;

/** A message before rendering: the key in the catalog and the values for its {{placeholders}}. */
export interface Message {
  key: string;
  values?: Record<string, string | number>;
}

/** Dutch texts of the EHR adapter validation (lib/ehr/schema.ts). */
export const ADAPTER_MESSAGES_NL = {
  allUrls: '"{{pattern}}" geeft toegang tot alle websites; geef het adres van het EPD, bv. https://epd.ziekenhuis.nl/*',
  httpsOnly: '"{{pattern}}": alleen https-adressen (http alleen voor 127.0.0.1 en localhost)',
  badPattern: '"{{pattern}}" is geen geldig adrespatroon; gebruik bv. https://epd.ziekenhuis.nl/* (zonder poortnummer)',
  regexEmpty: '{{field}} is leeg',
  regexTooLong: '{{field}} is te lang (max. 500 tekens)',
  regexInvalid: '{{field}} is geen geldige reguliere expressie',
  idMissing: 'id ontbreekt',
  idFormat: 'id: alleen kleine letters, cijfers en streepjes (max. 40 tekens)',
  nameMissing: 'naam ontbreekt',
  nameTooLong: 'naam is te lang (max. 80 tekens)',
  originsNotList: 'origins moet een lijst van adrespatronen zijn',
  originsEmpty: 'origins: geef minstens één adres van het EPD',
  selectorEmpty: 'selector is leeg',
  attributeFormat: 'attribute: geef de naam van een attribuut, bv. data-patient-id',
  identifierSystemUri: 'identifierSystem moet een URI zijn, bv. http://fhir.nl/fhir/NamingSystem/bsn',
  fhirIdTrue: 'fhirId mag alleen true zijn',
  anchorEmpty: 'anchor is leeg',
  urlPatternOrSelector: 'geef een urlPattern of een selector: waar staat de patiënt op de pagina?',
  identifierOrFhirId: 'geef óf identifierSystem (bv. het BSN-systeem) óf fhirId: true (de waarde is het FHIR Patient-id)',
  selectorNeeded: 'attribute en textPattern werken op een selector; die ontbreekt',
  urlPatternGroup: 'urlPattern zonder selector moet een groep ( … ) hebben die de patiëntwaarde vangt',
  badSelector: '{{field}} "{{selector}}" is geen geldige CSS-selector',
  notList: 'verwacht een lijst [ … ] van EPD-koppelingen',
  tooMany: 'maximaal 20 EPD-koppelingen',
  duplicateId: 'id "{{id}}" komt twee keer voor',
  // the frame around each problem: which adapter (number, id if it has one), which field
  where: 'Koppeling {{n}}',
  whereWithId: 'Koppeling {{n}} ({{id}})',
  issue: '{{where}}: {{message}}',
  issueField: '{{where}}, veld {{field}}: {{message}}',
  unknownKeys: 'onbekend veld {{keys}}',
  invalidJson: 'Geen geldige JSON: {{error}}',
} as const;

/** Fill {{placeholders}} in a template (as i18next does with escapeValue off). */
export function interpolate(template: string, values?: Record<string, string | number>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, name: string) => (values && name in values ? String(values[name]) : m));
}

/** A Dutch translate over catalogs by prefix, e.g. { adapter: ADAPTER_MESSAGES_NL }; an unknown key renders as itself. */
export function catalogTranslate(catalogs: Record<string, Record<string, string>>): Translate {
  return (key, values) => {
    const dot = key.indexOf('.');
    const template = dot > 0 ? catalogs[key.slice(0, dot)]?.[key.slice(dot + 1)] : undefined;
    return template === undefined ? key : interpolate(template, values);
  };
}

/** The default: today's Dutch texts. */
export const dutchAdapterMessages: Translate = catalogTranslate({ adapter: ADAPTER_MESSAGES_NL });

/**
 * Messages made into zod messages: the Dutch text goes into the schema (so `issue.message` stays the
 * Dutch text), and the text is remembered with its key so `messageOf` can find the key again.
 * Dynamic messages raised in a refinement carry their key in the issue's `params` instead.
 */
export function messageBook(translate: Translate) {
  const byText = new Map<string, Message>();
  return {
    /** The Dutch text of a fixed message (known when the schema is built), remembered with its key. */
    text(key: string, values?: Record<string, string | number>): string {
      const s = translate(key, values);
      byText.set(s, { key, values });
      return s;
    },
    /** A custom issue's message and params for a message with values known only while parsing. */
    issue(key: string, values?: Record<string, string | number>): { message: string; params: { message: Message } } {
      return { message: translate(key, values), params: { message: { key, values } } };
    },
    /** The key of an issue's message, if it is one of these; otherwise undefined (e.g. zod's own messages). */
    messageOf(issue: { message: string; params?: Record<string, unknown> }): Message | undefined {
      const p = issue.params?.message as Message | undefined;
      if (p && typeof p.key === 'string') return p;
      return byText.get(issue.message);
    },
  };
}

export type MessageBook = ReturnType<typeof messageBook>;

/** An issue's message in the caller's language: by its key if known, else the message as it is. */
export function renderIssueMessage(book: MessageBook, issue: { message: string; params?: Record<string, unknown> }, translate?: Translate): string {
  if (!translate) return issue.message;
  const m = book.messageOf(issue);
  return m ? translate(m.key, m.values) : issue.message;
}
