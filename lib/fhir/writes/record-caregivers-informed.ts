// pathway.md: Task pz#overlijden-melden completed: the GP and involved caregivers were told of the death.
import type { Builder } from './common';
import { required } from './common';
import { taskPlan } from './task';

export const recordCaregiversInformed: Builder = (intent, ctx) => {
  const informed = required(intent, 'informed').split(',').map((s) => s.trim()).filter(Boolean);
  return taskPlan(intent, ctx, {
    code: 'overlijden-melden',
    display: 'Overlijden gemeld aan betrokken zorgverleners',
    status: 'completed',
    description: `Geïnformeerd: ${informed.join(', ')}`,
    input: informed.map((name) => ({ type: { text: 'geïnformeerd' }, valueString: name })),
  });
};
