// FHIR R4 datatypes, reduced to the fields the rules read. Every object is "loose" (passthrough):
// unknown fields are kept, never a reason to reject a resource.
import { z } from 'zod';

/** FHIR date: YYYY, YYYY-MM or YYYY-MM-DD. */
export const FhirDate = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'not a FHIR date');

/**
 * FHIR dateTime. FHIR requires a zone offset when a time is given; some servers omit it, so a time
 * without offset is accepted and read as local time in the configured time zone (read widely).
 */
export const FhirDateTime = z
  .string()
  .regex(
    /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d(:([0-5]\d|60)(\.\d+)?)?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))?)?)?)?$/,
    'not a FHIR dateTime',
  );

export const Coding = z.looseObject({
  system: z.string().optional(),
  code: z.string().optional(),
  display: z.string().optional(),
});
export type Coding = z.infer<typeof Coding>;

export const CodeableConcept = z.looseObject({
  coding: z.array(Coding).optional(),
  text: z.string().optional(),
});
export type CodeableConcept = z.infer<typeof CodeableConcept>;

export const Identifier = z.looseObject({ system: z.string().optional(), value: z.string().optional() });
export type Identifier = z.infer<typeof Identifier>;

export const Reference = z.looseObject({
  reference: z.string().optional(),
  type: z.string().optional(),
  display: z.string().optional(),
  identifier: Identifier.optional(),
});
export type Reference = z.infer<typeof Reference>;

export const Period = z.looseObject({ start: FhirDateTime.optional(), end: FhirDateTime.optional() });
export type Period = z.infer<typeof Period>;

export const Extension = z.looseObject({
  url: z.string(),
  valueString: z.string().optional(),
  valueCodeableConcept: CodeableConcept.optional(),
});
export type Extension = z.infer<typeof Extension>;
