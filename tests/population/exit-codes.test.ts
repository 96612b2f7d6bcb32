// `npm run population` exit codes beyond `npm run evaluate`'s 0/1/2 (docs/population.md): 3 when the
// export was incomplete (a file failed to download), 4 when the run crashed; a type the server does not
// offer is no failure of the run (it would fail every night) but is listed in run.json for the screen;
// run.json beside the outputs says where the data came from and what was missing; a crash never prints
// the text of a line (patient data).
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoServer } from '../../demo/server';
import { startTestDemo } from '../demo/support';
import { generateRecords } from '../pathway/support/generate';
import { bundleResources, writeNdjson } from './support/ndjson';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const NOW = '2024-06-15T10:00:00+02:00';
const tmp = mkdtempSync(join(tmpdir(), 'pz-population-exit-'));

function run(...args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, join(ROOT, 'scripts', 'population.ts'), ...args], { cwd: ROOT });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}
const runJson = (out: string) => JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));

describe('npm run population -- --ndjson: run.json and crashes', () => {
  const dir = join(tmp, 'ndjson');
  beforeAll(() => void writeNdjson(dir, bundleResources(generateRecords(4, 2, { observations: 2, unread: 0 }))));

  it('a clean run: exit 0 and run.json names the NDJSON source, nothing missing', async () => {
    const out = join(tmp, 'ok');
    const r = await run('--ndjson', dir, '--now', NOW, '--out', out);
    expect(r.code).toBe(0);
    expect(runJson(out)).toMatchObject({ source: { ndjson: dir }, exportErrors: [], notOffered: [], exitCode: 0, ranAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  }, 120_000);

  it('a crash is exit 4, not 1 (which publishes the list)', async () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'x');
    const r = await run('--ndjson', dir, '--now', NOW, '--out', join(file, 'out')); // under a file: cannot be made
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/populatierun afgebroken/);
  }, 120_000);

  it('a line the parser refuses never reaches stderr with its text', async () => {
    const bad = join(tmp, 'orphan');
    mkdirSync(bad);
    writeFileSync(join(bad, 'Patient.ndjson'), '{"resourceType":"Patient","id":"p1","name":[{"text":"Jan Janssen"}]}\n');
    // an orphan the lenient check lets through: JSON.parse refuses it later (review finding M1)
    writeFileSync(join(bad, 'Condition.ndjson'), '{"resourceType":"Condition","id":"c9","note":[{"text":"Geheime Notitie"}],"x":nan}\n');
    const out = join(tmp, 'orphan-out');
    const r = await run('--ndjson', bad, '--now', NOW, '--out', out);
    expect(r.stderr).not.toMatch(/Geheime|c9|nan/);
    expect([1, 4]).toContain(r.code);
    expect(runJson(out).exitCode).toBe(r.code);
  }, 120_000);
});

describe('npm run population -- --server: a type the server does not offer', () => {
  let demo: DemoServer;
  let proxy: Server;
  let base: string;
  beforeAll(async () => {
    demo = await startTestDemo({ population: 8, backendKeyFile: join(tmp, 'backend.jwk') });
    // the demo behind a CapabilityStatement without Condition: the export leaves out every Condition
    const demoOrigin = new URL(demo.fhirBase).origin;
    let proxyOrigin = '';
    proxy = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length') as [string, string][]);
      const up = await fetch(`${demoOrigin}${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined, redirect: 'manual' });
      let body = Buffer.from(await up.arrayBuffer());
      // the export's status and file URLs point back at the proxy (the client sends its token to one server
      // only); the SMART endpoints stay the demo's own (the token's audience)
      const rewrite = !/\.well-known|^\/fhir\/metadata/.test(req.url ?? '');
      if (rewrite && /json/.test(up.headers.get('content-type') ?? '')) body = Buffer.from(body.toString('utf8').split(demoOrigin).join(proxyOrigin));
      if (/^\/fhir\/metadata/.test(req.url ?? '')) {
        const cs = JSON.parse(body.toString('utf8'));
        for (const rest of cs.rest ?? []) rest.resource = (rest.resource ?? []).filter((x: { type: string }) => x.type !== 'Condition');
        body = Buffer.from(JSON.stringify(cs));
      }
      const out: Record<string, string> = {};
      up.headers.forEach((v, k) => (k === 'content-length' || k === 'content-encoding' || k === 'transfer-encoding' ? undefined : (out[k] = rewrite ? v.split(demoOrigin).join(proxyOrigin) : v)));
      res.writeHead(up.status, out).end(body);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const addr = proxy.address() as { port: number };
    proxyOrigin = `http://127.0.0.1:${addr.port}`;
    base = `${proxyOrigin}/fhir`;
  }, 300_000);
  afterAll(async () => {
    proxy?.close();
    await demo?.close();
  });

  it('a type not offered: published (exit 0), and run.json lists the type and the source for the screen\'s warning', async () => {
    const out = join(tmp, 'server-out');
    const r = await run('--server', base, '--group', 'group-ziekenhuis', '--client-id', demo.backend.clientId, '--key', demo.backend.keyFile, '--now', NOW, '--out', out);
    expect(r.code, r.stderr.slice(-600)).toBe(0);
    expect(r.stderr).toMatch(/biedt geen Condition aan/);
    expect(runJson(out)).toMatchObject({ source: { server: base, group: 'group-ziekenhuis' }, exportErrors: [], notOffered: ['Condition'], exitCode: 0 });
  }, 600_000);
});
