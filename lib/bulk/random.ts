// A seedable random source (mulberry32) for the backoff jitter, so a run's retry timing replays exactly
// from its seed in tests; production runs seed it from the OS.
import { randomInt } from 'node:crypto';

export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const freshSeed = () => randomInt(0, 2 ** 31);
