// Code system URIs recognised by the rules (source: HL7 FHIR R4 terminology; Nictiz zib2020 profiles).
export const SYSTEMS = {
  snomed: 'http://snomed.info/sct',
  loinc: 'http://loinc.org',
  /** ICD-10 as written by HL7, by Dutch systems (ICD-10 NL) and by OID */
  icd10: ['http://hl7.org/fhir/sid/icd-10', 'http://hl7.org/fhir/sid/icd-10-nl', 'urn:oid:2.16.840.1.113883.6.3', 'http://hl7.org/fhir/sid/icd-10-cm'],
  /** ICPC-1 (NL); the Dutch NHG table is published under OID 2.16.840.1.113883.2.4.4.31.1 */
  icpc: ['http://hl7.org/fhir/sid/icpc-1-nl', 'urn:oid:2.16.840.1.113883.2.4.4.31.1', 'http://hl7.org/fhir/sid/icpc-1', 'http://hl7.org/fhir/sid/icpc-2'],
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  actPriority: 'http://terminology.hl7.org/CodeSystem/v3-ActPriority',
  admitSource: 'http://terminology.hl7.org/CodeSystem/admit-source',
  dischargeDisposition: 'http://terminology.hl7.org/CodeSystem/discharge-disposition',
  consentScope: 'http://terminology.hl7.org/CodeSystem/consentscope',
  roleCode: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode',
  nullFlavor: 'http://terminology.hl7.org/CodeSystem/v3-NullFlavor',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  /** zib ContactPerson RolCodelijst */
  nlContactRole: 'urn:oid:2.16.840.1.113883.2.4.3.11.22.472',
  /** zib ContactPerson relatie (mantelzorger = 100001) */
  nlContactRelation: 'urn:oid:2.16.840.1.113883.2.4.3.11.60.40.4.23.1',
  /** zib AdvanceDirective WilsverklaringTypeCodelijst (NR, BV, VOL, …) */
  nlAdvanceDirectiveType: 'urn:oid:2.16.840.1.113883.2.4.3.11.60.40.4.14.1',
} as const;

/** The modifier extension of nl-core TreatmentDirective2 that overrides provision.type. */
export const EXT_SPECIFICATION_OTHER = 'http://nictiz.nl/fhir/StructureDefinition/ext-TreatmentDirective2.SpecificationOther';
