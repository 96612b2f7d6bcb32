// Small builders for hand-made FHIR fixtures: each returns plain FHIR R4 JSON for patient "p1" unless
// told otherwise, so a test reads like the pathway.md row it checks.
import { TZDate } from '@date-fns/tz';
import { addDays, addHours } from 'date-fns';
import { DEFAULT_CODE_SYSTEM, evaluatePatient, parseConfig, type PathwayConfig, type Prompt, type PromptCode } from '../../../lib/pathway/index';

export const TZ = 'Europe/Amsterdam';
/** Saturday 15 June 2024, 10:00 in Amsterdam */
export const NOW = new Date('2024-06-15T10:00:00+02:00');
export const PZ = DEFAULT_CODE_SYSTEM;
export const SNOMED = 'http://snomed.info/sct';
export const ICD10 = 'http://hl7.org/fhir/sid/icd-10';
export const ICPC = 'http://hl7.org/fhir/sid/icpc-1-nl';
export const ACTCODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';

type Json = Record<string, unknown>;
export type Coding = { system: string; code: string; display?: string };

let seq = 0;
const nextId = (prefix: string) => `${prefix}-${++seq}`;

export const subject = (id = 'p1') => ({ reference: `Patient/${id}` });
export const snomed = (code: string, display?: string): Coding => ({ system: SNOMED, code, ...(display ? { display } : {}) });
export const icd10 = (code: string): Coding => ({ system: ICD10, code });
export const pz = (code: string): Coding => ({ system: PZ, code });
export const cc = (...coding: Coding[]) => ({ coding });

