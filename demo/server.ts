// The embedded demo (`npm run demo`): one process, one port, serving
//   /fhir   FHIR R4 (Medplum FhirRouter + in-memory repository), SMART-protected
//   /auth   SMART App Launch 2.0 authorization server (EHR launch + standalone)
//   /ehr    the demo hospital EHR (ward list, patient charts, EHR launch of the app)
//   /smart  the SMART app (static build in dist/smart)
// Tests, the bench and scripts start it through startDemo().
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { FhirRouter } from '@medplum/fhir-router';
import { createSigningKey } from './auth/jwt';
import { createBackendServices, demoBackendClient, loadOrCreateBackendKey, DEMO_BACKEND_CLIENT_ID, type BackendClient } from './auth/backend';
import { createBulkRoutes, type BulkOptions } from './bulk/routes';
import { ensureWardGroups } from './bulk/groups';
import { populationPatients } from './seed/population';
import { REPO_ROOT } from './seed/fixtures';
import { join } from 'node:path';
import type { Resource } from '@medplum/fhirtypes';
import { createOAuthServer } from './auth/oauth';
import { createAuthRoutes, smartConfiguration } from './auth/routes';
import { issueTestToken, type TokenContext } from './auth/store';
import { createEhrRoutes, currentUser } from './ehr/routes';
import { capabilityStatement } from './fhir/capability';
import { indexFhirDefinitions } from './fhir/definitions';
import { createFhirHttp, fhirErrorHandler } from './fhir/http';
import { ValidatingRepository } from './fhir/repository';
import { loadSeed, type SeedReport } from './seed/index';
import { ensureSmartBuild, smartStatic } from './smart-static';
import { readTrustedClients } from '../lib/cds-hooks/auth';
import { createCdsHooks, type CdsHooks } from '../lib/cds-hooks/router';
import { createCdsClient, createEhrKey, ehrIssuer, ehrJwksUri } from './cds-client/client';
import { createCdsClientRoutes } from './cds-client/routes';
import { createTeamRunner } from './population/runner';
import { createTeamRoutes } from './population/routes';
import { HOSPITAL_GROUP_ID } from './bulk/groups';

export { issueTestToken } from './auth/store';
export type { TokenContext } from './auth/store';

export interface DemoOptions {
  /** 0 = a free port (default 0; `npm run demo` uses 8787) */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  /** load the demo patients and fixtures (default true) */
  seed?: boolean;
  /** injected delay per /fhir request, for the bench and latency tests */
  latencyMs?: number;
  /** the demo's "today": seed dates are relative to it (default: the real clock) */
  now?: Date;
  /** where the fixtures live (default: the repository's fixtures/); false = do not load fixtures */
  fixturesDir?: string | false;
  /** build dist/smart when missing (default true) */
  buildSmart?: boolean;
  /** start-up messages (never tokens or patient data) */
  log?: (msg: string) => void;
  /** N generated patients on top of the seed (`--population N`, PZ_POPULATION), for scale runs */
  population?: number;
  populationSeed?: number;
  /** the demo backend client's private key (default .data/demo-backend-key.jwk; made on first start) */
  backendKeyFile?: string;
  /** further Backend Services clients (public JWKS), e.g. an RS384 one in tests */
  backendClients?: BackendClient[];
  /** lifetime of Backend Services tokens (s, default 300) */
  backendTokenTtlSeconds?: number;
  /** Bulk Data job knobs (Retry-After, polls before complete, resources per file) */
  bulk?: Pick<BulkOptions, 'retryAfterSeconds' | 'minPolls' | 'maxResourcesPerFile'>;
  /** origins allowed to frame the SMART app (CSP frame-ancestors); default: this server (its demo EHR) */
  smartFrameAncestors?: string[];
  /** CDS Hooks feedback database (default ':memory:'; `npm run demo` passes .data/cds-feedback.sqlite) */
  cdsDbPath?: string;
  /** JSON allowlist of CDS clients besides the demo EHR (default: the file named by PZ_CDS_CLIENTS) */
  cdsClientsFile?: string;
  /** the palliative team's screen: population runs in `dir` (default .data/population); `atStart` runs one in the background at start (`npm run demo` does) */
  teamRuns?: { dir?: string; atStart?: boolean };
}

