// The resource types a population run needs: exactly what the rules read for one patient
// (lib/fhir/record-searches.ts, the same list the SMART app searches), plus the Patient and the GP /
// huisartsenpost resources the Patient's generalPractitioner points at.
import { GP_TYPES, PATIENT_FIELD } from '../fhir/record-searches';

export const RULE_TYPES: readonly string[] = ['Patient', ...Object.keys(PATIENT_FIELD), ...GP_TYPES];

/** SMART v2 system scopes for the types: read + search, nothing else (Backend Services least privilege). */
export const systemScopes = (types: readonly string[]) => types.map((t) => `system/${t}.rs`).join(' ');
