// nazorg-contact-due | died 14 to 183 days ago and the first contact with the bereaved is not done |
// warning up to day 21, then critical | zaalarts (and the nazorg owner) | record the call: asked about a
// nazorggesprek → Task completed | S0 "na twee à drie weken … telefonisch contact"
import { SOURCES } from '../sources';
import { nazorgFacts } from '../facts/nazorg';
import { dutchDay, isoDay } from '../facts/time';
import { makePrompt, type Rule } from './rule';

export const nazorgContactDue: Rule = {
  code: 'nazorg-contact-due',
  source: [SOURCES.nazorgContact],
  roles: ['zaalarts'],
  evaluate(record, ctx) {
    const n = nazorgFacts(record, ctx);
    const w = ctx.config.windows;
    if (!n || n.daysSince < w.nazorgContactStartDay || n.daysSince > w.afterDeathDays) return null;
    // The call's purpose is to ask about a nazorggesprek (S0): once that gesprek is done or declined the
    // contact evidently happened. A contact the bereaved declined is settled too.
    if (n.contactDone || n.contactDeclined || n.gesprekDone || n.gesprekDeclined) return null;
    return makePrompt(this, record, {
      indicator: n.daysSince <= w.nazorgContactWarningUntilDay ? 'warning' : 'critical',
      summary: `Bel de nabestaande (${n.daysSince} dagen na overlijden) en vraag naar behoefte aan een nazorggesprek.`,
      detail:
        `Overleden op ${dutchDay(n.deathDay)}, ${n.daysSince} dagen geleden. Het eerste contact met de nabestaande ` +
        `(na twee à drie weken) is nog niet vastgelegd.${n.owner ? ` Nazorg: ${n.owner.display}.` : ''}`,
      due: isoDay(n.deathDay + w.nazorgContactWarningUntilDay),
      actions: [{ id: 'record-nazorg-contact', label: 'Leg het contact met de nabestaande vast' }],
      nazorg: n.steps,
      firedOn: [`death:${isoDay(n.deathDay)}`],
    });
  },
};
