// /population/team: the palliative team's screen reads the last population run here (GET) and asks for
// a fresh one (POST /population/team/runs → 202, one run at a time). Behind the demo's own SMART
// authorization: a user-level access token of a clinician (fhirUser), issued by this server's /auth.
// In the demo every logged-in clinician may see the whole hospital; a hospital limits the launch
// button (and this endpoint) to its palliative team. Never cached: it lists patients.
import express, { type NextFunction, type Request, type Response } from 'express';
import { getAccessGrant } from '../auth/store';
import { hasTeamAccess } from '../../lib/fhir/smart-policy';
import type { TeamRunner } from './runner';

/** User-level read access to patients, for a user (not a backend client, not one patient's launch). */
function mayReadHospital(req: Request): 'ok' | 'unauthenticated' | 'forbidden' {
  const m = /^Bearer\s+([A-Za-z0-9\-._~+/]+=*)$/i.exec(req.get('authorization') ?? '');
  const grant = getAccessGrant(m?.[1]);
  if (!grant) return 'unauthenticated';
  // every record type the rules read (user/*.rs or each user/<T>.rs): user/Patient.rs alone is not enough
  const userLevel = hasTeamAccess(grant.scope);
  return userLevel && !grant.context.patient && /^Practitioner\//.test(grant.context.fhirUser ?? '') ? 'ok' : 'forbidden';
}

export function createTeamRoutes(runner: TeamRunner): express.Router {
  const r = express.Router();
  r.use((req: Request, res: Response, next: NextFunction) => {
    res.set('cache-control', 'no-store');
    const verdict = mayReadHospital(req);
    if (verdict === 'unauthenticated') {
      res.set('www-authenticate', `Bearer realm="palliatief-zorgpad"${req.get('authorization') ? ', error="invalid_token"' : ''}`);
      return void res.status(401).json({ error: 'Inloggen vereist (SMART-toegangstoken).' });
    }
    if (verdict === 'forbidden') return void res.status(403).json({ error: 'Dit toegangstoken geeft geen toegang tot het hele ziekenhuis.' });
    next();
  });
  r.get('/', (_req, res) => void res.json(runner.payload()));
  r.post('/runs', (_req, res) => {
    void runner.start();
    res.status(202).location('/population/team').json(runner.payload());
  });
  return r;
}
