// /ehr routes of the demo EHR's CDS Hooks client: its JWKS, and the chart's calls (fire hooks, accept
// a suggestion, dismiss with a reason, open the smart link). The browser only names a card and a
// suggestion; what gets written is what the service sent for this patient (client.ts).
import express, { type Request, type Response } from 'express';
import { createLaunch } from '../auth/store';
import { currentUser } from '../ehr/routes';
import { HOOKS, type HookName } from '../../lib/cds-hooks/schemas';
import { ClientError, type CdsClient } from './client';

const ID = /^[A-Za-z0-9\-.]{1,64}$/;

export function createCdsClientRoutes(client: CdsClient, opts: { origin: () => string; fhirBase: () => string; log?: (m: string) => void }): express.Router {
  const r = express.Router();
  const json = express.json({ limit: '16kb' });
  r.get('/.well-known/jwks.json', (_req, res) => void res.json(client.jwks()));

  const fail = (res: Response, e: unknown) => {
    if (e instanceof ClientError) return void res.status(400).json({ error: e.message });
    opts.log?.(`cds-client: ${(e as Error).message}`);
    res.status(502).json({ error: 'De beslisondersteuning is nu niet bereikbaar.' });
  };
  const patientOf = (req: Request) => (ID.test(String(req.params.id)) ? String(req.params.id) : undefined);

  r.post('/patients/:id/cds', json, async (req, res) => {
    const patientId = patientOf(req);
    const body = (req.body ?? {}) as { hooks?: unknown; encounterId?: unknown };
    const hooks = Array.isArray(body.hooks) ? body.hooks.filter((h): h is HookName => (HOOKS as readonly string[]).includes(String(h))) : [];
    const encounterId = typeof body.encounterId === 'string' && ID.test(body.encounterId) ? body.encounterId : undefined;
    if (!patientId || !hooks.length) return void res.status(400).json({ error: 'patiënt en hook vereist' });
    try {
      const userId = `Practitioner/${currentUser(req).id}`;
      const seen = new Set<string>();
      const cards = [];
      // in the order asked (encounter-start before patient-view at the SEH); a card both return shows once
      for (const hook of hooks) {
        if (hook !== 'patient-view' && !encounterId) continue;
        for (const s of await client.fire(hook, { patientId, userId, encounterId })) {
          if (s.card.uuid && seen.has(s.card.uuid)) continue;
          if (s.card.uuid) seen.add(s.card.uuid);
          cards.push({ hook, ...s });
        }
      }
      res.json({ cards });
    } catch (e) {
      fail(res, e);
    }
  });

  r.post('/patients/:id/cds/accept', json, async (req, res) => {
    const patientId = patientOf(req);
    const { card, suggestion } = (req.body ?? {}) as { card?: string; suggestion?: string };
    if (!patientId || typeof card !== 'string' || typeof suggestion !== 'string') return void res.status(400).json({ error: 'kaart en suggestie vereist' });
    try {
      res.json(await client.accept(patientId, card, suggestion));
    } catch (e) {
      fail(res, e);
    }
  });

  r.post('/patients/:id/cds/override', json, async (req, res) => {
    const patientId = patientOf(req);
    const { card, reason } = (req.body ?? {}) as { card?: string; reason?: string };
    if (!patientId || typeof card !== 'string' || typeof reason !== 'string') return void res.status(400).json({ error: 'kaart en reden vereist' });
    try {
      await client.override(patientId, card, reason);
      res.json({ ok: true });
    } catch (e) {
      fail(res, e);
    }
  });

  // the card's smart link, EHR-launched: a launch context for this user and patient, then the app
  r.get('/patients/:id/cds/launch', (req, res) => {
    const patientId = patientOf(req);
    const shown = patientId ? client.card(patientId, String(req.query.card ?? '')) : undefined;
    const link = shown?.card.links?.find((l) => l.type === 'smart');
    // only our own app: a link to elsewhere would get a launch for this patient
    if (!patientId || !link || !link.url.startsWith(`${opts.origin()}/smart/`)) return void res.status(404).type('text').send('Onbekende kaart');
    const encounter = typeof req.query.encounter === 'string' && ID.test(req.query.encounter) ? req.query.encounter : undefined;
    const launch = createLaunch({ patient: patientId, encounter, practitioner: currentUser(req).id });
    const u = new URL(link.url);
    u.searchParams.set('iss', opts.fhirBase());
    u.searchParams.set('launch', launch);
    res.redirect(302, u.pathname + u.search);
  });
  return r;
}
