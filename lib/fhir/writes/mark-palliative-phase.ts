// pathway.md: a Condition coded SNOMED 103735009 palliative care (and pz#palliatieve-fase), active + confirmed.
import { CONDITION_CLINICAL, CONDITION_VER_STATUS, SCT_PALLIATIVE_CARE, SNOMED } from '../codes';
import type { Builder } from './common';
import { authorRef, clean, create, patientRef } from './common';

export const markPalliativePhase: Builder = (intent, ctx) =>
  create(intent, ctx, clean({
    resourceType: 'Condition',
    clinicalStatus: { coding: [{ system: CONDITION_CLINICAL, code: 'active' }] },
    verificationStatus: { coding: [{ system: CONDITION_VER_STATUS, code: 'confirmed' }] },
    code: {
      coding: [
        { system: SNOMED, code: SCT_PALLIATIVE_CARE, display: 'Palliative care' },
        { system: ctx.pzSystem, code: 'palliatieve-fase', display: 'Palliatieve fase' },
      ],
      text: 'Palliatieve fase',
    },
    subject: patientRef(intent),
    onsetDateTime: intent.createdAt,
    recordedDate: intent.createdAt,
    recorder: authorRef(intent),
  }));
