// The Bulk Data client's public entry: one call exports a FHIR server (group or system level) into a
// directory of NDJSON files, authorised with SMART Backend Services when `auth` is given.
// The population CLI (scripts/population.ts) and `npm run bulk-export` call this.
import { backendTokenSource } from './auth';
import { freshSeed, seededRandom } from './random';
import { BulkExportError, realRuntime, runBulkExport, type ExportResult, type Progress, type Runtime } from './export';
import { RULE_TYPES, systemScopes } from './types';
import { offeredTypes, splitByOffer } from './offered-types';

export { RULE_TYPES, systemScopes } from './types';
export { notOfferedWarning } from './offered-types';
export { BulkExportError, type ExportResult, type Progress, type Runtime } from './export';

export interface BulkExportOptions {
  fhirBase: string;
  group?: string;
  types?: string[];
  since?: string;
  outDir: string;
  auth?: { tokenUrl?: string; clientId: string; jwkFile: string; alg?: 'ES384' | 'RS384'; scope?: string; jku?: string };
  signal?: AbortSignal;
  fetch?: typeof fetch;
  onProgress?: (p: Progress) => void;
  /** ask the CapabilityStatement which types the server has and export only those (default true) */
  checkOffered?: boolean;
}

/** Test and tuning knobs beyond the public contract: a virtual clock and sleep, the jitter seed, limits. */
export interface BulkExportTuning {
  runtime?: Partial<Runtime>;
  seed?: number;
  maxPolls?: number;
  timeLimitMs?: number;
  maxRetries?: number;
}

/** The token endpoint from the server's SMART discovery document. */
export async function discoverTokenUrl(fhirBase: string, doFetch: typeof fetch, signal?: AbortSignal): Promise<string> {
  const url = `${fhirBase.replace(/\/+$/, '')}/.well-known/smart-configuration`;
  const res = await doFetch(url, { headers: { accept: 'application/json' }, signal });
  if (!res.ok) throw new Error(`No SMART configuration at ${url} (${res.status}); pass the token URL explicitly`);
  const j = (await res.json()) as { token_endpoint?: unknown };
  if (typeof j.token_endpoint !== 'string') throw new Error(`${url} names no token_endpoint`);
  return j.token_endpoint;
}

export async function bulkExportToDir(opts: BulkExportOptions, tuning: BulkExportTuning = {}): Promise<ExportResult> {
  const rt: Runtime = { ...realRuntime(seededRandom(tuning.seed ?? freshSeed())), ...(opts.fetch ? { fetch: opts.fetch } : {}), ...tuning.runtime };
  const wanted = opts.types?.length ? opts.types : [...RULE_TYPES];
  let discovery = 0;
  let offered: Set<string> | undefined;
  if (opts.checkOffered ?? true) {
    discovery++;
    offered = await offeredTypes(opts.fhirBase, rt.fetch, opts.signal);
  }
  const { ask: types, notOffered } = splitByOffer(wanted, offered);
  if (!types.length) throw new BulkExportError(`The server offers none of the types asked for (${wanted.join(', ')})`);
  if (notOffered.length) opts.onProgress?.({ phase: 'kickoff', notOffered });
  // a group export also reads the Group itself (its members), where the server has Groups at all
  const scopeTypes = opts.group && !types.includes('Group') && (!offered || offered.has('Group')) ? [...types, 'Group'] : types;
  let tokens;
  if (opts.auth) {
    let tokenUrl = opts.auth.tokenUrl;
    if (!tokenUrl) {
      discovery++;
      tokenUrl = await discoverTokenUrl(opts.fhirBase, rt.fetch, opts.signal);
    }
    tokens = backendTokenSource({ tokenUrl, clientId: opts.auth.clientId, jwkFile: opts.auth.jwkFile, alg: opts.auth.alg, scope: opts.auth.scope ?? systemScopes(scopeTypes), jku: opts.auth.jku }, rt);
  }
  const result = await runBulkExport(
    { fhirBase: opts.fhirBase, group: opts.group, types, since: opts.since, outDir: opts.outDir, tokens, signal: opts.signal, onProgress: opts.onProgress, maxPolls: tuning.maxPolls, timeLimitMs: tuning.timeLimitMs, maxRetries: tuning.maxRetries },
    rt,
  );
  return { ...result, notOffered, requests: result.requests + discovery + (tokens?.requests ?? 0) };
}
