// What the patient banner shows, read from the loaded Patient resource.
import type { FhirJson } from '../fhir/gateway';
import { ageInYears } from './dates';
import { arr, displayName, str } from './fhir-read';

export const BSN_SYSTEM = 'http://fhir.nl/fhir/NamingSystem/bsn';

export interface BannerInfo {
  patientId: string;
  name?: string;
  birthDate?: string;
  gender?: 'male' | 'female' | 'other' | 'unknown';
  /** age today, or at death when deceased */
  age?: number;
  identifier?: { system: 'bsn' | 'other'; value: string };
  deceased: boolean;
  deceasedDate?: string;
}

export function bannerInfo(patient: FhirJson, now: Date): BannerInfo {
  const birthDate = str(patient.birthDate);
  const deceasedDate = str(patient.deceasedDateTime);
  const deceased = Boolean(deceasedDate) || patient.deceasedBoolean === true;
  const ids = arr(patient.identifier);
  const bsn = ids.find((i) => i.system === BSN_SYSTEM && str(i.value));
  const other = ids.find((i) => str(i.value));
  const gender = str(patient.gender) as BannerInfo['gender'];
  return {
    patientId: patient.id ?? '',
    name: displayName(patient),
    birthDate,
    gender,
    // deceased without a date: the age at death is unknown, and today's age would mislead
    age: birthDate && (deceasedDate || !deceased) ? ageInYears(birthDate, deceasedDate ?? now) : undefined,
    identifier: bsn
      ? { system: 'bsn', value: String(bsn.value) }
      : other
        ? { system: 'other', value: String(other.value) }
        : undefined,
    deceased,
    deceasedDate,
  };
}
