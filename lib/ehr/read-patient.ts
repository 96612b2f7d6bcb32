// The pure resolver: (document, location, adapter) → which patient the page shows, or null.
// Runs in the content script on every relevant DOM change, so it is one querySelector and a regex.
import type { EhrAdapter, PagePatient } from './types';

// Regexes come from adapter data; compile each once.
const compiled = new Map<string, RegExp | null>();
function regex(source: string): RegExp | null {
  let re = compiled.get(source);
  if (re === undefined) {
    try {
      re = new RegExp(source);
    } catch {
      re = null; // schema.ts rejects these; a hand-edited adapter that slipped through reads nothing
    }
    compiled.set(source, re);
  }
  return re;
}

function capture(source: string, text: string): string | null {
  const m = regex(source)?.exec(text);
  if (!m) return null;
  return m.groups?.value ?? m[1] ?? m[0];
}

/** The raw value the adapter points at on this page, trimmed; null when the page shows no patient. */
export function readPatientValue(doc: Pick<Document, 'querySelector'>, location: Pick<Location, 'href'>, adapter: EhrAdapter): string | null {
  let value: string | null = null;
  if (adapter.urlPattern) {
    value = capture(adapter.urlPattern, location.href);
    if (value === null) return null; // not a page where this EHR shows a patient
  }
  if (adapter.selector) {
    const el = doc.querySelector(adapter.selector);
    if (!el) return null;
    const raw = adapter.attribute ? el.getAttribute(adapter.attribute) : el.textContent;
    value = raw == null ? null : adapter.textPattern ? capture(adapter.textPattern, raw) : raw;
  }
  value = value?.trim() ?? null;
  if (!value) return null;
  if (value.length > 200) return null; // an identifier, not a page of text: the selector is wrong
  return value;
}

export function readPatientFromPage(doc: Pick<Document, 'querySelector'>, location: Pick<Location, 'href'>, adapter: EhrAdapter): PagePatient | null {
  const value = readPatientValue(doc, location, adapter);
  if (value === null) return null;
  if (adapter.fhirId) {
    // a FHIR id is [A-Za-z0-9\-\.]{1,64}; anything else is not an id, so the page shows no patient we can use
    return /^[A-Za-z0-9\-.]{1,64}$/.test(value) ? { kind: 'fhir-id', id: value } : null;
  }
  if (adapter.identifierSystem) {
    // identifiers on screen are often grouped for reading ("999 0123 45"): the system's value has no spaces
    return { kind: 'identifier', system: adapter.identifierSystem, value: value.replace(/\s+/g, '') };
  }
  return null;
}
