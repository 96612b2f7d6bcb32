// The contract with the rest of the app: one rule file per prompt code, prompts shaped as types.ts says,
// ordering by role and severity, the published CodeSystem, and a pure engine (no I/O, no clock).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PATHWAY_CODES } from '../../lib/fhir/codesystem';
import { ACTION_IDS, DEFAULT_CODE_SYSTEM, HANDOVER_ITEMS, PROMPT_CODES, RULES, ROLES, sortPrompts, type Prompt } from '../../lib/pathway/index';
import {
  MANTELZORGER,
  activeSeh,
  bornYearsAgo,
  careTeam,
  condition,
  daysAgo,
  encounter,
  hoursAhead,
  meds,
  palliative,
  patient,
  prompts,
  relatedPerson,
  snomed,
  sqAnswer,
  task,
  treatmentDirective,
} from './support/builders';

const PATHWAY_DIR = join(__dirname, '..', '..', 'lib', 'pathway');

/** Scenarios that together fire all 17 prompts. */
function scenarios(): unknown[][] {
  return [
    [patient(), condition(snomed('13645005'))],
    [patient(), sqAnswer(false, daysAgo(3)), activeSeh()],
    [
      patient({ birthDate: bornYearsAgo(45) }),
      palliative(),
      relatedPerson([MANTELZORGER]),
      ...meds(5),
      encounter('IMP', 'in-progress', { start: daysAgo(4), end: hoursAhead(10) }),
      careTeam([], { name: 'TOPZ' }),
    ],
    [patient(), palliative()],
    [patient(), activeSeh(), treatmentDirective('89666000', 'deny')],
    [patient({ deceasedDateTime: daysAgo(1) })],
    [patient({ deceasedDateTime: daysAgo(30) })],
    [patient({ deceasedDateTime: daysAgo(20) }), task('nazorggesprek', 'cancelled', { statusReason: 'geen behoefte' })],
  ];
}
const SCENARIOS = scenarios();
const allPrompts = (order: (s: unknown[]) => unknown[] = (s) => s): Prompt[] => SCENARIOS.flatMap((s) => prompts(order(s)));

