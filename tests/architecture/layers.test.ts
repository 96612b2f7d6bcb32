// Layers import downward only: lib/pathway (pure) ← lib/* (I/O) ← components/ ← entrypoints/, smart/, demo/.
// This test reads every relative import in the tree, so a screen imported from lib/ (or the clock, the
// network or React imported into the rules) fails here instead of in a reviewer's head.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const rel = join(dir, name);
    if (statSync(join(ROOT, rel)).isDirectory()) out.push(...sources(rel));
    else if (/\.(ts|tsx|mjs)$/.test(name)) out.push(rel);
  }
  return out;
}

const IMPORT = /(?:^|\s)(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

/** Every import specifier of a file: relative ones resolved to a repository path, bare ones as written. */
export function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3];
    out.push(spec.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), spec)) : spec);
  }
  return out;
}

/** The top-level layer a repository path belongs to (lib/pathway is its own, lowest layer). */
function layerOf(path: string): string {
  if (path.startsWith('lib/pathway/') || path === 'lib/pathway') return 'lib/pathway';
  return path.split('/')[0];
}

const ALLOWED: Record<string, string[]> = {
  'lib/pathway': ['lib/pathway'],
  lib: ['lib/pathway', 'lib'],
  components: ['lib/pathway', 'lib', 'components'],
};

describe('layers import downward only', () => {
  for (const layer of Object.keys(ALLOWED)) {
    it(`${layer} imports only ${ALLOWED[layer].join(', ')}`, () => {
      const dir = layer;
      const files = sources(dir).filter((f) => layer !== 'lib' || layerOf(f) === 'lib');
      expect(files.length).toBeGreaterThan(0);
      const wrong: string[] = [];
      for (const f of files) {
        for (const target of importsOf(f)) {
          if (!target.startsWith('.') && !/^(lib|components|entrypoints|smart|demo|scripts|bench|tests)\b/.test(target)) continue;
          if (!ALLOWED[layer].includes(layerOf(target))) wrong.push(`${f} → ${target}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }

  it('the rules use no clock, network, browser or React', () => {
    const forbidden = /^(react|react-dom|dexie|fhirclient|node:|wxt|@webext-core|oauth4webapi|jose)/;
    const wrong: string[] = [];
    for (const f of sources('lib/pathway')) {
      for (const spec of importsOf(f)) if (forbidden.test(spec)) wrong.push(`${f} → ${spec}`);
      if (/\bDate\.now\(\)|new Date\(\)/.test(readFileSync(join(ROOT, f), 'utf8'))) wrong.push(`${f} reads the clock`);
    }
    expect(wrong).toEqual([]);
  });

  it('finds an upward import when there is one (the check itself works)', () => {
    const fake = 'lib/fhir/x.ts';
    expect(ALLOWED[layerOf(fake)].includes(layerOf('components/PromptCard/PromptCard'))).toBe(false);
    expect(importsOf('lib/host/engine.ts')).toContain('lib/pathway');
  });
});
