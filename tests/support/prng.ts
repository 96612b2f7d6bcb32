// The one seedable random source (lib/prng.ts, mulberry32): every randomized test and generated record
// replays exactly from its printed seed.
export { prng } from '../../lib/prng';

/** The seed of a randomized run: the named environment variable (to replay a printed seed), else a fresh one. */
export function seedFromEnv(name: 'RELIABILITY_SEED' | 'CHAOS_SEED'): number {
  const fromEnv = process.env[name];
  if (fromEnv !== undefined && fromEnv !== '') {
    const n = Number(fromEnv);
    if (!Number.isInteger(n)) throw new Error(`${name} must be an integer, got ${fromEnv}`);
    return n >>> 0;
  }
  return Math.floor(Math.random() * 2 ** 31);
}
