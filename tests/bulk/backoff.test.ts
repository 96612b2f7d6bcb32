// Backoff, Retry-After and the manifest check: pure pieces of the Bulk Data client.
import { describe, expect, it } from 'vitest';
import { nextDelay, parseRetryAfter } from '../../lib/bulk/backoff';
import { parseManifest } from '../../lib/bulk/manifest';
import { seededRandom } from '../../lib/bulk/random';
import { RULE_TYPES, systemScopes } from '../../lib/bulk/types';
import { PATIENT_FIELD } from '../../lib/fhir/record-searches';

describe('backoff', () => {
  it('reads Retry-After as seconds or an HTTP-date', () => {
    const now = Date.parse('2026-12-01T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Tue, 01 Dec 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('honours Retry-After, capped; otherwise grows exponentially within [ceiling/2, ceiling] and replays from its seed', () => {
    const policy = { baseMs: 1000, maxMs: 60_000 };
    expect(nextDelay(5, 7000, Math.random, policy)).toBe(7000);
    expect(nextDelay(0, 3_600_000, Math.random, policy)).toBe(60_000);
    const a = seededRandom(7);
    const delays = Array.from({ length: 8 }, (_, i) => nextDelay(i, undefined, a, policy));
    delays.forEach((d, i) => {
      const ceiling = Math.min(60_000, 1000 * 2 ** i);
      expect(d).toBeGreaterThanOrEqual(ceiling / 2);
      expect(d).toBeLessThanOrEqual(ceiling);
    });
    const b = seededRandom(7);
    expect(Array.from({ length: 8 }, (_, i) => nextDelay(i, undefined, b, policy))).toEqual(delays);
  });
});

describe('manifest', () => {
  const ok = { transactionTime: '2026-12-01T10:00:00Z', request: 'http://x/fhir/$export', requiresAccessToken: true, output: [{ type: 'Patient', url: 'http://x/f/1.ndjson', count: 2 }], error: [] };
  it('accepts a Bulk Data manifest', () => expect(parseManifest(ok).output[0].type).toBe('Patient'));
  it('names what is wrong in a bad one', () => {
    expect(() => parseManifest({ ...ok, output: [{ type: 'Patient' }] })).toThrow(/output\.0\.url/);
    expect(() => parseManifest({ ...ok, requiresAccessToken: 'yes' })).toThrow(/requiresAccessToken/);
  });
});

describe('types and scopes', () => {
  it('exports exactly the types the rules read, with system read+search scopes', () => {
    expect(RULE_TYPES).toEqual(expect.arrayContaining(['Patient', ...Object.keys(PATIENT_FIELD), 'Practitioner', 'PractitionerRole', 'Organization']));
    expect(RULE_TYPES).toHaveLength(1 + Object.keys(PATIENT_FIELD).length + 3);
    expect(systemScopes(['Patient', 'Task'])).toBe('system/Patient.rs system/Task.rs');
  });
});
