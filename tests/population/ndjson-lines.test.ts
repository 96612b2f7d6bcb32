// The NDJSON reader at the byte level (lib/population/ndjson.ts + store.ts index()): lines go into DuckDB
// undecoded and DuckDB's JSON reader decides, so these pin what JSON.parse would have said: lines DuckDB
// accepts and JSON.parse refuses (trailing comma, NaN) are failures, a "NaN" inside a string is not;
// CRLF, blank lines, a last line without '\n', split files per type, non-resources and invalid UTF-8.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPopulation } from '../../lib/population/run';

const NOW = new Date('2024-06-15T10:00:00+02:00');
const json = (r: object) => JSON.stringify(r);
const condition = (id: string, patient: string) => ({ resourceType: 'Condition', id, subject: { reference: `Patient/${patient}` }, code: { text: 'x' } });

describe('population NDJSON lines', () => {
  it('reports exactly the lines JSON.parse refuses, with file and line; reads the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pz-lines-'));
    const nd = join(dir, 'nd');
    mkdirSync(nd);
    // CRLF endings, a blank and a whitespace-only line, the last line without '\n'
    writeFileSync(join(nd, 'Patient.ndjson'), [json({ resourceType: 'Patient', id: 'p1', name: [{ text: 'NaN Infinity' }] }), '', '  \t', json({ resourceType: 'Patient', id: 'p2' })].join('\r\n'));
    writeFileSync(
      join(nd, 'Condition.1.ndjson'),
      [
        json(condition('c1', 'p1')),
        '{"resourceType":"Condition","id":"c2","subject":{"reference":"Patient/p1"},}', // trailing comma: yyjson reads it
        '{"resourceType":"Condition","id":"c3","subject":{"reference":"Patient/p1"},"x":NaN}',
        json({ ...condition('c4', 'p2'), note: [{ text: 'a, ] and NaN, } inside a string' }] }), // looks lenient, is JSON
      ].join('\n') + '\n',
    );
    writeFileSync(join(nd, 'Condition.2.ndjson'), `${json(condition('c5', 'p1'))}\n[1,2]\n"just a string"\n{"resourceType":5}\n`);
    // an unread type: still checked as JSON, counted, never evaluated
    writeFileSync(join(nd, 'Claim.ndjson'), `${json({ resourceType: 'Claim', id: 'k1', patient: { reference: 'Patient/p1' } })}\n{"resourceType":"Claim","total":Infinity}\n`);
    writeFileSync(join(nd, 'Flag.ndjson'), Buffer.concat([Buffer.from('{"resourceType":"Flag","id":"f1","status":"active","code":{"text":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"},"subject":{"reference":"Patient/p1"}}\n')]));

    const out = join(dir, 'out');
    const summary = await runPopulation({ ndjsonDir: nd, outDir: out, now: NOW, progress: false, batchSize: 1 });
    const w = JSON.parse(readFileSync(join(out, 'worklist.json'), 'utf8'));
    expect(w.failures).toEqual([
      { source: 'Claim.ndjson:2', message: 'not JSON (truncated or malformed line)' },
      { source: 'Condition.1.ndjson:2', message: 'not JSON (truncated or malformed line)' },
      { source: 'Condition.1.ndjson:3', message: 'not JSON (truncated or malformed line)' },
      { source: 'Condition.2.ndjson:2', message: 'not a FHIR resource (no resourceType)' },
      { source: 'Condition.2.ndjson:3', message: 'not a FHIR resource (no resourceType)' },
      { source: 'Condition.2.ndjson:4', message: 'not a FHIR resource (no resourceType)' },
      { source: 'Flag.ndjson:1', message: 'not JSON (truncated or malformed line)' },
    ]);
    expect(summary.failures).toEqual(w.failures);
    // 2 Patients + c1, c4, c5 + the readable Claim
    expect(summary.records).toBe(6);
    expect(summary.patients).toBe(2);
    const byPatient = new Map(w.results.map((r: { patient: string }) => [r.patient, r]));
    expect(byPatient.get('Patient/p1')).toMatchObject({ source: 'Patient.ndjson:1', sources: ['Condition.1.ndjson', 'Condition.2.ndjson', 'Patient.ndjson'], errors: [] });
    // after a CRLF, a blank and a whitespace-only line, the last line is line 4
    expect(byPatient.get('Patient/p2')).toMatchObject({ source: 'Patient.ndjson:4', sources: ['Condition.1.ndjson', 'Patient.ndjson'] });
  }, 120_000);

  // yyjson reads nan/inf in any letter case (and -INF, infinity): JSON.parse does not. Every such line is a
  // failure with file:line, whether it is a patient's, a shared resource's, an orphan's or an unread type's;
  // "Infusion" or "nan" inside a string are data, not a lenient value.
  it('reports nan, -INF, inf lines of every kind with file and line; the run goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pz-lines-'));
    const nd = join(dir, 'nd');
    mkdirSync(nd);
    writeFileSync(join(nd, 'Patient.ndjson'), `${json({ resourceType: 'Patient', id: 'p1', name: [{ text: 'Nan Inf' }], generalPractitioner: [{ reference: 'Organization/o1' }] })}\n`);
    writeFileSync(
      join(nd, 'Condition.ndjson'),
      [
        json({ ...condition('c1', 'p1'), code: { text: 'Infusion' } }),
        '{"resourceType":"Condition","id":"c2","subject":{"reference":"Patient/p1"},"x":nan}',
        '{"resourceType":"Condition","id":"c9","x":nan}', // an orphan: names no patient
        '{"resourceType":"Condition","id":"c3","subject":{"reference":"Patient/p1"},"x":[1, +Inf]}',
      ].join('\n') + '\n',
    );
    writeFileSync(join(nd, 'Organization.ndjson'), '{"resourceType":"Organization","id":"o1","name":"Huisartsen","x":-INF}\n');
    writeFileSync(join(nd, 'Claim.ndjson'), '{"resourceType":"Claim","total":inf}\n{"resourceType":"Claim","total":Infinity}\n{"resourceType":"Claim","x":NAN}\n');
    const out = join(dir, 'out');
    const summary = await runPopulation({ ndjsonDir: nd, outDir: out, now: NOW, progress: false, batchSize: 1 });
    const w = JSON.parse(readFileSync(join(out, 'worklist.json'), 'utf8'));
    const notJson = (source: string) => ({ source, message: 'not JSON (truncated or malformed line)' });
    expect(w.failures).toEqual([notJson('Claim.ndjson:1'), notJson('Claim.ndjson:2'), notJson('Claim.ndjson:3'), notJson('Condition.ndjson:2'), notJson('Condition.ndjson:3'), notJson('Condition.ndjson:4'), notJson('Organization.ndjson:1')]);
    expect(summary.failures).toEqual(w.failures);
    // p1 and c1 ("Infusion" is no inf)
    expect(summary.records).toBe(2);
    expect(w.results.map((r: { patient: string }) => r.patient)).toEqual(['Patient/p1']);
    expect(w.unattributed).toEqual([]);
    // the parser's message never leaves the run: it would quote the line
    expect(JSON.stringify(w)).not.toMatch(/Unexpected token|is not valid JSON/);
  }, 120_000);
});

