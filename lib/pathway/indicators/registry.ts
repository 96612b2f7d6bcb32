// The indicators of pathway.md "Pathway indicators", in the order of its table.
import type { PathwayIndicator } from './indicator';
import { overlijdenGemeld } from './overlijden-gemeld';
import { nazorgEigenaar } from './nazorg-eigenaar';
import { nazorgContactTijdig } from './nazorg-contact-tijdig';
import { nazorggesprekTijdig } from './nazorggesprek-tijdig';
import { centraleZorgverlener } from './centrale-zorgverlener';
import { behandelwensenVastgelegd } from './behandelwensen-vastgelegd';
import { sehBehandelwensenBekend } from './seh-behandelwensen-bekend';
import { surpriseQuestionGesteld } from './surprise-question-gesteld';
import { overdrachtCompleet } from './overdracht-compleet';

export const PATHWAY_INDICATORS: readonly PathwayIndicator[] = [
  overlijdenGemeld,
  nazorgEigenaar,
  nazorgContactTijdig,
  nazorggesprekTijdig,
  centraleZorgverlener,
  behandelwensenVastgelegd,
  sehBehandelwensenBekend,
  surpriseQuestionGesteld,
  overdrachtCompleet,
];
