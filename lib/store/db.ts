// The app's IndexedDB (dexie): the write outbox, acknowledgements/snoozes and an audit trail.
// Never tokens: those live in sessionStorage (fhirclient) or memory / storage.session (extension).
import Dexie, { type Table } from 'dexie';
import type { OutboxEntry } from '../fhir/gateway';
import type { PromptCode } from '../pathway/types';

export interface OutboxRow extends OutboxEntry {
  serverUrl: string;
  /** epoch ms until which the instance that marked it `sending` owns it (another tab or a crash) */
  leaseUntil?: number;
  /** epoch ms of nextAttemptAt, for cheap comparisons */
  dueAt: number;
}

export interface Acknowledgement {
  id?: number;
  patientId: string;
  /** Prompt.key: (patient, code, the data it fired on) */
  promptKey: string;
  code: PromptCode;
  kind: 'ack' | 'snooze';
  /** ISO; snooze end */
  until?: string;
  /** true: holds only while the prompt fires on the same data (same key) */
  untilDataChanges: boolean;
  reason: string;
  /** "Practitioner/<id>" or a display name */
  who: string;
  /** ISO */
  when: string;
}

export type AuditEvent =
  | 'write-enqueued'
  | 'write-confirmed'
  | 'write-failed'
  | 'write-retry-requested'
  | 'acknowledged'
  | 'snoozed'
  | 'reopened';

export interface AuditEntry {
  id?: number;
  when: string;
  event: AuditEvent;
  patientId: string;
  who?: string;
  /** the write id or prompt key this is about */
  subject?: string;
  /** short, no PHI beyond ids: action id, server message */
  detail?: string;
  /** 'reopened': why the user reopened the prompt (their own words, as with an acknowledgement's reason) */
  reason?: string;
}

export class PzDatabase extends Dexie {
  outbox!: Table<OutboxRow, string>;
  acknowledgements!: Table<Acknowledgement, number>;
  audit!: Table<AuditEntry, number>;

  constructor(name = 'palliatief-zorgpad') {
    super(name);
    this.version(1).stores({
      outbox: 'id, patientId, status, createdAt',
      acknowledgements: '++id, patientId, promptKey, [patientId+promptKey]',
      audit: '++id, patientId, when, event',
    });
  }
}

let shared: PzDatabase | undefined;
/** The one database of this origin (extension or SMART app). */
export function getDb(): PzDatabase {
  shared ??= new PzDatabase();
  return shared;
}
