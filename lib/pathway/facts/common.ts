// Small shared helpers for facts: the app's own code system (pz#), "within the last N days", display names.
import type { RuleContext } from '../context';
import type { CodeableConcept, Reference } from '../schemas/primitives';
import type { PatientRecord } from '../schemas/record';
import { refKey } from '../schemas/record';
import { hasCode } from './codes';
import type { DayNumber } from './time';

/** `pz#code` in the configured canonical URL. */
export function hasPz(ctx: RuleContext, cc: CodeableConcept | CodeableConcept[] | undefined, code: string | readonly string[]): boolean {
  return hasCode(cc, ctx.config.codeSystem, code);
}

/** The day lies at most `days` calendar days before today (future-dated entries count as recent). */
export function withinLastDays(ctx: RuleContext, day: DayNumber | undefined, days: number): boolean {
  return day !== undefined && ctx.today - day <= days;
}

/** Display text of a reference: its display, else the name of the referenced Organization/Practitioner. */
export function displayOf(record: PatientRecord, ref: Reference | undefined): string | undefined {
  if (!ref) return undefined;
  if (ref.display) return ref.display;
  const key = refKey(record, ref);
  const target = key ? record.shared.get(key) : undefined;
  if (target?.resourceType === 'Organization') return target.name;
  if (target?.resourceType === 'Practitioner') {
    const n = target.name?.[0];
    return n?.text ?? ([...(n?.given ?? []), n?.family].filter(Boolean).join(' ') || undefined);
  }
  // never the reference itself ("Organization/org-1"): clinicians read names; callers give a readable fallback
  return ref.identifier?.value;
}

/** Entered-in-error resources are ignored everywhere. */
export const ENTERED_IN_ERROR = 'entered-in-error';
