// overlijden-gemeld | deaths in the period | GP/caregivers informed (pz#overlijden-melden done)
// ≤ 2 days after death | S3 Overlijden en nazorg
import { SOURCES } from '../sources';
import { isDone, pzTasks } from '../facts/tasks';
import { deathIndicator, taskDoneDay, type PathwayIndicator } from './indicator';

export const overlijdenGemeld: PathwayIndicator = {
  id: 'overlijden-gemeld',
  source: [SOURCES.overlijdenNazorg],
  reads: ['Patient', 'Encounter', 'Task'],
  evaluate(record, ctx) {
    const within = ctx.config.windows.deathInformCriticalAfterDays;
    return deathIndicator(record, ctx, within, (deathDay) =>
      pzTasks(record, ctx, 'overlijden-melden').some((t) => {
        const done = isDone(t) ? taskDoneDay(t, ctx) : undefined;
        return done !== undefined && done - deathDay >= 0 && done - deathDay <= within; // before the death is a data error, not "on time"
      }),
    );
  },
};
