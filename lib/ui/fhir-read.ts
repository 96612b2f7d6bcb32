// Small, defensive readers for the few display fields the screens need (name, telecom, references).
// The rules engine validates what it reasons on; the screens only display, so they tolerate any shape.
import type { FhirJson } from '../fhir/gateway';

type Json = Record<string, unknown>;
const isObj = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
export const arr = (x: unknown): Json[] => (Array.isArray(x) ? x.filter(isObj) : []);
export const str = (x: unknown): string | undefined => (typeof x === 'string' && x.trim() ? x : undefined);

/** Display name of a Patient/Practitioner/RelatedPerson/Organization: official name text, else given + family. */
export function displayName(res: FhirJson | Json | undefined): string | undefined {
  if (!res) return undefined;
  if (str(res.name)) return str(res.name); // Organization, CareTeam
  const names = arr(res.name);
  const name = names.find((n) => n.use === 'official') ?? names.find((n) => n.use !== 'old') ?? names[0];
  if (!name) return undefined;
  if (str(name.text)) return str(name.text);
  const given = Array.isArray(name.given) ? name.given.filter((g) => typeof g === 'string').join(' ') : '';
  // only string items: a nested array's toString() recurses and can overflow the stack on hostile input
  const prefix = Array.isArray(name.prefix) ? name.prefix.filter((x: unknown) => typeof x === 'string').join(' ') : str(name.prefix);
  const parts = [str(prefix), given, str(name.family)].filter(Boolean);
  return parts.length ? parts.join(' ').replace(/\s+/g, ' ').trim() : undefined;
}

export function phoneOf(res: FhirJson | Json | undefined): string | undefined {
  if (!res) return undefined;
  const phones = arr(res.telecom).filter((c) => c.system === 'phone' && str(c.value) && c.use !== 'old');
  phones.sort((a, b) => (Number(a.rank ?? 99) - Number(b.rank ?? 99)) || (a.use === 'work' ? -1 : 0) - (b.use === 'work' ? -1 : 0));
  return str(phones[0]?.value);
}

/** Resolve a relative reference ("Practitioner/abc") or a contained one against the loaded record. */
export function resolveRef(resources: readonly FhirJson[], ref: unknown): FhirJson | undefined {
  const reference = isObj(ref) ? str(ref.reference) : str(ref);
  if (!reference) return undefined;
  const m = /([A-Za-z]+)\/([^/]+?)(?:\/_history\/.*)?$/.exec(reference);
  if (!m) return undefined;
  return resources.find((r) => r.resourceType === m[1] && r.id === m[2]);
}

export function refDisplay(resources: readonly FhirJson[], ref: unknown): string | undefined {
  if (isObj(ref) && str(ref.display)) return str(ref.display);
  const res = resolveRef(resources, ref);
  // A PractitionerRole has no name of its own: show the person, else the organisation.
  if (res?.resourceType === 'PractitionerRole') return refDisplay(resources, res.practitioner) ?? refDisplay(resources, res.organization);
  return displayName(res);
}

/**
 * What to call someone or something whose name the record does not give: a readable Dutch phrase by
 * resource type, never the reference itself (clinicians read names, not FHIR ids).
 */
export function unknownName(reference: string | undefined): string {
  const type = reference?.split('/').at(-2);
  if (type === 'Organization') return 'onbekende organisatie';
  if (type === 'Practitioner' || type === 'PractitionerRole') return 'onbekende zorgverlener';
  if (type === 'CareTeam') return 'onbekend zorgteam';
  if (type === 'Location') return 'onbekende afdeling';
  if (type === 'RelatedPerson') return 'onbekende naaste';
  return 'onbekend';
}

export function findPatient(resources: readonly FhirJson[], patientId: string): FhirJson | undefined {
  return resources.find((r) => r.resourceType === 'Patient' && r.id === patientId);
}
