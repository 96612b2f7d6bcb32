import { expect, test } from 'vitest';
import { BASE, memoryFhir } from '../fhir/support/memory-fhir';
import { seedFromEnv } from '../support/prng';
import { runChaos } from './support/chaos';
import { writeIdSystem } from '../../lib/fhir/codes';

// Replay a failure with CHAOS_SEED=<printed seed>.
const seed = seedFromEnv('CHAOS_SEED');

test(`200 writes through 5xx, timeouts, dropped connections and an offline period land exactly once (seed ${seed})`, async () => {
  console.log(`outbox chaos seed: ${seed}`);
  const server = memoryFhir();
  const result = await runChaos({
    seed,
    serverUrl: BASE,
    fetch: server.fetch,
    patients: ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8'],
    writes: 200,
    offlineRequests: 20,
  });
  const { stats, entries } = result;
  console.log(`outbox chaos: ended ${result.ended} in ${result.elapsedMs} ms; ${JSON.stringify(stats)}`);
  expect(result.ended).toBe('done');
  expect(entries).toHaveLength(200);
  const countsOnServer = await Promise.all(entries.map((e) => server.countByIdentifier(RESOURCE[e.action], writeIdSystem(), e.id)));
  expect(entries.filter((e) => e.status !== 'confirmed').map((e) => `${e.status}: ${e.lastError}`)).toEqual([]);
  expect(countsOnServer.every((n) => n === 1)).toBe(true);
  // the faults really happened (otherwise this proves nothing)
  expect(stats.serverErrors).toBeGreaterThan(0);
  expect(stats.droppedAfter).toBeGreaterThan(0);
  expect(stats.timeouts).toBeGreaterThan(0);
  expect(stats.offline).toBeGreaterThan(0);
}, 10 * 60_000); // a hang guard only: the run ends by progress

const RESOURCE: Record<string, string> = { 'answer-surprise-question': 'Observation', 'record-kindcheck': 'Observation', 'record-caregiver-burden': 'Observation', 'record-medication-review': 'Procedure', 'record-nazorg-contact': 'Task', 'mark-palliative-phase': 'Condition' };
