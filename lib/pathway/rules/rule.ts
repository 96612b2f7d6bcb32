// The shape of a rule, and the one place that turns a rule's findings into a Prompt.
import type { RuleContext } from '../context';
import type { PatientRecord } from '../schemas/record';
import type { Indicator, Prompt, PromptCode, Role, SourceCitation } from '../types';

export interface Rule {
  code: PromptCode;
  source: SourceCitation[];
  /** who needs it first, in order (a filter and an ordering, never a permission) */
  roles: Role[];
  evaluate(record: PatientRecord, ctx: RuleContext): Prompt | null;
}

export const MAX_SUMMARY = 140;

type PromptFields = Omit<Prompt, 'code' | 'source' | 'roles' | 'key'> & {
  /** the data the prompt fired on; part of its identity so that a new fact re-opens it */
  firedOn: (string | number | undefined)[];
};

export function makePrompt(rule: Rule, record: PatientRecord, fields: PromptFields): Prompt {
  const { firedOn, ...rest } = fields;
  const summary = rest.summary.length > MAX_SUMMARY ? `${rest.summary.slice(0, MAX_SUMMARY - 1)}…` : rest.summary;
  return {
    code: rule.code,
    ...rest,
    summary,
    source: rule.source,
    roles: rule.roles,
    key: [record.patient, rule.code, ...firedOn.filter((x) => x !== undefined)].join('|'),
  };
}

export const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
export type { Indicator };
