// pathway.md: Task pz#nazorg-contact completed: the first call with the bereaved (2–3 weeks, S0).
import type { Builder } from './common';
import { taskPlan } from './task';

export const recordNazorgContact: Builder = (intent, ctx) =>
  taskPlan(intent, ctx, { code: 'nazorg-contact', display: 'Eerste contact met nabestaanden', status: 'completed' });
