// "Opslaan in dossier": the handover document (lib/handover) as ONE transaction, exactly once however
// often it is retried: POST the DocumentReference, which carries the document Bundle itself as its
// application/fhir+json attachment, if none with that version (masterIdentifier) exists, and mark the
// DocumentReference(s) it replaces as superseded: a PUT with If-Match on the version read, so a
// DocumentReference someone else changed meanwhile is never overwritten with the stale copy (on 412
// send-write re-reads it and supersedes the fresh version, or leaves one that is no longer current).
// The Bundle travels inside the DocumentReference, not as a Bundle resource of its own: a Bundle is in
// no patient compartment, so a patient-scoped SMART token (the EHR launch) may not create one.
import type { Builder } from './common';
import { WriteRefusedError, required } from './common';

type Json = Record<string, unknown>;

export interface SaveHandoverParams {
  bundle: Json & { identifier?: { system?: string; value?: string }; type?: string };
  documentReference: Json & { masterIdentifier?: { system?: string; value?: string }; subject?: { reference?: string }; context?: Json };
  /** full earlier DocumentReferences to mark superseded */
  superseded?: (Json & { id?: string })[];
}

function toBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** The document Bundle as the data of the DocumentReference's FHIR-document attachment. */
function withDocument(d: SaveHandoverParams['documentReference'], b: SaveHandoverParams['bundle']): Json {
  const content = Array.isArray(d.content) ? (d.content as { attachment?: Json }[]) : [];
  return {
    ...d,
    content: content.map((c) => (c.attachment?.contentType === 'application/fhir+json' ? { ...c, attachment: { ...c.attachment, data: toBase64(JSON.stringify(b)) } } : c)),
  };
}

export const saveHandover: Builder = (intent) => {
  let p: SaveHandoverParams;
  try {
    p = JSON.parse(required(intent, 'document')) as SaveHandoverParams;
  } catch (e) {
    if (e instanceof WriteRefusedError) throw e;
    throw new WriteRefusedError('save-handover: "document" is geen JSON');
  }
  const b = p.bundle;
  const d = p.documentReference;
  if (b?.resourceType !== 'Bundle' || b.type !== 'document' || !b.identifier?.system || !b.identifier.value) throw new WriteRefusedError('save-handover: geen document-Bundle met identifier');
  if (d?.resourceType !== 'DocumentReference' || !d.masterIdentifier?.value) throw new WriteRefusedError('save-handover: geen DocumentReference met masterIdentifier');
  if (d.subject?.reference !== `Patient/${intent.patientId}`) throw new WriteRefusedError('save-handover: het document hoort bij een andere patiënt');
  const enc = encodeURIComponent;
  const entry: Json[] = [
    {
      resource: withDocument(d, b),
      request: {
        method: 'POST',
        url: 'DocumentReference',
        ifNoneExist: `patient=Patient/${enc(intent.patientId)}&identifier=${enc(d.masterIdentifier.system ?? '')}|${enc(d.masterIdentifier.value)}`,
      },
    },
  ];
  const supersedes: string[] = [];
  for (const old of p.superseded ?? []) {
    if (old.resourceType !== 'DocumentReference' || !old.id) continue;
    if ((old.subject as { reference?: string } | undefined)?.reference !== `Patient/${intent.patientId}`) throw new WriteRefusedError('save-handover: vervangen document hoort bij een andere patiënt');
    const { meta, ...rest } = old;
    const versionId = (meta as { versionId?: string } | undefined)?.versionId;
    const url = `DocumentReference/${old.id}`;
    entry.push({ resource: { ...rest, status: 'superseded' }, request: { method: 'PUT', url, ...(versionId ? { ifMatch: `W/"${versionId}"` } : {}) } });
    supersedes.push(url);
  }
  return { kind: 'transaction', bundle: { resourceType: 'Bundle', type: 'transaction', entry }, resultType: 'DocumentReference', ...(supersedes.length ? { supersedes } : {}) };
};
