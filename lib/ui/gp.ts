// Who to call at the SEH when the behandelwensen are unknown: the GP in office hours, the
// huisartsenpost (HAP) in the evening, at night and at weekends (S3, "Acties in ziekenhuis t.b.v. SEH").
// Numbers come only from the loaded record, never from configuration guesses:
// - GP: Patient.generalPractitioner → Practitioner / PractitionerRole (and its organization) / Organization;
//   the first phone found on the person, else on their practice.
// - HAP: an Organization in the record whose name, type or alias says huisartsenpost / HAP
//   (a GP practice's telecom has no standard way to mark an out-of-hours number).
import type { FhirJson } from '../fhir/gateway';
import { arr, displayName, phoneOf, resolveRef, str } from './fhir-read';

export interface PhoneContact {
  name?: string;
  phone?: string;
}
export interface GpContacts {
  gp?: PhoneContact;
  hap?: PhoneContact;
}

const HAP = /huisartsenpost|\bhap\b|out[- ]of[- ]hours/i;

function isHap(org: FhirJson): boolean {
  const texts = [str(org.name), ...(Array.isArray(org.alias) ? org.alias : [])];
  for (const type of arr(org.type)) {
    texts.push(str(type.text));
    for (const c of arr(type.coding)) texts.push(str(c.display), str(c.code));
  }
  return texts.some((t) => typeof t === 'string' && HAP.test(t));
}

/**
 * A generalPractitioner entry that is the huisartsenpost (out-of-hours service), not the patient's own
 * GP: by the resolved Organization, else by the reference's display text.
 */
export function isHapReference(resources: readonly FhirJson[], ref: Record<string, unknown>): boolean {
  const res = resolveRef(resources, ref);
  if (res) return res.resourceType === 'Organization' && isHap(res);
  const display = str(ref.display);
  return /^Organization\//.test(str(ref.reference) ?? '') && !!display && HAP.test(display);
}

export function gpContacts(resources: readonly FhirJson[], patient: FhirJson): GpContacts {
  const refs = arr(patient.generalPractitioner);
  let gp: PhoneContact | undefined;
  // the huisartsenpost listed next to the GP is never "the GP", resolved or not
  const own = refs.filter((ref) => !isHapReference(resources, ref));
  for (const ref of own) {
    const res = resolveRef(resources, ref);
    const practice = res?.resourceType === 'PractitionerRole' ? resolveRef(resources, res.organization) : undefined;
    const person = res?.resourceType === 'PractitionerRole' ? resolveRef(resources, res.practitioner) : res;
    const name = str(ref.display) ?? displayName(person) ?? displayName(practice) ?? displayName(res);
    const phone = phoneOf(res) ?? phoneOf(person) ?? phoneOf(practice);
    if (!gp) gp = { name, phone };
    else if (!gp.phone && phone) gp = { name: gp.name ?? name, phone };
  }
  // A practice referenced next to the GP often carries the number the person lacks.
  if (gp && !gp.phone) {
    for (const ref of own) {
      const phone = phoneOf(resolveRef(resources, ref));
      if (phone) {
        gp = { ...gp, phone };
        break;
      }
    }
  }
  const hapOrg = resources.find((r) => r.resourceType === 'Organization' && isHap(r));
  // not resolved (a server without _include): at least its name from the reference
  const hapRef = hapOrg ? undefined : refs.find((ref) => isHapReference(resources, ref));
  const hap = hapOrg ? { name: displayName(hapOrg), phone: phoneOf(hapOrg) } : hapRef ? { name: str(hapRef.display) } : undefined;
  return { gp, hap };
}
