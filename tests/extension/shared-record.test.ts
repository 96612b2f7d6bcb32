// One request per patient switch: the badge's record load is shared with the side panel, but never
// with a content script, never stale after an invalidation, and never needed for correctness.
import { describe, expect, test, vi } from 'vitest';
import { createBackgroundCore, type Sender } from '../../lib/extension/background-core';
import { createRecordMemo, sharedFirstGateway, type RecordReply } from '../../lib/extension/shared-record';
import { TabRegistry } from '../../lib/extension/tab-registry';
import type { FhirGateway, LoadedRecord } from '../../lib/fhir/gateway';

const record = (patientId: string, n = 0): LoadedRecord => ({ patientId, resources: [{ resourceType: 'Patient', id: patientId, gender: `v${n}` }], requests: 1 });

function fakeGateway() {
  let n = 0;
  const loadPatientRecord = vi.fn(async (id: string) => record(id, ++n));
  const gateway: FhirGateway = { serverUrl: 'http://fhir.test', loadPatientRecord, loadWard: vi.fn(), searchPractitioners: vi.fn() };
  return { gateway, loadPatientRecord };
}

describe('createRecordMemo', () => {
  test('two callers within the window share one load; after the window, or after invalidate, a new one', async () => {
    let clock = 0;
    const load = vi.fn(async (id: string) => record(id));
    const memo = createRecordMemo(load, 3_000, () => clock);
    const [a, b] = await Promise.all([memo.get('p'), memo.get('p')]);
    expect(a).toBe(b);
    expect(load).toHaveBeenCalledTimes(1);
    clock = 2_999;
    await memo.get('p');
    expect(load).toHaveBeenCalledTimes(1);
    clock = 3_000;
    await memo.get('p');
    expect(load).toHaveBeenCalledTimes(2);
    memo.invalidate('p');
    await memo.get('p');
    expect(load).toHaveBeenCalledTimes(3);
    await memo.get('q');
    memo.invalidate();
    await Promise.all([memo.get('p'), memo.get('q')]);
    expect(load).toHaveBeenCalledTimes(6);
  });

  test('a failed load is forgotten at once, so the next caller tries again', async () => {
    const load = vi.fn().mockRejectedValueOnce(new Error('503')).mockResolvedValue(record('p'));
    const memo = createRecordMemo(load);
    await expect(memo.get('p')).rejects.toThrow('503');
    await expect(memo.get('p')).resolves.toMatchObject({ patientId: 'p' });
  });
});

describe('sharedFirstGateway (the side panel)', () => {
  test('the first load of a patient comes from the background; a reload of the same patient goes to the server', async () => {
    const { gateway, loadPatientRecord } = fakeGateway();
    const ask = vi.fn(async (id: string): Promise<RecordReply> => ({ ok: true, record: record(id, 99) }));
    const g = sharedFirstGateway(gateway, ask);
    expect((await g.loadPatientRecord('a')).resources[0]).toMatchObject({ gender: 'v99' });
    expect(loadPatientRecord).not.toHaveBeenCalled();
    expect((await g.loadPatientRecord('a')).resources[0]).toMatchObject({ gender: 'v1' }); // after a write: fresh
    expect((await g.loadPatientRecord('b')).resources[0]).toMatchObject({ gender: 'v99' });
    expect(ask).toHaveBeenCalledTimes(2);
  });

  test('a relay that fails, says no, is missing or answers for another patient: the panel loads it itself', async () => {
    const { gateway, loadPatientRecord } = fakeGateway();
    const replies: (() => Promise<RecordReply | undefined>)[] = [
      async () => ({ ok: false }),
      async () => undefined,
      async () => Promise.reject(new Error('Could not establish connection. Receiving end does not exist.')),
      async () => ({ ok: true, record: record('someone-else') }),
    ];
    const g = sharedFirstGateway(gateway, () => replies.shift()!());
    for (const id of ['a', 'b', 'c', 'd']) expect((await g.loadPatientRecord(id)).patientId).toBe(id);
    expect(loadPatientRecord).toHaveBeenCalledTimes(4);
  });

  test('a load the view already abandoned does not go on to the server', async () => {
    const { gateway, loadPatientRecord } = fakeGateway();
    const ac = new AbortController();
    const g = sharedFirstGateway(gateway, async () => {
      ac.abort();
      return { ok: false };
    });
    await expect(g.loadPatientRecord('a', { signal: ac.signal })).rejects.toThrow();
    expect(loadPatientRecord).not.toHaveBeenCalled();
  });
});

describe('pz:record in the background', () => {
  const setup = () => {
    const recordFor = vi.fn(async (id: string) => record(id));
    const core = createBackgroundCore({
      api: { tabs: { sendMessage: vi.fn(async () => undefined) } },
      registry: new TabRegistry(),
      adapters: async () => [],
      hasSession: async () => true,
      resolve: async () => ({ kind: 'none' }),
      counts: async () => ({ critical: 0, warning: 0, info: 0 }),
      invalidate: vi.fn(),
      record: recordFor,
      isExtensionPage: (s) => !!s.url?.startsWith('chrome-extension://abc/'),
    });
    return { core, recordFor };
  };
  const panel: Sender = { url: 'chrome-extension://abc/sidepanel.html' };
  const ehrPage: Sender = { tab: { id: 3, windowId: 1 }, frameId: 0, url: 'https://epd.example/patient/a' };

  test('answers the side panel with the shared record', async () => {
    const { core } = setup();
    await expect(core.onContentMessage({ type: 'pz:record', patientId: 'a' }, panel)).resolves.toEqual({ ok: true, record: record('a') });
  });

  test('never hands a record to a content script in an EHR page', () => {
    const { core, recordFor } = setup();
    expect(core.onContentMessage({ type: 'pz:record', patientId: 'a' }, ehrPage)).toBeUndefined();
    expect(recordFor).not.toHaveBeenCalled();
  });

  test('a failed load is answered with ok:false (the panel then loads and reports it itself)', async () => {
    const { core, recordFor } = setup();
    recordFor.mockRejectedValueOnce(new Error('401'));
    await expect(core.onContentMessage({ type: 'pz:record', patientId: 'a' }, panel)).resolves.toEqual({ ok: false });
  });
});
