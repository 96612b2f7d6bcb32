// `npm run evaluate` (scripts/evaluate.ts), spawned for real: exit codes 0/1/2 and one JSON document.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NICTIZ_DIR, syntheaPath } from '../support/fixtures';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

/** Spawned asynchronously: a synchronous spawn blocks the test worker, and on a loaded machine vitest's own RPC then times out. */
function run(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, join(ROOT, 'scripts', 'evaluate.ts'), ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const tmp = mkdtempSync(join(tmpdir(), 'pz-cli-'));
const michele = syntheaPath('Michele_Wolf');

describe('npm run evaluate', () => {
  it('exit 0: one JSON document with now, results per patient, no failures', async () => {
    const r = await run('--now', '2016-05-10T10:00:00Z', '--role', 'zaalarts', michele);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.now).toBe('2016-05-10T10:00:00.000Z');
    expect(out.failures).toEqual([]);
    expect(out.results).toHaveLength(1);
    expect(out.results[0]).toMatchObject({ source: michele, patient: 'Patient/0f49d2d0-59be-4f72-a22b-0a582367b44b', errors: [] });
    expect(out.results[0].prompts.map((p: { code: string }) => p.code)).toEqual(['nazorg-owner-missing', 'nazorg-contact-due', 'nazorggesprek-due']);
  });

  it('reads FHIR XML files and directories; one patient spread over files is one result', async () => {
    const r = await run('--now', '2024-06-15T10:00:00+02:00', NICTIZ_DIR);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const p1 = out.results.find((x: { patient: string }) => x.patient === 'Patient/nl-core-Patient-01');
    expect(p1.sources.length).toBeGreaterThan(1);
    expect(p1.sources).toContain(join(NICTIZ_DIR, 'nl-core-AdvanceDirective-01.xml'));
  });

  it('exit 1: a truncated file is listed in failures, the others are still evaluated', async () => {
    const truncated = join(tmp, 'truncated.json');
    writeFileSync(truncated, readFileSync(michele, 'utf8').slice(0, 5000));
    const r = await run('--now', '2016-05-10T10:00:00Z', truncated, michele, join(tmp, 'does-not-exist.json'));
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.failures.map((f: { source: string }) => f.source)).toEqual([join(tmp, 'does-not-exist.json'), truncated]);
    expect(out.failures[1].message).toMatch(/JSON/);
    expect(out.results).toHaveLength(1);
    expect(out.results[0].prompts.length).toBe(3);
  });

  it('exit 1: a record with no usable patient still reports why (unattributed), instead of an empty success', async () => {
    const noPatient = join(tmp, 'no-usable-patient.json');
    writeFileSync(noPatient, '{"resourceType":"Patient","id":7}');
    const r = await run('--now', '2016-05-10T10:00:00Z', noPatient);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.results).toEqual([]);
    expect(out.unattributed).toEqual([expect.objectContaining({ resourceType: 'Patient', field: 'id' })]);
  });

  it('exit 1: one unreadable Patient next to a good one: the good one is evaluated, the lost one is listed', async () => {
    const mixed = join(tmp, 'one-patient-lost.json');
    writeFileSync(mixed, JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'Patient', id: 'ok' } }, { resource: { resourceType: 'Patient', id: 7 } }] }));
    const r = await run('--now', '2016-05-10T10:00:00Z', mixed);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.results.map((x: { patient: string }) => x.patient)).toEqual(['Patient/ok']);
    expect(out.unattributed).toHaveLength(1);
  });

  it('exit 1: JSON that is not a FHIR resource', async () => {
    const notFhir = join(tmp, 'not-fhir.json');
    writeFileSync(notFhir, '{"hello": "world"}');
    const r = await run('--now', '2016-05-10T10:00:00Z', notFhir);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).failures[0].message).toMatch(/resourceType/);
  });

  it('exit 1: malformed XML is a failure, the good XML beside it is read', async () => {
    const bad = join(tmp, 'broken.xml');
    writeFileSync(bad, '<Patient xmlns="http://hl7.org/fhir"><id value="x"/><birthDate value="1950-01-01"');
    const r = await run('--now', '2024-06-15T10:00:00Z', bad, join(NICTIZ_DIR, 'nl-core-Patient-01.xml'));
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.failures.map((f: { source: string }) => f.source)).toEqual([bad]);
    expect(out.results.map((x: { patient: string }) => x.patient)).toEqual(['Patient/nl-core-Patient-01']);
  });

  it.each([
    [['--now', '2016-05-10'], /no input/],
    [['--now', 'gisteren', michele], /--now/],
    [['--role', 'chirurg', michele], /--role/],
    [['--unknown', michele], /unknown/i],
  ])('exit 2 on usage error %j', async (args, message) => {
    const r = await run(...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/usage:/);
  });

  it('exit 2 on an invalid --config, naming the field', async () => {
    const cfg = join(tmp, 'bad-config.json');
    writeFileSync(cfg, JSON.stringify({ windows: { nazorgContactStartDay: -3 } }));
    const r = await run('--config', cfg, michele);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/windows\.nazorgContactStartDay/);
  });

  it('a valid --config changes the result', async () => {
    const cfg = join(tmp, 'config.json');
    writeFileSync(cfg, JSON.stringify({ windows: { nazorggesprekAdult: { start: 36, end: 50 } } }));
    const r = await run('--now', '2016-05-10T10:00:00Z', '--config', cfg, michele);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).results[0].prompts.map((p: { code: string }) => p.code)).not.toContain('nazorggesprek-due');
  });
});
