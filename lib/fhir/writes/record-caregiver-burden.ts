// pathway.md: Observation pz#caregiver-burden valueInteger = Caregiver Strain Index (0–13), or, when the
// naaste was asked without the index, pz#caregiver-burden-asked.
import type { Builder } from './common';
import { WriteRefusedError, authorRef, clean, create, note, patientRef, pzCode } from './common';

export const recordCaregiverBurden: Builder = (intent, ctx) => {
  const raw = intent.params.score?.trim();
  let score: number | undefined;
  if (raw) {
    if (!/^\d{1,2}$/.test(raw) || Number(raw) > 13) throw new WriteRefusedError('record-caregiver-burden: score moet 0 t/m 13 zijn');
    score = Number(raw);
  }
  return create(intent, ctx, clean({
    resourceType: 'Observation',
    status: 'final',
    code: score === undefined
      ? pzCode(ctx, 'caregiver-burden-asked', 'Naaste gevraagd naar belasting')
      : pzCode(ctx, 'caregiver-burden', 'Caregiver Strain Index'),
    subject: patientRef(intent),
    effectiveDateTime: intent.createdAt,
    performer: authorRef(intent) ? [authorRef(intent)] : undefined,
    valueInteger: score,
    interpretation: score === undefined ? undefined : [{ text: score >= 7 ? 'overbelast' : 'niet overbelast' }],
    note: note(intent),
  }));
};
