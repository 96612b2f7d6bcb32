import { expect, test } from 'vitest';
import { BASE, memoryFhir } from '../fhir/support/memory-fhir';
import { runChaos } from './support/chaos';

// Replay a failure with CHAOS_SEED=<printed seed>.
const seed = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));

test(`200 randomly timed writes through 5xx, timeouts, dropped connections and an offline period land exactly once (seed ${seed})`, async () => {
  console.log(`outbox chaos seed: ${seed}`);
  const server = memoryFhir();
  const result = await runChaos({
    seed,
    serverUrl: BASE,
    fetch: server.fetch,
    patients: ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8'],
    writes: 200,
    spreadMs: 1_500,
    offlineMs: 400,
    countByIdentifier: server.countByIdentifier,
    deadlineMs: 40_000,
  });
  const { stats, entries, countsOnServer } = result;
  console.log(`outbox chaos stats: ${JSON.stringify(stats)}`);
  expect(entries).toHaveLength(200);
  expect(entries.filter((e) => e.status !== 'confirmed').map((e) => `${e.status}: ${e.lastError}`)).toEqual([]);
  expect(countsOnServer.every((n) => n === 1)).toBe(true);
  // the faults really happened (otherwise this proves nothing)
  expect(stats.serverErrors).toBeGreaterThan(0);
  expect(stats.droppedAfter).toBeGreaterThan(0);
  expect(stats.timeouts).toBeGreaterThan(0);
  expect(stats.offline).toBeGreaterThan(0);
}, 60_000);
