// nazorg-owner-missing | died ≤ 183 days ago and no nazorg task has an owner | warning (critical from
// day 7) | zaalarts | confirm who does the nazorg (default the organisation where the patient died; may
// be handed to thuiszorg, GP or another hospital) → Task with owner | S0 "Wie neemt het initiatief…"; S3
import { SOURCES } from '../sources';
import { nazorgFacts } from '../facts/nazorg';
import { placeOfDeath } from '../facts/patient';
import { dutchDay, isoDay } from '../facts/time';
import { makePrompt, type Rule } from './rule';

export const nazorgOwnerMissing: Rule = {
  code: 'nazorg-owner-missing',
  source: [SOURCES.nazorgInitiatief, SOURCES.overlijdenNazorg],
  roles: ['zaalarts'],
  evaluate(record, ctx) {
    const n = nazorgFacts(record, ctx);
    const w = ctx.config.windows;
    if (!n || n.daysSince < 0 || n.daysSince > w.afterDeathDays || n.owner) return null;
    const place = placeOfDeath(record, ctx);
    const params: Record<string, string> = {};
    if (place?.reference) params.defaultOwner = place.reference;
    if (place?.display) params.defaultOwnerDisplay = place.display;
    return makePrompt(this, record, {
      indicator: n.daysSince >= w.nazorgOwnerCriticalFromDay ? 'critical' : 'warning',
      summary: 'Nog niet afgesproken wie de nazorg doet: bevestig de eigenaar van de nazorg.',
      detail:
        `Overleden op ${dutchDay(n.deathDay)} (${n.daysSince} dagen geleden); geen nazorgtaak heeft een eigenaar. ` +
        `Het initiatief ligt bij de organisatie waar de patiënt overleed${place?.display ? ` (${place.display})` : ''}; ` +
        'in overleg kan de nazorg naar de thuiszorg, de huisarts of een ander ziekenhuis.',
      due: isoDay(n.deathDay + w.nazorgOwnerCriticalFromDay),
      actions: [{ id: 'assign-nazorg-owner', label: 'Bevestig wie de nazorg doet', params: Object.keys(params).length ? params : undefined }],
      nazorg: n.steps,
      firedOn: [`death:${isoDay(n.deathDay)}`],
    });
  },
};
