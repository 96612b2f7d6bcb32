// pathway.md: Procedure pz#medicatiereview + SNOMED 182836005 review of medication, completed.
import { SCT_MEDICATION_REVIEW, SNOMED } from '../codes';
import type { Builder } from './common';
import { authorRef, clean, create, patientRef } from './common';

export const recordMedicationReview: Builder = (intent, ctx) =>
  create(intent, ctx, clean({
    resourceType: 'Procedure',
    status: 'completed',
    code: {
      coding: [
        { system: ctx.pzSystem, code: 'medicatiereview', display: 'Medicatiereview' },
        { system: SNOMED, code: SCT_MEDICATION_REVIEW, display: 'Review of medication' },
      ],
      text: 'Medicatiereview',
    },
    subject: patientRef(intent),
    performedDateTime: intent.createdAt,
    performer: authorRef(intent) ? [{ actor: authorRef(intent) }] : undefined,
  }));
