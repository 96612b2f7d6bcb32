// Notices which patient the EHR page shows, and when that changes: full loads, single-page navigation
// (pushState/popstate) and in-place patient switches. Event driven, no polling: a MutationObserver
// (the chart, the banner, the <title>), popstate and the Navigation API where the browser has it.
// pushState itself cannot be hooked from the content script's isolated world without injecting a
// main-world script; every SPA we care about changes the DOM when it changes patient, which the
// observer sees within one microtask.
import { readPatientFromPage } from '../../lib/ehr/read-patient';
import { patientKey, type EhrAdapter, type PagePatient } from '../../lib/ehr/types';

export interface PageState {
  key: string | null;
  patient: PagePatient | null;
  adapter: EhrAdapter | null;
}

export interface PatientWatcher {
  /** read the page now; calls onChange when the patient changed */
  check(): void;
  readonly current: PageState;
  stop(): void;
}

export function readPage(doc: Document, loc: Location, adapters: readonly EhrAdapter[]): PageState {
  for (const adapter of adapters) {
    const patient = readPatientFromPage(doc, loc, adapter);
    if (patient) return { key: patientKey(patient), patient, adapter };
  }
  return { key: null, patient: null, adapter: null };
}

export function watchPagePatient(win: Window, adapters: readonly EhrAdapter[], onChange: (s: PageState) => void, onMutation?: () => void): PatientWatcher {
  const doc = win.document;
  let current: PageState = { key: null, patient: null, adapter: null };
  const check = () => {
    const next = readPage(doc, win.location, adapters);
    if (next.key !== current.key) {
      current = next;
      onChange(next);
    }
  };
  // Only the attributes adapters read: our own badge's style changes must not wake us.
  const attributeFilter = [...new Set(adapters.map((a) => a.attribute).filter((a): a is string => !!a))];
  const readsText = adapters.some((a) => a.selector && !a.attribute);
  const MO = (win as unknown as typeof globalThis).MutationObserver;
  const observer = new MO(() => {
    check();
    onMutation?.();
  });
  observer.observe(doc.documentElement, {
    subtree: true,
    childList: true,
    ...(attributeFilter.length ? { attributes: true, attributeFilter } : {}),
    ...(readsText ? { characterData: true } : {}),
  });
  win.addEventListener('popstate', check);
  // Navigation API (Chromium): same-document navigations, including pushState from the page
  const nav = (win as unknown as { navigation?: EventTarget }).navigation;
  nav?.addEventListener('navigatesuccess', check);
  check();
  return {
    check,
    get current() {
      return current;
    },
    stop() {
      observer.disconnect();
      win.removeEventListener('popstate', check);
      nav?.removeEventListener('navigatesuccess', check);
    },
  };
}
