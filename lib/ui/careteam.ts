// Candidates for the centrale zorgverlener and nazorg owner: the patient's care team members and GP,
// read from the loaded record. Search beyond them goes through FhirGateway.searchPractitioners.
import type { FhirJson, PractitionerOption } from '../fhir/gateway';
import { arr, refDisplay, str, unknownName } from './fhir-read';
import { isHapReference } from './gp';

export interface CaregiverCandidates {
  gp: PractitionerOption[];
  careTeam: PractitionerOption[];
}

export function caregiverCandidates(resources: readonly FhirJson[], patient: FhirJson | undefined): CaregiverCandidates {
  const gp: PractitionerOption[] = [];
  const careTeam: PractitionerOption[] = [];
  const seen = new Set<string>();
  const add = (list: PractitionerOption[], o: PractitionerOption) => {
    if (!o.reference || seen.has(o.reference)) return;
    seen.add(o.reference);
    list.push(o);
  };
  for (const ref of arr(patient?.generalPractitioner)) {
    // the huisartsenpost is whom the SEH calls at night, never the one to coordinate care or do nazorg
    if (isHapReference(resources, ref)) continue;
    const reference = str(ref.reference);
    if (reference) add(gp, { reference, display: refDisplay(resources, ref) ?? unknownName(reference) });
  }
  for (const team of resources.filter((r) => r.resourceType === 'CareTeam' && (r.status ?? 'active') === 'active')) {
    for (const p of arr(team.participant)) {
      const member = p.member as Record<string, unknown> | undefined;
      const reference = str(member?.reference);
      if (!reference || /^(Patient|RelatedPerson)\//.test(reference)) continue;
      const role = arr(p.role)[0];
      const roleText = str(role?.text) ?? str(arr(role?.coding)[0]?.display);
      add(careTeam, { reference, display: refDisplay(resources, member) ?? unknownName(reference), description: roleText ?? str(team.name) });
    }
  }
  return { gp, careTeam };
}
