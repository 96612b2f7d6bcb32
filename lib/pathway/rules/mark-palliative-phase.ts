// mark-palliative-phase | alive, not palliative, latest surprise-question answer is "not surprised"
// (answered within 183 days) | warning | specialist, zaalarts | S3 Markeren
import { SOURCES } from '../sources';
import { palliativeMarking } from '../facts/palliative';
import { isAlive } from '../facts/patient';
import { recentSurpriseAnswer } from '../facts/surprise';
import { dutchDay } from '../facts/time';
import { makePrompt, type Rule } from './rule';

export const markPalliativePhase: Rule = {
  code: 'mark-palliative-phase',
  source: [SOURCES.markeren],
  roles: ['specialist', 'zaalarts'],
  evaluate(record, ctx) {
    if (!isAlive(record, ctx) || palliativeMarking(record, ctx)) return null;
    const answer = recentSurpriseAnswer(record, ctx);
    if (!answer || answer.surprised) return null;
    const by = answer.observation.performer?.[0]?.display;
    return makePrompt(this, record, {
      indicator: 'warning',
      summary: 'Surprise question: "niet verbaasd". Markeer de palliatieve fase en bespreek dit met patiënt en naasten.',
      detail:
        `Op ${dutchDay(answer.day)} (${ctx.today - answer.day} dagen geleden)${by ? ` antwoordde ${by}` : ' is geantwoord'}: ` +
        `het zou niet verbazen als de patiënt binnen 12 maanden overlijdt. De palliatieve fase is nog niet gemarkeerd. ` +
        `Na markeren: bespreken met patiënt en naasten en de andere zorgverleners (huisarts) informeren.`,
      actions: [{ id: 'mark-palliative-phase', label: 'Markeer de palliatieve fase' }],
      firedOn: [`Observation/${answer.observation.id}`],
    });
  },
};
