// Acknowledgements and snoozes of prompts. A prompt's key carries the data it fired on, so an
// acknowledgement "until the data changes" simply stops matching when a new fact changes the key.
import type { Prompt } from '../pathway/types';
import type { Acknowledgement, AuditEntry, PzDatabase } from './db';

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

export interface Reopening {
  patientId: string;
  promptKey: string;
  code: string;
  reason: string;
  /** "Practitioner/<id>" or a display name */
  who: string;
  /** ISO */
  when: string;
}

/**
 * Reopen an acknowledged or snoozed prompt: the acknowledgement goes and the audit trail records who
 * reopened it, when and why, in one transaction (never one without the other).
 */
export async function reopenAcknowledgement(db: PzDatabase, id: number, by: { who: string; reason: string; when?: string }): Promise<Reopening> {
  const reason = by.reason.trim();
  if (!reason) throw new Error('Een reden is verplicht');
  return db.transaction('rw', db.acknowledgements, db.audit, async () => {
    const ack = await db.acknowledgements.get(id);
    if (!ack) throw new Error('Deze afhandeling bestaat niet (meer)');
    const reopening: Reopening = { patientId: ack.patientId, promptKey: ack.promptKey, code: ack.code, reason, who: by.who, when: by.when ?? new Date().toISOString() };
    await db.acknowledgements.delete(id);
    await db.audit.add({
      when: reopening.when,
      event: 'reopened',
      patientId: ack.patientId,
      who: by.who,
      subject: ack.promptKey,
      detail: ack.code,
      reason,
    });
    return reopening;
  });
}

/** The patient's reopenings, newest first (from the audit trail). */
export async function listReopenings(db: PzDatabase, patientId: string): Promise<Reopening[]> {
  const rows: AuditEntry[] = await db.audit.where('patientId').equals(patientId).filter((e) => e.event === 'reopened').toArray();
  return rows
    .map((e) => ({ patientId: e.patientId, promptKey: e.subject ?? '', code: e.detail ?? '', reason: e.reason ?? '', who: e.who ?? '', when: e.when }))
    .sort((a, b) => b.when.localeCompare(a.when));
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