/** Same local clock time, n calendar days earlier (DST-safe), as an ISO instant. */
export function daysAgo(n: number, now: Date = NOW): string {
  return addDays(new TZDate(now.getTime(), TZ), -n).toISOString();
}
export const daysAhead = (n: number, now: Date = NOW) => daysAgo(-n, now);
export const hoursAgo = (h: number, now: Date = NOW) => addHours(now, -h).toISOString();
export const hoursAhead = (h: number, now: Date = NOW) => addHours(now, h).toISOString();
/** Local calendar date n days before now, "YYYY-MM-DD". */
export function dateDaysAgo(n: number, now: Date = NOW): string {
  const d = addDays(new TZDate(now.getTime(), TZ), -n);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
/** Birth date making the patient exactly `years` old today (birthday today). */
export const bornYearsAgo = (years: number, now: Date = NOW) => dateDaysAgo(0, now).replace(/^\d{4}/, (y) => String(+y - years));

export function patient(opts: { id?: string; birthDate?: string; deceasedDateTime?: string; deceasedBoolean?: boolean; gp?: string; contact?: boolean } = {}): Json {
  return {
    resourceType: 'Patient',
    id: opts.id ?? 'p1',
    birthDate: opts.birthDate ?? '1950-01-01',
    ...(opts.deceasedDateTime ? { deceasedDateTime: opts.deceasedDateTime } : {}),
    ...(opts.deceasedBoolean !== undefined ? { deceasedBoolean: opts.deceasedBoolean } : {}),
    ...(opts.gp ? { generalPractitioner: [{ reference: 'Practitioner/gp1', display: opts.gp }] } : {}),
    ...(opts.contact ? { contact: [{ relationship: [cc({ system: 'http://terminology.hl7.org/CodeSystem/v2-0131', code: 'C' })] }] } : {}),
  };
}

export function condition(code: Coding, opts: { clinical?: string; verification?: string; onset?: string; abatement?: string; category?: Coding[]; id?: string } = {}): Json {
  return {
    resourceType: 'Condition',
    id: opts.id ?? nextId('cond'),
    clinicalStatus: cc({ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: opts.clinical ?? 'active' }),
    ...(opts.verification ? { verificationStatus: cc({ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: opts.verification }) } : {}),
    ...(opts.category ? { category: opts.category.map((c) => cc(c)) } : {}),
    code: cc(code),
    subject: subject(),
    onsetDateTime: opts.onset ?? daysAgo(400),
    ...(opts.abatement ? { abatementDateTime: opts.abatement } : {}),
  };
}

/** The palliative phase marked by a Condition SNOMED 103735009. */
export const palliative = (onset = daysAgo(30), extra: Partial<Json> = {}) =>
  ({ ...condition(snomed('103735009', 'palliative care'), { onset }), ...extra });

export function sqAnswer(surprised: boolean, effective: string, status = 'final'): Json {
  return {
    resourceType: 'Observation',
    id: nextId('sq'),
    status,
    code: cc(pz('surprise-question')),
    subject: subject(),
    effectiveDateTime: effective,
    valueBoolean: surprised,
    performer: [{ reference: 'Practitioner/dr1', display: 'dr. Jansen' }],
  };
}

export function observation(code: string, value: Json, effective: string, status = 'final'): Json {
  return { resourceType: 'Observation', id: nextId('obs'), status, code: cc(pz(code)), subject: subject(), effectiveDateTime: effective, ...value };
}

export function encounter(
  cls: 'EMER' | 'IMP' | 'ACUTE' | 'AMB',
  status: string,
  period: { start?: string; end?: string },
  opts: { id?: string; priority?: string; admitSource?: string; dischargeDisposition?: string; serviceProvider?: { reference: string; display?: string } } = {},
): Json {
  return {
    resourceType: 'Encounter',
    id: opts.id ?? nextId('enc'),
    status,
    class: { system: ACTCODE, code: cls },
    subject: subject(),
    period,
    ...(opts.priority ? { priority: cc({ system: 'http://terminology.hl7.org/CodeSystem/v3-ActPriority', code: opts.priority }) } : {}),
    ...(opts.admitSource || opts.dischargeDisposition
      ? {
          hospitalization: {
            ...(opts.admitSource ? { admitSource: cc({ system: 'http://terminology.hl7.org/CodeSystem/admit-source', code: opts.admitSource }) } : {}),
            ...(opts.dischargeDisposition
              ? { dischargeDisposition: cc({ system: 'http://terminology.hl7.org/CodeSystem/discharge-disposition', code: opts.dischargeDisposition }) }
              : {}),
          },
        }
      : {}),
    ...(opts.serviceProvider ? { serviceProvider: opts.serviceProvider } : {}),
  };
}

export const activeSeh = (opts: { id?: string } = {}) => encounter('EMER', 'in-progress', { start: hoursAgo(2) }, { id: opts.id ?? 'seh1' });

export function task(code: string, status: string, opts: { owner?: string; statusReason?: string; encounter?: string; authoredOn?: string; id?: string } = {}): Json {
  return {
    resourceType: 'Task',
    id: opts.id ?? nextId('task'),
    status,
    intent: 'order',
    code: cc(pz(code)),
    for: subject(),
    authoredOn: opts.authoredOn ?? daysAgo(0),
    ...(opts.owner ? { owner: { reference: 'Organization/o1', display: opts.owner } } : {}),
    ...(opts.statusReason ? { statusReason: { text: opts.statusReason } } : {}),
    ...(opts.encounter ? { encounter: { reference: `Encounter/${opts.encounter}` } } : {}),
  };
}

export function treatmentDirective(treatment: string, type: 'permit' | 'deny' | undefined, opts: { status?: string; end?: string; specificationOther?: string; id?: string } = {}): Json {
  return {
    resourceType: 'Consent',
    id: opts.id ?? nextId('td'),
    ...(opts.specificationOther
      ? { modifierExtension: [{ url: 'http://nictiz.nl/fhir/StructureDefinition/ext-TreatmentDirective2.SpecificationOther', valueString: opts.specificationOther }] }
      : {}),
    status: opts.status ?? 'active',
    scope: cc({ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'treatment' }),
    category: [cc(snomed('129125009'))],
    patient: subject(),
    dateTime: dateDaysAgo(100),
    provision: { ...(type ? { type } : {}), ...(opts.end ? { period: { end: opts.end } } : {}), code: [cc(snomed(treatment))] },
  };
}

export function advanceDirective(code = 'NR', status = 'active'): Json {
  return {
    resourceType: 'Consent',
    id: nextId('ad'),
    status,
    scope: cc({ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'adr' }),
    category: [cc({ system: 'http://terminology.hl7.org/CodeSystem/consentcategorycodes', code: 'acd' })],
    patient: subject(),
    dateTime: dateDaysAgo(200),
    provision: { code: [cc({ system: 'urn:oid:2.16.840.1.113883.2.4.3.11.60.40.4.14.1', code })] },
  };
}

export function procedure(code: Coding, performed: string, status = 'completed'): Json {
  return { resourceType: 'Procedure', id: nextId('proc'), status, code: cc(code), subject: subject(), performedDateTime: performed };
}

export function relatedPerson(relationship: Coding[], opts: { birthDate?: string; name?: string; active?: boolean } = {}): Json {
  return {
    resourceType: 'RelatedPerson',
    id: nextId('rp'),
    ...(opts.active !== undefined ? { active: opts.active } : {}),
    patient: subject(),
    relationship: relationship.map((r) => cc(r)),
    name: [{ text: opts.name ?? 'Anna de Vries' }],
    ...(opts.birthDate ? { birthDate: opts.birthDate } : {}),
  };
}
export const MANTELZORGER: Coding = { system: 'urn:oid:2.16.840.1.113883.2.4.3.11.60.40.4.23.1', code: '100001' };

export function medication(status: string, name: string, opts: { kind?: 'request' | 'statement'; authoredOn?: string; reason?: boolean; statusReason?: boolean; encounter?: string } = {}): Json {
  const med = { medicationCodeableConcept: { text: name } };
  if (opts.kind === 'statement') {
    return { resourceType: 'MedicationStatement', id: nextId('ms'), status, ...med, subject: subject(), effectivePeriod: { start: opts.authoredOn ?? daysAgo(300) } };
  }
  return {
    resourceType: 'MedicationRequest',
    id: nextId('mr'),
    status,
    intent: 'order',
    ...med,
    subject: subject(),
    authoredOn: opts.authoredOn ?? daysAgo(300),
    ...(opts.reason ? { reasonCode: [{ text: 'pijn' }] } : {}),
    ...(opts.statusReason ? { statusReason: { text: 'niet meer zinvol' } } : {}),
    ...(opts.encounter ? { encounter: { reference: `Encounter/${opts.encounter}` } } : {}),
  };
}
export const meds = (n: number) => Array.from({ length: n }, (_, i) => medication('active', `Geneesmiddel ${i + 1}`));

export function careTeam(participants: { role?: Coding[]; member?: { reference?: string; display?: string; type?: string }; end?: string }[], opts: { name?: string; status?: string; identifier?: { system: string; value: string } } = {}): Json {
  return {
    resourceType: 'CareTeam',
    id: nextId('ct'),
    ...(opts.status !== undefined ? { status: opts.status } : { status: 'active' }),
    ...(opts.name ? { name: opts.name } : {}),
    ...(opts.identifier ? { identifier: [opts.identifier] } : {}),
    subject: subject(),
    participant: participants.map((p) => ({
      ...(p.role ? { role: p.role.map((r) => cc(r)) } : {}),
      ...(p.member ? { member: p.member } : {}),
      ...(p.end ? { period: { end: p.end } } : {}),
    })),
  };
}

export const goal = (code: string, status = 'active'): Json => ({
  resourceType: 'Goal',
  id: nextId('goal'),
  lifecycleStatus: status,
  description: cc(snomed(code)),
  subject: subject(),
});

export const carePlan = (category: string, status = 'active'): Json => ({
  resourceType: 'CarePlan',
  id: nextId('cp'),
  status,
  intent: 'plan',
  category: [cc(pz(category))],
  subject: subject(),
});

export const docRef = (type: string, date: string, status = 'current'): Json => ({
  resourceType: 'DocumentReference',
  id: nextId('doc'),
  status,
  type: cc(pz(type)),
  subject: subject(),
  date,
});

export function serviceRequest(code: string, opts: { encounter?: string; authoredOn?: string; status?: string } = {}): Json {
  return {
    resourceType: 'ServiceRequest',
    id: nextId('sr'),
    status: opts.status ?? 'active',
    intent: 'order',
    code: cc(pz(code)),
    subject: subject(),
    ...(opts.encounter ? { encounter: { reference: `Encounter/${opts.encounter}` } } : {}),
    authoredOn: opts.authoredOn ?? hoursAgo(1),
  };
}

export function prompts(resources: Json[] | unknown[], opts: { now?: Date; config?: PathwayConfig | Record<string, unknown> } = {}): Prompt[] {
  const config = opts.config ? parseConfig(opts.config) : undefined;
  return evaluatePatient(resources as unknown[], { now: opts.now ?? NOW, config }).prompts;
}

export function promptFor(code: PromptCode, resources: unknown[], opts: { now?: Date; config?: PathwayConfig | Record<string, unknown> } = {}): Prompt | undefined {
  return prompts(resources, opts).find((p) => p.code === code);
}
