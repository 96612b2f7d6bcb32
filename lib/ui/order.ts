// Ordering and grouping of prompts for one user. A role is a filter and an ordering, never a
// permission (pathway.md): prompts for other roles are grouped, not dropped.
import { INDICATORS, PROMPT_CODES, type Indicator, type Prompt, type Role } from '../pathway/types';

const INDICATOR_RANK: Record<Indicator, number> = { critical: 0, warning: 1, info: 2 };

/** critical > warning > info; then prompts listing this role first (e.g. seh-arts first on
 * behandelwensen-known); then the earliest due date; then contract order, so the order is stable. */
export function comparePrompts(a: Prompt, b: Prompt, role: Role): number {
  return (
    INDICATOR_RANK[a.indicator] - INDICATOR_RANK[b.indicator] ||
    rolePosition(a, role) - rolePosition(b, role) ||
    (a.due ?? '9999').localeCompare(b.due ?? '9999') ||
    PROMPT_CODES.indexOf(a.code) - PROMPT_CODES.indexOf(b.code)
  );
}

function rolePosition(p: Prompt, role: Role): number {
  const i = p.roles.indexOf(role);
  return i < 0 ? p.roles.length + 1 : i;
}

export function sortForRole(prompts: readonly Prompt[], role: Role): Prompt[] {
  return [...prompts].sort((a, b) => comparePrompts(a, b, role));
}

/** Split into the user's own prompts and the rest, each sorted. */
export function groupByRole(prompts: readonly Prompt[], role: Role): { mine: Prompt[]; others: Prompt[] } {
  const sorted = sortForRole(prompts, role);
  return { mine: sorted.filter((p) => p.roles.includes(role)), others: sorted.filter((p) => !p.roles.includes(role)) };
}

export type IndicatorCounts = Record<Indicator, number>;

export function countByIndicator(prompts: readonly Pick<Prompt, 'indicator'>[]): IndicatorCounts {
  const counts = Object.fromEntries(INDICATORS.map((i) => [i, 0])) as IndicatorCounts;
  for (const p of prompts) counts[p.indicator] += 1;
  return counts;
}