describe('rules', () => {
  it('one file per prompt code under lib/pathway/rules, each exporting that one rule', async () => {
    const files = readdirSync(join(PATHWAY_DIR, 'rules')).filter((f) => !['registry.ts', 'rule.ts'].includes(f));
    expect(files.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual([...PROMPT_CODES].sort());
    for (const code of PROMPT_CODES) {
      const mod = (await import(`../../lib/pathway/rules/${code}.ts`)) as Record<string, unknown>;
      const rules = Object.values(mod).filter((v) => typeof v === 'object' && v !== null && 'evaluate' in v) as unknown as { code: string }[];
      expect(rules.map((r) => r.code)).toEqual([code]);
    }
    expect(RULES.map((r) => r.code)).toEqual([...PROMPT_CODES]);
  });

  it('every rule cites a seed with a section, and names roles', () => {
    for (const r of RULES) {
      expect(r.source.length).toBeGreaterThan(0);
      for (const s of r.source) {
        expect(['S0', 'S1', 'S2', 'S3', 'S4']).toContain(s.seed);
        expect(s.section.length).toBeGreaterThan(3);
        if (s.url) expect(s.url).toMatch(/^https:\/\//);
      }
      expect(r.roles.length).toBeGreaterThan(0);
      for (const role of r.roles) expect(ROLES).toContain(role);
    }
  });
});

describe('prompts', () => {
  const all = allPrompts();

  it('the scenarios fire all 17 codes', () => {
    expect([...new Set(all.map((p) => p.code))].sort()).toEqual([...PROMPT_CODES].sort());
  });

  it('are shaped as types.ts says: summary ≤ 140, detail, source, roles, known actions, due as ISO date', () => {
    for (const p of all) {
      expect(p.summary.length, p.code).toBeLessThanOrEqual(140);
      expect(p.summary.length).toBeGreaterThan(10);
      expect(p.detail.length).toBeGreaterThan(10);
      expect(p.source.length).toBeGreaterThan(0);
      expect(p.roles.length).toBeGreaterThan(0);
      expect(p.key.startsWith('Patient/p1|' + p.code)).toBe(true);
      for (const a of p.actions) {
        expect(ACTION_IDS).toContain(a.id);
        expect(a.label.length).toBeGreaterThan(2);
        for (const v of Object.values(a.params ?? {})) expect(typeof v).toBe('string');
      }
      if (p.due !== undefined) expect(p.due).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (p.missing) for (const m of p.missing) expect(HANDOVER_ITEMS).toContain(m);
    }
    for (const p of all.filter((x) => ['death-inform-caregivers', 'nazorg-owner-missing', 'nazorg-contact-due', 'nazorggesprek-due', 'nazorg-brochure'].includes(x.code))) {
      expect(p.nazorg?.length).toBe(5);
    }
  });

  it('a prompt is the same for the same data (stable key), whatever the order of the resources', () => {
    const again = allPrompts((s) => [...s].reverse());
    expect(again.map((p) => p.key).sort()).toEqual(all.map((p) => p.key).sort());
    expect(new Set(all.map((p) => p.key)).size).toBe(all.length);
  });
});

describe('sortPrompts', () => {
  const mk = (code: Prompt['code'], indicator: Prompt['indicator'], roles: Prompt['roles']): Prompt => ({
    code,
    indicator,
    roles,
    summary: code,
    detail: '',
    source: [],
    actions: [],
    key: code,
  });
  const list = [
    mk('naasten-unknown', 'info', ['verpleegkundige', 'specialist']),
    mk('behandelwensen-known', 'critical', ['seh-arts', 'specialist']),
    mk('central-caregiver-missing', 'warning', ['specialist', 'zaalarts']),
    mk('kindcheck', 'info', ['verpleegkundige', 'specialist']),
    mk('nazorg-contact-due', 'critical', ['zaalarts']),
  ];

  it('critical > warning > info, then the order of the pathway table', () => {
    expect(sortPrompts(list).map((p) => p.code)).toEqual(['behandelwensen-known', 'nazorg-contact-due', 'central-caregiver-missing', 'naasten-unknown', 'kindcheck']);
  });

  it("a role puts its prompts first and hides none", () => {
    const sorted = sortPrompts(list, 'verpleegkundige');
    expect(sorted.map((p) => p.code)).toEqual(['naasten-unknown', 'kindcheck', 'behandelwensen-known', 'nazorg-contact-due', 'central-caregiver-missing']);
    expect(sortPrompts(list, 'seh-arts')[0].code).toBe('behandelwensen-known');
  });
});

describe('published CodeSystem (lib/pathway/codesystem.json)', () => {
  const cs = JSON.parse(readFileSync(join(PATHWAY_DIR, 'codesystem.json'), 'utf8'));
  const contractCodes = [
    'palliatieve-fase', 'surprise-question', 'centrale-zorgverlener', 'mantelzorger', 'caregiver-burden', 'caregiver-burden-asked',
    'kindcheck', 'medicatiereview', 'nazorg', 'nazorg-contact', 'nazorggesprek', 'nazorg-brochure', 'overlijden-melden', 'mdo-verslag',
    'patz-verslag', 'vervolgbeleid', 'individueel-zorgplan', 'lichamelijk', 'psychisch', 'sociaal', 'spiritueel', 'behandelwensengesprek',
    'behandelwensen-opgevraagd', 'topz-consult',
  ];

  it('is a complete CodeSystem at the default canonical URL with every pz# code of pathway.md', () => {
    expect(cs).toMatchObject({ resourceType: 'CodeSystem', url: DEFAULT_CODE_SYSTEM, status: 'active', content: 'complete', caseSensitive: true });
    const codes = cs.concept.map((c: { code: string }) => c.code);
    expect(codes).toEqual(expect.arrayContaining(contractCodes));
    expect(cs.count).toBe(codes.length);
    for (const c of cs.concept) expect(c.display).toBeTruthy();
  });

  it('defines the same codes as the FHIR layer writes (no drift)', () => {
    expect(cs.concept.map((c: { code: string }) => c.code).sort()).toEqual(PATHWAY_CODES.map((c) => c.code).sort());
  });

  it('every pz# code the engine reads is defined', () => {
    const source = readdirSync(join(PATHWAY_DIR), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => readFileSync(join(PATHWAY_DIR, f), 'utf8'))
      .join('\n');
    const read = new Set<string>();
    for (const m of source.matchAll(/hasPz\([^,]+,[^,]+,\s*(\[[^\]]*\]|'[^']+')/g)) for (const c of m[1].matchAll(/'([^']+)'/g)) read.add(c[1]);
    for (const m of source.matchAll(/pzTasks\([^,]+,[^,]+,\s*'([^']+)'/g)) read.add(m[1]);
    expect(read.size).toBeGreaterThan(10);
    const defined = new Set(cs.concept.map((c: { code: string }) => c.code));
    expect([...read].filter((c) => !defined.has(c))).toEqual([]);
  });
});

describe('purity', () => {
  it('lib/pathway has no I/O, no clock, no React, no browser API', () => {
    const files = readdirSync(PATHWAY_DIR, { recursive: true }).map(String).filter((f) => f.endsWith('.ts'));
    for (const f of files) {
      const src = readFileSync(join(PATHWAY_DIR, f), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      expect(src, f).not.toMatch(/from ['"]node:|from ['"](fs|path|react)['"]|Date\.now\(|new Date\(\)|\bwindow\.\w|\bdocument\.\w|localStorage|\bfetch\(/);
    }
  });
});
