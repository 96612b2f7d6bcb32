// One CDS Hooks call, without HTTP: validate, gather the record (prefetch + one batch), run the engine,
// map to cards. The HTTP entrypoint (router.ts) adds authentication, CORS and limits around it.
import { DEFAULT_PZ_SYSTEM } from '../fhir/codes';
import type { FetchLike } from '../fhir/http';
import { defaultConfig, evaluatePatient, type PathwayConfig } from '../pathway';
import { cardsFor } from './cards';
import { prefetchItems } from './discovery';
import { CdsError, gatherRecord } from './prefetch';
import { CdsRequestSchema, issuesText, type CdsResponse, type HookName } from './schemas';

export interface ServiceOptions {
  /** the SMART app's launch URL (a function when the origin is known only once listening) */
  smartLaunchUrl: string | (() => string);
  sourceUrl?: string;
  pzSystem?: string;
  config?: PathwayConfig;
  now?: () => Date;
  fetch?: FetchLike;
}

export interface CallResult {
  response: CdsResponse;
  /** for the feedback store: which prompt each card is */
  shown: Array<{ uuid: string; code: string }>;
  /** requests made to fhirServer */
  requests: number;
  /** resources the engine skipped as invalid (reported, never fatal) */
  errors: number;
}

export function createCdsService(opts: ServiceOptions) {
  const pzSystem = opts.pzSystem ?? DEFAULT_PZ_SYSTEM;
  const items = prefetchItems({ pzSystem });
  const now = opts.now ?? (() => new Date());
  const doFetch: FetchLike = opts.fetch ?? ((u, i) => fetch(u, i));

  const launchUrl = () => (typeof opts.smartLaunchUrl === 'function' ? opts.smartLaunchUrl() : opts.smartLaunchUrl);

  async function call(hook: HookName, body: unknown): Promise<CallResult> {
    const parsed = CdsRequestSchema.safeParse(body);
    if (!parsed.success) throw new CdsError(400, `ongeldig CDS Hooks-verzoek: ${issuesText(parsed.error)}`);
    const req = parsed.data;
    if (req.hook !== hook) throw new CdsError(400, `deze service is voor hook ${hook}, niet ${req.hook}`);
    const context = req.context as { patientId: string; userId: string; encounterId?: string };
    const record = await gatherRecord(req, context.patientId, { fetch: doFetch, items });
    const at = now();
    const result = evaluatePatient(record.resources, { now: at, config: opts.config ?? defaultConfig, patient: `Patient/${context.patientId}` });
    const cards = cardsFor(result.prompts, hook, {
      patientId: context.patientId,
      smartLaunchUrl: launchUrl(),
      sourceUrl: opts.sourceUrl ?? launchUrl(),
      pzSystem,
      userId: context.userId,
      now: at,
      resources: record.resources,
    });
    return {
      response: { cards },
      shown: cards.map((c) => ({ uuid: c.uuid!, code: c.source.topic!.code })),
      requests: record.requests,
      errors: result.errors.length,
    };
  }
  return { call, items };
}
export type CdsServiceCore = ReturnType<typeof createCdsService>;
