// Bulk Data export jobs of the demo FHIR server: a snapshot of the matching resources taken at
// kick-off (so `transactionTime` is exact), written as NDJSON files into a temporary directory in
// the background, a few hundred resources per event-loop turn so the server keeps answering.
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Resource } from '@medplum/fhirtypes';
import { compartmentPatientIds } from '../auth/compartment';
import type { ValidatingRepository } from '../fhir/repository';

/** Types that belong to no patient (reference data): exported whole in a patient or group export too. */
export const SHARED_TYPES: ReadonlySet<string> = new Set(['Practitioner', 'PractitionerRole', 'Organization', 'Location', 'Medication', 'Device', 'Substance']);

export interface JobRequest {
  /** the kick-off request URL, for the manifest */
  request: string;
  clientId: string;
  types: string[];
  /** types asked for that the token may not read: reported in the error file */
  refusedTypes: string[];
  since?: number;
  /** undefined = system level; else the patients whose compartments are exported */
  patients?: ReadonlySet<string>;
}

export interface ExportJob {
  id: string;
  req: JobRequest;
  transactionTime: string;
  status: 'running' | 'complete' | 'failed' | 'cancelled';
  done: number;
  total: number;
  polls: number;
  dir?: string;
  files: { type: string; name: string; count: number }[];
  errors: { name: string; count: number }[];
  failure?: string;
}

/** Medplum 4.5.2 MemoryRepository internals (pinned version): type → id → current resource. */
function storeOf(repo: ValidatingRepository): Map<string, Map<string, Resource>> {
  return (repo as unknown as { resources: Map<string, Map<string, Resource>> }).resources;
}

export function storedTypes(repo: ValidatingRepository): string[] {
  return [...storeOf(repo).keys()].filter((t) => (storeOf(repo).get(t)?.size ?? 0) > 0).sort();
}

function selected(r: Resource, req: JobRequest): boolean {
  if (req.since !== undefined) {
    const at = Date.parse(r.meta?.lastUpdated ?? '');
    if (!(at > req.since)) return false;
  }
  if (!req.patients) return true;
  if (r.resourceType === 'Patient') return req.patients.has(r.id!);
  const ids = compartmentPatientIds(r);
  if (ids.length === 0) return SHARED_TYPES.has(r.resourceType);
  return ids.some((id) => req.patients!.has(id));
}

export class ExportJobs {
  private jobs = new Map<string, ExportJob>();
  constructor(
    private repo: ValidatingRepository,
    private opts: { maxResourcesPerFile: number; chunk: number },
  ) {}

  get(id: string): ExportJob | undefined {
    return this.jobs.get(id);
  }

  start(req: JobRequest, now: Date): ExportJob {
    const store = storeOf(this.repo);
    // the snapshot: stored resources are replaced on update, never mutated, so references are stable
    const snapshot = req.types.map((t) => ({ type: t, resources: [...(store.get(t)?.values() ?? [])] }));
    const job: ExportJob = { id: randomBytes(12).toString('base64url'), req, transactionTime: now.toISOString(), status: 'running', done: 0, total: snapshot.reduce((n, s) => n + s.resources.length, 0), polls: 0, files: [], errors: [] };
    this.jobs.set(job.id, job);
    this.run(job, snapshot).catch((e) => {
      if (job.status === 'running') {
        job.status = 'failed';
        job.failure = (e as Error).message;
      }
    });
    return job;
  }

  private async run(job: ExportJob, snapshot: { type: string; resources: Resource[] }[]): Promise<void> {
    job.dir = await mkdtemp(join(tmpdir(), 'pz-bulk-'));
    let out: { ws: WriteStream; file: ExportJob['files'][number] } | undefined;
    const close = async () => {
      if (!out) return;
      const ws = out.ws;
      await new Promise<void>((resolve, reject) => ws.end((e?: Error | null) => (e ? reject(e) : resolve())));
      out = undefined;
    };
    for (const { type, resources } of snapshot) {
      let n = 0;
      for (let i = 0; i < resources.length; i++) {
        if (job.status !== 'running') return void (await close());
        const r = resources[i];
        if (selected(r, job.req)) {
          if (!out || out.file.count >= this.opts.maxResourcesPerFile) {
            await close();
            const file = { type, name: `${type}-${++n}.ndjson`, count: 0 };
            job.files.push(file);
            out = { ws: createWriteStream(join(job.dir, file.name)), file };
          }
          out.file.count++;
          if (!out.ws.write(`${JSON.stringify(r)}\n`)) await new Promise<void>((resolve) => out!.ws.once('drain', () => resolve()));
        }
        job.done++;
        if (job.done % this.opts.chunk === 0) await nextTurn();
      }
      await close();
    }
    if (job.req.refusedTypes.length) {
      // Bulk Data 2.0: types the client may not read are left out and said so in an error file
      const name = 'OperationOutcome-1.ndjson';
      const ws = createWriteStream(join(job.dir, name));
      for (const t of job.req.refusedTypes) {
        ws.write(`${JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'forbidden', details: { text: `Not exported: the access token's scopes do not allow reading ${t}` } }] })}\n`);
      }
      await new Promise<void>((resolve) => ws.end(resolve));
      job.errors.push({ name, count: job.req.refusedTypes.length });
    }
    if (job.status === 'running') job.status = 'complete';
  }

  /** X-Progress text while running. */
  progress(job: ExportJob): string {
    const pct = job.total ? Math.floor((job.done / job.total) * 100) : 0;
    return `${pct}% (${job.done} van ${job.total} resources)`;
  }

  filePath(job: ExportJob, name: string): string | undefined {
    if (!job.dir || !/^[A-Za-z]+-\d+\.ndjson$/.test(name)) return undefined;
    return job.files.some((f) => f.name === name) || job.errors.some((f) => f.name === name) ? join(job.dir, name) : undefined;
  }

  async cancel(id: string): Promise<boolean> {
    const job = this.jobs.get(id);
    if (!job) return false;
    job.status = job.status === 'running' ? 'cancelled' : job.status;
    this.jobs.delete(id);
    if (job.dir) await rm(job.dir, { recursive: true, force: true });
    return true;
  }

  async closeAll(): Promise<void> {
    for (const id of [...this.jobs.keys()]) await this.cancel(id);
  }
}
