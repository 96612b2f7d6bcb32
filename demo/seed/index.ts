// Everything the demo loads at start: people and places, the synthetic patients (dates relative to
// `now`) and the real fixtures.
import type { Resource } from '@medplum/fhirtypes';
import type { FhirRouter } from '@medplum/fhir-router';
import type { ValidatingRepository } from '../fhir/repository';
import { loadFixtures, type FixtureReport } from './fixtures';
import { peopleAndPlaces } from './people';
import { seedPatients, topzTeam, type SeedPatient } from './patients';

export interface SeedReport {
  patients: SeedPatient[];
  resources: number;
  fixtures: FixtureReport;
}

/** The synthetic resources in load order (referenced resources first). */
export function seedResources(now: Date): { patients: SeedPatient[]; resources: Record<string, unknown>[] } {
  const patients = seedPatients(now);
  return { patients, resources: [...peopleAndPlaces(), topzTeam(), ...patients.flatMap((p) => p.resources)] };
}

export async function loadSeed(repo: ValidatingRepository, router: FhirRouter, now: Date, opts: { fixturesDir?: string } = {}): Promise<SeedReport> {
  const { patients, resources } = seedResources(now);
  // Client-chosen ids (PUT semantics) keep the demo's URLs stable across restarts.
  for (const r of resources) await repo.updateResource(r as unknown as Resource);
  const fixtures = await loadFixtures(repo, router, opts.fixturesDir);
  return { patients, resources: resources.length, fixtures };
}
