// The searches that make up one patient's record: exactly the resource types the rules in pathway.md
// read. Code filters are used where the rules only care about our own codes (Observations,
// Procedures, documents), so a Synthea-sized record does not drag thousands of vital signs along.
import { LOINC, SCT_ACP, SCT_MEDICATION_REVIEW, SNOMED } from './codes';

export interface RecordSearch {
  resourceType: string;
  /** relative URL, e.g. "Condition?patient=123&_count=500" */
  url: string;
  /**
   * Types no rule depends on for a safety-relevant "present" answer: a server that cannot search
   * them is reported as a warning instead of failing the load. Everything else fails loudly, because
   * a silently missing Consent search would hide a "niet reanimeren" directive.
   */
  optional: boolean;
}

/** Which field of each resource points at the patient (to split a multi-patient search per patient). */
export const PATIENT_FIELD: Record<string, string> = {
  Condition: 'subject',
  Observation: 'subject',
  Encounter: 'subject',
  Consent: 'patient',
  DocumentReference: 'subject',
  Procedure: 'subject',
  CareTeam: 'subject',
  Flag: 'subject',
  Goal: 'subject',
  EpisodeOfCare: 'patient',
  MedicationRequest: 'subject',
  MedicationStatement: 'subject',
  RelatedPerson: 'patient',
  Task: 'for',
  ServiceRequest: 'subject',
  CarePlan: 'subject',
  Composition: 'subject',
  Communication: 'subject',
};

interface TypeSearch {
  type: keyof typeof PATIENT_FIELD;
  filter?: (pz: string) => string;
  optional?: boolean;
}

const tokens = (...t: string[]) => t.map(encodeURIComponent).join(',');

const TYPES: TypeSearch[] = [
  { type: 'Condition' },
  {
    type: 'Observation',
    // surprise question, kindcheck, caregiver burden: the only Observations a rule reads
    filter: (pz) => `code=${tokens(`${pz}|surprise-question`, `${pz}|kindcheck`, `${pz}|caregiver-burden`, `${pz}|caregiver-burden-asked`)}`,
  },
  { type: 'Encounter' },
  { type: 'Consent' },
  {
    type: 'DocumentReference',
    // 18761-7: earlier handover documents, which a new version replaces (lib/handover)
    filter: (pz) => `type=${tokens(`${LOINC}|42348-3`, `${LOINC}|75320-2`, `${pz}|mdo-verslag`, `${pz}|patz-verslag`, `${LOINC}|18761-7`)}`,
  },
  {
    type: 'Procedure',
    filter: (pz) => `code=${tokens(`${SNOMED}|${SCT_ACP}`, `${SNOMED}|${SCT_MEDICATION_REVIEW}`, `${pz}|medicatiereview`)}`,
  },
  { type: 'CareTeam' },
  { type: 'Flag', optional: true },
  { type: 'Goal' },
  { type: 'EpisodeOfCare', optional: true },
  { type: 'MedicationRequest' },
  { type: 'MedicationStatement' },
  { type: 'RelatedPerson' },
  { type: 'Task' },
  { type: 'ServiceRequest' },
  { type: 'CarePlan' },
  { type: 'Composition', filter: (pz) => `type=${tokens(`${pz}|mdo-verslag`, `${pz}|patz-verslag`)}`, optional: true },
  { type: 'Communication', optional: true },
];

export interface SearchOptions {
  pzSystem: string;
  /** page size asked for; paging is followed when a server caps it lower */
  pageSize: number;
}

/**
 * The GP and huisartsenpost come along with the Patient (S3: whom the SEH calls when the behandelwensen
 * are unknown): Patient.generalPractitioner may point at a Practitioner, a PractitionerRole or an
 * Organization; a PractitionerRole's practice and person are one `:iterate` step further. Standard FHIR
 * search parameters, so no extra request: they ride in the Patient entry of the same batch.
 */
export const GP_INCLUDES = [
  '_include=Patient:general-practitioner',
  '_include:iterate=PractitionerRole:organization',
  '_include:iterate=PractitionerRole:practitioner',
].join('&');

/** Resource types `GP_INCLUDES` can bring into a Patient search (kept in the record; see gpResourcesFor). */
export const GP_TYPES: ReadonlySet<string> = new Set(['Practitioner', 'PractitionerRole', 'Organization']);

/**
 * Searches for one or more patients: `Patient?_id=a,b,…&_include=…` + one search per type with
 * `subject=Patient/a,Patient/b,…` (FHIR OR), split per patient later.
 * The Patient is searched, not read (`Patient/<id>`), because only a search can `_include` the GP and
 * huisartsenpost in the same round trip. A server that ignores `_include` answers the Patient alone:
 * the record loads as before, only without phone numbers (lib/ui/gp.ts shows "no number"). One that
 * refuses the Patient search for it (a 4xx, see isIncludeRefusal) costs one retry without the includes
 * (lib/fhir/load-record.ts), with the same result.
 */
