// Other value sets of pathway.md "Recognised encodings" and "Handover items", as data.
export const PALLIATIVE_CARE_SNOMED = '103735009'; // palliative care
/** IKNL ACP treatment-policy goals that mean the palliative phase is marked */
export const PALLIATIVE_GOAL_SNOMED: readonly string[] = ['713148004', '1351964001'];
/** behandeldoel handover item: curatief, levensverlengend, symptoomgericht (225353007 accepted too) */
export const TREATMENT_GOAL_SNOMED: readonly string[] = ['385987000', '1351964001', '713148004', '225353007'];
export const ACP_PROCEDURE_SNOMED = '713603004'; // advance care planning
export const CASE_MANAGER_SNOMED = '768832004'; // case manager (central caregiver)
export const MEDICATION_REVIEW_SNOMED = '182836005'; // review of medication
export const MANTELZORGER_CODE = '100001';
/** v3-RoleCode relationships that mean a child of the patient (kindcheck) */
export const CHILD_ROLE_CODES: readonly string[] = ['CHILD', 'DAU', 'SON'];
export const DIMENSION_CODES = ['lichamelijk', 'psychisch', 'sociaal', 'spiritueel'] as const;
export const DIMENSION_LABELS: Readonly<Record<(typeof DIMENSION_CODES)[number], string>> = {
  lichamelijk: 'lichamelijk',
  psychisch: 'psychisch',
  sociaal: 'sociaal',
  spiritueel: 'spiritueel (zingeving)',
};
