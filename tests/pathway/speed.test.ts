// Rules must cost well under a tenth of parsing the JSON they run on (design.md "Numbers to reach").
// Measured over the four Synthea fixtures plus 1000 generated records.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { measureRules, steadyRatio } from '../../bench/rules';
import { syntheaPath } from '../support/fixtures';
import { generateRecords } from './support/generate';

describe('speed', () => {
  it('generateRecords is deterministic', () => {
    expect(JSON.stringify(generateRecords(3, 7))).toBe(JSON.stringify(generateRecords(3, 7)));
    expect(JSON.stringify(generateRecords(3, 7))).not.toBe(JSON.stringify(generateRecords(3, 8)));
  });

  it('rules cost a small share of JSON parsing (fixtures + 1000 generated records; the < 1/10 target is the bench\'s)', async () => {
    const now = new Date('2024-06-15T10:00:00+02:00');
    const texts = [
      ...['Michele_Wolf', 'Ned_Hintz', 'Birgit_Schmeler', 'Max_Dicki'].map((p) => readFileSync(syntheaPath(p), 'utf8')),
      ...generateRecords(1000, 42, { now }).map((b) => JSON.stringify(b)),
    ];
    // one plain pass for the counts and the log line (the ratio below is measured apart, yielding)
    const best = measureRules(texts, now);
    console.info(
      `speed: ${best.records} records, ${(best.bytes / 1e6).toFixed(1)} MB, parse ${best.parseMs.toFixed(1)} ms, ` +
        `validate ${best.validateMs.toFixed(1)} ms, rules ${best.rulesMs.toFixed(1)} ms, ${best.prompts} prompts`,
    );
    expect(best.records).toBe(1004);
    expect(best.prompts).toBeGreaterThan(500);
    // judged record by record, fastest of five each, after warm-up (bench/rules.ts steadyRatio says why).
    // The design target (< 0.1) is the bench's verdict (`npm run bench`, with the machine's load beside
    // it): quiet, this measures ~0.07. This test guards the code, not the machine: on this 2-core
    // machine under a load of 6 the same code measured 0.093–0.118 (the rules' branchy, pointer-chasing
    // work suffers more from a busy sibling core than JSON.parse's streaming), so a bar at the target
    // would fail for slowness. At 0.25 it fails for what is wrong: rules that cost 3× what they do.
    const steady = await steadyRatio(texts, now);
    console.info(`speed: steady rules ${steady.rulesMs.toFixed(1)} ms / parse ${steady.parseMs.toFixed(1)} ms = ${steady.ratio.toFixed(3)}`);
    expect(steady.prompts).toBe(best.prompts);
    expect(steady.ratio).toBeLessThan(0.25);
    // its own hang guard: 83 s were seen at load 14, too close to the suite's 120 s
  }, 600_000);

  it('on the four Synthea fixtures alone, too', async () => {
    const now = new Date('2016-05-10T12:00:00+02:00');
    const texts = ['Michele_Wolf', 'Ned_Hintz', 'Birgit_Schmeler', 'Max_Dicki'].map((p) => readFileSync(syntheaPath(p), 'utf8'));
    // four records take a few ms: one descheduling on a busy machine is as long as the whole run, so
    // the fastest of more repeats (cheap here); the same bar as above, for the same reason
    const steady = await steadyRatio(texts, now, { repeats: 15 });
    expect(steady.prompts).toBeGreaterThan(0);
    expect(steady.ratio).toBeLessThan(0.25);
  });
});
