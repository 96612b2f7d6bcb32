// Strings of the reopen dialog and the "reopened by" note, as their own i18next namespace: they are
// registered on whichever instance renders them (lib/i18n is owned elsewhere; these can move there).
import { useTranslation } from 'react-i18next';

export const REOPEN_NS = 'reopen';

export const REOPEN_STRINGS = {
  nl: {
    title: 'Melding heropenen',
    reason: 'Waarom heropent u deze melding?',
    reasonRequired: 'Vul een reden in.',
    save: 'Heropenen',
    cancel: 'Annuleren',
    note: 'Heropend door {{who}} op {{date}}: {{reason}}',
    unknownWho: 'onbekend',
  },
  en: {
    title: 'Reopen prompt',
    reason: 'Why are you reopening this prompt?',
    reasonRequired: 'Enter a reason.',
    save: 'Reopen',
    cancel: 'Cancel',
    note: 'Reopened by {{who}} on {{date}}: {{reason}}',
    unknownWho: 'unknown',
  },
} as const;

/** `t` for the reopen strings, registering them on the current i18next instance on first use. */
export function useReopenT() {
  const { i18n } = useTranslation();
  for (const lng of Object.keys(REOPEN_STRINGS) as (keyof typeof REOPEN_STRINGS)[]) {
    if (!i18n.hasResourceBundle(lng, REOPEN_NS)) i18n.addResourceBundle(lng, REOPEN_NS, REOPEN_STRINGS[lng]);
  }
  return { t: i18n.getFixedT(i18n.language, REOPEN_NS), lng: i18n.language, i18n };
}
