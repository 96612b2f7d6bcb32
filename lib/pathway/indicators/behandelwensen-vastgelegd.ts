// behandelwensen-vastgelegd | living palliative patients on the report date | behandelwensen recorded
// | S3 Behandelwensengesprek
import { SOURCES } from '../sources';
import { hasBehandelwensen } from '../facts/directives';
import { isPalliative } from '../facts/palliative';
import { isAlive } from '../facts/patient';
import { currentWard, monthOf, type PathwayIndicator } from './indicator';

export const behandelwensenVastgelegd: PathwayIndicator = {
  id: 'behandelwensen-vastgelegd',
  source: [SOURCES.behandelwensengesprek],
  reads: ['Patient', 'Encounter', 'Condition', 'Flag', 'Goal', 'EpisodeOfCare', 'Consent', 'DocumentReference', 'Procedure'],
  evaluate(record, ctx) {
    if (!isAlive(record, ctx) || !isPalliative(record, ctx)) return { events: [] };
    return { events: [{ period: monthOf(ctx.today), ward: currentWard(record, ctx), numerator: hasBehandelwensen(record, ctx) }] };
  },
};
