// Strings of the extension's options page, as their own i18next namespace registered on whichever
// instance renders the page (lib/i18n's bundles are owned elsewhere; these can move there). Dutch is
// the reference: the e2e tests look for several of these Dutch texts verbatim (extension-loads,
// reliability-smart-security), so change them together. Role and language names come from the shared
// bundle (role.*, app.languages.*), as in the side panel.
//
// The per-field validation messages (`validation.*`): their Dutch texts are owned by the lib
// (lib/extension/options.ts, lib/ehr/messages.ts) and taken from there as they are; the English ones are
// here. The page renders them through `validationTranslate(t)`.
import type { i18n as I18n, TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ADAPTER_MESSAGES_NL, type Translate } from '../../lib/ehr/messages';
import { OPTIONS_MESSAGES_NL } from '../../lib/extension/options';
import type { SmartErrorCode } from '../../lib/fhir/smart-policy';

export const OPTIONS_NS = 'options';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

const nl = {
  title: 'Palliatief Zorgpad: instellingen',
  fhir: {
    heading: 'FHIR-server',
    base: 'Adres van de FHIR-server',
    baseHint: 'Bijvoorbeeld https://fhir.ziekenhuis.nl/r4. Demo: {{demo}}',
    clientId: 'Client-id',
    clientIdHint: 'Zoals geregistreerd bij de autorisatieserver (SMART).',
    scopes: 'Scopes',
    scopesHint: 'Gescheiden door spaties; openid en fhirUser zijn nodig.',
  },
  login: {
    // the token names the user only by FHIR reference (Practitioner/<id>), which nobody should have to read
    loggedIn: 'Ingelogd',
    notLoggedIn: 'Niet ingelogd',
    login: 'Inloggen bij de FHIR-server',
    logout: 'Uitloggen',
  },
  ehr: {
    heading: 'EPD-koppelingen',
    intro: 'Palliatief Zorgpad leest alleen op EPD-adressen waarvoor u toegang geeft. Ingebouwd: {{names}}.',
    addDemo: 'Demo-EPD toevoegen ({{host}})',
    granted: 'Toegang gegeven:',
    noneGranted: 'nog geen ({{origins}} via de knop hierboven)',
    revoke: 'Intrekken',
    revokeLabel: 'Toegang tot {{origin}} intrekken',
    adapters: 'Eigen EPD-koppelingen (JSON)',
    adaptersHint:
      'Een lijst van koppelingen: id, name, origins (https-adressen), urlPattern en/of selector (+ attribute / textPattern), en identifierSystem of fhirId: true. Voorbeeld: {{example}}',
  },
  usage: {
    heading: 'Gebruik',
    defaultRole: 'Standaardrol',
    language: 'Taal',
  },
  // hospital policy (storage.managed): locked fields and values that were ignored
  managed: {
    locked: 'Ingesteld door uw ziekenhuis',
    errorsHeading: 'Instellingen van uw ziekenhuis die niet gebruikt worden',
    hospitalHeading: 'Ziekenhuis',
    team: 'Palliatief team',
    configUrl: 'Configuratiebestand van het ziekenhuis',
  },
  save: 'Opslaan',
  status: {
    notSaved: 'Niet opgeslagen: verbeter de gemarkeerde velden.',
    saved: 'Opgeslagen.',
    savedAccessRefused: 'Opgeslagen, maar de toegang tot (een deel van) de EPD-adressen is geweigerd: daar verschijnt Palliatief Zorgpad niet.',
    demoAdded: 'Demo-EPD toegevoegd: open {{url}} (npm run demo).',
    demoRefused: 'Toegang tot het demo-EPD is geweigerd.',
    loggedIn: 'Ingelogd.',
    loggedOut: 'Uitgelogd.',
    loginFailed: 'Inloggen mislukt.',
    loginFailedMessage: 'Inloggen mislukt: {{message}}',
  },
  // the login's SmartLaunchError, by code: lib/fhir/smart-policy.ts's Dutch texts, worded for a login
  // from this page rather than a launch from the EHR
  smartError: {
    'no-iss': 'Start Palliatief Zorgpad vanuit het EPD, of geef de FHIR-server op (iss).',
    'issuer-not-allowed': 'Deze FHIR-server is niet toegestaan voor Palliatief Zorgpad.',
    'no-authorize-endpoint': 'De FHIR-server biedt geen inlogpagina (SMART authorize) aan. Zonder inloggen start Palliatief Zorgpad niet.',
    'pkce-unsupported': 'De FHIR-server ondersteunt geen veilige inlog (PKCE S256). Palliatief Zorgpad start niet.',
    'state-missing': 'De inlog is niet te controleren (de state-parameter ontbreekt). Probeer opnieuw in te loggen.',
    'state-mismatch': 'De inlog hoort niet bij deze sessie (state komt niet overeen). Probeer opnieuw in te loggen.',
    'auth-refused': 'De inlog is geweigerd door de server.',
    'no-token': 'Inloggen is niet gelukt: de server gaf geen toegangstoken.',
    'no-patient': 'Er is geen patiënt geselecteerd.',
    'no-ward': 'De server gaf geen afdeling of geen leesrecht voor de afdeling.',
    'no-team-access': 'Dit toegangstoken geeft geen leesrecht op alle patiëntgegevens van het ziekenhuis.',
    'session-expired': 'Uw sessie is verlopen. Log opnieuw in.',
    'launch-failed': 'Inloggen is niet gelukt.',
  } satisfies Record<SmartErrorCode, string>,
  // field validation: keys as lib/extension/options.ts and lib/ehr/schema.ts raise them, Dutch as they give them
  validation: {
    options: OPTIONS_MESSAGES_NL,
    adapter: ADAPTER_MESSAGES_NL,
  },
} as const;

