// Turns loose FHIR input (resources, Bundles of any type, Synthea transaction bundles with urn:uuid
// fullUrls) into one validated PatientRecord per patient. Each resource is validated on its own: a
// malformed one becomes a ResourceError and is skipped; the rest of the record is still evaluated.
import type { ResourceError } from '../types';
import {
  PATIENT_SCHEMAS,
  SHARED_SCHEMAS,
  type CarePlan,
  type CareTeam,
  type Communication,
  type Composition,
  type Condition,
  type Consent,
  type DocumentReference,
  type Encounter,
  type EpisodeOfCare,
  type Flag,
  type Goal,
  type MedicationRequest,
  type MedicationStatement,
  type Observation,
  type Organization,
  type Patient,
  type Practitioner,
  type PractitionerRole,
  type Procedure,
  type RelatedPerson,
  type ServiceRequest,
  type Task,
} from './resources';
import type { Reference } from './primitives';

export type SharedResource = Organization | Practitioner | PractitionerRole;

export interface PatientRecord {
  /** "Patient/<id>" */
  patient: string;
  /** the Patient resource, when it was part of the input */
  patientResource?: Patient;
  conditions: Condition[];
  observations: Observation[];
  encounters: Encounter[];
  consents: Consent[];
  documentReferences: DocumentReference[];
  compositions: Composition[];
  procedures: Procedure[];
  flags: Flag[];
  goals: Goal[];
  episodesOfCare: EpisodeOfCare[];
  careTeams: CareTeam[];
  relatedPersons: RelatedPerson[];
  medicationRequests: MedicationRequest[];
  medicationStatements: MedicationStatement[];
  tasks: Task[];
  communications: Communication[];
  serviceRequests: ServiceRequest[];
  carePlans: CarePlan[];
  /** Organizations, Practitioners, PractitionerRoles of the same input, by "Type/id" (for display). */
  shared: ReadonlyMap<string, SharedResource>;
  /** Bundle entry fullUrl (e.g. "urn:uuid:…") → "Type/id", to resolve references. */
  fullUrls: ReadonlyMap<string, string>;
  /** malformed resources of this patient that were skipped */
  errors: ResourceError[];
}

type PatientType = keyof typeof PATIENT_SCHEMAS;
type ListField = Exclude<keyof PatientRecord, 'patient' | 'patientResource' | 'shared' | 'fullUrls' | 'errors'>;

const LIST_FIELD: Record<Exclude<PatientType, 'Patient'>, ListField> = {
  Condition: 'conditions',
  Observation: 'observations',
  Encounter: 'encounters',
  Consent: 'consents',
  DocumentReference: 'documentReferences',
  Composition: 'compositions',
  Procedure: 'procedures',
  Flag: 'flags',
  Goal: 'goals',
  EpisodeOfCare: 'episodesOfCare',
  CareTeam: 'careTeams',
  RelatedPerson: 'relatedPersons',
  MedicationRequest: 'medicationRequests',
  MedicationStatement: 'medicationStatements',
  Task: 'tasks',
  Communication: 'communications',
  ServiceRequest: 'serviceRequests',
  CarePlan: 'carePlans',
};

/** The fields that can name the patient a resource belongs to, in order of preference. */
const PATIENT_FIELDS = ['subject', 'patient', 'beneficiary', 'for'] as const;

const REF_PATTERN = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/;

/** "Patient/1", "https://x/fhir/Patient/1/_history/2", or a fullUrl of the same input → "Patient/1". */
export function normalizeReference(reference: string | undefined, fullUrls: ReadonlyMap<string, string>): string | undefined {
  if (!reference) return undefined;
  const viaFullUrl = fullUrls.get(reference);
  if (viaFullUrl) return viaFullUrl;
  if (reference.startsWith('urn:')) return undefined;
  const m = REF_PATTERN.exec(reference);
  return m ? `${m[1]}/${m[2]}` : undefined;
}

export function refKey(record: Pick<PatientRecord, 'fullUrls'>, ref: Reference | undefined): string | undefined {
  return normalizeReference(ref?.reference, record.fullUrls);
}

