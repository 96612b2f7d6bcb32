// Matching on codes (never on meta.profile URLs: they differ between versions of the Dutch profiles).
import type { CodeableConcept, Coding } from '../schemas/primitives';
import { SYSTEMS } from '../valuesets/systems';

export function codings(cc: CodeableConcept | CodeableConcept[] | undefined): Coding[] {
  if (!cc) return [];
  if (Array.isArray(cc)) return cc.flatMap((c) => c.coding ?? []);
  return cc.coding ?? [];
}

function matchOne(cc: CodeableConcept, system: string, codes: string | ReadonlySet<string> | readonly string[]): boolean {
  const list = cc.coding;
  if (!list) return false;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c.system !== system || c.code === undefined) continue;
    if (typeof codes === 'string' ? c.code === codes : 'has' in codes ? codes.has(c.code) : codes.includes(c.code)) return true;
  }
  return false;
}

/** True when any coding has this system and one of the codes. (Loops without allocating: hot path.) */
export function hasCode(cc: CodeableConcept | CodeableConcept[] | undefined, system: string, codes: string | ReadonlySet<string> | readonly string[]): boolean {
  if (!cc) return false;
  if (!Array.isArray(cc)) return matchOne(cc, system, codes);
  for (let i = 0; i < cc.length; i++) if (matchOne(cc[i], system, codes)) return true;
  return false;
}

export const hasSnomed = (cc: CodeableConcept | CodeableConcept[] | undefined, codes: string | ReadonlySet<string> | readonly string[]) =>
  hasCode(cc, SYSTEMS.snomed, codes);

/** Human label of a concept: its text, else the first display, else the first code. */
export function label(cc: CodeableConcept | CodeableConcept[] | undefined): string | undefined {
  const one = Array.isArray(cc) ? cc[0] : cc;
  if (!one) return undefined;
  return one.text ?? one.coding?.find((c) => c.display)?.display ?? one.coding?.[0]?.code;
}

/** The code of a status-like CodeableConcept from a known system (e.g. condition-clinical). */
export function statusCode(cc: CodeableConcept | undefined): string | undefined {
  return cc?.coding?.find((c) => c.code)?.code;
}
