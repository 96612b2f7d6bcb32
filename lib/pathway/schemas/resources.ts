// One zod schema per resource type, for exactly the fields the rules read. Each resource is validated
// on its own (schemas/record.ts): a malformed one is reported and skipped, the rest still evaluated.
import { z } from 'zod';
import { CodeableConcept, Coding, Extension, FhirDate, FhirDateTime, Identifier, Period, Reference } from './primitives';

const base = {
  id: z.string().optional(),
  extension: z.array(Extension).optional(),
  modifierExtension: z.array(Extension).optional(),
};

export const PatientSchema = z.looseObject({
  ...base,
  resourceType: z.literal('Patient'),
  birthDate: FhirDate.optional(),
  deceasedBoolean: z.boolean().optional(),
  deceasedDateTime: FhirDateTime.optional(),
  generalPractitioner: z.array(Reference).optional(),
  contact: z.array(z.looseObject({ relationship: z.array(CodeableConcept).optional() })).optional(),
  managingOrganization: Reference.optional(),
});

export const ConditionSchema = z.looseObject({
  ...base,
  resourceType: z.literal('Condition'),
  clinicalStatus: CodeableConcept.optional(),
  verificationStatus: CodeableConcept.optional(),
  category: z.array(CodeableConcept).optional(),
  code: CodeableConcept.optional(),
  subject: Reference,
  onsetDateTime: FhirDateTime.optional(),
  onsetPeriod: Period.optional(),
  abatementDateTime: FhirDateTime.optional(),
  abatementPeriod: Period.optional(),
  abatementBoolean: z.boolean().optional(),
  abatementString: z.string().optional(),
  recordedDate: FhirDateTime.optional(),
});

export const ObservationSchema = z.looseObject({
  ...base,
  resourceType: z.literal('Observation'),
  status: z.string(),
  code: CodeableConcept,
  subject: Reference.optional(),
  effectiveDateTime: FhirDateTime.optional(),
  effectivePeriod: Period.optional(),
  issued: z.string().optional(),
  valueBoolean: z.boolean().optional(),
  valueInteger: z.number().int().optional(),
  valueString: z.string().optional(),
  valueCodeableConcept: CodeableConcept.optional(),
  valueQuantity: z.looseObject({ value: z.number().optional() }).optional(),
  performer: z.array(Reference).optional(),
});

export const EncounterSchema = z.looseObject({
  ...base,
  resourceType: z.literal('Encounter'),
  status: z.string(),
  class: Coding,
  priority: CodeableConcept.optional(),
  subject: Reference.optional(),
  period: Period.optional(),
  reasonCode: z.array(CodeableConcept).optional(),
  reasonReference: z.array(Reference).optional(),
  hospitalization: z
    .looseObject({ admitSource: CodeableConcept.optional(), dischargeDisposition: CodeableConcept.optional() })
    .optional(),
  serviceProvider: Reference.optional(),
  location: z.array(z.looseObject({ location: Reference.optional() })).optional(),
});

const ProvisionSchema = z.looseObject({
  extension: z.array(Extension).optional(),
  modifierExtension: z.array(Extension).optional(),
  type: z.string().optional(),
  period: Period.optional(),
  actor: z.array(z.looseObject({ role: CodeableConcept.optional(), reference: Reference.optional() })).optional(),
  code: z.array(CodeableConcept).optional(),
});

export const ConsentSchema = z.looseObject({
  ...base,
  resourceType: z.literal('Consent'),
  status: z.string(),
  scope: CodeableConcept,
  category: z.array(CodeableConcept).optional(),
  patient: Reference.optional(),
  dateTime: FhirDateTime.optional(),
  sourceReference: Reference.optional(),
  sourceAttachment: z.looseObject({ title: z.string().optional() }).optional(),
  provision: ProvisionSchema.optional(),
});

export const DocumentReferenceSchema = z.looseObject({
  ...base,
  resourceType: z.literal('DocumentReference'),
  status: z.string(),
  type: CodeableConcept.optional(),
  category: z.array(CodeableConcept).optional(),
  subject: Reference.optional(),
  date: z.string().optional(),
  description: z.string().optional(),
  author: z.array(Reference).optional(),
  context: z.looseObject({ period: Period.optional() }).optional(),
});

