// The validated configuration of the pathway: every window and threshold of pathway.md is a default
// here, never a constant in rule code, so a hospital or region can tune them (pathway.md, "All windows
// and thresholds above are defaults of a validated configuration").
import { z } from 'zod';
import { HANDOVER_ITEMS } from './types';

export const DEFAULT_CODE_SYSTEM = 'http://palliatief-zorgpad.example/fhir/CodeSystem/pathway';

const days = (d: number) => z.number().int().min(0).max(3650).default(d);
const hours = (h: number) => z.number().int().min(0).max(24 * 60).default(h);

const IdentifierSchema = z.strictObject({ system: z.string().min(1).optional(), value: z.string().min(1) });
const CodingSchema = z.strictObject({ system: z.string().min(1), code: z.string().min(1) });

const WindowSchema = z
  .strictObject({ start: z.number().int().min(0), end: z.number().int().min(0) })
  .refine((w) => w.end >= w.start, { message: 'end must be on or after start', path: ['end'] });

export const PathwayConfigSchema = z.strictObject({
  /** Calendar days are counted in this time zone. */
  timezone: z
    .string()
    .default('Europe/Amsterdam')
    .refine(
      (tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      },
      { message: 'unknown IANA time zone' },
    ),
  /** Canonical URL of the app's own CodeSystem (`pz#code`). */
  codeSystem: z.url().default(DEFAULT_CODE_SYSTEM),
  /**
   * ICPC A69.01 "Palliatieve zorg" (S3 Markeren) could not be verified in the published ICPC-1 tables,
   * so pathway.md only accepts it as configuration: off by default.
   */
  palliativeIcpc: z
    .strictObject({
      enabled: z.boolean().default(false),
      systems: z
        .array(z.string().min(1))
        .default(['http://hl7.org/fhir/sid/icpc-1-nl', 'urn:oid:2.16.840.1.113883.2.4.4.31.1', 'http://hl7.org/fhir/sid/icpc-1']),
      code: z.string().min(1).default('A69.01'),
    })
    .prefault({}),
  windows: z
    .strictObject({
      /** surprise-question: an answer counts for this many days; also the unplanned-admission look-back */
      surpriseQuestionDays: days(183),
      unplannedAdmissionDays: days(183),
      medicationReviewDays: days(183),
      mdoVerslagDays: days(183),
      caregiverBurdenDays: days(92),
      handoverPlannedEndHours: hours(48),
      handoverEndedHours: hours(24),
      /** death-inform-caregivers fires up to this many days after death ... */
      deathInformDays: days(30),
      /** ... and is critical after this many days */
      deathInformCriticalAfterDays: days(2),
      /** no prompt fires for a patient who died longer ago than this */
      afterDeathDays: days(183),
      nazorgOwnerCriticalFromDay: days(7),
      nazorgContactStartDay: days(14),
      /** warning up to and including this day, critical after */
      nazorgContactWarningUntilDay: days(21),
      nazorggesprekAdult: WindowSchema.default({ start: 28, end: 42 }),
      nazorggesprekChild: WindowSchema.default({ start: 42, end: 56 }),
    })
    .prefault({}),
  thresholds: z
    .strictObject({
      elderlyAge: z.number().int().min(0).max(150).default(75),
      elderlyMinActiveConditions: z.number().int().min(1).default(3),
      unplannedAdmissionsMin: z.number().int().min(1).default(2),
      polypharmacyMinMedications: z.number().int().min(1).default(5),
      kindcheckMinAge: z.number().int().min(0).max(150).default(18),
      kindcheckMaxAge: z.number().int().min(0).max(150).default(69),
      /** a patient younger than this at death gets the children's nazorggesprek window (S1) */
      childAgeBelow: z.number().int().min(0).max(150).default(18),
      /** Caregiver Strain Index: this many "yes" answers or more = overloaded (S2) */
      caregiverStrainOverloaded: z.number().int().min(0).max(13).default(7),
    })
    .prefault({}),
  palliativeTeam: z
    .strictObject({
      name: z.string().min(1).default('TOPZ'),
      identifiers: z.array(IdentifierSchema).default([]),
      codes: z.array(CodingSchema).default([]),
    })
    .prefault({}),
  /**
   * Where each handover item is filled in, per hospital EHR (handover-gaps links each gap there).
   * "{patient}" is replaced by the patient id. Items without a link get none: nothing is invented.
   */
  handoverLinks: z.partialRecord(z.enum(HANDOVER_ITEMS), z.string().min(1)).default({}),
  /** Regional palliative care maps (zorgkaarten) shown with prompts. */
  zorgkaart: z
    .array(z.strictObject({ region: z.string().min(1), url: z.url() }))
    .default([{ region: 'Noord-Holland Zuid', url: 'https://palliaweb.nl/netwerk-noordhollandzuid/zorg-in-de-regio' }]),
});

export type PathwayConfig = z.infer<typeof PathwayConfigSchema>;
export type PathwayConfigInput = z.input<typeof PathwayConfigSchema>;

/**
 * Validate a configuration (e.g. parsed JSON from the options page or `--config`).
 * Throws an Error whose message names the offending field, e.g. `windows.caregiverBurdenDays: ...`.
 */
export function parseConfig(json: unknown): PathwayConfig {
  const result = PathwayConfigSchema.safeParse(json ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.length ? issue.path.join('.') : '(root)';
  throw new Error(`Invalid pathway configuration: ${field}: ${issue.message}`);
}

export const defaultConfig: PathwayConfig = Object.freeze(parseConfig({})) as PathwayConfig;
