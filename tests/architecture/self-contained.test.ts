// A clone from GitHub is the product: nothing in code, tests, scripts or config may read a path that only the
// build machine has (its shared folder beside the checkout, or an absolute path of this workplace).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const OUTSIDE = /\.\.\/shared\b|['"`(]\/work\/|\/shared\/(fixtures|seeds)/;

function tracked(): string[] {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((f) => /\.(ts|tsx|mjs|js|json|html)$/.test(f) && f !== 'package-lock.json' && !f.startsWith('fixtures/') && f !== 'tests/architecture/self-contained.test.ts' && existsSync(join(ROOT, f)));
}

describe('the repository is self-contained', () => {
  it('no code, test or script reads a path outside the checkout', () => {
    const files = tracked();
    expect(files.length).toBeGreaterThan(100);
    const wrong = files.filter((f) => OUTSIDE.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(wrong).toEqual([]);
  });

  it('carries the real fixtures with their sources and licences', () => {
    const sources = readFileSync(join(ROOT, 'fixtures', 'SOURCES.md'), 'utf8');
    expect(sources).toMatch(/CC0 1\.0/);
    expect(sources).toMatch(/Apache-2\.0/);
    expect(existsSync(join(ROOT, 'fixtures', 'nictiz-zib2020', 'nl-core-AdvanceDirective-01.xml'))).toBe(true);
    expect(existsSync(join(ROOT, 'fixtures', 'synthea'))).toBe(true);
  });

  it('the check itself catches a shared-folder path', () => {
    // built from parts, so this file itself never holds such a path
    const shared = ['', 'work', 'shared', 'fixtures', 'x.json'].join('/');
    expect(OUTSIDE.test(`readFileSync('${shared}')`)).toBe(true);
    expect(OUTSIDE.test(`resolve(ROOT, '${['..', 'shared', 'fixtures'].join('/')}')`)).toBe(true);
    expect(OUTSIDE.test("resolve(ROOT, 'fixtures')")).toBe(false);
  });
});
