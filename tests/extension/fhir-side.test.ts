// The background's FHIR side against an in-process FHIR server: identifier → Patient, badge counts
// from the same engine and acknowledgements as the panel, and the shared login across contexts.
import { fakeBrowser } from 'wxt/testing';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { memoryFhir, BASE } from '../fhir/support/memory-fhir';
import { loadSynthea } from '../support/fixtures';
import { createPatientResolver } from '../../lib/extension/resolve-patient';
import { countOpenPrompts, createCountCache } from '../../lib/extension/badge-counts';
import { createLiveSession, TOKEN_KEY, type LiveSessionApi } from '../../lib/extension/live-session';
import { createFhirGateway } from '../../lib/fhir/load-record';
import { engineEvaluate } from '../../lib/host/engine';
import { BSN_SYSTEM } from '../../lib/ehr/builtin';
import { isSessionExpired } from '../../lib/fhir/smart-policy';
import type { Acknowledgement } from '../../lib/host/contract';

beforeEach(() => fakeBrowser.reset());

describe('identifier → FHIR Patient', () => {
  test('one match resolves; none or two is unknown; a FHIR id needs no request', async () => {
    const fhir = memoryFhir();
    await fhir.seed([
      { resourceType: 'Patient', id: 'p1', identifier: [{ system: BSN_SYSTEM, value: '999000011' }] },
      { resourceType: 'Patient', id: 'p2', identifier: [{ system: BSN_SYSTEM, value: '999000022' }] },
      { resourceType: 'Patient', id: 'p3', identifier: [{ system: BSN_SYSTEM, value: '999000022' }] },
    ]);
    const r = createPatientResolver(() => ({ serverUrl: BASE, fetch: fhir.fetch }));
    expect(await r.resolve({ kind: 'identifier', system: BSN_SYSTEM, value: '999000011' })).toEqual({ kind: 'patient', patientId: 'p1', ehrIdentifier: { system: BSN_SYSTEM, value: '999000011' } });
    expect(await r.resolve({ kind: 'identifier', system: BSN_SYSTEM, value: '999000022' })).toMatchObject({ kind: 'unknown' });
    expect(await r.resolve({ kind: 'identifier', system: BSN_SYSTEM, value: '999000099' })).toMatchObject({ kind: 'unknown' });
    expect(await r.resolve({ kind: 'identifier', system: 'urn:other', value: '999000011' })).toMatchObject({ kind: 'unknown' });
    const before = fhir.log.length;
    expect(await r.resolve({ kind: 'fhir-id', id: 'p9' })).toEqual({ kind: 'patient', patientId: 'p9' });
    // a resolved identifier is remembered for the session
    await r.resolve({ kind: 'identifier', system: BSN_SYSTEM, value: '999000011' });
    expect(fhir.log.length).toBe(before);
    expect(fhir.log.find((l) => l.includes('identifier='))).toContain(`identifier=${encodeURIComponent(`${BSN_SYSTEM}|999000011`)}`);
  });
});

