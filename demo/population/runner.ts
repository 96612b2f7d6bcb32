// The demo's population runs for the palliative team's screen: `npm run population` over the demo's
// own FHIR server (Bulk Data group export of the whole hospital, SMART Backend Services with the demo
// backend client), as a child process so the server stays responsive while DuckDB and the rules work.
// The outputs land in <dir>/latest (a finished run replaces it whole); the team JSON is built from
// those files by lib/population/team-view. One run at a time.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildTeamView, type TeamPayload, type TeamView } from '../../lib/population/team-view';
import { REPO_ROOT } from '../seed/fixtures';

export interface TeamRunnerOptions {
  /** where runs go (default .data/population); the last finished one is <dir>/latest */
  dir: string;
  fhirBase: () => string;
  group: string;
  backend: { clientId: string; keyFile: string };
  /** the report date of each run (the demo's "today") */
  now: () => Date;
  log?: (msg: string) => void;
  /** for tests: a stand-in for scripts/population.ts (same arguments, same exit codes) */
  script?: string;
}

export interface TeamRunner {
  payload(): TeamPayload;
  /** starts a run unless one is under way; resolves when that run (new or current) has ended */
  start(): Promise<void>;
  close(): void;
}

const TSX = join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

/** The team JSON of a run directory, or undefined when it holds no complete run. */
export function readTeamView(dir: string): TeamView | undefined {
  const files = ['worklist.json', 'worklist.csv', 'indicators.json'].map((f) => join(dir, f));
  if (!files.every((f) => existsSync(f))) return undefined;
  const [worklist, csv, indicators] = files.map((f) => readFileSync(f, 'utf8'));
  // run.json (source, completeness): absent in runs written before it existed
  const runFile = join(dir, 'run.json');
  const run = existsSync(runFile) ? readFileSync(runFile, 'utf8') : undefined;
  return buildTeamView({ worklist, csv, indicators, ...(run ? { run } : {}), ranAt: statSync(files[0]).mtime.toISOString() });
}

/** `npm run population` exit codes (scripts/population.ts): only these leave complete outputs to publish. */
const PUBLISHABLE = new Set([0, 1]);
const FAILURE: Record<number, string> = {
  3: 'De export van de FHIR-server was onvolledig (bestanden of gegevenstypen ontbraken); de lijst is van de vorige run.',
};

export function createTeamRunner(opts: TeamRunnerOptions): TeamRunner {
  const latest = join(opts.dir, 'latest');
  let view: TeamView | undefined;
  let error: string | undefined;
  // the last run of an earlier start, read when first asked for (not at every start of a test demo)
  let readLatest = true;
  const previous = () => {
    if (!readLatest) return;
    readLatest = false;
    try {
      view ??= readTeamView(latest);
    } catch {
      error = 'De vorige populatierun is onleesbaar.';
    }
  };
  let current: Promise<void> | undefined;
  let child: ChildProcess | undefined;
  let closed = false;

  const runOnce = () =>
    new Promise<void>((resolve) => {
      const out = join(opts.dir, `run-${process.pid}-${Date.now()}`);
      // made here, not by the run: the directory marks the run under way from the first moment
      mkdirSync(out, { recursive: true });
      const args = [TSX, opts.script ?? join(REPO_ROOT, 'scripts', 'population.ts'), '--server', opts.fhirBase(), '--group', opts.group, '--client-id', opts.backend.clientId, '--key', opts.backend.keyFile, '--now', opts.now().toISOString(), '--out', out];
      const started = Date.now();
      // stdout/stderr carry counts and progress only (no patient data, never the key); kept for the reason of a failure
      const proc = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
      child = proc;
      let tail = '';
      proc.stderr!.setEncoding('utf8').on('data', (d: string) => (tail = (tail + d).slice(-400)));
      const finish = (code: number | null) => {
        child = undefined;
        if (closed) return resolve(rmSync(out, { recursive: true, force: true }));
        // exit 1: some lines unreadable, the rest evaluated (the outputs are complete); 3 (export
        // incomplete) and 4 (crash) are never published: the list would miss whole resource types
        let next: TeamView | undefined;
        try {
          next = code !== null && PUBLISHABLE.has(code) ? readTeamView(out) : undefined;
        } catch {
          // unreadable outputs (a 'close' handler must not throw: it would take the demo down)
          next = undefined;
        }
        if (next) {
          readLatest = false;
          rmSync(latest, { recursive: true, force: true });
          renameSync(out, latest);
          view = { ...next, ranAt: new Date().toISOString() };
          error = undefined;
          opts.log?.(`populatierun klaar in ${((Date.now() - started) / 1000).toFixed(1)} s: ${next.evaluated} patiënten, ${next.patients.length} met signalen`);
        } else {
          rmSync(out, { recursive: true, force: true });
          error = (code !== null && FAILURE[code]) || 'De populatierun is mislukt.';
          opts.log?.(`populatierun mislukt (exit ${code}): ${tail.trim().split('\n').pop() ?? ''}`);
        }
        resolve();
      };
      proc.on('error', () => finish(null));
      proc.on('close', finish);
    });

  return {
    payload: () => (previous(), { running: !!current, ...(error ? { error } : {}), ...(view ? { view } : {}) }),
    start() {
      current ??= runOnce().finally(() => (current = undefined));
      return current;
    },
    close() {
      closed = true;
      child?.kill();
    },
  };
}
