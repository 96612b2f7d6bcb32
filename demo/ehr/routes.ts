// /ehr: the demo hospital EHR. Server-rendered; the current user (one practitioner per role) is a
// cookie, switchable in the top bar. The SMART launch creates a launch context for that user and the
// open patient (and encounter), then opens the app's launch.html with iss + launch (EHR launch).
import express, { type Request } from 'express';
import type { ValidatingRepository } from '../fhir/repository';
import { createLaunch } from '../auth/store';
import { DEMO_USERS, type DemoUser } from '../seed/people';
import { chart, nextPatientId, wardList } from './data';
import { chartPage, notFoundPage, wardListPage } from './pages';

export const USER_COOKIE = 'pz_demo_user';

export function currentUser(req: Request): DemoUser {
  const m = new RegExp(`(?:^|;\\s*)${USER_COOKIE}=([^;]+)`).exec(req.headers.cookie ?? '');
  const id = m ? decodeURIComponent(m[1]) : undefined;
  return DEMO_USERS.find((u) => u.id === id) ?? DEMO_USERS[0];
}

export interface EhrOptions {
  repo: ValidatingRepository;
  fhirBase: () => string;
  now: () => Date;
}

export function createEhrRoutes(opts: EhrOptions): express.Router {
  const r = express.Router();
  r.use(express.urlencoded({ extended: false, limit: '16kb' }));

  r.get('/', async (req, res) => {
    const list = await wardList(opts.repo, opts.now());
    res.type('html').send(wardListPage(list, currentUser(req)).value);
  });

  r.get('/patients/:id', async (req, res) => {
    const user = currentUser(req);
    const c = await chart(opts.repo, req.params.id, opts.now());
    if (!c) return void res.status(404).type('html').send(notFoundPage(user, req.params.id).value);
    const next = await nextPatientId(opts.repo, req.params.id, opts.now());
    res.type('html').send(chartPage(c, next, user).value);
  });

  r.get('/patients/:id/smart-launch', async (req, res) => {
    const patient = req.params.id;
    const known = await opts.repo.exists('Patient', patient);
    if (!known) return void res.status(404).type('text').send('Onbekende patiënt');
    const encounter = typeof req.query.encounter === 'string' && req.query.encounter ? req.query.encounter : undefined;
    const launch = createLaunch({ patient, encounter, practitioner: currentUser(req).id });
    const u = new URLSearchParams({ iss: opts.fhirBase(), launch });
    res.redirect(302, `/smart/launch.html?${u}`);
  });

  // the ward round: the app opens on this ward's worklist (no patient in context, user-level access);
  // `pz_view=ward` is part of the launch URL the EHR registers for its ward screens
  r.get('/wards/:id/smart-launch', async (req, res) => {
    const location = req.params.id;
    const known = await opts.repo.exists('Location', location);
    if (!known) return void res.status(404).type('text').send('Onbekende afdeling');
    const launch = createLaunch({ location, practitioner: currentUser(req).id });
    const u = new URLSearchParams({ iss: opts.fhirBase(), launch, pz_view: 'ward' });
    res.redirect(302, `/smart/launch.html?${u}`);
  });

  // the palliative team's hospital-wide screen: no patient, no ward, user level (`pz_view=team`). In the
  // demo every clinician in the user switch may open it (the demo has no TOPZ login of its own); a
  // hospital shows this button only to its palliative team's members (docs/hospital-it.md).
  r.get('/hospital/smart-launch', (req, res) => {
    const launch = createLaunch({ practitioner: currentUser(req).id });
    const u = new URLSearchParams({ iss: opts.fhirBase(), launch, pz_view: 'team' });
    res.redirect(302, `/smart/launch.html?${u}`);
  });

  r.post('/user', (req, res) => {
    const id = (req.body as { user?: string } | undefined)?.user;
    const user = DEMO_USERS.find((u) => u.id === id);
    if (user) res.setHeader('set-cookie', `${USER_COOKIE}=${encodeURIComponent(user.id)}; Path=/; SameSite=Lax; HttpOnly`);
    const back = (req.body as { returnTo?: string } | undefined)?.returnTo;
    // only back into the EHR: never an open redirect
    res.redirect(303, typeof back === 'string' && /^\/ehr\/[\w\-./%]*$/.test(back) ? back : '/ehr/');
  });

  return r;
}
