// "Opslaan in dossier": the handover document (lib/handover) as ONE transaction, exactly once however
// often it is retried: POST the document Bundle if none with its version identifier exists, POST the
// DocumentReference (pointing at that Bundle) if none with that version exists, and mark the
// DocumentReference(s) it replaces as superseded (a PUT of the same state: safe to repeat).
import type { Builder } from './common';
import { WriteRefusedError, required } from './common';

type Json = Record<string, unknown>;

export interface SaveHandoverParams {
  bundle: Json & { identifier?: { system?: string; value?: string }; type?: string };
  documentReference: Json & { masterIdentifier?: { system?: string; value?: string }; subject?: { reference?: string }; context?: Json };
  /** full earlier DocumentReferences to mark superseded */
  superseded?: (Json & { id?: string })[];
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
  const bundleUrl = `urn:uuid:${b.identifier.value.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, '$1-$2-$3-$4-$5')}`;
  const entry: Json[] = [
    { fullUrl: bundleUrl, resource: b, request: { method: 'POST', url: 'Bundle', ifNoneExist: `identifier=${enc(b.identifier.system)}|${enc(b.identifier.value)}` } },
    {
      resource: { ...d, context: { ...(d.context ?? {}), related: [{ reference: bundleUrl, display: 'Overdracht (FHIR-document)' }] } },
      request: {
        method: 'POST',
        url: 'DocumentReference',
        ifNoneExist: `patient=Patient/${enc(intent.patientId)}&identifier=${enc(d.masterIdentifier.system ?? '')}|${enc(d.masterIdentifier.value)}`,
      },
    },
  ];
  for (const old of p.superseded ?? []) {
    if (old.resourceType !== 'DocumentReference' || !old.id) continue;
    if ((old.subject as { reference?: string } | undefined)?.reference !== `Patient/${intent.patientId}`) throw new WriteRefusedError('save-handover: vervangen document hoort bij een andere patiënt');
    const { meta: _meta, ...rest } = old;
    entry.push({ resource: { ...rest, status: 'superseded' }, request: { method: 'PUT', url: `DocumentReference/${old.id}` } });
  }
  return { kind: 'transaction', bundle: { resourceType: 'Bundle', type: 'transaction', entry }, resultType: 'DocumentReference' };
};
