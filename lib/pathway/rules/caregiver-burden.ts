// caregiver-burden | alive, palliative, a mantelzorger is recorded, no burden assessment in the last
// 92 days | info | verpleegkundige | ask how the naaste is doing; optional Caregiver Strain Index
// (13 yes/no items; ≥ 7 yes = overloaded) → Observation | S2 Meetinstrument voor overbelasting
import { SOURCES } from '../sources';
import { withinLastDays } from '../facts/common';
import { palliativeMarking } from '../facts/palliative';
import { isAlive } from '../facts/patient';
import { latestBurdenAssessment, mantelzorgers, personName } from '../facts/people';
import { dutchDay } from '../facts/time';
import { makePrompt, type Rule } from './rule';

export const caregiverBurden: Rule = {
  code: 'caregiver-burden',
  source: [SOURCES.n3Overbelasting],
  roles: ['verpleegkundige'],
  evaluate(record, ctx) {
    if (!isAlive(record, ctx) || !palliativeMarking(record, ctx)) return null;
    const carers = mantelzorgers(record, ctx);
    if (carers.length === 0) return null;
    const days = ctx.config.windows.caregiverBurdenDays;
    const last = latestBurdenAssessment(record, ctx);
    if (last && withinLastDays(ctx, last.day, days)) return null;
    const overloaded = ctx.config.thresholds.caregiverStrainOverloaded;
    const previous = last
      ? `Laatst gevraagd op ${dutchDay(last.day)} (${ctx.today - last.day} dagen geleden)${
          last.score !== undefined ? `, CSI-score ${last.score}${last.score >= overloaded ? ' (overbelast)' : ''}` : ''
        }.`
      : 'Er is nog niet gevraagd hoe het met de mantelzorger gaat.';
    return makePrompt(this, record, {
      indicator: 'info',
      summary: `Vraag hoe het met de mantelzorger gaat (${carers.map(personName).join(', ')}).`,
      detail: `${previous} Eventueel met de Caregiver Strain Index (13 vragen; ${overloaded} of meer keer "ja" = overbelast).`,
      actions: [{ id: 'record-caregiver-burden', label: 'Leg de belasting van de mantelzorger vast' }],
      firedOn: [...carers.map((c) => `RelatedPerson/${c.id}`).sort(), last ? `Observation/${last.observation.id}` : undefined],
    });
  },
};
