// What every rule gets besides the record: `now` (an input, never the clock), the validated config,
// and a per-evaluation memo so that shared facts (palliative? alive?) are computed once per record.
import type { PathwayConfig } from './config';
import { dayOfInstant, type DayNumber } from './facts/time';

export interface RuleContext {
  now: Date;
  nowMs: number;
  /** today's calendar day in the configured time zone */
  today: DayNumber;
  tz: string;
  config: PathwayConfig;
  memo: Map<string, unknown>;
}

export function makeContext(now: Date, config: PathwayConfig): RuleContext {
  const nowMs = now.getTime();
  if (Number.isNaN(nowMs)) throw new Error('now is not a valid date');
  return { now, nowMs, today: dayOfInstant(nowMs, config.timezone), tz: config.timezone, config, memo: new Map() };
}

export function memo<T>(ctx: RuleContext, key: string, compute: () => T): T {
  if (ctx.memo.has(key)) return ctx.memo.get(key) as T;
  const v = compute();
  ctx.memo.set(key, v);
  return v;
}
