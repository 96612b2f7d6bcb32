// The screens' AckStore over lib/store's dexie acknowledgements table (with its audit trail).
import { listAcknowledgements, listReopenings, recordAcknowledgement, reopenAcknowledgement } from './acknowledgements';
import type { Acknowledgement as Row, PzDatabase } from './db';
import type { AckStore, Acknowledgement } from '../host/contract';

function fromRow(r: Row): Acknowledgement {
  return {
    id: String(r.id),
    patientId: r.patientId,
    promptCode: r.code,
    promptKey: r.promptKey,
    reason: r.reason,
    until: r.until,
    by: r.who.includes('/') ? r.who : undefined,
    byDisplay: r.who.includes('/') ? undefined : r.who,
    at: r.when,
  };
}

export function createDexieAckStore(db: PzDatabase): AckStore {
  return {
    async list(patientId) {
      return (await listAcknowledgements(db, patientId)).map(fromRow);
    },
    async add(ack) {
      const row = await recordAcknowledgement(db, {
        patientId: ack.patientId,
        promptKey: ack.promptKey,
        code: ack.promptCode,
        kind: ack.until ? 'snooze' : 'ack',
        until: ack.until,
        // both kinds are bound to the prompt key, so both end when the data changes
        untilDataChanges: true,
        reason: ack.reason,
        // a display name reads better on the card; the audit trail keeps it too
        who: ack.byDisplay ?? ack.by ?? '',
        when: ack.at,
      });
      return fromRow(row);
    },
    async remove(id, reopen) {
      // Reopening deletes the acknowledgement; with a reason the audit trail records who, when and why
      // in the same transaction.
      if (reopen) await reopenAcknowledgement(db, Number(id), { who: reopen.byDisplay ?? reopen.by ?? '', reason: reopen.reason });
      else await db.acknowledgements.delete(Number(id));
    },
    async reopenings(patientId) {
      return (await listReopenings(db, patientId)).map((r) => ({ promptKey: r.promptKey, promptCode: r.code, reason: r.reason, who: r.who, at: r.when }));
    },
  };
}
