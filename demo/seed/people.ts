// The demo hospital's people and places: practitioners per role (the EHR's user switch and the sandbox
// login), the huisarts with office and HAP numbers, a wijkverpleegkundige, the TOPZ palliative team
// and two wards. Everything is synthetic.
import type { Role } from '../../lib/pathway/types';

export const HOSPITAL_ORG = 'org-ziekenhuis';
export const HOSPITAL_DISPLAY = 'Spaarnestad Ziekenhuis (demo)';
export const HAP_ORG = 'org-hap';
export const GP_PRACTICE_ORG = 'org-huisartsenpraktijk';
export const THUISZORG_ORG = 'org-thuiszorg';
export const GP_ID = 'prac-huisarts-visser';
export const WIJKVPK_ID = 'prac-wijkvpk-demir';
export const TOPZ_TEAM_ID = 'careteam-topz';

export interface DemoUser {
  id: string;
  role: Role;
  name: string;
  /** how the role reads in Dutch */
  title: string;
  given: string;
  family: string;
  prefix?: string;
}

/** One practitioner per role in pathway.md; the first is the default EHR user. */
export const DEMO_USERS: DemoUser[] = [
  { id: 'prac-specialist', role: 'specialist', name: 'dr. Marieke van den Berg', title: 'internist-oncoloog', given: 'Marieke', prefix: 'van den', family: 'Berg' },
  { id: 'prac-seh-arts', role: 'seh-arts', name: 'dr. Sanne Bakker', title: 'SEH-arts', given: 'Sanne', family: 'Bakker' },
  { id: 'prac-zaalarts', role: 'zaalarts', name: 'Thomas de Wit', title: 'arts-assistent interne geneeskunde', given: 'Thomas', prefix: 'de', family: 'Wit' },
  { id: 'prac-verpleegkundige', role: 'verpleegkundige', name: 'Fatima El Amrani', title: 'verpleegkundige', given: 'Fatima', family: 'El Amrani' },
];

// a name only: the numbers come from the Practitioner's and the huisartsenpost's telecom (the SEH card)
export const GP_DISPLAY = 'dr. Jan Visser, huisarts';
/** the huisartsenpost: the patients' second generalPractitioner entry (evening, night, weekend) */
export const HAP_DISPLAY = 'Huisartsenpost Kennemerland';
export const GP_PHONE = '023 555 0101';
export const HAP_PHONE = '0900 555 1234';

export const WARDS = [
  { id: 'ward-interne', name: 'Afdeling Interne Geneeskunde (B3)', short: 'Interne B3' },
  { id: 'ward-longziekten', name: 'Afdeling Longziekten en Cardiologie (C2)', short: 'Long/Cardio C2' },
] as const;
export const SEH_LOCATION = { id: 'loc-seh', name: 'Spoedeisende Hulp (SEH)', short: 'SEH' } as const;

type Json = Record<string, unknown>;

const SNOMED = 'http://snomed.info/sct';

function practitioner(id: string, given: string, family: string, prefix: string | undefined, qualification: string, telecom: Json[] = []): Json {
  return {
    resourceType: 'Practitioner',
    id,
    active: true,
    name: [{ use: 'official', text: [given, prefix, family].filter(Boolean).join(' '), given: [given], family: prefix ? `${prefix} ${family}` : family }],
    ...(telecom.length ? { telecom } : {}),
    qualification: [{ code: { text: qualification } }],
  };
}

export function peopleAndPlaces(): Json[] {
  return [
    {
      resourceType: 'Organization',
      id: HOSPITAL_ORG,
      active: true,
      name: HOSPITAL_DISPLAY,
      telecom: [{ system: 'phone', value: '023 555 0000', use: 'work' }],
    },
    {
      resourceType: 'Organization',
      id: GP_PRACTICE_ORG,
      active: true,
      name: 'Huisartsenpraktijk Visser',
      telecom: [{ system: 'phone', value: GP_PHONE, use: 'work', period: { start: '2000-01-01' } }],
    },
    {
      resourceType: 'Organization',
      id: HAP_ORG,
      active: true,
      name: 'Huisartsenpost Kennemerland (avond, nacht, weekend)',
      type: [{ text: 'huisartsenpost' }],
      telecom: [{ system: 'phone', value: HAP_PHONE, use: 'work' }],
    },
    { resourceType: 'Organization', id: THUISZORG_ORG, active: true, name: 'Thuiszorg Zuid-Kennemerland, team Schalkwijk' },
    ...DEMO_USERS.map((u) => practitioner(u.id, u.given, u.family, u.prefix, u.title, [{ system: 'phone', value: '023 555 0' + (100 + DEMO_USERS.indexOf(u) * 11), use: 'work' }])),
    practitioner(GP_ID, 'Jan', 'Visser', undefined, 'huisarts', [
      // office hours; out of hours is the huisartsenpost (HAP_ORG), its own Organization
      { system: 'phone', value: GP_PHONE, use: 'work', rank: 1 },
      { system: 'phone', value: HAP_PHONE, use: 'work', rank: 2 },
    ]),
    practitioner(WIJKVPK_ID, 'Esra', 'Demir', undefined, 'wijkverpleegkundige', [{ system: 'phone', value: '06 5555 0202', use: 'mobile' }]),
    practitioner('prac-topz-arts', 'Pieter', 'Mulder', undefined, 'arts palliatieve geneeskunde (TOPZ)'),
    practitioner('prac-topz-vpk', 'Ingrid', 'Smit', undefined, 'verpleegkundig specialist palliatieve zorg (TOPZ)'),
    ...DEMO_USERS.map((u) => ({
      resourceType: 'PractitionerRole',
      id: `role-${u.id}`,
      active: true,
      practitioner: { reference: `Practitioner/${u.id}`, display: u.name },
      organization: { reference: `Organization/${HOSPITAL_ORG}` },
      code: [{ text: u.title }],
    })),
    {
      resourceType: 'PractitionerRole',
      id: 'role-huisarts',
      active: true,
      practitioner: { reference: `Practitioner/${GP_ID}`, display: 'dr. Jan Visser' },
      organization: { reference: `Organization/${GP_PRACTICE_ORG}`, display: 'Huisartsenpraktijk Visser' },
      code: [{ coding: [{ system: SNOMED, code: '62247001', display: 'General practitioner' }], text: 'huisarts' }],
      telecom: [{ system: 'phone', value: '023 555 0101', use: 'work' }],
    },
    ...[...WARDS, SEH_LOCATION].map((w) => ({
      resourceType: 'Location',
      id: w.id,
      status: 'active',
      name: w.name,
      alias: [w.short],
      mode: 'instance',
      physicalType: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/location-physical-type', code: 'wa', display: 'Ward' }] },
      managingOrganization: { reference: `Organization/${HOSPITAL_ORG}` },
    })),
  ];
}
