// nazorg-contact-tijdig | deaths in the period | first contact (pz#nazorg-contact done) ≤ 21 days after
// death | S0 "twee à drie weken"
import { SOURCES } from '../sources';
import { isDone, pzTasks } from '../facts/tasks';
import { deathIndicator, taskDoneDay, type PathwayIndicator } from './indicator';

export const nazorgContactTijdig: PathwayIndicator = {
  id: 'nazorg-contact-tijdig',
  source: [SOURCES.nazorgContact],
  reads: ['Patient', 'Encounter', 'Task'],
  evaluate(record, ctx) {
    const within = ctx.config.windows.nazorgContactWarningUntilDay;
    return deathIndicator(record, ctx, within, (deathDay) =>
      pzTasks(record, ctx, 'nazorg-contact').some((t) => {
        const done = isDone(t) ? taskDoneDay(t, ctx) : undefined;
        return done !== undefined && done - deathDay >= 0 && done - deathDay <= within; // before the death is a data error, not "on time"
      }),
    );
  },
};
