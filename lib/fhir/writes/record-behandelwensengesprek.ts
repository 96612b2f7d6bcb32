// pathway.md: Procedure SNOMED 713603004 advance care planning, completed.
import { SCT_ACP, SNOMED } from '../codes';
import type { Builder } from './common';
import { authorRef, clean, create, isoDate, patientRef } from './common';

export const recordBehandelwensengesprek: Builder = (intent, ctx) =>
  create(intent, ctx, clean({
    resourceType: 'Procedure',
    status: 'completed',
    code: { coding: [{ system: SNOMED, code: SCT_ACP, display: 'Advance care planning' }], text: 'Behandelwensengesprek' },
    subject: patientRef(intent),
    performedDateTime: isoDate(intent, 'date') ?? intent.createdAt,
    performer: authorRef(intent) ? [{ actor: authorRef(intent) }] : undefined,
  }));
