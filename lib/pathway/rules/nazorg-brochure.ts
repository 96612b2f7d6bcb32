// nazorg-brochure | the nazorggesprek was declined and no record that the grief brochure
// (psycho-educatie rouw) was sent | info | zaalarts | record that the brochure was sent (post or
// digital) → Task completed | S0 "Indien de nabestaande geen gebruik wenst…"
import { SOURCES } from '../sources';
import { nazorgFacts } from '../facts/nazorg';
import { dutchDay, isoDay } from '../facts/time';
import { makePrompt, type Rule } from './rule';

export const nazorgBrochure: Rule = {
  code: 'nazorg-brochure',
  source: [SOURCES.nazorgBrochure],
  roles: ['zaalarts'],
  evaluate(record, ctx) {
    const n = nazorgFacts(record, ctx);
    if (!n || n.daysSince > ctx.config.windows.afterDeathDays || !n.gesprekDeclined || n.brochureSent) return null;
    const reason = n.gesprekDeclined.statusReason?.text ?? n.gesprekDeclined.statusReason?.coding?.[0]?.display;
    return makePrompt(this, record, {
      indicator: 'info',
      summary: 'Nazorggesprek afgeslagen: stuur de brochure over rouw (per post of digitaal).',
      detail: `De nabestaande wenst geen nazorggesprek${reason ? ` ("${reason}")` : ''} (overleden op ${dutchDay(n.deathDay)}). Bied de brochure met psycho-educatie over rouw aan.`,
      actions: [{ id: 'record-brochure-sent', label: 'Brochure verstuurd: leg vast' }],
      nazorg: n.steps,
      firedOn: [`death:${isoDay(n.deathDay)}`, `Task/${n.gesprekDeclined.id}`],
    });
  },
};
