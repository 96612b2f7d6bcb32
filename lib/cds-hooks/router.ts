// The HTTP entrypoint, as an express router mounted at /cds-services (inside `npm run demo` and in
// `npm run cds-service`). Discovery is open; every call, feedback and the feedback report need a client JWT (auth.ts) and
// is authenticated before its body is read. Bodies are JSON up to 2 MB: oversized → 413, malformed →
// 400, each with a clear message; a bug answers 500 and the process keeps running.
import express, { type NextFunction, type Request, type Response } from 'express';
import { createClientAuth, type ClientAuth, type TrustedClient } from './auth';
import { discovery, hookOfService } from './discovery';
import { DEFAULT_DB_PATH, openFeedbackStore, type FeedbackStore } from './feedback-store';
import { CdsError } from './prefetch';
import { FeedbackRequestSchema, issuesText } from './schemas';
import { createCdsService, type ServiceOptions } from './service';

export const MAX_BODY = '2mb';

export interface CdsHooksOptions extends ServiceOptions {
  /** the origin clients call, e.g. https://cds.example.org: `aud` must be this + the path called */
  publicOrigin: () => string;
  /** where the router is mounted (default /cds-services) */
  mountPath?: string;
  clients: () => readonly TrustedClient[];
  /** SQLite file for feedback (default .data/cds-feedback.sqlite; ':memory:' for tests) */
  dbPath?: string;
  /** start-up and failure messages: never a token, a JWT or patient data */
  log?: (msg: string) => void;
  /** fetch for remote JWKS */
  jwksFetch?: typeof fetch;
}

export interface CdsHooks {
  router: express.Router;
  store: FeedbackStore;
  auth: ClientAuth;
  close(): void;
}

function cors(req: Request, res: Response, next: NextFunction): void {
  // browser clients (SMART-era EHR front ends) call with a bearer JWT, never cookies: `*` is safe
  res.set({
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': 'Authorization, Content-Type, Accept',
    'access-control-max-age': '600',
  });
  if (req.method === 'OPTIONS') return void res.status(204).end();
  next();
}

const jsonBody = express.json({ limit: MAX_BODY, type: ['application/json', 'application/fhir+json', 'application/*+json'] });

export function createCdsHooks(opts: CdsHooksOptions): CdsHooks {
  const log = opts.log ?? (() => {});
  const mount = opts.mountPath ?? '/cds-services';
  const service = createCdsService(opts);
  // JWT times are real time, whatever "today" the pathway is evaluated at (the demo can pin it)
  const auth = createClientAuth({ clients: opts.clients, fetch: opts.jwksFetch });
  const store = openFeedbackStore(opts.dbPath ?? DEFAULT_DB_PATH);
  const r = express.Router();
  r.use(cors);

  r.get('/', (_req, res) => void res.json(discovery({ pzSystem: opts.pzSystem })));

  const authenticate = async (req: Request, res: Response, next: NextFunction) => {
    // aud is the exact endpoint URL the client called (no query string)
    const audience = `${opts.publicOrigin()}${mount}${req.path.replace(/\/+$/, '')}`;
    const client = await auth.verify(req.get('authorization'), audience);
    if (!client) return void res.status(401).end();
    next();
  };

  // the clinicians' feedback (accepted/overridden and why, per prompt) is for the trusted clients,
  // not for anyone who can reach the port: the same client JWT as the hooks (aud = this URL)
  r.get('/feedback-report', authenticate, (_req, res) => void res.json({ prompts: store.report() }));
  const needJson = (req: Request, res: Response, next: NextFunction) => {
    if (!req.is(['application/json', 'application/fhir+json', 'application/*+json'])) {
      return void res.status(415).json({ error: 'Content-Type moet application/json zijn' });
    }
    next();
  };

  r.post('/:id/feedback', authenticate, needJson, jsonBody, (req, res) => {
    if (!hookOfService(String(req.params.id))) return void res.status(404).json({ error: `onbekende service ${String(req.params.id)}` });
    const parsed = FeedbackRequestSchema.safeParse(req.body);
    if (!parsed.success) return void res.status(400).json({ error: `ongeldige feedback: ${issuesText(parsed.error)}` });
    let stored = 0;
    for (const item of parsed.data.feedback) if (store.recordFeedback(String(req.params.id), item)) stored++;
    res.json({ stored, duplicates: parsed.data.feedback.length - stored });
  });

  r.post('/:id', authenticate, needJson, jsonBody, async (req, res) => {
    const hook = hookOfService(String(req.params.id));
    if (!hook) return void res.status(404).json({ error: `onbekende service ${String(req.params.id)}` });
    try {
      const result = await service.call(hook, req.body);
      store.recordShown(result.shown, (opts.now?.() ?? new Date()).toISOString());
      res.json(result.response);
    } catch (e) {
      if (e instanceof CdsError) return void res.status(e.status).json({ error: e.message });
      log(`cds-hooks: ${(e as Error)?.name ?? 'Error'} in ${hook}`);
      res.status(500).json({ error: 'interne fout' });
    }
  });

  // body-parser errors (413 too large, 400 malformed JSON) as a clear 4xx
  r.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const e = err as { status?: number; type?: string };
    if (e.type === 'entity.too.large') return void res.status(413).json({ error: `verzoek groter dan ${MAX_BODY}` });
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) return void res.status(e.status).json({ error: 'ongeldige JSON in het verzoek' });
    log('cds-hooks: interne fout');
    res.status(500).json({ error: 'interne fout' });
  });

  return { router: r, store, auth, close: () => store.close() };
}
