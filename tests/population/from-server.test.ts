// `npm run population -- --server … --group …` end to end: a group export from the demo's Bulk Data server
// (SMART Backend Services with the demo backend client's key), joined in DuckDB, evaluated; the worklist
// has exactly the group's patients, each with the prompts the engine gives the record the app loads.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoServer } from '../../demo/server';
import { createFhirGateway } from '../../lib/fhir/load-record';
import { engineEvaluate } from '../../lib/host/engine';
import { startTestDemo } from '../demo/support';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const NOW = '2024-06-15T10:00:00+02:00'; // the test demo's "today"
const tmp = mkdtempSync(join(tmpdir(), 'pz-population-server-'));
let demo: DemoServer;

beforeAll(async () => {
  demo = await startTestDemo({ population: 30, backendKeyFile: join(tmp, 'backend.jwk') });
});
afterAll(async () => demo?.close());

function run(...args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, join(ROOT, 'scripts', 'population.ts'), ...args], { cwd: ROOT });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('npm run population -- --server (Bulk Data group export)', () => {
  it("the worklist has the group's patients with the engine's prompts for each record", async () => {
    const out = join(tmp, 'out');
    const r = await run('--server', demo.fhirBase, '--group', 'group-ward-interne', '--client-id', demo.backend.clientId, '--key', demo.backend.keyFile, '--now', NOW, '--out', out);
    expect(r.stderr).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/); // no JWT or token on the console
    expect(r.code).toBe(0);
    const worklist = JSON.parse(readFileSync(join(out, 'worklist.json'), 'utf8')) as { results: { patient: string; prompts: { code: string; key: string }[] }[] };

    const token = demo.issueToken('user/*.cruds');
    const group = (await (await fetch(`${demo.fhirBase}/Group/group-ward-interne`, { headers: { authorization: `Bearer ${token}` } })).json()) as { member?: { entity: { reference: string } }[] };
    const members = (group.member ?? []).map((m) => m.entity.reference).sort();
    expect(members.length).toBeGreaterThan(3);
    expect(worklist.results.map((x) => x.patient).sort()).toEqual(members);

    const gateway = createFhirGateway({ serverUrl: demo.fhirBase, fetch: (u, i) => fetch(u, i), getAuthHeader: async () => `Bearer ${token}` });
    const evaluate = engineEvaluate();
    let prompts = 0;
    for (const res of worklist.results) {
      const id = res.patient.slice('Patient/'.length);
      const rec = await gateway.loadPatientRecord(id);
      const expected = evaluate(rec.resources, { now: new Date(NOW), role: 'specialist', patientId: id }).prompts.map((p) => `${p.code}|${p.key}`).sort();
      expect(res.prompts.map((p) => `${p.code}|${p.key}`).sort(), res.patient).toEqual(expected);
      prompts += expected.length;
    }
    expect(prompts).toBeGreaterThan(3);
  }, 600_000);

  it('refuses a wrong key: exit 1 with the server\'s refusal, no worklist', async () => {
    const r = await run('--server', demo.fhirBase, '--group', 'group-ward-interne', '--client-id', 'nobody', '--key', demo.backend.keyFile, '--now', NOW, '--out', join(tmp, 'refused'));
    expect(r.code).not.toBe(0);
    expect(r.code).not.toBe(2);
  }, 300_000);
});
