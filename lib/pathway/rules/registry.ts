// Every rule, in the order of pathway.md's table (also the tie-break order when sorting prompts).
import type { PromptCode } from '../types';
import { behandelwensenKnown } from './behandelwensen-known';
import { behandelwensenMissing } from './behandelwensen-missing';
import { behandelwensenUnknownAtSeh } from './behandelwensen-unknown-at-seh';
import { caregiverBurden } from './caregiver-burden';
import { centralCaregiverMissing } from './central-caregiver-missing';
import { deathInformCaregivers } from './death-inform-caregivers';
import { handoverGapsRule } from './handover-gaps';
import { kindcheck } from './kindcheck';
import { markPalliativePhase } from './mark-palliative-phase';
import { medicationReview } from './medication-review';
import { naastenUnknown } from './naasten-unknown';
import { nazorgBrochure } from './nazorg-brochure';
import { nazorgContactDue } from './nazorg-contact-due';
import { nazorgOwnerMissing } from './nazorg-owner-missing';
import { nazorggesprekDue } from './nazorggesprek-due';
import type { Rule } from './rule';
import { surpriseQuestion } from './surprise-question';
import { topzConsult } from './topz-consult';

export const RULES: readonly Rule[] = [
  surpriseQuestion,
  markPalliativePhase,
  behandelwensenMissing,
  behandelwensenKnown,
  behandelwensenUnknownAtSeh,
  topzConsult,
  centralCaregiverMissing,
  handoverGapsRule,
  medicationReview,
  naastenUnknown,
  kindcheck,
  caregiverBurden,
  deathInformCaregivers,
  nazorgOwnerMissing,
  nazorgContactDue,
  nazorggesprekDue,
  nazorgBrochure,
];

export const RULES_BY_CODE: ReadonlyMap<PromptCode, Rule> = new Map(RULES.map((r) => [r.code, r]));
