import type { NazorgStep, PromptCode } from '../../lib/pathway/types';
import { amsterdamDate } from '../../lib/ui/dates';

export type StepTiming = 'overdue' | 'due' | 'upcoming' | undefined;

/** Where an open step stands today (Amsterdam calendar days); done/declined/n.a. steps have no timing. */
export function stepTiming(step: NazorgStep, now: Date): StepTiming {
  if (step.status !== 'open') return undefined;
  const today = amsterdamDate(now);
  if (step.windowEnd && today > step.windowEnd.slice(0, 10)) return 'overdue';
  if (!step.windowStart || today >= step.windowStart.slice(0, 10)) return 'due';
  return 'upcoming';
}

/** The prompt that carries each step's action (its key ties the write to the card). */
export const STEP_PROMPT: Record<NazorgStep['step'], PromptCode> = {
  'overlijden-melden': 'death-inform-caregivers',
  nazorg: 'nazorg-owner-missing',
  'nazorg-contact': 'nazorg-contact-due',
  nazorggesprek: 'nazorggesprek-due',
  'nazorg-brochure': 'nazorg-brochure',
};

export const STEP_ORDER: NazorgStep['step'][] = ['overlijden-melden', 'nazorg', 'nazorg-contact', 'nazorggesprek', 'nazorg-brochure'];

export function orderSteps(steps: readonly NazorgStep[]): NazorgStep[] {
  return [...steps].sort((a, b) => STEP_ORDER.indexOf(a.step) - STEP_ORDER.indexOf(b.step));
}
