// The export asks only for the types a server offers: the SMART reference Bulk Data server has no
// Consent, and asking `system/Consent.rs` made its token endpoint refuse the client (400 invalid_scope).
import { describe, expect, it } from 'vitest';
import { offeredTypes, splitByOffer, typesIn } from '../../lib/bulk/offered-types';

const capability = {
  resourceType: 'CapabilityStatement',
  rest: [
    { mode: 'server', resource: [{ type: 'Patient' }, { type: 'Condition' }, { type: 'Group' }, { type: 42 }] },
    { mode: 'client', resource: [{ type: 'Consent' }] },
  ],
};

describe('offered types', () => {
  it('reads the server-mode types of a CapabilityStatement, nothing else', () => {
    expect([...typesIn(capability)!].sort()).toEqual(['Condition', 'Group', 'Patient']);
    expect(typesIn({ rest: [] })).toBeUndefined();
    expect(typesIn(null)).toBeUndefined();
  });

  it('splits what is asked into what the server has and what it lacks, in order', () => {
    expect(splitByOffer(['Patient', 'Consent', 'Condition'], typesIn(capability))).toEqual({ ask: ['Patient', 'Condition'], notOffered: ['Consent'] });
    // a server that says nothing: ask for everything and let it answer
    expect(splitByOffer(['Patient', 'Consent'], undefined)).toEqual({ ask: ['Patient', 'Consent'], notOffered: [] });
  });

  it('a metadata endpoint that is absent, protected or not JSON means "unknown", not "nothing"', async () => {
    const answer = (res: Response): typeof fetch => async () => res;
    expect(await offeredTypes('https://x/fhir', answer(new Response('no', { status: 401 })))).toBeUndefined();
    expect(await offeredTypes('https://x/fhir', answer(new Response('<html>', { status: 200 })))).toBeUndefined();
    expect(await offeredTypes('https://x/fhir', async () => { throw new TypeError('network'); })).toBeUndefined();
    const seen: string[] = [];
    const ok: typeof fetch = async (u) => (seen.push(String(u)), new Response(JSON.stringify(capability)));
    expect([...(await offeredTypes('https://x/fhir/', ok))!]).toContain('Patient');
    expect(seen).toEqual(['https://x/fhir/metadata']);
  });
});
