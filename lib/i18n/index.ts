// One i18next instance per host (side panel, SMART app, each test), Dutch by default.
// Resources are bundled (no HTTP backend): the panel must work offline and render on first paint.
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { nl } from './nl';
import { en } from './en';
import { memoizeTranslations } from './memo-t';

export const LANGUAGES = ['nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'nl';

export const resources = { nl: { translation: nl }, en: { translation: en } };

export function isLanguage(x: unknown): x is Language {
  return typeof x === 'string' && (LANGUAGES as readonly string[]).includes(x);
}

/** A fresh, synchronously initialised instance: `t` works right after this returns. */
export function createI18n(lng: Language = DEFAULT_LANGUAGE): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng,
    fallbackLng: DEFAULT_LANGUAGE,
    resources,
    initAsync: false,
    interpolation: { escapeValue: false }, // React escapes already
    returnNull: false,
  });
  memoizeTranslations(instance);
  return instance;
}

export { nl, en };
