// pathway.md: Task pz#nazorggesprek completed (done) or cancelled + statusReason (declined by the bereaved).
import type { Builder } from './common';
import { oneOf, required } from './common';
import { taskPlan } from './task';

export const recordNazorggesprek: Builder = (intent, ctx) => {
  const outcome = oneOf(intent, 'outcome', ['done', 'declined'] as const);
  return taskPlan(intent, ctx, {
    code: 'nazorggesprek',
    display: 'Nazorggesprek',
    status: outcome === 'done' ? 'completed' : 'cancelled',
    statusReason: outcome === 'declined' ? required(intent, 'reason') : undefined,
  });
};
