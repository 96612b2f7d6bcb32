// One builder per writing ActionId (lib/pathway/types.ts); `view-*`/`open-*` actions write nothing.
import type { ActionId } from '../../pathway/types';
import type { WriteIntent } from '../gateway';
import { answerSurpriseQuestion } from './answer-surprise-question';
import { appointCentralCaregiver } from './appoint-central-caregiver';
import { assignNazorgOwner } from './assign-nazorg-owner';
import { WriteRefusedError, resolveContext, type Builder, type WriteContext, type WritePlan } from './common';
import { handoverBehandelwensengesprek } from './handover-behandelwensengesprek';
import { markPalliativePhase } from './mark-palliative-phase';
import { recordBehandelwensenOpgevraagd } from './record-behandelwensen-opgevraagd';
import { recordBehandelwensengesprek } from './record-behandelwensengesprek';
import { recordBrochureSent } from './record-brochure-sent';
import { recordCaregiverBurden } from './record-caregiver-burden';
import { recordCaregiversInformed } from './record-caregivers-informed';
import { recordKindcheck } from './record-kindcheck';
import { recordMedicationReview } from './record-medication-review';
import { recordNaaste } from './record-naaste';
import { recordNazorgContact } from './record-nazorg-contact';
import { recordNazorggesprek } from './record-nazorggesprek';
import { requestTopzConsult } from './request-topz-consult';
import { saveHandover } from './save-handover';

export type WritableActionId = Exclude<ActionId, 'view-directives' | 'open-handover-item'>;

export const WRITE_BUILDERS: Record<WritableActionId, Builder> = {
  'answer-surprise-question': answerSurpriseQuestion,
  'mark-palliative-phase': markPalliativePhase,
  'record-behandelwensengesprek': recordBehandelwensengesprek,
  'handover-behandelwensengesprek': handoverBehandelwensengesprek,
  'record-behandelwensen-opgevraagd': recordBehandelwensenOpgevraagd,
  'request-topz-consult': requestTopzConsult,
  'appoint-central-caregiver': appointCentralCaregiver,
  'record-medication-review': recordMedicationReview,
  'record-naaste': recordNaaste,
  'record-kindcheck': recordKindcheck,
  'record-caregiver-burden': recordCaregiverBurden,
  'record-caregivers-informed': recordCaregiversInformed,
  'assign-nazorg-owner': assignNazorgOwner,
  'record-nazorg-contact': recordNazorgContact,
  'record-nazorggesprek': recordNazorggesprek,
  'record-brochure-sent': recordBrochureSent,
  'save-handover': saveHandover,
};

export function isWritableAction(action: string): action is WritableActionId {
  return Object.prototype.hasOwnProperty.call(WRITE_BUILDERS, action);
}

const PATIENT_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * The FHIR write for an intent, or WriteRefusedError. Refuses an intent whose parameters point at a
 * different patient than the one it was created for, so a write can never land on the wrong chart.
 */
export function buildWrite(intent: WriteIntent, ctx?: WriteContext): WritePlan {
  if (!intent.patientId || !PATIENT_ID.test(intent.patientId)) throw new WriteRefusedError('Schrijfactie zonder geldige patiënt');
  if (!intent.id) throw new WriteRefusedError('Schrijfactie zonder id');
  if (!isWritableAction(intent.action)) throw new WriteRefusedError(`Actie ${intent.action} schrijft niets`);
  for (const [name, value] of Object.entries(intent.params ?? {})) {
    for (const m of String(value).matchAll(/\bPatient\/([A-Za-z0-9\-.]{1,64})/g)) {
      if (m[1] === intent.patientId) continue;
      throw new WriteRefusedError(`Parameter "${name}" verwijst naar een andere patiënt dan ${intent.patientId}`);
    }
  }
  return WRITE_BUILDERS[intent.action](intent, resolveContext(ctx));
}

export { WriteRefusedError } from './common';
export type { CreatePlan, AddCareTeamParticipantPlan, TransactionPlan, WriteContext, WritePlan } from './common';
