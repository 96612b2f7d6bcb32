// nazorg-eigenaar | deaths in the period | a nazorg Task with an owner, authored ≤ 7 days after death
// | S0 "Wie neemt het initiatief…"
// Decision: "a nazorg Task" is any of the nazorg tasks that assign an owner in the prompt
// nazorg-owner-missing (pz#nazorg, -contact, nazorggesprek, -brochure; a withdrawn pz#nazorg task no
// longer assigns); "authored" is `authoredOn`, else the Task's "done at" date when it has no authoredOn.
import { SOURCES } from '../sources';
import { isDone, isOpen, pzTasks } from '../facts/tasks';
import { dayOf } from '../facts/time';
import { deathIndicator, taskDoneDay, type PathwayIndicator } from './indicator';

const NAZORG_TASKS = ['nazorg', 'nazorg-contact', 'nazorggesprek', 'nazorg-brochure'];

export const nazorgEigenaar: PathwayIndicator = {
  id: 'nazorg-eigenaar',
  source: [SOURCES.nazorgInitiatief],
  reads: ['Patient', 'Encounter', 'Task'],
  evaluate(record, ctx) {
    const within = ctx.config.windows.nazorgOwnerCriticalFromDay;
    return deathIndicator(record, ctx, within, (deathDay) =>
      NAZORG_TASKS.some((code) =>
        pzTasks(record, ctx, code).some((t) => {
          if (!t.owner || (code === 'nazorg' && !isOpen(t) && !isDone(t))) return false;
          const authored = t.authoredOn ? dayOf(t.authoredOn, ctx.tz) : taskDoneDay(t, ctx);
          return authored !== undefined && authored - deathDay <= within;
        }),
      ),
    );
  },
};
