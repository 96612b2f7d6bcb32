// The badge's short texts (lib/pathway/short): for every prompt code ≤ 40 characters of Dutch that the
// engine sets; behandelwensen-known says what not to do, the others are their summary cut at a word.
import { describe, expect, it } from 'vitest';
import { evaluatePatient, PROMPT_CODES, type Prompt, type PromptCode } from '../../../lib/pathway/index';
import { SHORT_MAX, shortenAtWord, shortText } from '../../../lib/pathway/short';
import { loadNictiz } from '../../support/fixtures';
import {
  MANTELZORGER,
  activeSeh,
  advanceDirective,
  bornYearsAgo,
  careTeam,
  condition,
  daysAgo,
  encounter,
  hoursAhead,
  meds,
  palliative,
  patient,
  promptFor,
  prompts,
  relatedPerson,
  snomed,
  sqAnswer,
  task,
  treatmentDirective,
} from '../support/builders';

/** Records that together fire every prompt code (as in tests/pathway/contract.test.ts). */
const SCENARIOS: unknown[][] = [
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
const byCode = new Map<PromptCode, Prompt>();
for (const s of SCENARIOS) for (const p of prompts(s)) byCode.set(p.code, p);

/** `short` is `summary` itself, or whole words of it followed by "…" (never a word cut in two). */
function expectSummaryAtWord(p: Prompt) {
  const s = p.short!;
  if (!s.endsWith('…')) return expect(s).toBe(p.summary);
  const stem = s.slice(0, -1);
  expect(p.summary.startsWith(stem), `${p.code}: "${s}" is not the start of "${p.summary}"`).toBe(true);
  // the summary goes on with a space or a punctuation mark there, not with the rest of a word
  expect(p.summary.charAt(stem.length), `${p.code}: "${s}" cuts a word`).toMatch(/[\s:;,.(–-]/u);
}

describe('short text per prompt code', () => {
  it('the scenarios fire every code', () => {
    expect([...byCode.keys()].sort()).toEqual([...PROMPT_CODES].sort());
  });

  it.each(PROMPT_CODES.filter((c) => c !== 'behandelwensen-known'))('%s: the summary shortened at a word, ≤ 40 characters', (code) => {
    const p = byCode.get(code)!;
    expect(p.short, code).toBeTruthy();
    expect(p.short!.length, `${code}: "${p.short}"`).toBeLessThanOrEqual(SHORT_MAX);
    expect(p.short!.length).toBeGreaterThan(8);
    expectSummaryAtWord(p);
    expect(p.short).toBe(shortText(p));
  });

  it('behandelwensen-known: a Reanimatie deny says "Niet reanimeren"', () => {
    expect(byCode.get('behandelwensen-known')!.short).toBe('Niet reanimeren');
  });
});

describe('behandelwensen-known: the treatments marked niet uitvoeren', () => {
  const known = (...directives: unknown[]) => promptFor('behandelwensen-known', [patient(), activeSeh(), ...directives])!;

  it('Joke Smit’s directives (reanimatie and IC denied, antibiotica permitted): "Niet reanimeren · geen IC"', () => {
    const p = known(treatmentDirective('89666000', 'deny', { id: 'a' }), treatmentDirective('305351004', 'deny', { id: 'b' }), treatmentDirective('281789004', 'permit', { id: 'c' }));
    expect(p.indicator).toBe('critical');
    expect(p.short).toBe('Niet reanimeren · geen IC');
  });

  it('a niet-reanimerenverklaring next to a reanimatie deny says it once', () => {
    expect(known(advanceDirective('NR'), treatmentDirective('89666000', 'deny')).short).toBe('Niet reanimeren');
  });

  it('all six treatments denied: whole phrases that fit, the rest counted, ≤ 40', () => {
    const codes = ['89666000', '40617009', '305351004', '32485007', '281789004', '116762002'];
    const p = known(...codes.map((c, i) => treatmentDirective(c, 'deny', { id: `t${i}` })));
    expect(p.short!.length).toBeLessThanOrEqual(SHORT_MAX);
    expect(p.short).toMatch(/^Niet reanimeren · .* \+\d$/);
    const shown = p.short!.replace(/ \+\d$/, '').split(' · ').length;
    expect(shown + Number(p.short!.match(/\+(\d)$/)![1])).toBe(6);
  });

  it('only permits (no limit): the summary at a word, not a "niet"', () => {
    const p = known(treatmentDirective('281789004', 'permit'));
    expect(p.indicator).toBe('info');
    expect(p.short).not.toMatch(/niet|geen/i);
    expectSummaryAtWord(p);
  });

  it('a treatment outside the table (text only) reads "geen <treatment>"', () => {
    const p = { ...byCode.get('behandelwensen-known')!, directives: [{ resourceType: 'Consent' as const, kind: 'treatment-directive' as const, treatment: 'Dialyse', decision: 'deny' as const }] };
    expect(shortText(p)).toBe('Geen dialyse');
  });

  it('real zib2020 examples: AdvanceDirective-01 (NR) says "Niet reanimeren"; TreatmentDirective2-02 (SpecificationOther) no limit', () => {
    const seh = (pid: string) => ({ resourceType: 'Encounter', id: `seh-${pid}`, status: 'in-progress', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'EMER' }, subject: { reference: `Patient/${pid}` }, period: { start: '2024-06-15T08:00:00+02:00' } });
    const now = new Date('2024-06-15T10:00:00+02:00');
    const nr = evaluatePatient([loadNictiz('nl-core-Patient-01'), loadNictiz('nl-core-AdvanceDirective-01'), seh('nl-core-Patient-01')], { now, patient: 'Patient/nl-core-Patient-01' });
    expect(nr.prompts.find((p) => p.code === 'behandelwensen-known')?.short).toBe('Niet reanimeren');
    const pid = 'nl-core-TreatmentDirective2-02-Patient-01';
    const other = evaluatePatient([loadNictiz(pid), loadNictiz('nl-core-TreatmentDirective2-02'), seh(pid)], { now }).prompts.find((p) => p.code === 'behandelwensen-known')!;
    expect(other.short!.length).toBeLessThanOrEqual(SHORT_MAX);
    expect(other.short).not.toMatch(/niet reanimeren/i);
  });
});

describe('shortenAtWord', () => {
  it('keeps a text of exactly 40 characters, cuts one of 41 at the last whole word', () => {
    const exact = 'a'.repeat(20) + ' ' + 'b'.repeat(19);
    expect(exact.length).toBe(40);
    expect(shortenAtWord(exact)).toBe(exact);
    const over = exact + 'c';
    expect(shortenAtWord(over)).toBe(`${'a'.repeat(20)}…`);
  });

  it('drops the clause punctuation before the ellipsis and collapses white space', () => {
    expect(shortenAtWord('Geen behandelwensen bekend op de SEH: bel de huisarts voor de behandelwensen.')).toBe('Geen behandelwensen bekend op de SEH…');
    expect(shortenAtWord('  Bel   de nabestaande  ')).toBe('Bel de nabestaande');
  });

  it('one word longer than 40 is cut hard, still ≤ 40', () => {
    const s = shortenAtWord('x'.repeat(60));
    expect(s).toBe(`${'x'.repeat(39)}…`);
  });
});