export const CompositionSchema = z.looseObject({
  ...base,
  resourceType: z.literal('Composition'),
  status: z.string(),
  type: CodeableConcept,
  subject: Reference.optional(),
  date: FhirDateTime,
});

const performed = {
  performedDateTime: FhirDateTime.optional(),
  performedPeriod: Period.optional(),
};

export const ProcedureSchema = z.looseObject({
  ...base,
  resourceType: z.literal('Procedure'),
  status: z.string(),
  code: CodeableConcept.optional(),
  subject: Reference,
  encounter: Reference.optional(),
  ...performed,
});

export const FlagSchema = z.looseObject({
  ...base,
  resourceType: z.literal('Flag'),
  status: z.string(),
  code: CodeableConcept,
  subject: Reference,
  period: Period.optional(),
});

export const GoalSchema = z.looseObject({
  ...base,
  resourceType: z.literal('Goal'),
  lifecycleStatus: z.string(),
  description: CodeableConcept,
  subject: Reference,
  startDate: FhirDate.optional(),
  statusDate: FhirDate.optional(),
});

export const EpisodeOfCareSchema = z.looseObject({
  ...base,
  resourceType: z.literal('EpisodeOfCare'),
  status: z.string(),
  type: z.array(CodeableConcept).optional(),
  patient: Reference,
  period: Period.optional(),
});

export const CareTeamSchema = z.looseObject({
  ...base,
  resourceType: z.literal('CareTeam'),
  status: z.string().optional(),
  identifier: z.array(Identifier).optional(),
  name: z.string().optional(),
  category: z.array(CodeableConcept).optional(),
  subject: Reference.optional(),
  period: Period.optional(),
  participant: z
    .array(
      z.looseObject({
        role: z.array(CodeableConcept).optional(),
        member: Reference.optional(),
        onBehalfOf: Reference.optional(),
        period: Period.optional(),
      }),
    )
    .optional(),
  managingOrganization: z.array(Reference).optional(),
});

export const RelatedPersonSchema = z.looseObject({
  ...base,
  resourceType: z.literal('RelatedPerson'),
  active: z.boolean().optional(),
  patient: Reference,
  relationship: z.array(CodeableConcept).optional(),
  name: z.array(z.looseObject({ text: z.string().optional(), family: z.string().optional(), given: z.array(z.string()).optional() })).optional(),
  birthDate: FhirDate.optional(),
});

const medicationX = {
  medicationCodeableConcept: CodeableConcept.optional(),
  medicationReference: Reference.optional(),
};

export const MedicationRequestSchema = z.looseObject({
  ...base,
  resourceType: z.literal('MedicationRequest'),
  status: z.string(),
  statusReason: CodeableConcept.optional(),
  intent: z.string().optional(),
  ...medicationX,
  subject: Reference,
  encounter: Reference.optional(),
  authoredOn: FhirDateTime.optional(),
  reasonCode: z.array(CodeableConcept).optional(),
  reasonReference: z.array(Reference).optional(),
  dispenseRequest: z.looseObject({ validityPeriod: Period.optional() }).optional(),
});

export const MedicationStatementSchema = z.looseObject({
  ...base,
  resourceType: z.literal('MedicationStatement'),
  status: z.string(),
  statusReason: z.array(CodeableConcept).optional(),
  ...medicationX,
  subject: Reference,
  context: Reference.optional(),
  effectiveDateTime: FhirDateTime.optional(),
  effectivePeriod: Period.optional(),
  dateAsserted: FhirDateTime.optional(),
  reasonCode: z.array(CodeableConcept).optional(),
  reasonReference: z.array(Reference).optional(),
});

export const TaskSchema = z.looseObject({
  ...base,
  resourceType: z.literal('Task'),
  status: z.string(),
  statusReason: CodeableConcept.optional(),
  intent: z.string().optional(),
  code: CodeableConcept.optional(),
  for: Reference.optional(),
  focus: Reference.optional(),
  encounter: Reference.optional(),
  authoredOn: FhirDateTime.optional(),
  lastModified: FhirDateTime.optional(),
  executionPeriod: Period.optional(),
  owner: Reference.optional(),
  description: z.string().optional(),
});

