// A seedable random source (mulberry32) for the backoff jitter, so a run's retry timing replays exactly
// from its seed in tests; production runs seed it from the OS.
import { randomInt } from 'node:crypto';

export { prng as seededRandom } from '../prng';

export const freshSeed = () => randomInt(0, 2 ** 31);
