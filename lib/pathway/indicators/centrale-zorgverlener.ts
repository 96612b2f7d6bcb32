// centrale-zorgverlener | living palliative patients on the report date | a central caregiver recorded
// | S3 Coördinatie; S4 aanbeveling 8
import { SOURCES } from '../sources';
import { centralCaregivers } from '../facts/careteam';
import { isPalliative } from '../facts/palliative';
import { isAlive } from '../facts/patient';
import { currentWard, monthOf, type PathwayIndicator } from './indicator';

export const centraleZorgverlener: PathwayIndicator = {
  id: 'centrale-zorgverlener',
  source: [SOURCES.coordinatie, SOURCES.utrechtCoordinatie],
  reads: ['Patient', 'Encounter', 'Condition', 'Flag', 'Goal', 'EpisodeOfCare', 'CareTeam'],
  evaluate(record, ctx) {
    if (!isAlive(record, ctx) || !isPalliative(record, ctx)) return { events: [] };
    return { events: [{ period: monthOf(ctx.today), ward: currentWard(record, ctx), numerator: centralCaregivers(record, ctx).length > 0 }] };
  },
};
