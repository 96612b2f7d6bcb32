// Builders for the seed patients: each returns plain FHIR R4 JSON in exactly the encodings pathway.md
// lists, with dates relative to `now` (whole calendar days in Europe/Amsterdam, as the rules count).
import { TZDate } from '@date-fns/tz';
import { addDays, addHours } from 'date-fns';
import { DEFAULT_CODE_SYSTEM } from '../../lib/pathway/config';
import { GP_DISPLAY, GP_ID, HAP_DISPLAY, HAP_ORG, HOSPITAL_DISPLAY, HOSPITAL_ORG, SEH_LOCATION, WARDS } from './people';

export type Json = Record<string, unknown>;
export type Coding = { system: string; code: string; display?: string };

export const TZ = 'Europe/Amsterdam';
export const PZ = DEFAULT_CODE_SYSTEM;
export const SNOMED = 'http://snomed.info/sct';
export const ICD10 = 'http://hl7.org/fhir/sid/icd-10';
export const ACTCODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const BSN = 'http://fhir.nl/fhir/NamingSystem/bsn';
export const ROL_CODELIJST = 'urn:oid:2.16.840.1.113883.2.4.3.11.22.472';
export const RELATIE_CODELIJST = 'urn:oid:2.16.840.1.113883.2.4.3.11.60.40.4.23.1';
export const V3_ROLE = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';

export const snomed = (code: string, display: string): Coding => ({ system: SNOMED, code, display });
export const icd10 = (code: string, display: string): Coding => ({ system: ICD10, code, display });
export const pz = (code: string, display?: string): Coding => ({ system: PZ, code, ...(display ? { display } : {}) });
export const cc = (text: string | undefined, ...coding: Coding[]) => ({ coding, ...(text ? { text } : {}) });

