// /population/team: the team screen's results behind the demo's own SMART authorization (a user-level
// clinician token; 401 without or with an unknown token, 403 for a patient's launch or a backend
// token), never cached; POST /population/team/runs starts one run (202) and a second POST while it runs
// starts no other; the new results replace the old when it has finished.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoServer } from '../../demo/server';
import type { TeamPayload } from '../../lib/population/team-view';
import { startTestDemo } from './support';
import { READ_TYPES } from '../../lib/fhir/smart-policy';

const tmp = mkdtempSync(join(tmpdir(), 'pz-team-routes-'));
const runs = join(tmp, 'runs');
let demo: DemoServer;

beforeAll(async () => {
  demo = await startTestDemo({ population: 10, backendKeyFile: join(tmp, 'backend.jwk'), teamRuns: { dir: runs } });
});
afterAll(async () => demo?.close());

const get = (token?: string) => fetch(`${demo.url}/population/team`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
const userToken = () => demo.issueToken('openid fhirUser user/*.rs', { fhirUser: 'Practitioner/prac-specialist' });

describe('/population/team', () => {
  it('refuses without a token, with an unknown one, and with a patient-level or backend token', async () => {
    const none = await get();
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(none.headers.get('cache-control')).toBe('no-store');
    expect((await get('not-a-token')).status).toBe(401);
    expect((await get(demo.issueToken('patient/*.rs', { patient: 'pz-henk-jansen', fhirUser: 'Practitioner/prac-specialist' }))).status).toBe(403);
    expect((await get(demo.issueToken('system/*.rs'))).status).toBe(403);
    // user/Patient.rs alone reads no Condition, Observation, …: the team screen's prompts need them all
    const clinician = { fhirUser: 'Practitioner/prac-specialist' };
    expect((await get(demo.issueToken('openid fhirUser user/Patient.rs', clinician))).status).toBe(403);
    expect((await get(demo.issueToken(`openid fhirUser ${READ_TYPES.filter((t) => t !== 'Condition').map((t) => `user/${t}.rs`).join(' ')}`, clinician))).status).toBe(403);
    expect((await get(demo.issueToken(`openid fhirUser ${READ_TYPES.map((t) => `user/${t}.rs`).join(' ')}`, clinician))).status).toBe(200);
    const post = await fetch(`${demo.url}/population/team/runs`, { method: 'POST' });
    expect(post.status).toBe(401);
    expect(readdirSync(tmp)).not.toContain('runs'); // nothing started
  });

  it('with a clinician’s user-level token: no run yet, then one run at a time (202), then its results', async () => {
    const token = userToken();
    const first = await get(token);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect((await first.json()) as TeamPayload).toEqual({ running: false });

    const post = await fetch(`${demo.url}/population/team/runs`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(post.status).toBe(202);
    expect(((await post.json()) as TeamPayload).running).toBe(true);
    const again = await fetch(`${demo.url}/population/team/runs`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(again.status).toBe(202);
    // one run at a time: one output directory under way
    expect(readdirSync(runs).filter((n) => n.startsWith('run-'))).toHaveLength(1);
    await demo.teamRuns.start(); // the run under way (no new one): resolves when it ends
    const done = (await (await get(token)).json()) as TeamPayload;
    expect(done.running).toBe(false);
    expect(done.error).toBeUndefined();
    expect(done.view!.evaluated).toBeGreaterThan(5);
    expect(done.view!.patients.length).toBeGreaterThan(0);
    expect(existsSync(join(runs, 'latest', 'worklist.json'))).toBe(true);
    expect(readdirSync(runs).filter((n) => n.startsWith('run-'))).toHaveLength(0);
  }, 600_000);
});
