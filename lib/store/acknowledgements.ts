// Acknowledgements and snoozes of prompts. A prompt's key carries the data it fired on, so an
// acknowledgement "until the data changes" simply stops matching when a new fact changes the key.
import type { Prompt } from '../pathway/types';
import type { Acknowledgement, PzDatabase } from './db';

export type NewAcknowledgement = Omit<Acknowledgement, 'id' | 'when'> & { when?: string };

export async function recordAcknowledgement(db: PzDatabase, ack: NewAcknowledgement): Promise<Acknowledgement> {
  if (!ack.reason.trim()) throw new Error('Een reden is verplicht');
  if (ack.kind === 'snooze' && !ack.until) throw new Error('Uitstellen vraagt een einddatum');
  const row: Acknowledgement = { ...ack, when: ack.when ?? new Date().toISOString() };
  await db.transaction('rw', db.acknowledgements, db.audit, async () => {
    row.id = await db.acknowledgements.add(row);
    await db.audit.add({
      when: row.when,
      event: ack.kind === 'ack' ? 'acknowledged' : 'snoozed',
      patientId: ack.patientId,
      who: ack.who,
      subject: ack.promptKey,
      detail: ack.code,
    });
  });
  return row;
}

export function listAcknowledgements(db: PzDatabase, patientId: string): Promise<Acknowledgement[]> {
  return db.acknowledgements.where('patientId').equals(patientId).toArray();
}

/**
 * Whether an acknowledgement still hides this prompt at `now`. Both kinds are bound to the prompt's key
 * (pathway.md: identity is patient + code + the data it fired on, "so a new fact re-opens it"); a
 * snooze also ends at `until`.
 */
export function suppresses(ack: Acknowledgement, prompt: Pick<Prompt, 'key' | 'code'>, now: Date): boolean {
  if (ack.code !== prompt.code || ack.promptKey !== prompt.key) return false;
  if (ack.kind === 'snooze') return !!ack.until && Date.parse(ack.until) > now.getTime();
  return true;
}

/** The acknowledgement hiding a prompt, if any (the newest wins). */
export function suppressing(acks: Acknowledgement[], prompt: Pick<Prompt, 'key' | 'code'>, now: Date): Acknowledgement | undefined {
  return acks
    .filter((a) => suppresses(a, prompt, now))
    .sort((a, b) => b.when.localeCompare(a.when))[0];
}
