// pathway.md: Task pz#nazorg-brochure completed (psycho-educatie rouw sent by post or digitally).
import type { Builder } from './common';
import { oneOf } from './common';
import { taskPlan } from './task';

export const recordBrochureSent: Builder = (intent, ctx) => {
  const channel = oneOf(intent, 'channel', ['post', 'digitaal'] as const);
  return taskPlan(intent, ctx, {
    code: 'nazorg-brochure',
    display: 'Brochure rouw verstuurd',
    status: 'completed',
    description: channel === 'post' ? 'Brochure per post verstuurd' : 'Brochure digitaal verstuurd',
    input: [{ type: { text: 'kanaal' }, valueCode: channel }],
  });
};
