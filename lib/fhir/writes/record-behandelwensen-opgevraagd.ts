// pathway.md: Task pz#behandelwensen-opgevraagd completed, tied to the emergency encounter (GP/HAP asked).
import type { Builder } from './common';
import { oneOf, reference } from './common';
import { taskPlan } from './task';

export const recordBehandelwensenOpgevraagd: Builder = (intent, ctx) => {
  const contacted = oneOf(intent, 'contacted', ['huisarts', 'hap'] as const);
  return taskPlan(intent, ctx, {
    code: 'behandelwensen-opgevraagd',
    display: 'Behandelwensen opgevraagd',
    status: 'completed',
    encounter: reference(intent, 'encounter', ['Encounter']),
    description: contacted === 'hap' ? 'Behandelwensen opgevraagd bij de huisartsenpost' : 'Behandelwensen opgevraagd bij de huisarts',
    input: [{ type: { text: 'gecontacteerd' }, valueCode: contacted }],
  });
};
