// CDS Hooks 2.0 request, response and feedback shapes (https://cds-hooks.hl7.org/2.0/), written from
// the spec's tables. The service validates every request with these and the tests check every response.
// The spec: "JSON never carries null or empty values" in responses, so response schemas refuse them.
import { z } from 'zod';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const nonEmpty = z.string().min(1);
/** A FHIR reference to a resource of the given type: "Practitioner/123" */
const typedRef = (types: string[]) => z.string().regex(new RegExp(`^(${types.join('|')})/[A-Za-z0-9\\-.]{1,64}$`));
const FHIR_ID = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'geen geldig FHIR-id');
const USER_TYPES = ['Practitioner', 'PractitionerRole', 'Patient', 'RelatedPerson'];

/** `fhirAuthorization` (2.0 §"FHIR Resource Access"): an OAuth 2.0 bearer token for `fhirServer`. */
export const FhirAuthorizationSchema = z.object({
  access_token: nonEmpty,
  token_type: z.literal('Bearer'),
  expires_in: z.number().int().nonnegative(),
  scope: nonEmpty,
  subject: nonEmpty,
  patient: FHIR_ID.optional(),
});

/** Context per hook (hooks patient-view 1.0, encounter-start 1.0, encounter-discharge 1.0). */
export const PatientViewContext = z.object({ userId: typedRef(USER_TYPES), patientId: FHIR_ID, encounterId: FHIR_ID.optional() });
export const EncounterStartContext = z.object({ userId: typedRef(USER_TYPES), patientId: FHIR_ID, encounterId: FHIR_ID });
export const EncounterDischargeContext = z.object({ userId: typedRef(['Practitioner', 'PractitionerRole']), patientId: FHIR_ID, encounterId: FHIR_ID });

export const HOOKS = ['patient-view', 'encounter-start', 'encounter-discharge'] as const;
export type HookName = (typeof HOOKS)[number];

export const CONTEXT_SCHEMAS = {
  'patient-view': PatientViewContext,
  'encounter-start': EncounterStartContext,
  'encounter-discharge': EncounterDischargeContext,
} as const;

/** Any FHIR resource as the client sent it (the engine validates per resource). */
const FhirResource = z.object({ resourceType: nonEmpty }).passthrough();

/** A call (2.0 §"HTTP Request"). Prefetch values may be null: one of the legal forms of "not fetched". */
export const CdsRequestSchema = z
  .object({
    hook: z.enum(HOOKS),
    hookInstance: z.string().regex(UUID, 'hookInstance moet een UUID zijn'),
    fhirServer: z.string().url().refine((u) => /^https?:\/\//i.test(u), 'fhirServer moet een http(s)-URL zijn').optional(),
    fhirAuthorization: FhirAuthorizationSchema.optional(),
    context: z.record(z.string(), z.unknown()),
    prefetch: z.record(z.string(), FhirResource.nullable()).optional(),
  })
  .superRefine((req, ctx) => {
    // 2.0: "If fhirAuthorization is provided, fhirServer SHALL be provided too"
    if (req.fhirAuthorization && !req.fhirServer) ctx.addIssue({ code: 'custom', path: ['fhirServer'], message: 'fhirAuthorization zonder fhirServer' });
    const parsed = CONTEXT_SCHEMAS[req.hook].safeParse(req.context);
    if (!parsed.success) for (const i of parsed.error.issues) ctx.addIssue({ code: 'custom', path: ['context', ...i.path.map(String)], message: i.message });
  });
export type CdsRequest = z.infer<typeof CdsRequestSchema>;

// ---- responses ----
const Coding = z.object({ system: nonEmpty, code: nonEmpty, display: nonEmpty.optional() }).strict();

export const SourceSchema = z
  .object({ label: nonEmpty, url: z.string().url().optional(), icon: z.string().url().optional(), topic: Coding.optional() })
  .strict();

export const ActionSchema = z
  .object({
    type: z.enum(['create', 'update', 'delete']),
    description: nonEmpty,
    resource: FhirResource.optional(),
    resourceId: z.array(nonEmpty).min(1).optional(),
  })
  .strict()
  .refine((a) => (a.type === 'delete' ? !!a.resourceId : !!a.resource), 'create/update need a resource, delete a resourceId');

export const SuggestionSchema = z
  .object({ label: nonEmpty, uuid: z.string().regex(UUID).optional(), isRecommended: z.boolean().optional(), actions: z.array(ActionSchema).min(1).optional() })
  .strict();

export const LinkSchema = z
  .object({ label: nonEmpty, url: z.string().url(), type: z.enum(['absolute', 'smart']), appContext: nonEmpty.optional() })
  .strict();

export const CardSchema = z
  .object({
    uuid: z.string().regex(UUID).optional(),
    summary: z.string().min(1).max(139, 'summary must be shorter than 140 characters'),
    detail: nonEmpty.optional(),
    indicator: z.enum(['info', 'warning', 'critical']),
    source: SourceSchema,
    suggestions: z.array(SuggestionSchema).min(1).optional(),
    selectionBehavior: z.enum(['at-most-one', 'any']).optional(),
    overrideReasons: z.array(Coding.extend({ display: nonEmpty })).min(1).optional(),
    links: z.array(LinkSchema).min(1).optional(),
  })
  .strict()
  // 2.0: selectionBehavior SHALL be present when suggestions are
  .refine((c) => !c.suggestions || !!c.selectionBehavior, 'selectionBehavior is required with suggestions');
export type Card = z.infer<typeof CardSchema>;

export const CdsResponseSchema = z.object({ cards: z.array(CardSchema), systemActions: z.array(ActionSchema).min(1).optional() }).strict();
export type CdsResponse = z.infer<typeof CdsResponseSchema>;

export const ServiceSchema = z
  .object({
    hook: z.enum(HOOKS),
    title: nonEmpty.optional(),
    description: nonEmpty,
    id: z.string().regex(/^[A-Za-z0-9\-_.]+$/),
    prefetch: z.record(z.string(), nonEmpty).optional(),
    usageRequirements: nonEmpty.optional(),
  })
  .strict();
export const DiscoverySchema = z.object({ services: z.array(ServiceSchema) }).strict();
export type CdsService = z.infer<typeof ServiceSchema>;

// ---- feedback (2.0 §"Feedback") ----
export const FeedbackItemSchema = z
  .object({
    card: z.string().regex(UUID, 'card moet de uuid van een kaart zijn'),
    outcome: z.enum(['accepted', 'overridden']),
    acceptedSuggestions: z.array(z.object({ id: z.string().regex(UUID) })).optional(),
    overrideReason: z.object({ reason: Coding.optional(), userComment: z.string().optional() }).optional(),
    outcomeTimestamp: z.string().datetime({ offset: true }),
  })
  .refine((f) => f.outcome !== 'accepted' || (f.acceptedSuggestions?.length ?? 0) > 0, 'accepted needs acceptedSuggestions')
  .refine((f) => f.outcome !== 'overridden' || !f.acceptedSuggestions, 'overridden carries no acceptedSuggestions');
export const FeedbackRequestSchema = z.object({ feedback: z.array(FeedbackItemSchema).min(1).max(100) });
export type FeedbackItem = z.infer<typeof FeedbackItemSchema>;

/** The first few zod issues as one readable line (for a 400's message). */
export function issuesText(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
    .join('; ');
}
