// Tasks, Communications and ServiceRequests coded with the app's own code system.
import type { RuleContext } from '../context';
import type { Communication, Encounter, ServiceRequest, Task } from '../schemas/resources';
import type { PatientRecord } from '../schemas/record';
import { refKey } from '../schemas/record';
import { hasPz } from './common';
import { toInstant } from './time';

export function pzTasks(record: PatientRecord, ctx: RuleContext, code: string): Task[] {
  return record.tasks.filter((t) => t.status !== 'entered-in-error' && hasPz(ctx, t.code, code));
}

export const isDone = (t: Task) => t.status === 'completed';
/** pathway.md: cancelled or rejected with a statusReason = declined by the bereaved */
export const isDeclined = (t: Task) => (t.status === 'cancelled' || t.status === 'rejected') && t.statusReason !== undefined;
/** Still on someone's list: not completed, cancelled, rejected or failed. */
export const isOpen = (t: Task) => !['completed', 'cancelled', 'rejected', 'failed', 'entered-in-error'].includes(t.status);

/**
 * A record made "during this encounter": linked to it, or (without a link) made at or after its start.
 */
function duringEncounter(
  record: PatientRecord,
  ctx: RuleContext,
  encounter: Encounter,
  link: { reference?: string } | undefined,
  when: string | undefined,
): boolean {
  const key = refKey(record, link);
  if (key) return key === `Encounter/${encounter.id}`;
  const start = toInstant(encounter.period?.start, ctx.tz);
  const at = toInstant(when, ctx.tz);
  return start !== undefined && at !== undefined && at >= start;
}

export function tasksDuring(record: PatientRecord, ctx: RuleContext, code: string, encounter: Encounter): Task[] {
  return pzTasks(record, ctx, code).filter(
    (t) => !['cancelled', 'rejected', 'failed'].includes(t.status) && duringEncounter(record, ctx, encounter, t.encounter, t.authoredOn ?? t.lastModified),
  );
}

export function communicationsDuring(record: PatientRecord, ctx: RuleContext, code: string, encounter: Encounter): Communication[] {
  return record.communications.filter(
    (c) =>
      !['entered-in-error', 'not-done'].includes(c.status) &&
      (hasPz(ctx, c.category, code) || hasPz(ctx, c.topic, code)) &&
      duringEncounter(record, ctx, encounter, c.encounter, c.sent),
  );
}

export function serviceRequestsDuring(record: PatientRecord, ctx: RuleContext, code: string, encounter: Encounter): ServiceRequest[] {
  return record.serviceRequests.filter(
    (s) =>
      !['entered-in-error', 'revoked'].includes(s.status) &&
      hasPz(ctx, s.code, code) &&
      duringEncounter(record, ctx, encounter, s.encounter, s.authoredOn),
  );
}
