// Group resources for the demo's wards (and the whole hospital), the unit a Bulk Data group export
// works on: members are the patients with an Encounter at that ward (admitted now, or died there).
// Made at start when the repository has none with that id, so records loaded later can be added by
// updating the Group like any FHIR resource.
import type { Encounter, Group, Patient } from '@medplum/fhirtypes';
import type { ValidatingRepository } from '../fhir/repository';
import { HOSPITAL_ORG, SEH_LOCATION, WARDS } from '../seed/people';

export const HOSPITAL_GROUP_ID = 'group-ziekenhuis';
export const wardGroupId = (locationId: string) => `group-${locationId}`;

const nameOf = (p: Patient) => p.name?.[0]?.text ?? [p.name?.[0]?.given?.join(' '), p.name?.[0]?.family].filter(Boolean).join(' ');

export async function ensureWardGroups(repo: ValidatingRepository): Promise<string[]> {
  const store = (repo as unknown as { resources: Map<string, Map<string, unknown>> }).resources;
  const patients = [...((store.get('Patient')?.values() ?? []) as Iterable<Patient>)];
  const byWard = new Map<string, Set<string>>();
  for (const e of (store.get('Encounter')?.values() ?? []) as Iterable<Encounter>) {
    const pid = /^Patient\/([^/]+)$/.exec(e.subject?.reference ?? '')?.[1];
    if (!pid) continue;
    for (const l of e.location ?? []) {
      const lid = /^Location\/([^/]+)$/.exec(l.location?.reference ?? '')?.[1];
      if (lid) (byWard.get(lid) ?? byWard.set(lid, new Set()).get(lid)!).add(pid);
    }
  }
  const names = new Map(patients.map((p) => [p.id!, nameOf(p)]));
  const made: string[] = [];
  const put = async (id: string, name: string, members: Iterable<string>) => {
    if (await repo.exists('Group', id)) return;
    const member = [...members].filter((m) => names.has(m)).sort().map((m) => ({ entity: { reference: `Patient/${m}`, display: names.get(m) } }));
    const group: Group = { resourceType: 'Group', id, active: true, type: 'person', actual: true, name, quantity: member.length, managingEntity: { reference: `Organization/${HOSPITAL_ORG}` }, ...(member.length ? { member } : {}) };
    await repo.updateResource(group);
    made.push(id);
  };
  for (const w of [...WARDS, SEH_LOCATION]) await put(wardGroupId(w.id), w.name, byWard.get(w.id) ?? []);
  await put(HOSPITAL_GROUP_ID, 'Spaarnestad Ziekenhuis: alle patiënten', names.keys());
  return made;
}
