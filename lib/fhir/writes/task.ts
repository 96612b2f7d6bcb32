// The one Task shape every pathway Task shares: code pz#<code>, `for` the patient, owner, due window
// (restriction.period), and for a declined step status cancelled + statusReason.
import type { WriteIntent } from '../gateway';
import { authorRef, clean, create, isoDate, note, patientRef, pzCode, type CreatePlan, type WriteContext } from './common';

export interface TaskSpec {
  code: string;
  display: string;
  status: 'requested' | 'accepted' | 'in-progress' | 'completed' | 'cancelled';
  owner?: { reference: string; display?: string };
  statusReason?: string;
  description?: string;
  encounter?: string;
  input?: Array<{ type: { text: string }; valueCode?: string; valueString?: string }>;
}

export function taskPlan(intent: WriteIntent, ctx: Required<WriteContext>, spec: TaskSpec): CreatePlan {
  // Optional due window (e.g. nazorggesprek 28–42 days after death), passed by the UI from the prompt.
  const dueStart = isoDate(intent, 'dueStart');
  const dueEnd = isoDate(intent, 'dueEnd');
  const done = spec.status === 'completed';
  return create(intent, ctx, clean({
    resourceType: 'Task',
    status: spec.status,
    statusReason: spec.statusReason ? { text: spec.statusReason } : undefined,
    intent: 'order',
    code: pzCode(ctx, spec.code, spec.display),
    description: spec.description,
    for: patientRef(intent),
    encounter: spec.encounter ? { reference: spec.encounter } : undefined,
    authoredOn: intent.createdAt,
    lastModified: intent.createdAt,
    requester: authorRef(intent),
    owner: spec.owner,
    executionPeriod: done ? { end: intent.createdAt } : undefined,
    restriction: dueStart || dueEnd ? { period: clean({ start: dueStart, end: dueEnd }) } : undefined,
    input: spec.input,
    note: note(intent),
  }));
}
