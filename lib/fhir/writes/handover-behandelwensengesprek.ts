// pathway.md: Task pz#behandelwensengesprek with an owner, not completed: the conversation is handed over.
import type { Builder } from './common';
import { reference, required } from './common';
import { taskPlan } from './task';

export const handoverBehandelwensengesprek: Builder = (intent, ctx) =>
  taskPlan(intent, ctx, {
    code: 'behandelwensengesprek',
    display: 'Behandelwensengesprek',
    status: 'requested',
    owner: { reference: reference(intent, 'owner', ['Practitioner', 'PractitionerRole', 'Organization', 'CareTeam'])!, display: required(intent, 'ownerDisplay') },
  });
