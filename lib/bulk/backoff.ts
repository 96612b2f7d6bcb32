// How long to wait before the next poll or retry. The server's Retry-After wins (Bulk Data 2.0 asks
// clients to honour it); without one, exponential backoff with "equal jitter" so that many clients
// started together do not poll in lockstep. Pure: the random source and the clock are passed in.

export interface BackoffPolicy {
  /** first delay without Retry-After (ms) */
  baseMs: number;
  /** no single wait longer than this (ms), whatever Retry-After says */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 120_000 };

/** Retry-After as milliseconds: delta-seconds or an HTTP-date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** The wait before attempt `attempt` (0-based count of waits so far). */
export function nextDelay(attempt: number, retryAfterMs: number | undefined, random: () => number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  if (retryAfterMs !== undefined) return Math.min(policy.maxMs, retryAfterMs);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