describe('badge counts', () => {
  test('Michele Wolf 35 days after her death: 2 critical + 1 warning nazorg prompts, minus acknowledged ones', async () => {
    const fhir = memoryFhir();
    const bundle = loadSynthea('Michele_Wolf');
    await fhir.seed(bundle.entry.map((e) => e.resource));
    const patientId = bundle.entry.find((e) => e.resource.resourceType === 'Patient')!.resource.id as string;
    const gateway = createFhirGateway({ serverUrl: BASE, fetch: fhir.fetch });
    const evaluate = engineEvaluate();
    const now = new Date('2016-05-10T12:00:00+02:00'); // the pathway's own fixture test pins this day
    const record = await gateway.loadPatientRecord(patientId);
    const { prompts } = evaluate(record.resources, { now, role: 'specialist', patientId });
    const byIndicator = (ps: typeof prompts) => ({
      critical: ps.filter((p) => p.indicator === 'critical').length,
      warning: ps.filter((p) => p.indicator === 'warning').length,
      info: ps.filter((p) => p.indicator === 'info').length,
    });
    const acks: Acknowledgement[] = [];
    const deps = { gateway, evaluate, acks: { list: async () => acks }, role: () => 'specialist' as const, now: () => now };
    expect(await countOpenPrompts(deps, patientId)).toEqual({ critical: 2, warning: 1, info: 0 });
    expect(byIndicator(prompts)).toEqual({ critical: 2, warning: 1, info: 0 });
    acks.push({ id: '1', patientId, promptCode: prompts[0].code, promptKey: prompts[0].key, reason: 'already-done', at: now.toISOString() });
    expect(await countOpenPrompts(deps, patientId)).toEqual(byIndicator(prompts.slice(1)));
    // a snooze that ended no longer hides it
    acks[0] = { ...acks[0], until: new Date(now.getTime() - 1000).toISOString() };
    expect(await countOpenPrompts(deps, patientId)).toEqual(byIndicator(prompts));
  });

  test('the cache shares one load per patient, forgets failures and honours invalidate', async () => {
    let t = 0;
    const load = vi.fn(async (id: string) => (id === 'bad' ? Promise.reject(new Error('x')) : { critical: 1, warning: 0, info: 0 }));
    const cache = createCountCache(load, 1000, () => t);
    await Promise.all([cache.get('a'), cache.get('a')]);
    expect(load).toHaveBeenCalledTimes(1);
    await expect(cache.get('bad')).rejects.toThrow();
    await expect(cache.get('bad')).rejects.toThrow();
    expect(load).toHaveBeenCalledTimes(3);
    cache.invalidate('a');
    await cache.get('a');
    t = 5000;
    await cache.get('a');
    expect(load).toHaveBeenCalledTimes(5);
  });
});

describe('shared login across extension contexts', () => {
  const api = (): LiveSessionApi => ({
    identity: { getRedirectURL: () => 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/', launchWebAuthFlow: async () => undefined },
    storage: fakeBrowser.storage as unknown as LiveSessionApi['storage'],
  });

  test('no token: requests fail as an expired session; a login elsewhere (storage.session) is picked up', async () => {
    const s = createLiveSession(api(), { fhirBase: BASE });
    expect(await s.token()).toBeUndefined();
    await expect(s.connection.getAuthHeader!()).rejects.toSatisfy(isSessionExpired);
    const changed = vi.fn();
    s.onTokenChange(changed);
    await fakeBrowser.storage.session.set({ [TOKEN_KEY]: { serverUrl: BASE, accessToken: 'tok-1', fhirUser: 'Practitioner/x' } });
    await vi.waitFor(() => expect(changed).toHaveBeenCalled());
    expect(await s.connection.getAuthHeader!()).toBe('Bearer tok-1');
    // refreshed elsewhere: the new token, not the stale copy
    await fakeBrowser.storage.session.set({ [TOKEN_KEY]: { serverUrl: BASE, accessToken: 'tok-2' } });
    await vi.waitFor(() => expect(changed).toHaveBeenCalledTimes(2));
    expect(await s.connection.getAuthHeader!()).toBe('Bearer tok-2');
    await fakeBrowser.storage.session.remove(TOKEN_KEY);
    await vi.waitFor(() => expect(changed).toHaveBeenCalledTimes(3));
    await expect(s.connection.getAuthHeader!()).rejects.toSatisfy(isSessionExpired);
    s.close();
  });

  test('a token for another FHIR server is not used', async () => {
    await fakeBrowser.storage.session.set({ [TOKEN_KEY]: { serverUrl: 'https://other.example/fhir', accessToken: 'tok' } });
    const s = createLiveSession(api(), { fhirBase: BASE });
    expect(await s.token()).toBeUndefined();
    s.close();
  });
});
