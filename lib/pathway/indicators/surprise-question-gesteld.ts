// surprise-question-gesteld | living, not palliative patients with a signal on the report date | a
// surprise-question answer in the last 183 days | S3 Signaleren
import { SOURCES } from '../sources';
import { isPalliative } from '../facts/palliative';
import { isAlive } from '../facts/patient';
import { surpriseSignalCount } from '../facts/signals';
import { recentSurpriseAnswer } from '../facts/surprise';
import { currentWard, monthOf, type PathwayIndicator } from './indicator';

export const surpriseQuestionGesteld: PathwayIndicator = {
  id: 'surprise-question-gesteld',
  source: [SOURCES.signaleren],
  reads: ['Patient', 'Encounter', 'Condition', 'Flag', 'Goal', 'EpisodeOfCare', 'Observation'],
  evaluate(record, ctx) {
    if (!isAlive(record, ctx) || isPalliative(record, ctx) || surpriseSignalCount(record, ctx) === 0) return { events: [] };
    return { events: [{ period: monthOf(ctx.today), ward: currentWard(record, ctx), numerator: recentSurpriseAnswer(record, ctx) !== undefined }] };
  },
};
