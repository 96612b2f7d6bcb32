// What the demo EHR shows, read straight from the FHIR repository (server side, no token: this is the
// hospital's own system). Any patient added to the FHIR server later appears here too.
import type { Condition, Consent, Encounter, MedicationRequest, Patient, Practitioner, RelatedPerson, CareTeam, Resource } from '@medplum/fhirtypes';
import type { MemoryRepository } from '@medplum/fhir-router';
import { Operator } from '@medplum/core';
import { SEH_LOCATION, WARDS } from '../seed/people';

export const BSN_SYSTEM = 'http://fhir.nl/fhir/NamingSystem/bsn';
const ACTIVE_ENCOUNTER = new Set(['arrived', 'triaged', 'in-progress', 'onleave']);

export interface PatientSummary {
  id: string;
  name: string;
  birthDate?: string;
  age?: number;
  gender?: string;
  bsn?: string;
  deceased?: string | true;
  encounter?: Encounter;
  locationId?: string;
  bed?: string;
}

export function patientName(p: Patient): string {
  const n = p.name?.find((x) => x.use === 'official') ?? p.name?.[0];
  if (!n) return `Patiënt ${p.id}`;
  if (n.text) return n.text;
  return [n.prefix?.join(' '), n.given?.join(' '), n.family].filter(Boolean).join(' ') || `Patiënt ${p.id}`;
}

export function ageOn(birthDate: string | undefined, on: Date): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(birthDate ?? '');
  if (!m) return undefined;
  const [y, mo, d] = [+m[1], +m[2], +m[3]];
  let age = on.getFullYear() - y;
  if (on.getMonth() + 1 < mo || (on.getMonth() + 1 === mo && on.getDate() < d)) age--;
  return age;
}

const refId = (ref: string | undefined, type: string) => (ref?.startsWith(`${type}/`) ? ref.slice(type.length + 1) : undefined);

/** The encounter that places the patient in the hospital now: SEH first, then a ward stay. */
function currentEncounter(encounters: Encounter[]): Encounter | undefined {
  const active = encounters.filter((e) => ACTIVE_ENCOUNTER.has(e.status));
  return active.find((e) => e.class?.code === 'EMER') ?? active.find((e) => ['IMP', 'ACUTE'].includes(e.class?.code ?? '')) ?? active[0];
}

export async function summarize(repo: MemoryRepository, p: Patient, now: Date, encounters?: Encounter[]): Promise<PatientSummary> {
  const encs = encounters ?? ((await repo.searchResources({ resourceType: 'Encounter', filters: [{ code: 'subject', operator: Operator.EQUALS, value: `Patient/${p.id}` }], count: 1000 })) as Encounter[]);
  const enc = currentEncounter(encs);
  const loc = enc?.location?.find((l) => l.status !== 'completed') ?? enc?.location?.[0];
  return {
    id: p.id!,
    name: patientName(p),
    birthDate: p.birthDate,
    age: ageOn(p.birthDate, now),
    gender: p.gender,
    bsn: p.identifier?.find((i) => i.system === BSN_SYSTEM)?.value,
    deceased: p.deceasedDateTime ?? (p.deceasedBoolean ? true : undefined),
    encounter: enc,
    locationId: refId(loc?.location?.reference, 'Location') ?? (enc?.class?.code === 'EMER' ? SEH_LOCATION.id : undefined),
    bed: loc?.location?.display?.match(/bed\s*\S+/i)?.[0],
  };
}

export interface WardList {
  wards: { id: string; name: string; patients: PatientSummary[] }[];
  seh: PatientSummary[];
  deceased: PatientSummary[];
  other: PatientSummary[];
}

export async function wardList(repo: MemoryRepository, now: Date): Promise<WardList> {
  const patients = (await repo.searchResources({ resourceType: 'Patient', count: 10_000 })) as Patient[];
  const encounters = (await repo.searchResources({ resourceType: 'Encounter', count: 100_000 })) as Encounter[];
  const bySubject = new Map<string, Encounter[]>();
  for (const e of encounters) {
    const id = refId(e.subject?.reference, 'Patient');
    if (id) bySubject.set(id, [...(bySubject.get(id) ?? []), e]);
  }
  const all = await Promise.all(patients.map((p) => summarize(repo, p, now, bySubject.get(p.id!) ?? [])));
  all.sort((a, b) => a.name.localeCompare(b.name, 'nl'));
  const out: WardList = { wards: WARDS.map((w) => ({ id: w.id, name: w.name, patients: [] })), seh: [], deceased: [], other: [] };
  for (const s of all) {
    const ward = out.wards.find((w) => w.id === s.locationId);
    if (s.deceased) out.deceased.push(s);
    else if (ward && s.encounter) ward.patients.push(s);
    else if (s.locationId === SEH_LOCATION.id && s.encounter) out.seh.push(s);
    else out.other.push(s);
  }
  return out;
}

export interface Chart {
  patient: Patient;
  summary: PatientSummary;
  conditions: Condition[];
  medications: MedicationRequest[];
  consents: Consent[];
  related: RelatedPerson[];
  careTeams: CareTeam[];
  gp?: string;
  encounters: Encounter[];
}

async function byPatient<T extends Resource>(repo: MemoryRepository, type: T['resourceType'], field: string, id: string): Promise<T[]> {
  return (await repo.searchResources({ resourceType: type, filters: [{ code: field, operator: Operator.EQUALS, value: `Patient/${id}` }], count: 1000 })) as T[];
}

export async function chart(repo: MemoryRepository, id: string, now: Date): Promise<Chart | undefined> {
  const patient = await repo.readResource<Patient>('Patient', id).catch(() => undefined);
  if (!patient) return undefined;
  const [encounters, conditions, medications, consents, related, careTeams] = await Promise.all([
    byPatient<Encounter>(repo, 'Encounter', 'subject', id),
    byPatient<Condition>(repo, 'Condition', 'subject', id),
    byPatient<MedicationRequest>(repo, 'MedicationRequest', 'subject', id),
    byPatient<Consent>(repo, 'Consent', 'patient', id),
    byPatient<RelatedPerson>(repo, 'RelatedPerson', 'patient', id),
    byPatient<CareTeam>(repo, 'CareTeam', 'subject', id),
  ]);
  const gpRef = patient.generalPractitioner?.[0];
  let gp = gpRef?.display;
  if (!gp && gpRef?.reference?.startsWith('Practitioner/')) {
    const prac = await repo.readReference<Practitioner>(gpRef as never).catch(() => undefined);
    gp = prac?.name?.[0]?.text;
  }
  // newest first: the chart shows the latest contacts
  encounters.sort((a, b) => (b.period?.start ?? '').localeCompare(a.period?.start ?? ''));
  return { patient, summary: await summarize(repo, patient, now, encounters), conditions, medications, consents, related, careTeams, gp, encounters };
}

/** Neighbours in the ward-list order, for the "volgende patiënt" link. */
export async function nextPatientId(repo: MemoryRepository, id: string, now: Date): Promise<string | undefined> {
  const list = await wardList(repo, now);
  const order = [...list.wards.flatMap((w) => w.patients), ...list.seh, ...list.other, ...list.deceased].map((p) => p.id);
  const i = order.indexOf(id);
  return order.length > 1 ? order[(i + 1) % order.length] : undefined;
}
