// pathway.md: Task pz#nazorg with an owner (who does the nazorg); optional due window via dueStart/dueEnd.
import type { Builder } from './common';
import { reference, required } from './common';
import { taskPlan } from './task';

export const assignNazorgOwner: Builder = (intent, ctx) =>
  taskPlan(intent, ctx, {
    code: 'nazorg',
    display: 'Nazorg',
    status: 'accepted',
    owner: { reference: reference(intent, 'owner', ['Practitioner', 'PractitionerRole', 'Organization', 'CareTeam'])!, display: required(intent, 'ownerDisplay') },
  });