export function recordSearches(patientIds: string[], opts: SearchOptions): RecordSearch[] {
  if (patientIds.length === 0) return [];
  const ids = patientIds.map(encodeURIComponent).join(',');
  // `Patient/<id>` rather than a bare id: every server accepts the typed form, some (Medplum) only that
  const refs = patientIds.map((id) => `Patient/${encodeURIComponent(id)}`).join(',');
  const count = `_count=${opts.pageSize}`;
  const patient: RecordSearch = { resourceType: 'Patient', url: `Patient?_id=${ids}&${GP_INCLUDES}&${count}`, optional: false };
  return [
    patient,
    ...TYPES.map((t) => ({
      resourceType: t.type,
      url: `${t.type}?${searchParamFor(t.type)}=${refs}${t.filter ? `&${t.filter(opts.pzSystem)}` : ''}&${count}`,
      optional: !!t.optional,
    })),
  ];
}

/**
 * The same Patient search without the GP `_include`s, for a server that refuses them (400 "unsupported
 * _include" and the like): the patients load as before, only without the GP's and huisartsenpost's
 * phone numbers. Any other search is returned unchanged.
 */
export function withoutGpIncludes(search: RecordSearch): RecordSearch {
  if (search.resourceType !== 'Patient' || !search.url.includes(GP_INCLUDES)) return search;
  return { ...search, url: search.url.replace(`&${GP_INCLUDES}`, '') };
}

/**
 * A refused Patient search worth one retry without `_include`: a 4xx that says "not this search"
 * (400, 404, 405, 422, …). Not 401/403 (the session or its scopes: retrying would hide that) and not
 * 429 (the server asks to slow down, not to ask differently).
 */
export function isIncludeRefusal(status: number): boolean {
  return status >= 400 && status < 500 && status !== 401 && status !== 403 && status !== 429;
}

/**
 * `subject=Patient/x` where the type has a subject, `patient=` only where the patient field is
 * itself the patient (Consent, RelatedPerson, EpisodeOfCare). Same matches, but the standard `patient`
 * parameter of most types is `subject.where(resolve() is Patient)`, which a server may evaluate by
 * resolving every reference (Medplum's in-memory repository: ~1 s instead of ~5 ms per search).
 */
export function searchParamFor(type: string): string {
  return PATIENT_FIELD[type] === 'patient' ? 'patient' : 'subject';
}

/** The patient id a resource belongs to (by its patient field), or undefined. */
export function patientIdOf(resource: { resourceType: string; id?: string; [k: string]: unknown }): string | undefined {
  if (resource.resourceType === 'Patient') return resource.id;
  const field = PATIENT_FIELD[resource.resourceType];
  if (!field) return undefined;
  const ref = (resource[field] as { reference?: string } | undefined)?.reference;
  const m = ref?.match(/(?:^|\/)Patient\/([^/?#]+)(?:\/_history\/[^/]+)?$/);
  return m?.[1];
}

type Json = { resourceType: string; id?: string; [k: string]: unknown };

/**
 * The GP resources (Practitioner / PractitionerRole / Organization) among `candidates` that belong to
 * this patient: referenced from Patient.generalPractitioner, or from a PractitionerRole so referenced
 * (its organization and practitioner). Everything else an include brought along is not this patient's.
 */
export function gpResourcesFor(patient: Json, candidates: readonly Json[]): Json[] {
  const byRef = new Map<string, Json>();
  for (const c of candidates) if (GP_TYPES.has(c.resourceType) && c.id) byRef.set(`${c.resourceType}/${c.id}`, c);
  const out: Json[] = [];
  const seen = new Set<string>();
  const visit = (ref: unknown, depth: number) => {
    const reference = (ref as { reference?: unknown } | undefined)?.reference;
    if (typeof reference !== 'string' || depth > 2) return;
    const m = /(?:^|\/)((?:Practitioner|PractitionerRole|Organization)\/[^/?#]+)(?:\/_history\/[^/]+)?$/.exec(reference);
    const key = m?.[1];
    const found = key ? byRef.get(key) : undefined;
    if (!key || !found || seen.has(key)) return;
    seen.add(key);
    out.push(found);
    if (found.resourceType === 'PractitionerRole') {
      visit(found.organization, depth + 1);
      visit(found.practitioner, depth + 1);
    }
  };
  const refs = patient.generalPractitioner;
  if (Array.isArray(refs)) for (const r of refs) visit(r, 0);
  return out;
}
