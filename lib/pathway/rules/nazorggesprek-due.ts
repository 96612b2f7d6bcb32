// nazorggesprek-due | died ≤ 183 days ago, day ≥ window start, nazorggesprek neither done nor declined.
// Window: 28–42 days for adults, 42–56 days when the patient was under 18 | warning in the window,
// critical after it | zaalarts (and the nazorg owner) | plan/record the nazorggesprek (max. 1 hour;
// follow-up if needed) → Task | S0 (4–6 weken); S1 (6–8 weken, kinderen)
import { SOURCES } from '../sources';
import { nazorgFacts } from '../facts/nazorg';
import { dutchDay, isoDay } from '../facts/time';
import { makePrompt, type Rule } from './rule';

export const nazorggesprekDue: Rule = {
  code: 'nazorggesprek-due',
  source: [SOURCES.nazorgGesprek, SOURCES.nazorgKind],
  roles: ['zaalarts'],
  evaluate(record, ctx) {
    const n = nazorgFacts(record, ctx);
    if (!n || n.daysSince > ctx.config.windows.afterDeathDays) return null;
    const { start, end } = n.gesprekWindow;
    if (n.daysSince < start || n.gesprekDone || n.gesprekDeclined) return null;
    const who = n.child ? 'de ouders' : 'de nabestaande';
    return makePrompt(this, record, {
      indicator: n.daysSince <= end ? 'warning' : 'critical',
      summary: `Nazorggesprek met ${who}: gepland tussen dag ${start} en ${end} na overlijden, nu dag ${n.daysSince}.`,
      detail:
        `Overleden op ${dutchDay(n.deathDay)}${n.child ? ` (${n.ageAtDeath} jaar oud: venster voor ouders, 6–8 weken)` : ''}. ` +
        `Het nazorggesprek (${dutchDay(n.deathDay + start)} t/m ${dutchDay(n.deathDay + end)}) is niet gevoerd en niet afgeslagen. ` +
        `Maximaal een uur; zo nodig een vervolggesprek.${n.owner ? ` Nazorg: ${n.owner.display}.` : ''}`,
      due: isoDay(n.deathDay + end),
      actions: [{ id: 'record-nazorggesprek', label: 'Plan of leg het nazorggesprek vast' }],
      nazorg: n.steps,
      firedOn: [`death:${isoDay(n.deathDay)}`, n.child ? 'child' : 'adult'],
    });
  },
};
