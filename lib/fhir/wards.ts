// The wards a user can pick for the ward worklist: the server's active Locations of physical type
// "ward" (wa), which is how hospital FHIR servers (and the demo) model a nursing unit. One request, only
// when the user opens the ward tab.
import type { FhirJson } from './gateway';
import { fhirJson, type FhirConnection } from './http';

export interface WardOption {
  /** "Location/<id>", what loadWard takes */
  location: string;
  name: string;
}

const WARD = 'http://terminology.hl7.org/CodeSystem/location-physical-type|wa';

export async function listWards(conn: FhirConnection, opts: { signal?: AbortSignal } = {}): Promise<WardOption[]> {
  const bundle = await fhirJson(conn, `Location?physical-type=${encodeURIComponent(WARD)}&_count=200`, { signal: opts.signal });
  const entries = (bundle.entry as { resource?: FhirJson }[] | undefined) ?? [];
  const wards: WardOption[] = [];
  for (const { resource: r } of entries) {
    if (r?.resourceType !== 'Location' || typeof r.id !== 'string' || r.status === 'inactive') continue;
    const name = typeof r.name === 'string' && r.name.trim() ? r.name : `Location/${r.id}`;
    wards.push({ location: `Location/${r.id}`, name });
  }
  return wards.sort((a, b) => a.name.localeCompare(b.name, 'nl'));
}