interface Entry {
  resource: Record<string, unknown>;
  fullUrl?: string;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A FHIR resource type name (FHIR's `code` for ResourceType): anything else is not a resource. */
const RESOURCE_TYPE = /^[A-Z][A-Za-z]{0,63}$/;

/**
 * Bundles (of any type, nested in any depth) → their resources, in input order. Iterative, not
 * recursive: a Bundle nested 10,000 deep is still unwrapped instead of overflowing the stack.
 * Whatever is not a resource is reported with where it was found, never dropped silently.
 */
function flatten(input: unknown, out: Entry[], errors: ResourceError[]): void {
  // a stack of pending items, pushed in reverse so they pop in input order
  const stack: { item: unknown; fullUrl?: string; bundle?: { id?: string; field: string } }[] = [{ item: input }];
  while (stack.length > 0) {
    const { item, fullUrl, bundle } = stack.pop()!;
    if (!isObject(item) || typeof item.resourceType !== 'string' || !RESOURCE_TYPE.test(item.resourceType)) {
      const named = isObject(item) && typeof item.resourceType === 'string';
      errors.push({
        resourceType: bundle ? 'Bundle' : 'unknown',
        id: bundle?.id ?? (isObject(item) && typeof item.id === 'string' ? item.id : undefined),
        field: bundle ? bundle.field : 'resourceType',
        message: named ? 'not a FHIR resource type' : 'not a FHIR resource (no resourceType)',
      });
      continue;
    }
    if (item.resourceType !== 'Bundle') {
      out.push({ resource: item, fullUrl });
      continue;
    }
    const id = typeof item.id === 'string' ? item.id : undefined;
    if (item.entry === undefined) continue;
    if (!Array.isArray(item.entry)) {
      errors.push({ resourceType: 'Bundle', id, field: 'entry', message: 'Bundle.entry is not a list' });
      continue;
    }
    for (let i = item.entry.length - 1; i >= 0; i--) {
      const e: unknown = item.entry[i];
      if (!isObject(e)) {
        errors.push({ resourceType: 'Bundle', id, field: `entry.${i}`, message: 'Bundle entry is not an object' });
        continue;
      }
      // batch/transaction responses carry entries with only a `response` (e.g. an error status)
      if (e.resource === undefined) {
        if (e.response === undefined && e.request === undefined) errors.push({ resourceType: 'Bundle', id, field: `entry.${i}`, message: 'Bundle entry without a resource' });
        continue;
      }
      stack.push({ item: e.resource, fullUrl: typeof e.fullUrl === 'string' ? e.fullUrl : undefined, bundle: { id, field: `entry.${i}.resource` } });
    }
  }
}

function effectiveId(entry: Entry): string | undefined {
  if (typeof entry.resource.id === 'string' && entry.resource.id) return entry.resource.id;
  // Transaction bundles may carry resources without id; the fullUrl then is their identity.
  const f = entry.fullUrl;
  if (f?.startsWith('urn:uuid:')) return f.slice('urn:uuid:'.length);
  const m = f ? REF_PATTERN.exec(f) : null;
  return m ? m[2] : undefined;
}

function rawPatientRef(resource: Record<string, unknown>, fullUrls: ReadonlyMap<string, string>): string | undefined {
  for (const field of PATIENT_FIELDS) {
    const v = resource[field];
    if (isObject(v) && typeof v.reference === 'string') {
      const key = normalizeReference(v.reference, fullUrls);
      if (key?.startsWith('Patient/')) return key;
    }
  }
  return undefined;
}

/**
 * A CareTeam may name its patient only as a participant (e.g. the zib2020 CareTeam example, or a
 * palliative team listing its patients); read widely and use that when there is no subject.
 */
function careTeamParticipantPatient(resource: Record<string, unknown>, fullUrls: ReadonlyMap<string, string>): string | undefined {
  const parts = Array.isArray(resource.participant) ? resource.participant : [];
  for (const p of parts) {
    if (isObject(p) && isObject(p.member) && typeof p.member.reference === 'string') {
      const key = normalizeReference(p.member.reference, fullUrls);
      if (key?.startsWith('Patient/')) return key;
    }
  }
  return undefined;
}

function emptyRecord(patient: string, shared: Map<string, SharedResource>, fullUrls: Map<string, string>): PatientRecord {
  return {
    patient,
    conditions: [],
    observations: [],
    encounters: [],
    consents: [],
    documentReferences: [],
    compositions: [],
    procedures: [],
    flags: [],
    goals: [],
    episodesOfCare: [],
    careTeams: [],
    relatedPersons: [],
    medicationRequests: [],
    medicationStatements: [],
    tasks: [],
    communications: [],
    serviceRequests: [],
    carePlans: [],
    shared,
    fullUrls,
    errors: [],
  };
}

/**
 * A Patient without the top-level fields that fail validation (each reported). A `deceased[x]` that is
 * present but unreadable still says the patient may have died: it becomes `deceasedBoolean: true`
 * (death date unknown), so no prompt for a living patient fires for someone who may have died; an
 * explicit `false` or null stays "alive". Gives up (parsed undefined) when the identity itself is bad.
 */
function salvagePatient(resource: Record<string, unknown>): { parsed?: { success: true; data: Patient }; errors: Omit<ResourceError, 'id'>[] } {
  const copy: Record<string, unknown> = { ...resource };
  const errors: Omit<ResourceError, 'id'>[] = [];
  for (let round = 0; round < 50; round++) {
    const parsed = PATIENT_SCHEMAS.Patient.safeParse(copy);
    if (parsed.success) return { parsed: { success: true, data: parsed.data as Patient }, errors };
    const issue = parsed.error.issues[0];
    const top = issue.path[0];
    if (typeof top !== 'string' || top === 'resourceType' || top === 'id' || !(top in copy)) return { errors: [...errors, { resourceType: 'Patient', field: issue.path.join('.'), message: issue.message }] };
    const maybeDead = top.startsWith('deceased') && copy[top] !== false && copy[top] !== null;
    errors.push({ resourceType: 'Patient', field: issue.path.join('.'), message: `${issue.message}; field ignored${maybeDead ? ', patient treated as deceased (date unknown)' : ''}` });
    delete copy[top];
    // a readable deceasedDateTime beside a bad deceasedBoolean keeps its date (validated next round)
    if (maybeDead && copy.deceasedDateTime === undefined) copy.deceasedBoolean = true;
  }
  return { errors };
}

export interface BuildResult {
  records: PatientRecord[];
  /** every error, including those that could not be attributed to a patient */
  errors: ResourceError[];
  /** the errors that belong to no patient of the input */
  unattributed: ResourceError[];
}

export function buildRecord(resources: unknown[]): BuildResult {
  const unattributed: ResourceError[] = [];
  const entries: Entry[] = [];
  for (const r of resources) flatten(r, entries, unattributed);

  const fullUrls = new Map<string, string>();
  for (const e of entries) {
    const id = effectiveId(e);
    if (e.fullUrl && id) fullUrls.set(e.fullUrl, `${e.resource.resourceType as string}/${id}`);
  }

  const shared = new Map<string, SharedResource>();
  const records = new Map<string, PatientRecord>();
  const recordFor = (key: string) => {
    let rec = records.get(key);
    if (!rec) records.set(key, (rec = emptyRecord(key, shared, fullUrls)));
    return rec;
  };
  const all: ResourceError[] = [];

  for (const e of entries) {
    const type = e.resource.resourceType as string;
    const id = effectiveId(e);
    const sharedSchema = SHARED_SCHEMAS[type as keyof typeof SHARED_SCHEMAS];
    if (sharedSchema) {
      const parsed = sharedSchema.safeParse(e.resource);
      if (parsed.success && id) shared.set(`${type}/${id}`, parsed.data as SharedResource);
      else if (!parsed.success) {
        // A malformed Organization / Practitioner costs a display name, and for the GP or huisartsenpost
        // (included with the Patient) the phone number the SEH card shows: skip it, but say so. It belongs
        // to no patient, so it is reported as unattributed; no rule reads it, so no prompt is lost.
        const issue = parsed.error.issues[0];
        const err: ResourceError = { resourceType: type, id, field: issue.path.join('.'), message: `${issue.message}; ignored (names and phone numbers only)` };
        all.push(err);
        unattributed.push(err);
      }
      continue;
    }
    const schema = PATIENT_SCHEMAS[type as PatientType];
    if (!schema) continue; // not read by any rule (Claim, Immunization, …)

    const ownKey = type === 'Patient' && id ? `Patient/${id}` : undefined;
    const patientKey =
      ownKey ?? rawPatientRef(e.resource, fullUrls) ?? (type === 'CareTeam' ? careTeamParticipantPatient(e.resource, fullUrls) : undefined);
    let parsed = schema.safeParse(e.resource);
    if (!parsed.success && type === 'Patient' && ownKey) {
      // Every rule reads the Patient: rejecting it for one bad field would turn a deceased patient
      // into a living one. Keep the Patient, drop (and report) only its bad fields.
      const salvaged = salvagePatient(e.resource);
      for (const err of salvaged.errors) {
        all.push({ ...err, id });
        recordFor(ownKey).errors.push({ ...err, id });
      }
      if (salvaged.parsed) parsed = salvaged.parsed;
      else continue;
    }
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const err: ResourceError = { resourceType: type, id, field: issue.path.join('.'), message: issue.message };
      all.push(err);
      if (patientKey) recordFor(patientKey).errors.push(err);
      else unattributed.push(err);
      continue;
    }
    if (!patientKey) {
      const err: ResourceError = { resourceType: type, id, field: type === 'Patient' ? 'id' : 'subject', message: 'no patient reference; not evaluated' };
      all.push(err);
      unattributed.push(err);
      continue;
    }
    const data = parsed.data as Record<string, unknown>;
    if (id && data.id === undefined) data.id = id;
    const rec = recordFor(patientKey);
    if (type === 'Patient') rec.patientResource = data as Patient;
    else (rec[LIST_FIELD[type as Exclude<PatientType, 'Patient'>]] as unknown[]).push(data);
  }
  // errors found while unwrapping come first, as they came first in the input
  return { records: [...records.values()], errors: [...unattributed.filter((u) => !all.includes(u)), ...all], unattributed };
}