export interface DemoServer {
  /** origin, e.g. http://127.0.0.1:8787 */
  url: string;
  /** e.g. http://127.0.0.1:8787/fhir */
  fhirBase: string;
  close(): Promise<void>;
  /** the in-memory FHIR repository, for tests */
  repo: ValidatingRepository;
  setLatency(ms: number): void;
  /** /fhir requests served (preflights not counted) */
  requestCount(): number;
  resetRequestCount(): void;
  /** what was loaded at start (undefined with seed: false) */
  seed?: SeedReport;
  /** resolves once /smart is servable (true) or its build failed (false) */
  smartReady: Promise<boolean>;
  /** an access token for this server, as if issued by its SMART server */
  issueToken(scopes: string | string[], context?: TokenContext): string;
  /** SMART Backend Services: the registered demo client and its key file; expireTokens() for tests */
  backend: { clientId: string; keyFile: string; tokenUrl: string; expireTokens(): void };
  /** the CDS Hooks service under /cds-services (its feedback store, for tests) */
  cds: CdsHooks;
  /** the team screen's population runs: start() one and wait for it (tests) */
  teamRuns: { start(): Promise<void> };
}

const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension|safari-web-extension):\/\/[a-z0-9-]+$/i;

/** CORS for the browser extension: its pages call /fhir and /auth/token from their own origin. */
function cors(req: Request, res: Response, next: NextFunction): void {
  const origin = req.get('origin');
  if (origin && EXTENSION_ORIGIN.test(origin)) {
    res.set({
      'access-control-allow-origin': origin,
      vary: 'Origin',
      'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
      'access-control-allow-headers': 'Authorization, Content-Type, Accept, If-None-Exist, If-Match, Prefer',
      'access-control-expose-headers': 'Location, ETag, Content-Location',
      'access-control-max-age': '600',
    });
  }
  if (req.method === 'OPTIONS') return void res.status(204).end();
  next();
}

