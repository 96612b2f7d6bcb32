// Thin, platform-neutral HTTP helpers for FHIR JSON: the same code runs behind fhirclient's
// authenticated fetch (SMART app), plain fetch + bearer token (extension) and Node tests.
import type { FhirJson } from './gateway';

export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

export interface FhirConnection {
  /** FHIR base URL, without trailing slash */
  serverUrl: string;
  fetch: FetchLike;
  /** e.g. "Bearer abc"; undefined for an open server */
  getAuthHeader?: () => Promise<string | undefined>;
}

export const FHIR_JSON = 'application/fhir+json';

export function normalizeBase(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Absolute URL for a path relative to the FHIR base; absolute URLs (paging links) pass through. */
export function resolveUrl(serverUrl: string, pathOrUrl: string): string {
  if (/^https?:\/\//i.test(pathOrUrl)) return pathOrUrl;
  return `${normalizeBase(serverUrl)}/${pathOrUrl.replace(/^\/+/, '')}`;
}

export class FhirHttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly outcome?: unknown,
  ) {
    super(message);
    this.name = 'FhirHttpError';
  }
}

/** The human text of an OperationOutcome (diagnostics or details.text of each issue). */
export function operationOutcomeMessage(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const oo = body as { resourceType?: string; issue?: Array<{ diagnostics?: string; details?: { text?: string }; code?: string }> };
  if (oo.resourceType !== 'OperationOutcome' || !Array.isArray(oo.issue)) return undefined;
  const parts = oo.issue.map((i) => i.details?.text ?? i.diagnostics ?? i.code).filter((s): s is string => !!s);
  return parts.length ? parts.join('; ') : undefined;
}

export async function fhirFetch(conn: FhirConnection, pathOrUrl: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has('accept')) headers.set('accept', FHIR_JSON);
  if (init.body != null && !headers.has('content-type')) headers.set('content-type', FHIR_JSON);
  const auth = await conn.getAuthHeader?.();
  if (auth) headers.set('authorization', auth);
  return conn.fetch(resolveUrl(conn.serverUrl, pathOrUrl), { ...init, headers });
}

/** Parse a JSON body; tolerate an empty body (e.g. 201 with Prefer: return=minimal). */
export async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** GET/POST and return the JSON body, throwing FhirHttpError with the server's message on non-2xx. */
export async function fhirJson(conn: FhirConnection, pathOrUrl: string, init: RequestInit = {}): Promise<FhirJson> {
  const res = await fhirFetch(conn, pathOrUrl, init);
  const body = await readJson(res);
  if (!res.ok) {
    throw new FhirHttpError(operationOutcomeMessage(body) ?? `HTTP ${res.status} ${res.statusText}`.trim(), res.status, body);
  }
  return (body ?? {}) as FhirJson;
}

/** Parse "201 Created" (batch entry status) into 201. */
export function parseStatus(status: string | undefined): number {
  const n = parseInt(String(status ?? '').trim(), 10);
  return Number.isFinite(n) ? n : 0;
}
