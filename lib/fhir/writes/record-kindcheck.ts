// pathway.md: Observation pz#kindcheck with a value: valueBoolean = has minor children.
import type { Builder } from './common';
import { authorRef, clean, create, note, oneOf, patientRef, pzCode } from './common';

export const recordKindcheck: Builder = (intent, ctx) =>
  create(intent, ctx, clean({
    resourceType: 'Observation',
    status: 'final',
    code: pzCode(ctx, 'kindcheck', 'Kindcheck: minderjarige kinderen'),
    subject: patientRef(intent),
    effectiveDateTime: intent.createdAt,
    performer: authorRef(intent) ? [authorRef(intent)] : undefined,
    valueBoolean: oneOf(intent, 'minorChildren', ['true', 'false'] as const) === 'true',
    note: note(intent),
  }));
