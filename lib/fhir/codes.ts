// Code systems and fixed codes the FHIR layer reads and writes. The app's own CodeSystem canonical is
// configurable (pathway.md, "Recognised encodings"); everything else is a published terminology.

export const DEFAULT_PZ_SYSTEM = 'http://palliatief-zorgpad.example/fhir/CodeSystem/pathway';

/** `<canonical>/write-id`: the identifier system of every resource the app writes (idempotency key). */
export function writeIdSystem(pzSystem: string = DEFAULT_PZ_SYSTEM): string {
  return `${pzSystem}/write-id`;
}

export const SNOMED = 'http://snomed.info/sct';
export const LOINC = 'http://loinc.org';
export const V3_ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const V3_ROLE_CODE = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';
export const CONDITION_CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
export const CONDITION_VER_STATUS = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
/** nl-core ContactPerson role (RolCodelijst) */
export const ROL_CODELIJST = 'urn:oid:2.16.840.1.113883.2.4.3.11.22.472';
/** nl-core ContactPerson relationship: mantelzorger is code 100001 in this system (pathway.md) */
export const NL_RELATIE_CODELIJST = 'urn:oid:2.16.840.1.113883.2.4.3.11.60.40.4.23.1';

export const SCT_PALLIATIVE_CARE = '103735009';
export const SCT_CASE_MANAGER = '768832004';
export const SCT_ACP = '713603004';
export const SCT_MEDICATION_REVIEW = '182836005';
