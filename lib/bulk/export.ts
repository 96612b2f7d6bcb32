// The FHIR Bulk Data Access 2.0 client: kick-off, status polling, manifest, NDJSON downloads and
// cancel. https://hl7.org/fhir/uv/bulkdata/export.html
// Everything time-related goes through `Runtime` (clock, sleep, random), so tests drive a virtual
// clock: the overall limit counts polls and (virtual) time, never the wall clock of the test machine.
import { createWriteStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DEFAULT_BACKOFF, nextDelay, parseRetryAfter, type BackoffPolicy } from './backoff';
import { parseManifest, type Manifest } from './manifest';
import type { TokenSource } from './auth';

export interface Runtime {
  fetch: typeof fetch;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
}

/** notOffered: types asked for that the server's CapabilityStatement does not list (left out of the export) */
export type Progress = { phase: 'kickoff' | 'polling' | 'downloading' | 'done'; progress?: string; files?: number; bytes?: number; notOffered?: string[] };

export interface ExportRequest {
  fhirBase: string;
  group?: string;
  types: string[];
  since?: string;
  outDir: string;
  tokens?: TokenSource;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** give up after this many status polls (default 10,000) */
  maxPolls?: number;
  /** give up after this much (runtime-clock) time from kick-off, in ms (default 6 h) */
  timeLimitMs?: number;
  /** retries of one request on 429 / 5xx / network errors before giving up (default 8) */
  maxRetries?: number;
  backoff?: BackoffPolicy;
}

export interface ExportResult {
  outDir: string;
  transactionTime: string;
  files: { type: string; path: string; url: string }[];
  errors: { type: string; path: string; url: string }[];
  requests: number;
  /** types asked for that the server does not offer (lib/bulk/offered-types.ts) */
  notOffered?: string[];
}

export class BulkExportError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'BulkExportError';
  }
}

const FHIR_JSON = 'application/fhir+json';
const NDJSON = 'application/fhir+ndjson';

export const realRuntime = (random: () => number): Runtime => ({
  fetch: globalThis.fetch.bind(globalThis),
  now: () => Date.now(),
  random,
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const t = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(t);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
});

/** The text of an OperationOutcome (or the start of any other body) for an error message; never a token. */
function describeBody(text: string): string {
  try {
    const j = JSON.parse(text) as { resourceType?: string; issue?: { diagnostics?: string; details?: { text?: string } }[] };
    if (j.resourceType === 'OperationOutcome') return (j.issue ?? []).map((i) => i.details?.text ?? i.diagnostics ?? '').filter(Boolean).join('; ');
  } catch {
    /* not JSON */
  }
  return text.slice(0, 200);
}

/** A 5xx that the server marks as a failed export job (not a transient polling failure). */
function isFatalOutcome(text: string): boolean {
  try {
    const j = JSON.parse(text) as { resourceType?: string; issue?: { code?: string }[] };
    return j.resourceType === 'OperationOutcome' && !!j.issue?.length && !j.issue.some((i) => i.code === 'transient');
  } catch {
    return false;
  }
}

