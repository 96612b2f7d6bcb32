// The handover document as FHIR R4: a `document` Bundle whose first entry is a Composition (LOINC
// 18761-7 Transfer summary note), one section per handover item (section.code = the item id in our
// CodeSystem) with entry references and a narrative; a missing item has emptyReason + a narrative
// saying where to record it. A DocumentReference makes the EHR list it.
//
// Versions: Composition.identifier and DocumentReference.identifier are the stable "set" id (patient +
// stay); Bundle.identifier and DocumentReference.masterIdentifier are the version id, a hash of the
// content. Saving the same content again therefore matches the earlier copy (conditional create, no
// duplicate); new data makes a new Bundle + DocumentReference that `replaces` the previous one.
import { DEFAULT_CODE_SYSTEM } from '../pathway/config';
import type { PatientRecord } from '../pathway/schemas/record';
import { contentHash, uuidFrom } from './hash';
import { handoverText } from './letter';
import type { HandoverDocument, HandoverSection } from './types';
import { escapeXml, sectionDiv } from './xhtml';

type Json = Record<string, unknown>;

export const LOINC = 'http://loinc.org';
export const TRANSFER_SUMMARY = { system: LOINC, code: '18761-7', display: 'Transfer summary note' };
const EMPTY_REASON = 'http://terminology.hl7.org/CodeSystem/list-empty-reason';

export const handoverSetSystem = (pz: string) => `${pz}/handover-document`;
export const handoverVersionSystem = (pz: string) => `${pz}/handover-version`;

export interface FhirOptions {
  /** canonical of the app's CodeSystem */
  pzSystem?: string;
  /** the FHIR server the record came from: entries then get `<base>/<Type>/<id>` fullUrls and keep
   * their relative references; without it the document uses urn:uuid fullUrls */
  fhirBase?: string;
  /** the signed-in clinician, as author */
  author?: { reference?: string; display?: string };
}

export interface HandoverFhir {
  bundle: Json & { resourceType: 'Bundle' };
  documentReference: Json & { resourceType: 'DocumentReference' };
  /** the version id (Bundle.identifier.value) */
  version: string;
  /** the set id (Composition.identifier.value) */
  setId: string;
  /** current handover DocumentReferences of an earlier version, replaced by this one */
  replaces: string[];
}

/** The record's resources by "Type/id", raw (the schemas keep every field). */
function resourceIndex(record: PatientRecord): Map<string, Json> {
  const out = new Map<string, Json>();
  const lists = [
    record.conditions, record.observations, record.encounters, record.consents, record.documentReferences, record.compositions,
    record.procedures, record.goals, record.careTeams, record.relatedPersons, record.medicationRequests, record.medicationStatements,
    record.tasks, record.communications, record.carePlans,
  ] as Json[][];
  for (const list of lists) for (const r of list) if (typeof r.id === 'string') out.set(`${r.resourceType}/${r.id}`, r);
  return out;
}

function sectionJson(s: HandoverSection, pz: string, refOf: (key: string) => string | undefined): Json {
  const entry = s.present ? s.entries.map(refOf).filter((r): r is string => !!r).map((reference) => ({ reference })) : [];
  return {
    title: s.title,
    code: { coding: [{ system: pz, code: s.id, display: s.title }], text: s.title },
    text: { status: 'generated', div: sectionDiv(s) },
    // cmp-2: emptyReason only on a section without entries. A missing item keeps its partial facts in
    // the narrative, so nothing is lost, but is not presented as a complete item.
    ...(entry.length ? { entry } : s.present ? {} : { emptyReason: { coding: [{ system: EMPTY_REASON, code: 'unavailable', display: 'Unavailable' }], text: 'Ontbreekt in het dossier' } }),
  };
}

/** The identity of a document's content: everything shown, not the moment it was made. */
export function handoverVersion(doc: HandoverDocument): string {
  const { date: _date, errors: _errors, ...content } = doc;
  return contentHash(JSON.stringify(content));
}

function toBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export function handoverFhir(doc: HandoverDocument, record: PatientRecord, opts: FhirOptions = {}): HandoverFhir {
  const pz = opts.pzSystem ?? DEFAULT_CODE_SYSTEM;
  const base = opts.fhirBase?.replace(/\/+$/, '');
  const patientId = doc.patient.slice('Patient/'.length);
  const setId = `${patientId}.${doc.stay ? doc.stay.encounter.slice('Encounter/'.length) : 'zonder-opname'}`;
  const version = handoverVersion(doc);
  const index = resourceIndex(record);
  if (record.patientResource?.id) index.set(doc.patient, record.patientResource as Json);

  // every source resource the sections point at, once, in section order
  const included = new Map<string, Json>();
  const fullUrlOf = (key: string) => (base ? `${base}/${key}` : `urn:uuid:${uuidFrom(key)}`);
  const refOf = (key: string) => {
    const r = index.get(key);
    if (!r) return undefined;
    included.set(key, r);
    return base ? key : fullUrlOf(key);
  };
  const subject = refOf(doc.patient) ?? doc.patient;
  const encounter = doc.stay ? refOf(doc.stay.encounter) : undefined;
  const author = opts.author?.reference || opts.author?.display ? { ...opts.author } : { display: doc.hospitalName };
  const sections = [...doc.items, ...doc.context].map((s) => sectionJson(s, pz, refOf));
  const missingText = doc.missing.length ? `Ontbreekt: ${doc.items.filter((i) => !i.present).map((i) => i.title).join('; ')}.` : 'Alle overdrachtspunten zijn vastgelegd.';

  const composition: Json = {
    resourceType: 'Composition',
    id: uuidFrom(`composition|${version}`),
    text: {
      status: 'generated',
      div: `<div xmlns="http://www.w3.org/1999/xhtml"><p>Palliatieve overdracht van ${escapeXml(doc.patientName)}, ${escapeXml(doc.hospitalName)}.</p><p>${escapeXml(missingText)}</p></div>`,
    },
    identifier: { system: handoverSetSystem(pz), value: setId },
    status: 'final',
    type: { coding: [TRANSFER_SUMMARY], text: 'Palliatieve overdracht' },
    category: [{ coding: [{ system: pz, code: 'palliatieve-overdracht', display: 'Palliatieve overdracht' }] }],
    subject: { reference: subject, display: doc.patientName },
    ...(encounter ? { encounter: { reference: encounter } } : {}),
    date: doc.date,
    author: [author],
    title: `Palliatieve overdracht — ${doc.patientName}`,
    custodian: { display: doc.hospitalName },
    section: sections,
  };
  const compositionUrl = `urn:uuid:${composition.id as string}`;
  const bundle = {
    resourceType: 'Bundle' as const,
    identifier: { system: handoverVersionSystem(pz), value: version },
    type: 'document',
    timestamp: doc.date,
    entry: [
      { fullUrl: compositionUrl, resource: composition },
      ...[...included].map(([key, resource]) => ({ fullUrl: fullUrlOf(key), resource })),
    ],
  };

  // earlier versions of this document that the EHR still lists as current
  const replaces = record.documentReferences
    .filter((d) => {
      const raw = d as Json & { identifier?: { system?: string; value?: string }[]; masterIdentifier?: { value?: string } };
      return d.status === 'current' && raw.identifier?.some((i) => i.system === handoverSetSystem(pz) && i.value === setId) && raw.masterIdentifier?.value !== version;
    })
    .map((d) => `DocumentReference/${d.id}`);

  const documentReference = {
    resourceType: 'DocumentReference' as const,
    masterIdentifier: { system: handoverVersionSystem(pz), value: version },
    identifier: [{ system: handoverSetSystem(pz), value: setId }],
    status: 'current',
    docStatus: 'final',
    type: { coding: [TRANSFER_SUMMARY], text: 'Palliatieve overdracht' },
    category: [{ coding: [{ system: pz, code: 'palliatieve-overdracht', display: 'Palliatieve overdracht' }] }],
    subject: { reference: doc.patient, display: doc.patientName },
    date: doc.date,
    author: [author],
    custodian: { display: doc.hospitalName },
    description: `Palliatieve overdracht — ${doc.patientName}${doc.missing.length ? ` (${doc.missing.length} van 9 punten ontbreken)` : ''}`,
    ...(replaces.length ? { relatesTo: replaces.map((reference) => ({ code: 'replaces', target: { reference } })) } : {}),
    content: [
      { attachment: { contentType: 'application/fhir+json', title: 'Overdracht (FHIR-document)', creation: doc.date }, format: { system: 'urn:oid:1.3.6.1.4.1.19376.1.2.3', code: 'urn:hl7-org:sdwg:fhir-document', display: 'FHIR document' } },
      { attachment: { contentType: 'text/plain; charset=utf-8', language: 'nl', title: 'Overdracht (tekst)', data: toBase64(handoverText(doc)), creation: doc.date } },
    ],
    context: {
      ...(doc.stay ? { encounter: [{ reference: doc.stay.encounter }] } : {}),
      ...(doc.stay?.start || doc.stay?.end ? { period: { ...(doc.stay.start ? { start: doc.stay.start } : {}), ...(doc.stay.end ? { end: doc.stay.end } : {}) } } : {}),
    },
  };
  return { bundle, documentReference, version, setId, replaces };
}
