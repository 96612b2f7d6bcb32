// pathway.md: Observation pz#surprise-question, status final, valueBoolean (true = "would be surprised").
import type { Builder } from './common';
import { authorRef, clean, create, oneOf, patientRef, pzCode } from './common';

export const answerSurpriseQuestion: Builder = (intent, ctx) =>
  create(intent, ctx, clean({
    resourceType: 'Observation',
    status: 'final',
    code: pzCode(ctx, 'surprise-question', 'Zou het u verbazen als deze patiënt in de komende 12 maanden overlijdt?'),
    subject: patientRef(intent),
    effectiveDateTime: intent.createdAt,
    performer: authorRef(intent) ? [authorRef(intent)] : undefined,
    valueBoolean: oneOf(intent, 'answer', ['true', 'false'] as const) === 'true',
  }));