/** Dates relative to one `now`, computed the way the rules count days (local calendar days). */
export class Clock {
  constructor(readonly now: Date) {}
  /** same local clock time n calendar days earlier, ISO instant */
  daysAgo(n: number): string {
    return addDays(new TZDate(this.now.getTime(), TZ), -n).toISOString();
  }
  daysAhead(n: number): string {
    return this.daysAgo(-n);
  }
  hoursAgo(h: number): string {
    return addHours(this.now, -h).toISOString();
  }
  hoursAhead(h: number): string {
    return addHours(this.now, h).toISOString();
  }
  /** local calendar date n days ago, YYYY-MM-DD */
  dateDaysAgo(n: number): string {
    const d = addDays(new TZDate(this.now.getTime(), TZ), -n);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  }
  /** a birth date making the patient `years` old today (birthday `offsetDays` ago, so not today) */
  birthDate(years: number, offsetDays = 40): string {
    const d = addDays(new TZDate(this.now.getTime(), TZ), -offsetDays);
    return `${d.getFullYear() - years}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  }
}

/** Builds the resources of one patient; ids are `<patientId>-<suffix>` so they stay stable and readable. */
export class PatientBuilder {
  readonly resources: Json[] = [];
  private n = 0;
  constructor(
    readonly id: string,
    readonly t: Clock,
  ) {}

  get ref() {
    return { reference: `Patient/${this.id}` };
  }
  private nextId(kind: string) {
    return `${this.id}-${kind}-${++this.n}`;
  }
  add(r: Json): this {
    this.resources.push(r);
    return this;
  }

  patient(p: { given: string; family: string; prefix?: string; gender: 'male' | 'female'; age: number; bsn: string; deceasedDaysAgo?: number; gp?: boolean }): this {
    const familyText = p.prefix ? `${p.prefix} ${p.family}` : p.family;
    return this.add({
      resourceType: 'Patient',
      id: this.id,
      identifier: [{ use: 'official', system: BSN, value: p.bsn }],
      active: true,
      name: [
        {
          use: 'official',
          text: `${p.given} ${familyText}`,
          family: familyText,
          _family: {
            extension: [
              ...(p.prefix ? [{ url: 'http://hl7.org/fhir/StructureDefinition/humanname-own-prefix', valueString: p.prefix }] : []),
              { url: 'http://hl7.org/fhir/StructureDefinition/humanname-own-name', valueString: p.family },
            ],
          },
          given: [p.given],
        },
      ],
      gender: p.gender,
      birthDate: this.t.birthDate(p.age),
      ...(p.deceasedDaysAgo !== undefined ? { deceasedDateTime: this.t.daysAgo(p.deceasedDaysAgo) } : {}),
      // the GP first (rules read generalPractitioner[0]); the huisartsenpost next to it, so the SEH card
      // has the evening/night/weekend number from the record (the app _includes both with the Patient)
      ...(p.gp === false
        ? {}
        : { generalPractitioner: [{ reference: `Practitioner/${GP_ID}`, display: GP_DISPLAY }, { reference: `Organization/${HAP_ORG}`, display: HAP_DISPLAY }] }),
      managingOrganization: { reference: `Organization/${HOSPITAL_ORG}` },
    });
  }

  condition(code: Coding, opts: { onsetDaysAgo?: number; category?: Coding; text?: string } = {}): this {
    return this.add({
      resourceType: 'Condition',
      id: this.nextId('cond'),
      clinicalStatus: cc(undefined, { system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }),
      verificationStatus: cc(undefined, { system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }),
      ...(opts.category ? { category: [cc(undefined, opts.category)] } : {}),
      code: cc(opts.text ?? code.display, code),
      subject: this.ref,
      onsetDateTime: this.t.daysAgo(opts.onsetDaysAgo ?? 400),
      recordedDate: this.t.daysAgo(opts.onsetDaysAgo ?? 400),
    });
  }

  /** The palliative phase marked: Condition SNOMED 103735009 (pathway.md "palliative phase marked"). */
  palliative(daysAgo: number): this {
    return this.condition(snomed('103735009', 'Palliatieve zorg'), { onsetDaysAgo: daysAgo, text: 'Palliatieve fase' });
  }

  surpriseAnswer(surprised: boolean, daysAgo: number, performer = 'prac-specialist'): this {
    return this.add({
      resourceType: 'Observation',
      id: this.nextId('sq'),
      status: 'final',
      code: cc('Surprise question', pz('surprise-question', 'Surprise question')),
      subject: this.ref,
      effectiveDateTime: this.t.daysAgo(daysAgo),
      performer: [{ reference: `Practitioner/${performer}` }],
      valueBoolean: surprised,
    });
  }

  encounter(cls: 'EMER' | 'IMP' | 'AMB', status: string, period: { start: string; end?: string }, opts: { location?: string; bed?: string; dischargeDisposition?: string; priority?: string } = {}): this {
    return this.add({
      resourceType: 'Encounter',
      id: this.nextId('enc'),
      status,
      class: { system: ACTCODE, code: cls, display: { EMER: 'emergency', IMP: 'inpatient encounter', AMB: 'ambulatory' }[cls] },
      subject: this.ref,
      period,
      serviceProvider: { reference: `Organization/${HOSPITAL_ORG}`, display: HOSPITAL_DISPLAY },
      ...(opts.priority ? { priority: cc(undefined, { system: 'http://terminology.hl7.org/CodeSystem/v3-ActPriority', code: opts.priority }) } : {}),
      ...(opts.location
        ? { location: [{ location: { reference: `Location/${opts.location}`, display: locationDisplay(opts.location, opts.bed) }, status: status === 'finished' ? 'completed' : 'active' }] }
        : {}),
      ...(opts.dischargeDisposition
        ? { hospitalization: { dischargeDisposition: cc(undefined, { system: 'http://terminology.hl7.org/CodeSystem/discharge-disposition', code: opts.dischargeDisposition }) } }
        : {}),
    });
  }

  /** Behandelgrens: nl-core TreatmentDirective2 (Consent, scope treatment, category SNOMED 129125009). */
  treatmentDirective(treatment: Coding, type: 'permit' | 'deny', daysAgo = 30): this {
    return this.add({
      resourceType: 'Consent',
      id: this.nextId('td'),
      status: 'active',
      scope: cc(undefined, { system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'treatment' }),
      category: [cc('Behandelaanwijzing', snomed('129125009', 'Procedure with explicit context'))],
      patient: this.ref,
      dateTime: this.t.daysAgo(daysAgo),
      performer: [this.ref],
      policyRule: cc(undefined, { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTIN' }),
      provision: { type, code: [cc(treatment.display, treatment)] },
    });
  }

  careTeam(name: string, members: { ref: string; display: string; central?: boolean }[]): this {
    return this.add({
      resourceType: 'CareTeam',
      id: this.nextId('team'),
      status: 'active',
      name,
      subject: this.ref,
      participant: members.map((m) => ({
        ...(m.central
          ? { role: [cc('Centrale zorgverlener', pz('centrale-zorgverlener', 'Centrale zorgverlener'), snomed('768832004', 'Case manager'))] }
          : {}),
        member: { reference: m.ref, display: m.display },
      })),
    });
  }

  relatedPerson(name: string, relation: Coding, opts: { mantelzorger?: boolean; phone?: string; birthDate?: string } = {}): this {
    return this.add({
      resourceType: 'RelatedPerson',
      id: this.nextId('naaste'),
      active: true,
      patient: this.ref,
      relationship: [
        cc(relation.display, relation),
        ...(opts.mantelzorger ? [cc('Mantelzorger', { system: RELATIE_CODELIJST, code: '100001', display: 'Mantelzorger' })] : []),
        cc('Contactpersoon', { system: ROL_CODELIJST, code: '1', display: 'Eerste relatie/contactpersoon' }),
      ],
      name: [{ text: name }],
      ...(opts.phone ? { telecom: [{ system: 'phone', value: opts.phone }] } : {}),
      ...(opts.birthDate ? { birthDate: opts.birthDate } : {}),
    });
  }

  observation(code: string, display: string, value: Json, daysAgo: number): this {
    return this.add({
      resourceType: 'Observation',
      id: this.nextId('obs'),
      status: 'final',
      code: cc(display, pz(code, display)),
      subject: this.ref,
      effectiveDateTime: this.t.daysAgo(daysAgo),
      ...value,
    });
  }

  medications(names: string[], authoredDaysAgo = 200): this {
    for (const name of names) {
      this.add({
        resourceType: 'MedicationRequest',
        id: this.nextId('med'),
        status: 'active',
        intent: 'order',
        medicationCodeableConcept: { text: name },
        subject: this.ref,
        authoredOn: this.t.daysAgo(authoredDaysAgo),
        reasonCode: [{ text: 'chronische behandeling' }],
      });
    }
    return this;
  }

  procedure(code: Coding, daysAgo: number): this {
    return this.add({
      resourceType: 'Procedure',
      id: this.nextId('proc'),
      status: 'completed',
      code: cc(code.display, code),
      subject: this.ref,
      performedDateTime: this.t.daysAgo(daysAgo),
    });
  }

  goal(code: Coding): this {
    return this.add({ resourceType: 'Goal', id: this.nextId('goal'), lifecycleStatus: 'active', description: cc(code.display, code), subject: this.ref, startDate: this.t.dateDaysAgo(20) });
  }

  /** Nazorg and other tasks, `pz#<code>`; `declined` = cancelled with a reason (pathway.md "nazorg tasks"). */
  task(code: string, display: string, status: 'completed' | 'in-progress' | 'requested' | 'cancelled', opts: { daysAgo?: number; owner?: { reference: string; display: string }; reason?: string } = {}): this {
    return this.add({
      resourceType: 'Task',
      id: this.nextId('task'),
      status,
      intent: 'order',
      code: cc(display, pz(code, display)),
      for: this.ref,
      authoredOn: this.t.daysAgo(opts.daysAgo ?? 0),
      lastModified: this.t.daysAgo(opts.daysAgo ?? 0),
      ...(opts.owner ? { owner: opts.owner } : {}),
      ...(opts.reason ? { statusReason: { text: opts.reason } } : {}),
    });
  }
}

/** How the EHR names where the patient lies: the ward, and the room and bed when known. */
function locationDisplay(location: string, bed: string | undefined): string {
  const ward = [...WARDS, SEH_LOCATION].find((w) => w.id === location)?.short ?? location;
  return bed ? `${ward}, kamer ${bed.split('.')[0]}, bed ${bed}` : ward;
}