const en: Widen<typeof nl> = {
  title: 'Palliatief Zorgpad: settings',
  fhir: {
    heading: 'FHIR server',
    base: 'FHIR server address',
    baseHint: 'For example https://fhir.hospital.org/r4. Demo: {{demo}}',
    clientId: 'Client ID',
    clientIdHint: 'As registered with the authorization server (SMART).',
    scopes: 'Scopes',
    scopesHint: 'Separated by spaces; openid and fhirUser are required.',
  },
  login: {
    loggedIn: 'Signed in',
    notLoggedIn: 'Not signed in',
    login: 'Sign in to the FHIR server',
    logout: 'Sign out',
  },
  ehr: {
    heading: 'EHR connections',
    intro: 'Palliatief Zorgpad only reads EHR addresses you grant access to. Built in: {{names}}.',
    addDemo: 'Add demo EHR ({{host}})',
    granted: 'Access granted:',
    noneGranted: 'none yet ({{origins}} via the button above)',
    revoke: 'Revoke',
    revokeLabel: 'Revoke access to {{origin}}',
    adapters: 'Own EHR connections (JSON)',
    adaptersHint:
      'A list of connections: id, name, origins (https addresses), urlPattern and/or selector (+ attribute / textPattern), and identifierSystem or fhirId: true. Example: {{example}}',
  },
  usage: {
    heading: 'Use',
    defaultRole: 'Default role',
    language: 'Language',
  },
  managed: {
    locked: 'Set by your hospital',
    errorsHeading: 'Settings of your hospital that are not used',
    hospitalHeading: 'Hospital',
    team: 'Palliative team',
    configUrl: 'Hospital configuration file',
  },
  save: 'Save',
  status: {
    notSaved: 'Not saved: correct the marked fields.',
    saved: 'Saved.',
    savedAccessRefused: 'Saved, but access to (some of) the EHR addresses was refused: Palliatief Zorgpad will not appear there.',
    demoAdded: 'Demo EHR added: open {{url}} (npm run demo).',
    demoRefused: 'Access to the demo EHR was refused.',
    loggedIn: 'Signed in.',
    loggedOut: 'Signed out.',
    loginFailed: 'Sign-in failed.',
    loginFailedMessage: 'Sign-in failed: {{message}}',
  },
  smartError: {
    'no-iss': 'Start Palliatief Zorgpad from the EHR, or give the FHIR server (iss).',
    'issuer-not-allowed': 'This FHIR server is not allowed for Palliatief Zorgpad.',
    'no-authorize-endpoint': 'The FHIR server offers no sign-in page (SMART authorize). Palliatief Zorgpad does not start without signing in.',
    'pkce-unsupported': 'The FHIR server does not support secure sign-in (PKCE S256). Palliatief Zorgpad does not start.',
    'state-missing': 'The sign-in cannot be verified (the state parameter is missing). Try signing in again.',
    'state-mismatch': 'The sign-in does not belong to this session (state does not match). Try signing in again.',
    'auth-refused': 'The server refused the sign-in.',
    'no-token': 'Sign-in failed: the server returned no access token.',
    'no-patient': 'No patient is selected.',
    'no-ward': 'The server gave no ward, or no right to read the ward.',
    'no-team-access': 'This access token does not grant read access to all patient data of the hospital.',
    'session-expired': 'Your session has expired. Sign in again.',
    'launch-failed': 'Sign-in failed.',
  },
  validation: {
    options: {
      fhirBaseNotUrl: 'Give a full address, e.g. https://fhir.hospital.org/r4',
      fhirBaseHttps: 'The FHIR server must use https (http only for 127.0.0.1/localhost, the demo)',
      fhirBaseOnlyBase: 'Only the base address of the FHIR server, without ?, # or user name',
      clientIdFormat: 'Client ID: letters, digits, full stop, hyphen or colon (max. 100 characters)',
      scopesEmpty: 'Give at least one scope',
      scopesFormat: 'Scopes: separated by spaces, e.g. "openid fhirUser user/Patient.rs"',
      scopesRequired: 'Scopes must include "openid" and "fhirUser" (who is writing)',
      defaultRole: 'Choose a role: {{roles}}',
      language: 'Choose Dutch (nl) or English (en)',
      palliativeTeam: 'Palliative team: an object with name (required), phone, email and/or url (https)',
      hospitalConfigUrl: 'Hospital configuration file: an https address',
      managedUnknown: 'Unknown setting "{{key}}": ignored',
      managedIgnored: 'Setting of your hospital ignored: {{message}}',
    },
    adapter: {
      allUrls: '"{{pattern}}" gives access to every website; give the address of the EHR, e.g. https://ehr.hospital.org/*',
      httpsOnly: '"{{pattern}}": https addresses only (http only for 127.0.0.1 and localhost)',
      badPattern: '"{{pattern}}" is not a valid address pattern; use e.g. https://ehr.hospital.org/* (without a port number)',
      regexEmpty: '{{field}} is empty',
      regexTooLong: '{{field}} is too long (max. 500 characters)',
      regexInvalid: '{{field}} is not a valid regular expression',
      idMissing: 'id is missing',
      idFormat: 'id: lowercase letters, digits and hyphens only (max. 40 characters)',
      nameMissing: 'name is missing',
      nameTooLong: 'name is too long (max. 80 characters)',
      originsNotList: 'origins must be a list of address patterns',
      originsEmpty: 'origins: give at least one address of the EHR',
      selectorEmpty: 'selector is empty',
      attributeFormat: 'attribute: give the name of an attribute, e.g. data-patient-id',
      identifierSystemUri: 'identifierSystem must be a URI, e.g. http://fhir.nl/fhir/NamingSystem/bsn',
      fhirIdTrue: 'fhirId can only be true',
      anchorEmpty: 'anchor is empty',
      urlPatternOrSelector: 'give a urlPattern or a selector: where on the page is the patient?',
      identifierOrFhirId: 'give either identifierSystem (e.g. the BSN system) or fhirId: true (the value is the FHIR Patient id)',
      selectorNeeded: 'attribute and textPattern work on a selector, which is missing',
      urlPatternGroup: 'urlPattern without a selector needs a group ( … ) that captures the patient value',
      badSelector: '{{field}} "{{selector}}" is not a valid CSS selector',
      notList: 'expected a list [ … ] of EHR connections',
      tooMany: 'at most 20 EHR connections',
      duplicateId: 'id "{{id}}" occurs twice',
      where: 'Connection {{n}}',
      whereWithId: 'Connection {{n}} ({{id}})',
      issue: '{{where}}: {{message}}',
      issueField: '{{where}}, field {{field}}: {{message}}',
      unknownKeys: 'unknown field {{keys}}',
      invalidJson: 'Not valid JSON: {{error}}',
    },
  },
};

export const OPTIONS_STRINGS = { nl, en };

/**
 * The lib's `translate` (keys `options.*`, `adapter.*`) on this page's `t`: validation messages in the
 * page's language. Values are inserted as they are (no escaping: React escapes, and `"` must stay `"`).
 */
export function validationTranslate(t: TFunction): Translate {
  return (key, values) => t(`validation.${key}`, { ...values, ns: OPTIONS_NS, interpolation: { escapeValue: false } }) as string;
}

/** Add the options bundles to this instance (once per language). */
export function registerOptionsStrings(i18n: I18n): I18n {
  for (const lng of Object.keys(OPTIONS_STRINGS) as (keyof typeof OPTIONS_STRINGS)[]) {
    if (!i18n.hasResourceBundle(lng, OPTIONS_NS)) i18n.addResourceBundle(lng, OPTIONS_NS, OPTIONS_STRINGS[lng]);
  }
  return i18n;
}

/**
 * `t` for the options page (its own namespace first, the shared bundle for role and language names),
 * registering the strings on the current instance on first use; re-renders when the language changes.
 */
export function useOptionsT() {
  registerOptionsStrings(useTranslation().i18n);
  return useTranslation([OPTIONS_NS, 'translation']);
}
