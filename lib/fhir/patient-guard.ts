// Drops a response for a patient the user already left. Each load is tagged with a sequence number;
// only the newest load for the current patient is delivered, an older one that resolves later is
// discarded (and its request aborted), so a slow answer for patient A never paints over patient B.

export interface LatestOnly {
  /**
   * Start a load for `patientId`. Resolves with the value, or with `undefined` when a newer load
   * started (or `cancel()` was called) before this one finished. Rejections of stale loads are
   * swallowed too: an error for a patient no longer shown must not be shown either.
   */
  run<T>(patientId: string, load: (signal: AbortSignal) => Promise<T>): Promise<T | undefined>;
  /** the patient of the newest load */
  readonly current: string | undefined;
  /** drop whatever is in flight (patient closed) */
  cancel(): void;
}

export function createLatestOnly(): LatestOnly {
  let seq = 0;
  let current: string | undefined;
  let controller: AbortController | undefined;
  return {
    get current() {
      return current;
    },
    async run(patientId, load) {
      const mine = ++seq;
      current = patientId;
      controller?.abort();
      const ac = new AbortController();
      controller = ac;
      const fresh = () => mine === seq && current === patientId && !ac.signal.aborted;
      try {
        const value = await load(ac.signal);
        return fresh() ? value : undefined;
      } catch (e) {
        if (!fresh()) return undefined;
        throw e;
      }
    },
    cancel() {
      seq++;
      current = undefined;
      controller?.abort();
      controller = undefined;
    },
  };
}