export async function runBulkExport(req: ExportRequest, rt: Runtime): Promise<ExportResult> {
  const base = req.fhirBase.replace(/\/+$/, '');
  const baseOrigin = new URL(base).origin;
  const policy = req.backoff ?? DEFAULT_BACKOFF;
  const maxRetries = req.maxRetries ?? 8;
  const started = rt.now();
  const deadline = started + (req.timeLimitMs ?? 6 * 3600_000);
  let requests = 0;
  let statusUrl: string | undefined;
  let finished = false;
  const progress = req.onProgress ?? (() => {});

  const checkTime = (what: string) => {
    if (rt.now() > deadline) throw new BulkExportError(`Gave up ${what}: the export took longer than ${Math.round((req.timeLimitMs ?? 6 * 3600_000) / 1000)} s`);
  };

  /**
   * One HTTP exchange with retries: 429 and 5xx (unless the server says the job failed) and network
   * errors wait (Retry-After, else backoff) and try again; 401 with a token source gets one new token.
   * Other statuses are returned to the caller.
   */
  async function send(url: string, init: RequestInit & { auth: boolean }, what: string): Promise<Response> {
    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      req.signal?.throwIfAborted();
      checkTime(what);
      const headers = new Headers(init.headers);
      if (init.auth && req.tokens) headers.set('authorization', `Bearer ${await req.tokens.get(req.signal)}`);
      let res: Response;
      try {
        requests++;
        res = await rt.fetch(url, { ...init, headers, signal: req.signal });
      } catch (e) {
        if (req.signal?.aborted) throw req.signal.reason;
        if (attempt >= maxRetries) throw new BulkExportError(`${what}: the server could not be reached (${(e as Error).message})`);
        await rt.sleep(nextDelay(attempt, undefined, rt.random, policy), req.signal);
        continue;
      }
      if (res.status === 401 && init.auth && req.tokens && !renewed) {
        // the token expired (or was revoked) mid-export: one fresh token, then the same request again
        await res.body?.cancel();
        req.tokens.invalidate();
        renewed = true;
        attempt--;
        continue;
      }
      if (res.status === 429 || res.status >= 500) {
        const text = await res.text();
        if (res.status >= 500 && isFatalOutcome(text)) throw new BulkExportError(`${what}: the server reports the export failed (${res.status}: ${describeBody(text)})`, res.status);
        if (attempt >= maxRetries) throw new BulkExportError(`${what}: still ${res.status} after ${attempt + 1} attempts (${describeBody(text)})`, res.status);
        await rt.sleep(nextDelay(attempt, parseRetryAfter(res.headers.get('retry-after'), rt.now()), rt.random, policy), req.signal);
        continue;
      }
      return res;
    }
  }

  async function kickoff(): Promise<string> {
    progress({ phase: 'kickoff' });
    const path = req.group ? `Group/${encodeURIComponent(req.group)}/$export` : '$export';
    const params = [
      ...(req.types.length ? [{ name: '_type', valueString: req.types.join(',') }] : []),
      ...(req.since ? [{ name: '_since', valueInstant: req.since }] : []),
      { name: '_outputFormat', valueString: NDJSON },
    ];
    const headers = { accept: FHIR_JSON, prefer: 'respond-async' };
    let res = await send(`${base}/${path}`, { method: 'POST', auth: true, headers: { ...headers, 'content-type': FHIR_JSON }, body: JSON.stringify({ resourceType: 'Parameters', parameter: params }) }, 'Export kick-off (POST)');
    if (res.status === 405 || res.status === 501 || res.status === 415) {
      // the server does not take POST kick-offs: the same request as GET query parameters
      await res.body?.cancel();
      const q = new URLSearchParams();
      if (req.types.length) q.set('_type', req.types.join(','));
      if (req.since) q.set('_since', req.since);
      q.set('_outputFormat', NDJSON);
      res = await send(`${base}/${path}?${q}`, { method: 'GET', auth: true, headers }, 'Export kick-off (GET)');
    }
    const text = await res.text();
    if (res.status !== 202) throw new BulkExportError(`The server refused the export kick-off (${res.status}: ${describeBody(text) || res.statusText})`, res.status);
    const loc = res.headers.get('content-location');
    if (!loc) throw new BulkExportError('The server accepted the export but sent no Content-Location status URL');
    const status = new URL(loc, `${base}/`);
    // the bearer token goes to the status URL (polls, DELETE): only ever to the FHIR server's own origin
    if (status.origin !== new URL(`${base}/`).origin) throw new BulkExportError(`The export status URL is on another server (${status.origin}); not sending the token there`);
    return status.href;
  }

  async function poll(url: string): Promise<Manifest> {
    const maxPolls = req.maxPolls ?? 10_000;
    for (let n = 0; ; n++) {
      if (n >= maxPolls) throw new BulkExportError(`Gave up waiting for the export after ${maxPolls} status requests`);
      const res = await send(url, { method: 'GET', auth: true, headers: { accept: 'application/json' } }, 'Export status');
      const text = await res.text();
      if (res.status === 200) {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          throw new BulkExportError('The export manifest is not JSON');
        }
        return parseManifest(json);
      }
      if (res.status !== 202) throw new BulkExportError(`Export status answered ${res.status}: ${describeBody(text) || res.statusText}`, res.status);
      progress({ phase: 'polling', progress: res.headers.get('x-progress') ?? undefined });
      await rt.sleep(nextDelay(n, parseRetryAfter(res.headers.get('retry-after'), rt.now()), rt.random, policy), req.signal);
    }
  }

  /**
   * Downloads the files of one manifest list. A file that still fails after its retries is reported,
   * not fatal: an OperationOutcome saying which file and why goes into `failed` (written under
   * errors/ by the caller) and the other files still download. An abort stops everything.
   */
  async function download(items: Manifest['output'], dir: string, requiresToken: boolean, state: { files: number; bytes: number }, failed: { item: Manifest['output'][number]; why: string }[]) {
    const out: { type: string; path: string; url: string }[] = [];
    const perType = new Map<string, number>();
    if (items.length) await mkdir(dir, { recursive: true });
    for (const item of items) {
      const n = (perType.get(item.type) ?? 0) + 1;
      perType.set(item.type, n);
      const path = join(dir, `${item.type}.${String(n).padStart(3, '0')}.ndjson`);
      // the token goes only to the FHIR server's own origin; a manifest pointing it elsewhere is refused
      if (requiresToken && new URL(item.url).origin !== baseOrigin) {
        failed.push({ item, why: `not downloaded: the manifest asks to send the access token to another host (${new URL(item.url).origin})` });
        continue;
      }
      let res: Response;
      try {
        res = await send(item.url, { method: 'GET', auth: requiresToken, headers: { accept: NDJSON } }, `Download of ${item.type} file ${n}`);
      } catch (e) {
        if (req.signal?.aborted || !(e instanceof BulkExportError) || /took longer/.test(e.message)) throw e;
        failed.push({ item, why: e.message });
        continue;
      }
      if (res.status !== 200 || !res.body) {
        failed.push({ item, why: `Download of ${item.type} file ${n} answered ${res.status}: ${describeBody(await res.text())}` });
        continue;
      }
      const counter = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          state.bytes += chunk.length;
          progress({ phase: 'downloading', files: state.files, bytes: state.bytes });
          cb(null, chunk);
        },
      });
      await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), counter, createWriteStream(path), { signal: req.signal });
      state.files++;
      out.push({ type: item.type, path, url: item.url });
    }
    return out;
  }

  try {
    statusUrl = await kickoff();
    const manifest = await poll(statusUrl);
    await mkdir(req.outDir, { recursive: true });
    const state = { files: 0, bytes: 0 };
    progress({ phase: 'downloading', files: 0, bytes: 0 });
    const failed: { item: Manifest['output'][number]; why: string }[] = [];
    const files = await download(manifest.output, req.outDir, manifest.requiresAccessToken, state, failed);
    const errors = await download(manifest.error, join(req.outDir, 'errors'), manifest.requiresAccessToken, state, failed);
    if (failed.length) {
      // files that could not be fetched are reported like the server's error files: one OperationOutcome each
      await mkdir(join(req.outDir, 'errors'), { recursive: true });
      const path = join(req.outDir, 'errors', 'download-failures.ndjson');
      const oo = (f: (typeof failed)[number]) => ({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'incomplete', details: { text: `${f.item.type} file ${f.item.url}: ${f.why}` } }] });
      await writeFile(path, failed.map((f) => JSON.stringify(oo(f))).join('\n') + '\n');
      errors.push({ type: 'OperationOutcome', path, url: failed[0].item.url });
    }
    await writeFile(join(req.outDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
    finished = true;
    // every file fetched: tell the server it may delete them (the spec's "DELETE after download"); with a
    // failed download the files stay on the server, so they can still be fetched by hand
    if (failed.length === 0) await send(statusUrl, { method: 'DELETE', auth: true }, 'Export clean-up').then((r) => r.body?.cancel()).catch(() => undefined);
    progress({ phase: 'done', files: state.files, bytes: state.bytes });
    return { outDir: req.outDir, transactionTime: manifest.transactionTime, files, errors, requests };
  } catch (e) {
    if (statusUrl && !finished) await cancelJob(statusUrl);
    throw e;
  }

  /** Cancel on abort or failure: DELETE the status URL (with a fresh signal: the caller's is already aborted). */
  async function cancelJob(url: string): Promise<void> {
    try {
      const headers = new Headers();
      if (req.tokens) headers.set('authorization', `Bearer ${await req.tokens.get()}`);
      requests++;
      const res = await rt.fetch(url, { method: 'DELETE', headers });
      await res.body?.cancel();
    } catch {
      /* best effort: the server expires abandoned jobs */
    }
  }
}

/** Removes a partial output directory (used by the CLI after a cancelled run). */
export const removeDir = (dir: string) => rm(dir, { recursive: true, force: true });
