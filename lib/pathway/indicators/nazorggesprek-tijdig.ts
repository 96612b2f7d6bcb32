// nazorggesprek-tijdig | deaths in the period | nazorggesprek done within its window (28–42 days; 42–56
// for a child), or declined with the brochure sent | S0, S1
// Decision: "within its window" is inclusive at both ends, as the prompt nazorggesprek-due is; a
// decline counts with a brochure Task done, whenever it was sent before the report date.
import { SOURCES } from '../sources';
import { nazorgFacts } from '../facts/nazorg';
import { isDeclined, isDone, pzTasks } from '../facts/tasks';
import { deathIndicator, taskDoneDay, type PathwayIndicator } from './indicator';

export const nazorggesprekTijdig: PathwayIndicator = {
  id: 'nazorggesprek-tijdig',
  source: [SOURCES.nazorgGesprek, SOURCES.nazorgKind],
  reads: ['Patient', 'Encounter', 'Task'],
  evaluate(record, ctx) {
    const facts = nazorgFacts(record, ctx);
    const w = facts?.gesprekWindow ?? ctx.config.windows.nazorggesprekAdult;
    return deathIndicator(record, ctx, w.end, (deathDay) => {
      const gesprek = pzTasks(record, ctx, 'nazorggesprek');
      const inWindow = gesprek.some((t) => {
        const done = isDone(t) ? taskDoneDay(t, ctx) : undefined;
        return done !== undefined && done - deathDay >= w.start && done - deathDay <= w.end;
      });
      const declinedWithBrochure = gesprek.some(isDeclined) && pzTasks(record, ctx, 'nazorg-brochure').some(isDone);
      return inWindow || declinedWithBrochure;
    });
  },
};
