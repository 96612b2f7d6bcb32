// The no-lost-writes harness: the seeded, progress-bound chaos run of tests/store/support/chaos.ts (5xx,
// timeouts, connections dropped before and after the server applied the write, an offline period, worker
// restarts) with the whole range of writes, the CareTeam update included, and a count of what the server
// holds afterwards.
import { writeIdSystem } from '../../../lib/fhir/codes';
import type { FetchLike } from '../../../lib/fhir/http';
import type { ActionId } from '../../../lib/pathway/types';
import { CHAOS_ACTIONS as STORE_ACTIONS, type MakeIntent } from '../../store/support/chaos';
import { seedFromEnv } from '../../support/prng';

export { prng, runChaos } from '../../store/support/chaos';

/** The seed of this run: CHAOS_SEED from the environment (replay), else a fresh one. */
export const chaosSeed = (): number => seedFromEnv('CHAOS_SEED');

/** Writes that each land as a new resource, found by its write identifier. */
export const CHAOS_ACTIONS: MakeIntent[] = [
  ...STORE_ACTIONS,
  () => ({ action: 'request-topz-consult', params: { encounter: 'Encounter/chaos-opname' } }),
  (r) => ({ action: 'record-naaste', params: { relationship: r() < 0.5 ? '01' : 'WIFE', name: 'Naaste (chaos)', mantelzorger: r() < 0.5 ? 'true' : 'false' } }),
];

/**
 * Plus the one write that updates instead of creating: the central caregiver appointed into the
 * patient's existing CareTeam (read, append a participant whose element id is the write id, PUT
 * If-Match), so a retry after a lost answer and a dead worker's orphaned PUT meet on the version check.
 */
export function withCareTeamAppointments(careTeamOf: (patientId: string) => string): MakeIntent[] {
  return [
    ...CHAOS_ACTIONS,
    (_r, patientId) => ({ action: 'appoint-central-caregiver', params: { careTeam: careTeamOf(patientId), participant: 'Practitioner/pz-dr-de-jong', display: 'Dr. De Jong' } }),
  ];
}

export const RESOURCE_OF: Partial<Record<ActionId, string>> = {
  'answer-surprise-question': 'Observation',
  'record-kindcheck': 'Observation',
  'record-caregiver-burden': 'Observation',
  'record-medication-review': 'Procedure',
  'record-nazorg-contact': 'Task',
  'mark-palliative-phase': 'Condition',
  'request-topz-consult': 'ServiceRequest',
  'record-naaste': 'RelatedPerson',
  'appoint-central-caregiver': 'CareTeam',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Count, per write id, what the server holds for it: resources carrying it as their write identifier,
 * and CareTeam participants whose element id it is. One search per (patient, resource type), tallied
 * per "patient|write id", so a duplicate or a write that went to another patient shows up too.
 */
export async function countOnServer(opts: {
  fhirBase: string;
  fetch: FetchLike;
  patients: string[];
  resourceTypes: string[];
}): Promise<Map<string, number>> {
  const system = writeIdSystem();
  const counts = new Map<string, number>();
  for (const patient of opts.patients) {
    for (const type of opts.resourceTypes) {
      const param = type === 'RelatedPerson' ? 'patient' : 'subject';
      let url: string | undefined = `${opts.fhirBase}/${type}?${param}=Patient/${encodeURIComponent(patient)}&_count=1000`;
      while (url) {
        const res = await opts.fetch(url, { headers: { accept: 'application/fhir+json' } });
        if (res.status !== 200) throw new Error(`count ${type} for ${patient}: HTTP ${res.status}`);
        const bundle = (await res.json()) as {
          entry?: { resource: { identifier?: { system?: string; value?: string }[]; participant?: { id?: string }[] } }[];
          link?: { relation: string; url: string }[];
        };
        const tally = (id: string) => counts.set(`${patient}|${id}`, (counts.get(`${patient}|${id}`) ?? 0) + 1);
        for (const e of bundle.entry ?? []) {
          for (const id of e.resource.identifier ?? []) if (id.system === system && id.value) tally(id.value);
          if (type === 'CareTeam') for (const p of e.resource.participant ?? []) if (p.id && UUID.test(p.id)) tally(p.id);
        }
        url = bundle.link?.find((l) => l.relation === 'next')?.url;
      }
    }
  }
  return counts;
}