// The reader's chunks (4 MiB in a run; small here, injectable): a line split at a chunk boundary, a CRLF
// whose CR ends one chunk and whose LF starts the next, a line several chunks long, and a file index past
// 65,535 read the same as one large chunk does.
describe('population NDJSON chunk boundaries', () => {
  const write = (nd: string) => {
    const long = json({ resourceType: 'Patient', id: 'p2', name: [{ text: 'L'.repeat(200) }] });
    const lines = [json({ resourceType: 'Patient', id: 'p1' }), long, json(condition('c1', 'p1')), json(condition('c2', 'p2'))];
    writeFileSync(join(nd, 'All.ndjson'), lines.join('\r\n') + '\r\n');
    return lines;
  };
  it.each([7, 16, 36, 37, 64, 1 << 20])('chunks of %i bytes read every line once, CR stripped', async (chunkBytes) => {
    const dir = mkdtempSync(join(tmpdir(), 'pz-chunk-'));
    const nd = join(dir, 'nd');
    mkdirSync(nd);
    const lines = write(nd);
    // a CRLF across a boundary: with chunks of 37 bytes the first chunk ends on the first line's CR (36 bytes + CR)
    expect(lines[0].length).toBe(36);
    const out = join(dir, 'out');
    const summary = await runPopulation({ ndjsonDir: nd, outDir: out, now: NOW, progress: false, chunkBytes });
    const w = JSON.parse(readFileSync(join(out, 'worklist.json'), 'utf8'));
    expect(w.failures).toEqual([]);
    expect(summary.records).toBe(4);
    expect(w.results.map((r: { patient: string; source: string }) => [r.patient, r.source])).toEqual([['Patient/p1', 'All.ndjson:1'], ['Patient/p2', 'All.ndjson:2']]);
  }, 120_000);

  it('a file index past 65,535', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pz-files-'));
    const nd = join(dir, 'nd');
    mkdirSync(nd);
    // 65,537 files: all but the last empty, so the last one's index needs more than 16 bits
    for (let i = 0; i < 65_536; i++) writeFileSync(join(nd, `a${String(i).padStart(5, '0')}.ndjson`), '');
    writeFileSync(join(nd, 'z.ndjson'), `${json({ resourceType: 'Patient', id: 'p1' })}\n{"resourceType":"Condition","x":nan}\n`);
    const out = join(dir, 'out');
    const summary = await runPopulation({ ndjsonDir: nd, outDir: out, now: NOW, progress: false });
    expect(summary.failures).toEqual([{ source: 'z.ndjson:2', message: 'not JSON (truncated or malformed line)' }]);
    const w = JSON.parse(readFileSync(join(out, 'worklist.json'), 'utf8'));
    expect(w.results.map((r: { source: string }) => r.source)).toEqual(['z.ndjson:1']);
  }, 600_000);
});