export async function startDemo(opts: DemoOptions = {}): Promise<DemoServer> {
  const log = opts.log ?? (() => {});
  const host = opts.host ?? '127.0.0.1';
  const clockNow = () => opts.now ?? new Date();
  indexFhirDefinitions();

  const repo = new ValidatingRepository();
  const fhirRouter = new FhirRouter();
  let seed: SeedReport | undefined;
  if (opts.seed !== false) {
    // seed data is validated by tests/demo/seed.test.ts; skipping validation here keeps start-up fast
    repo.validate = false;
    try {
      seed = await loadSeed(repo, fhirRouter, clockNow(), { fixturesDir: opts.fixturesDir === false ? '/nonexistent-fixtures-disabled' : opts.fixturesDir });
    } finally {
      repo.validate = true;
    }
    if (opts.fixturesDir !== false) for (const w of [...seed.fixtures.warnings, ...seed.fixtures.skipped]) log(`fixtures: ${w}`);
  }
  if (opts.population && opts.population > 0) {
    repo.validate = false;
    try {
      for (const p of populationPatients(opts.population, clockNow(), opts.populationSeed ?? 1)) for (const r of p.resources) await repo.updateResource(r as unknown as Resource);
    } finally {
      repo.validate = true;
    }
    log(`population: ${opts.population} generated patients (seed ${opts.populationSeed ?? 1})`);
  }
  if (opts.seed !== false || opts.population) await ensureWardGroups(repo);
  const smartReady = opts.buildSmart === false ? Promise.resolve(false) : ensureSmartBuild(log);

  let origin = '';
  const fhirBase = () => `${origin}/fhir`;
  let latencyMs = opts.latencyMs ?? 0;
  let count = 0;
  const signingKey = createSigningKey();
  const oauth = createOAuthServer({ origin: () => origin, fhirBase, signingKey });
  const backendKeyFile = opts.backendKeyFile ?? join(REPO_ROOT, '.data', 'demo-backend-key.jwk');
  const { publicJwk } = await loadOrCreateBackendKey(backendKeyFile);
  const backend = createBackendServices({ tokenUrl: () => `${origin}/auth/token`, clients: [demoBackendClient(publicJwk), ...(opts.backendClients ?? [])], tokenTtlSeconds: opts.backendTokenTtlSeconds });
  const bulk = createBulkRoutes({ repo, fhirBase, now: () => new Date(), ...opts.bulk });

  // CDS Hooks: the service, and the demo EHR as its client (its own key, always trusted)
  const clientsFile = opts.cdsClientsFile ?? process.env.PZ_CDS_CLIENTS;
  const configured = clientsFile ? readTrustedClients(clientsFile) : [];
  const ehrKey = await createEhrKey();
  const cds = createCdsHooks({
    publicOrigin: () => origin,
    smartLaunchUrl: () => `${origin}/smart/launch.html`,
    clients: () => [{ iss: ehrIssuer(origin), jwks_uri: ehrJwksUri(origin) }, ...configured],
    dbPath: opts.cdsDbPath ?? ':memory:',
    now: clockNow,
    log,
  });
  const cdsClient = createCdsClient({ origin: () => origin, fhirBase, issueToken: (s, c) => issueTestToken(s, c) }, ehrKey);

  const teamRunner = createTeamRunner({
    dir: opts.teamRuns?.dir ?? join(REPO_ROOT, '.data', 'population'),
    fhirBase,
    group: HOSPITAL_GROUP_ID,
    backend: { clientId: DEMO_BACKEND_CLIENT_ID, keyFile: backendKeyFile },
    now: clockNow,
    log,
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');

  app.use('/fhir', cors, async (req, _res, next) => {
    count++;
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    next();
  });
  app.use('/fhir', bulk.router);
  app.use(
    '/fhir',
    createFhirHttp({
      repo,
      fhirBase,
      metadata: () => capabilityStatement(origin, fhirBase(), clockNow()),
      smartConfiguration: () => smartConfiguration(origin, fhirBase()),
    }),
    fhirErrorHandler,
  );
  app.get('/.well-known/smart-configuration', (_req, res) => res.json(smartConfiguration(origin, fhirBase())));
  app.use('/auth/token', cors);
  app.use('/auth', createAuthRoutes({ oauth, repo, origin: () => origin, fhirBase, signingKey, currentUser: (req) => currentUser(req).id, backend }));
  app.use('/auth', createAuthRoutes({ oauth, repo, origin: () => origin, fhirBase, signingKey, currentUser: (req) => currentUser(req).id }));
  app.use('/cds-services', cds.router);
  app.use('/population/team', createTeamRoutes(teamRunner));
  app.use('/ehr', createCdsClientRoutes(cdsClient, { origin: () => origin, fhirBase, log }));
  app.use('/ehr', createEhrRoutes({ repo, fhirBase, now: clockNow }));
  // CSP: the app talks to this server's FHIR and auth endpoints only, and only the demo EHR frames it
  app.use('/smart', smartStatic(() => ({ connect: [fhirBase()], frameAncestors: opts.smartFrameAncestors ?? [origin] })));
  app.get('/', (_req, res) => res.redirect(302, '/ehr/'));
  app.use((_req, res) => void res.status(404).type('text').send('Niet gevonden'));
  // last resort: a bug in a page handler answers 500, the process keeps running
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const e = err as { status?: number; type?: string };
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) return void res.status(e.status).type('text').send('Ongeldig verzoek');
    log(`error: ${(err as Error)?.message ?? String(err)}`);
    res.status(500).type('text').send('Interne fout');
  });

  const server: Server = await new Promise((resolve, reject) => {
    // express 5 hands listen errors (EADDRINUSE…) to this callback
    const s = app.listen(opts.port ?? 0, host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const { port } = server.address() as AddressInfo;
  const publicHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  origin = `http://${publicHost}:${port}`;
  if (opts.teamRuns?.atStart) void teamRunner.start();

  return {
    url: origin,
    fhirBase: fhirBase(),
    repo,
    seed,
    smartReady,
    setLatency: (ms) => void (latencyMs = Math.max(0, ms)),
    requestCount: () => count,
    resetRequestCount: () => void (count = 0),
    issueToken: (scopes, context) => issueTestToken(scopes, context),
    backend: { clientId: DEMO_BACKEND_CLIENT_ID, keyFile: backendKeyFile, tokenUrl: `${origin}/auth/token`, expireTokens: () => backend.expireTokens() },
    cds,
    teamRuns: { start: () => teamRunner.start() },
    close: () =>
      new Promise<void>((resolve, reject) => {
        teamRunner.close();
        void bulk.jobs.closeAll();
        cds.close();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
