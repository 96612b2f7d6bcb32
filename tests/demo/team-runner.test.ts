// The demo's team runner publishes a run as `latest` only on exit 0 (all read) or 1 (some lines
// unreadable): never on 3 (export incomplete: whole resource types missing) or 4 (crash); and outputs it
// cannot read leave the previous list and an error, without taking the server down.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTeamRunner } from '../../demo/population/runner';

const tmp = mkdtempSync(join(tmpdir(), 'pz-team-runner-'));

/** A stand-in for scripts/population.ts: writes the given outputs to --out and exits with `code`. */
function standIn(name: string, code: number, worklist: string): string {
  const file = join(tmp, `${name}.mjs`);
  writeFileSync(
    file,
    `import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
const out = process.argv[process.argv.indexOf('--out') + 1];
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'worklist.json'), ${JSON.stringify(worklist)});
writeFileSync(join(out, 'worklist.csv'), 'patient,naam,afdeling,code,indicator,due,samenvatting\\r\\nPatient/a,Jan Janssen,,x,info,,s\\r\\n');
writeFileSync(join(out, 'indicators.json'), '{"indicators":[]}');
writeFileSync(join(out, 'run.json'), JSON.stringify({ source: { server: 'http://fhir.test/fhir', group: 'g' }, exportErrors: [], notOffered: ${code === 3 ? '["Condition"]' : '[]'}, exitCode: ${code}, ranAt: 'x' }));
process.exitCode = ${code};
`,
  );
  return file;
}
const WORKLIST = JSON.stringify({ now: '2024-06-15T08:00:00.000Z', results: [{ patient: 'Patient/a', prompts: [{ code: 'x', indicator: 'info', summary: 's', key: 'k' }] }], failures: [] });

function runner(dir: string, script: string) {
  const logs: string[] = [];
  const r = createTeamRunner({ dir, fhirBase: () => 'http://fhir.test/fhir', group: 'g', backend: { clientId: 'c', keyFile: 'k' }, now: () => new Date('2024-06-15T08:00:00Z'), log: (m) => logs.push(m), script });
  return { r, logs };
}

describe('createTeamRunner', () => {
  it('exit 0 and 1 are published, with the source and completeness from run.json', async () => {
    for (const code of [0, 1]) {
      const { r } = runner(join(tmp, `runs-${code}`), standIn(`ok-${code}`, code, WORKLIST));
      await r.start();
      const p = r.payload();
      expect(p.error).toBeUndefined();
      expect(p.view?.patients.map((x) => x.name)).toEqual(['Jan Janssen']);
      expect(p.view?.source).toEqual({ server: 'http://fhir.test/fhir', group: 'g' });
      expect(p.view?.completeness.complete).toBe(true);
      r.close();
    }
  }, 120_000);

  it('exit 3 (export incomplete) and 4 (crash) are not published: the previous list stays, with an error', async () => {
    const dir = join(tmp, 'runs-incomplete');
    const first = runner(dir, standIn('first', 0, WORKLIST));
    await first.r.start();
    expect(first.r.payload().view).toBeDefined();
    first.r.close();
    for (const code of [3, 4]) {
      const { r, logs } = runner(dir, standIn(`bad-${code}`, code, WORKLIST));
      await r.start();
      const p = r.payload();
      // still the first run's view, read from latest (the code-3 run's run.json lists Condition as not offered)
      expect(p.view?.patients.map((x) => x.name)).toEqual(['Jan Janssen']);
      expect(p.view?.completeness).toEqual({ complete: true, known: true, exportErrors: [], notOffered: [] });
      expect(p.error).toMatch(code === 3 ? /onvolledig/ : /mislukt/);
      expect(logs.join('\n')).toMatch(new RegExp(`exit ${code}`));
      r.close();
    }
  }, 120_000);

  it('outputs it cannot read (exit 0, broken worklist.json): an error, no throw out of the close handler', async () => {
    const { r } = runner(join(tmp, 'runs-broken'), standIn('broken', 0, '{"results": ['));
    await r.start();
    const p = r.payload();
    expect(p.view).toBeUndefined();
    expect(p.error).toMatch(/mislukt/);
    expect(p.running).toBe(false);
    r.close();
  }, 120_000);
});
