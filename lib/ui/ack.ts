// Which prompts an acknowledgement or snooze hides. An acknowledgement matches a prompt only by its
// `key`, so a prompt that re-fires on new data (new key) is open again. Snoozes end at `until`.
import type { Prompt } from '../pathway/types';
import type { Acknowledgement } from '../host/contract';

export const ACK_REASONS = ['already-done', 'not-relevant', 'discussed-later', 'other-caregiver'] as const;
export type AckReasonId = (typeof ACK_REASONS)[number];

export type SnoozeChoice = 'day' | 'week' | 'until-change';

export function snoozeUntil(choice: SnoozeChoice, now: Date): string | undefined {
  if (choice === 'until-change') return undefined;
  return new Date(now.getTime() + (choice === 'day' ? 1 : 7) * 86_400_000).toISOString();
}

export interface HandledPrompt {
  prompt: Prompt;
  ack: Acknowledgement;
}

export function isActive(ack: Acknowledgement, now: Date): boolean {
  return !ack.until || Date.parse(ack.until) > now.getTime();
}

export function applyAcknowledgements(
  prompts: readonly Prompt[],
  acks: readonly Acknowledgement[],
  now: Date,
): { open: Prompt[]; handled: HandledPrompt[] } {
  const byKey = new Map<string, Acknowledgement>();
  for (const a of acks) {
    if (!isActive(a, now)) continue;
    const prev = byKey.get(a.promptKey);
    if (!prev || prev.at < a.at) byKey.set(a.promptKey, a);
  }
  const open: Prompt[] = [];
  const handled: HandledPrompt[] = [];
  for (const p of prompts) {
    const ack = byKey.get(p.key);
    if (ack) handled.push({ prompt: p, ack });
    else open.push(p);
  }
  return { open, handled };
}
