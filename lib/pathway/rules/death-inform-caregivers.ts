// death-inform-caregivers | died ≤ 30 days ago, and no record that the involved caregivers (at least
// the GP) were informed of the death | warning (critical after 2 days) | zaalarts | record that the GP
// and involved caregivers were informed → Task (completed) | S3 Overlijden en nazorg
import { SOURCES } from '../sources';
import { nazorgFacts } from '../facts/nazorg';
import { generalPractitioner } from '../facts/patient';
import { dutchDay, isoDay } from '../facts/time';
import { makePrompt, type Rule } from './rule';

export const deathInformCaregivers: Rule = {
  code: 'death-inform-caregivers',
  source: [SOURCES.overlijdenNazorg],
  roles: ['zaalarts'],
  evaluate(record, ctx) {
    const n = nazorgFacts(record, ctx);
    const w = ctx.config.windows;
    if (!n || n.daysSince < 0 || n.daysSince > w.deathInformDays || n.informed) return null;
    const gp = generalPractitioner(record);
    return makePrompt(this, record, {
      indicator: n.daysSince > w.deathInformCriticalAfterDays ? 'critical' : 'warning',
      summary: `Overleden op ${dutchDay(n.deathDay)}: informeer de huisarts en andere betrokken zorgverleners.`,
      detail:
        `De patiënt is ${n.daysSince} dagen geleden overleden (${dutchDay(n.deathDay)}). Er is niet vastgelegd dat ` +
        `${gp?.display ? `de huisarts (${gp.display})` : 'de huisarts'} en de andere betrokken zorgverleners zijn geïnformeerd. ` +
        'Stem daarbij af wie de nazorg op zich neemt.',
      due: isoDay(n.deathDay + w.deathInformCriticalAfterDays),
      actions: [{ id: 'record-caregivers-informed', label: 'Zorgverleners geïnformeerd: leg vast', params: gp?.reference ? { gp: gp.reference } : undefined }],
      nazorg: n.steps,
      firedOn: [`death:${isoDay(n.deathDay)}`],
    });
  },
};
