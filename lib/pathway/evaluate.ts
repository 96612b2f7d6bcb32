// Runs the rules over records. Pure: `now` and the config are inputs.
import { defaultConfig, type PathwayConfig } from './config';
import { makeContext } from './context';
import { death } from './facts/patient';
import { RULES } from './rules/registry';
import { buildRecord, type PatientRecord } from './schemas/record';
import { shortText } from './short';
import { INDICATORS, type EvaluationResult, type Prompt, type Role } from './types';

export interface EvaluateOptions {
  now: Date;
  config?: PathwayConfig;
  /** orders the role's prompts first; never hides a prompt */
  role?: Role;
}

const RULE_ORDER = new Map(RULES.map((r, i) => [r.code, i]));
const SEVERITY = new Map(INDICATORS.map((s, i) => [s, i]));

/**
 * critical > warning > info; with a role, that role's prompts come first (a role is a filter and an
 * ordering, never a permission: nothing is removed here). Ties keep the order of pathway.md's table.
 */
export function sortPrompts(prompts: readonly Prompt[], role?: Role): Prompt[] {
  return [...prompts].sort((a, b) => {
    if (role) {
      const ra = a.roles.includes(role) ? 0 : 1;
      const rb = b.roles.includes(role) ? 0 : 1;
      if (ra !== rb) return ra - rb;
    }
    const s = (SEVERITY.get(b.indicator) ?? 0) - (SEVERITY.get(a.indicator) ?? 0);
    if (s !== 0) return s;
    return (RULE_ORDER.get(a.code) ?? 0) - (RULE_ORDER.get(b.code) ?? 0);
  });
}

/** For screens that want only the role's prompts (the full list stays one click away). */
export function filterPrompts(prompts: readonly Prompt[], role?: Role): Prompt[] {
  return role ? prompts.filter((p) => p.roles.includes(role)) : [...prompts];
}

/** Evaluate every rule for one validated record. */
export function evaluateRecord(record: PatientRecord, opts: EvaluateOptions): Prompt[] {
  const ctx = makeContext(opts.now, opts.config ?? defaultConfig);
  // pathway.md: no prompt fires for a patient who died more than 183 days ago.
  const d = death(record, ctx);
  if (d.deceased && d.day !== undefined && ctx.today - d.day > ctx.config.windows.afterDeathDays) return [];
  const prompts: Prompt[] = [];
  for (const rule of RULES) {
    const p = rule.evaluate(record, ctx);
    if (p) prompts.push({ ...p, short: shortText(p) });
  }
  return sortPrompts(prompts, opts.role);
}

/** One result per patient found in the resources (Bundles are unwrapped). */
export function evaluate(resources: unknown[], opts: EvaluateOptions): EvaluationResult[] {
  const { records, unattributed } = buildRecord(resources);
  return records.map((record) => ({
    patient: record.patient,
    prompts: evaluateRecord(record, opts),
    // errors that belong to no patient are reported with every patient of this input, never dropped
    errors: [...record.errors, ...unattributed],
  }));
}

/**
 * One patient's resources → one result. With resources of several patients, `patient` picks one
 * ("Patient/<id>"); otherwise the first patient found is used.
 */
export function evaluatePatient(resources: unknown[], opts: EvaluateOptions & { patient?: string }): EvaluationResult {
  const { records, unattributed } = buildRecord(resources);
  const record = opts.patient ? records.find((r) => r.patient === opts.patient) : records[0];
  if (!record) return { patient: opts.patient ?? '', prompts: [], errors: unattributed };
  return { patient: record.patient, prompts: evaluateRecord(record, opts), errors: [...record.errors, ...unattributed] };
}
