// `npm run population` against `npm run evaluate` on the same data (Synthea fixtures and generated
// records written as NDJSON), malformed NDJSON lines, the four outputs and the exit codes.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYNTHEA_DIR } from '../support/fixtures';
import { generateRecords } from '../pathway/support/generate';
import { bundleResources, writeNdjson } from './support/ndjson';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const NOW = '2024-06-15T10:00:00+02:00';

/** Spawned asynchronously: a long synchronous spawn would stall the test worker's event loop. */
function run(script: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [TSX, join(ROOT, 'scripts', script), ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

type Result = { patient: string; source: string; sources: string[]; prompts: { code: string; key: string }[]; errors: unknown[] };
const tmp = mkdtempSync(join(tmpdir(), 'pz-population-'));
const bundlesDir = join(tmp, 'bundles');
const ndjsonDir = join(tmp, 'ndjson');
const outDir = join(tmp, 'out');

beforeAll(() => {
  mkdirSync(bundlesDir);
  const synthea = readdirSync(SYNTHEA_DIR).filter((n) => n.endsWith('.json'));
  const bundles: Record<string, unknown>[] = synthea.map((n) => JSON.parse(readFileSync(join(SYNTHEA_DIR, n), 'utf8')));
  for (const n of synthea) writeFileSync(join(bundlesDir, n), readFileSync(join(SYNTHEA_DIR, n)));
  // generated records: one Bundle per patient, so `npm run evaluate` reads them as separate inputs
  const generated = generateRecords(60, 14, { observations: 10, unread: 4 });
  generated.forEach((b, i) => writeFileSync(join(bundlesDir, `gen-${i}.json`), JSON.stringify(b)));
  writeNdjson(ndjsonDir, bundleResources([...bundles, ...generated]));
}, 120_000);

describe('npm run population -- --ndjson', () => {
  it('the worklist equals `npm run evaluate` per patient on the same data; exit 0', async () => {
    const pop = await run('population.ts', '--ndjson', ndjsonDir, '--now', NOW, '--out', outDir);
    expect(pop.stderr).toContain('evalueren');
    expect(pop.code).toBe(0);
    const ev = await run('evaluate.ts', '--now', NOW, bundlesDir);
    expect(ev.code).toBe(0);
    const expected: Result[] = JSON.parse(ev.stdout).results;
    const worklist = JSON.parse(readFileSync(join(outDir, 'worklist.json'), 'utf8'));
    expect(Object.keys(worklist)).toEqual(['now', 'results', 'failures', 'unattributed']);
    expect(worklist.now).toBe(new Date(NOW).toISOString());
    const got = new Map<string, Result>(worklist.results.map((r: Result) => [r.patient, r]));
    expect(got.size).toBe(expected.length);
    expect(expected.length).toBeGreaterThan(60);
    for (const e of expected) {
      const g = got.get(e.patient);
      expect(g, e.patient).toBeDefined();
      expect(g!.prompts).toEqual(e.prompts);
      expect(g!.errors).toEqual(e.errors);
      expect(g!.source).toMatch(/^Patient\.ndjson:\d+$/);
    }
    // some prompts fire at all, so the comparison compared something
    expect(expected.reduce((n, r) => n + r.prompts.length, 0)).toBeGreaterThan(50);
  }, 300_000);

  it('writes worklist.csv, indicators.json (one total per id) and a self-contained report.html', () => {
    const csv = readFileSync(join(outDir, 'worklist.csv'), 'utf8').trimEnd().split('\r\n');
    expect(csv[0]).toBe('patient,naam,afdeling,code,indicator,due,samenvatting');
    const worklist = JSON.parse(readFileSync(join(outDir, 'worklist.json'), 'utf8'));
    expect(csv.length - 1).toBe(worklist.results.reduce((n: number, r: Result) => n + r.prompts.length, 0));
    const ind = JSON.parse(readFileSync(join(outDir, 'indicators.json'), 'utf8'));
    const totals = ind.indicators.filter((e: { period: string }) => e.period === 'total');
    expect(totals.map((e: { id: string }) => e.id)).toEqual([
      'overlijden-gemeld', 'nazorg-eigenaar', 'nazorg-contact-tijdig', 'nazorggesprek-tijdig', 'centrale-zorgverlener',
      'behandelwensen-vastgelegd', 'seh-behandelwensen-bekend', 'surprise-question-gesteld', 'overdracht-compleet',
    ]);
    for (const e of ind.indicators) {
      expect(e.period).toMatch(/^(\d{4}-\d{2}|total)$/);
      expect(e.patients.numerator).toHaveLength(e.numerator);
      expect(e.patients.denominator).toHaveLength(e.denominator);
      expect(e.numerator).toBeLessThanOrEqual(e.denominator);
    }
    expect(totals.find((e: { id: string }) => e.id === 'overlijden-gemeld').denominator).toBeGreaterThan(0);
    const html = readFileSync(join(outDir, 'report.html'), 'utf8');
    expect(html).toContain('vegaEmbed(');
    expect(html).not.toMatch(/<script[^>]+src=/);
  });

  it('bad and truncated lines are reported with file and line and skipped; the rest is evaluated; exit 1', async () => {
    const dir = join(tmp, 'bad');
    const files = writeNdjson(dir, bundleResources(generateRecords(5, 3, { observations: 2, unread: 0 })));
    const patients = join(dir, 'Patient.ndjson');
    expect(files).toContain(patients);
    appendFileSync(join(dir, 'Condition.ndjson'), '{"resourceType":"Condition","id":"x",\n[1,2]\n');
    appendFileSync(patients, '{"resourceType":"Patient","id":"trunc');
    const out = join(tmp, 'bad-out');
    const r = await run('population.ts', '--ndjson', dir, '--now', NOW, '--out', out);
    expect(r.code).toBe(1);
    const w = JSON.parse(readFileSync(join(out, 'worklist.json'), 'utf8'));
    const condLines = readFileSync(join(dir, 'Condition.ndjson'), 'utf8').trimEnd().split('\n').length;
    expect(w.failures.map((f: { source: string }) => f.source)).toEqual([`Condition.ndjson:${condLines - 1}`, `Condition.ndjson:${condLines}`, 'Patient.ndjson:6']);
    expect(w.failures[2].message).toMatch(/truncated or malformed/);
    expect(w.results).toHaveLength(5);
  }, 120_000);

  it('exit 2 on usage errors', async () => {
    expect((await run('population.ts')).code).toBe(2);
    expect((await run('population.ts', '--ndjson', join(tmp, 'nope'))).code).toBe(2);
    expect((await run('population.ts', '--ndjson', ndjsonDir, '--now', 'gisteren')).code).toBe(2);
  }, 120_000);
});
