import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createI18n, en, nl } from '../../lib/i18n';
import { ACTION_IDS, HANDOVER_ITEMS, INDICATORS, PROMPT_CODES, ROLES } from '../../lib/pathway/types';

function keys(o: unknown, prefix = ''): string[] {
  if (typeof o !== 'object' || o === null) return [prefix];
  return Object.entries(o).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('i18n resources', () => {
  test('nl and en have exactly the same keys', () => {
    expect(keys(en).sort()).toEqual(keys(nl).sort());
  });

  test.each(['nl', 'en'] as const)('%s labels every prompt code, action, handover item, indicator and role', (lng) => {
    const i18n = createI18n(lng);
    const all = [
      ...PROMPT_CODES.map((c) => `prompt.${c}`),
      ...ACTION_IDS.map((a) => `action.${a}`),
      ...HANDOVER_ITEMS.flatMap((h) => [`handover.items.${h}`, `handover.whereItems.${h}`]),
      ...INDICATORS.map((i) => `indicator.${i}`),
      ...ROLES.map((r) => `role.${r}`),
    ];
    for (const k of all) {
      expect(i18n.exists(k), `${lng}: ${k}`).toBe(true);
      expect(i18n.t(k)).not.toBe(k);
    }
  });

  test('Dutch is the default and the surprise question reads as in S3', () => {
    const i18n = createI18n();
    expect(i18n.language).toBe('nl');
    expect(i18n.t('surprise.question')).toBe('Zou het u verbazen als deze patiënt in de komende 12 maanden overlijdt?');
  });
});

describe('no hard-coded strings in components', () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.tsx')) files.push(p);
    }
  };
  walk(join(__dirname, '../../components'));

  test('found the component files', () => expect(files.length).toBeGreaterThan(10));

  test.each(files)('%s has no literal text nodes or aria/title/placeholder literals', (file) => {
    const src = readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '');
    // JSX text: a word between > and < that is not inside braces (icons like ⛔ ✔ are allowed)
    const text = [...src.matchAll(/(?<!=)>\s*([^<>{}]*[A-Za-zÀ-ÿ]{2,}[^<>{}]*)</g)].map((m) => m[1].trim()).filter((s) => !/^[=&|?:.,;()\s\w]*=>|&&|\|\|/.test(s) && !/[=();]/.test(s));
    expect(text, file).toEqual([]);
    expect(src).not.toMatch(/(aria-label|title|placeholder|alt)="[^"]*[A-Za-z]/);
  });
});