export const CommunicationSchema = z.looseObject({
  ...base,
  resourceType: z.literal('Communication'),
  status: z.string(),
  category: z.array(CodeableConcept).optional(),
  topic: CodeableConcept.optional(),
  subject: Reference.optional(),
  encounter: Reference.optional(),
  sent: FhirDateTime.optional(),
});

export const ServiceRequestSchema = z.looseObject({
  ...base,
  resourceType: z.literal('ServiceRequest'),
  status: z.string(),
  code: CodeableConcept.optional(),
  category: z.array(CodeableConcept).optional(),
  subject: Reference,
  encounter: Reference.optional(),
  authoredOn: FhirDateTime.optional(),
});

export const CarePlanSchema = z.looseObject({
  ...base,
  resourceType: z.literal('CarePlan'),
  status: z.string(),
  category: z.array(CodeableConcept).optional(),
  subject: Reference,
  period: Period.optional(),
});

/** Resources that belong to no patient but are looked up for display (owner, GP, team names). */
export const OrganizationSchema = z.looseObject({
  ...base,
  resourceType: z.literal('Organization'),
  name: z.string().optional(),
  identifier: z.array(Identifier).optional(),
});
export const PractitionerSchema = z.looseObject({
  ...base,
  resourceType: z.literal('Practitioner'),
  name: z.array(z.looseObject({ text: z.string().optional(), family: z.string().optional(), given: z.array(z.string()).optional() })).optional(),
});
export const PractitionerRoleSchema = z.looseObject({
  ...base,
  resourceType: z.literal('PractitionerRole'),
  practitioner: Reference.optional(),
  organization: Reference.optional(),
  code: z.array(CodeableConcept).optional(),
});

export type Patient = z.infer<typeof PatientSchema>;
export type Condition = z.infer<typeof ConditionSchema>;
export type Observation = z.infer<typeof ObservationSchema>;
export type Encounter = z.infer<typeof EncounterSchema>;
export type Consent = z.infer<typeof ConsentSchema>;
export type DocumentReference = z.infer<typeof DocumentReferenceSchema>;
export type Composition = z.infer<typeof CompositionSchema>;
export type Procedure = z.infer<typeof ProcedureSchema>;
export type Flag = z.infer<typeof FlagSchema>;
export type Goal = z.infer<typeof GoalSchema>;
export type EpisodeOfCare = z.infer<typeof EpisodeOfCareSchema>;
export type CareTeam = z.infer<typeof CareTeamSchema>;
export type RelatedPerson = z.infer<typeof RelatedPersonSchema>;
export type MedicationRequest = z.infer<typeof MedicationRequestSchema>;
export type MedicationStatement = z.infer<typeof MedicationStatementSchema>;
export type Task = z.infer<typeof TaskSchema>;
export type Communication = z.infer<typeof CommunicationSchema>;
export type ServiceRequest = z.infer<typeof ServiceRequestSchema>;
export type CarePlan = z.infer<typeof CarePlanSchema>;
export type Organization = z.infer<typeof OrganizationSchema>;
export type Practitioner = z.infer<typeof PractitionerSchema>;
export type PractitionerRole = z.infer<typeof PractitionerRoleSchema>;

/** Per-patient resource types, with the field that names the patient. */
export const PATIENT_SCHEMAS = {
  Patient: PatientSchema,
  Condition: ConditionSchema,
  Observation: ObservationSchema,
  Encounter: EncounterSchema,
  Consent: ConsentSchema,
  DocumentReference: DocumentReferenceSchema,
  Composition: CompositionSchema,
  Procedure: ProcedureSchema,
  Flag: FlagSchema,
  Goal: GoalSchema,
  EpisodeOfCare: EpisodeOfCareSchema,
  CareTeam: CareTeamSchema,
  RelatedPerson: RelatedPersonSchema,
  MedicationRequest: MedicationRequestSchema,
  MedicationStatement: MedicationStatementSchema,
  Task: TaskSchema,
  Communication: CommunicationSchema,
  ServiceRequest: ServiceRequestSchema,
  CarePlan: CarePlanSchema,
} as const;

export const SHARED_SCHEMAS = {
  Organization: OrganizationSchema,
  Practitioner: PractitionerSchema,
  PractitionerRole: PractitionerRoleSchema,
} as const;
