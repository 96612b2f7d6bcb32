// The fallback of run.ts when a patient's JSON array does not parse as a whole: its lines one by one.
// The record's source is its Patient line, as on the normal path (store.ts groups()), even when a line
// of a type sorted before Patient (CarePlan, Condition, …) comes first; a line that does not parse is a
// failure with its file:line, the rest is read.
import { describe, expect, it } from 'vitest';
import { readRowByRow } from '../../lib/population/run';

const row = (file: string, line: number, type: string, json: string) => ({ source: `${file}:${line}`, file, type, json });

describe('a patient read line by line', () => {
  it('takes the Patient line as the source and reports the line that does not parse', () => {
    const r = readRowByRow([
      row('CarePlan.ndjson', 1, 'CarePlan', '{"resourceType":"CarePlan","id":"cp1","subject":{"reference":"Patient/p1"}}'),
      row('Condition.ndjson', 5, 'Condition', '{"resourceType":"Condition","id":"c1","x":nan}'),
      row('Patient.ndjson', 3, 'Patient', '{"resourceType":"Patient","id":"p1"}'),
    ]);
    expect(r.source).toBe('Patient.ndjson:3');
    expect(r.sources).toEqual(['CarePlan.ndjson', 'Patient.ndjson']);
    expect(r.own.map((x) => (x as { id: string }).id)).toEqual(['cp1', 'p1']);
    expect(r.failures).toEqual([{ source: 'Condition.ndjson:5', message: 'not JSON (truncated or malformed line)' }]);
  });

  it('without a readable Patient line: the first line read', () => {
    const r = readRowByRow([
      row('CarePlan.ndjson', 2, 'CarePlan', '{"resourceType":"CarePlan","id":"cp1","subject":{"reference":"Patient/p1"}}'),
      row('Patient.ndjson', 3, 'Patient', '{"resourceType":"Patient","id":"p1",}'),
    ]);
    expect(r.source).toBe('CarePlan.ndjson:2');
    expect(r.failures).toEqual([{ source: 'Patient.ndjson:3', message: 'not JSON (truncated or malformed line)' }]);
  });
});
