// The background's message handling and stale-answer rules, with the browser parts fakeBrowser lacks
// (tabs.sendMessage, sidePanel, ports) mocked.
import { describe, expect, test, vi } from 'vitest';
import { createBackgroundCore, type PortLike, type Sender } from '../../lib/extension/background-core';
import { TabRegistry } from '../../lib/extension/tab-registry';
import { DEMO_EHR_ADAPTER, DEMO_EHR_BSN_ADAPTER, BSN_SYSTEM } from '../../lib/ehr/builtin';
import type { PagePatient } from '../../lib/ehr/types';
import type { Counts } from '../../lib/extension/messages';
import { SmartLaunchError } from '../../lib/fhir/smart-policy';
import type { PanelPatientContext } from '../../lib/host/contract';

const A: PagePatient = { kind: 'fhir-id', id: 'a' };
const B: PagePatient = { kind: 'fhir-id', id: 'b' };
const BSN: PagePatient = { kind: 'identifier', system: BSN_SYSTEM, value: '999010066' };
const c = (critical: number, warning = 0, info = 0): Counts => ({ critical, warning, info });

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function setup(over: Partial<Parameters<typeof createBackgroundCore>[0]> = {}) {
  const sent: { tabId: number; message: unknown }[] = [];
  const api = {
    tabs: { sendMessage: vi.fn(async (tabId: number, message: unknown) => void sent.push({ tabId, message })) },
    sidePanel: { open: vi.fn(async () => {}) },
  };
  const registry = new TabRegistry();
  const counts = vi.fn(async (id: string): Promise<Counts> => (id === 'a' ? c(1, 2, 3) : c(0, 1, 0)));
  const core = createBackgroundCore({
    api,
    registry,
    adapters: async () => [DEMO_EHR_ADAPTER],
    hasSession: async () => true,
    resolve: async (p) => (p.kind === 'fhir-id' ? { kind: 'patient', patientId: p.id } : { kind: 'patient', patientId: 'a', ehrIdentifier: { system: p.system, value: p.value } }),
    counts,
    invalidate: vi.fn(),
    probeAfterMs: 0,
    ...over,
  });
  return { api, registry, core, sent, counts };
}

const tab = (id: number, windowId = 1, active = true): Sender => ({ tab: { id, windowId, active, url: 'http://127.0.0.1:8787/ehr/patients/a' }, frameId: 0, url: 'http://127.0.0.1:8787/ehr/patients/a' });

function fakePort() {
  const listeners: ((m: unknown) => void)[] = [];
  const disconnect: (() => void)[] = [];
  const posted: PanelPatientContext[] = [];
  const port: PortLike = {
    name: 'pz-panel',
    postMessage: (m) => posted.push((m as { ctx: PanelPatientContext }).ctx),
    onMessage: { addListener: (cb) => listeners.push(cb) },
    onDisconnect: { addListener: (cb) => disconnect.push(cb) },
  };
  return { port, posted, send: (m: unknown) => listeners.forEach((l) => l(m)), close: () => disconnect.forEach((d) => d()) };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('content script messages', () => {
  test('pz:adapters answers the adapters for the sender page only', async () => {
    const { core } = setup();
    expect(await core.onContentMessage({ type: 'pz:adapters' }, tab(1))).toEqual({ adapters: [DEMO_EHR_ADAPTER] });
    const other = { ...tab(1), url: 'https://example.org/', tab: { ...tab(1).tab, url: 'https://example.org/' } };
    expect(await core.onContentMessage({ type: 'pz:adapters' }, other)).toEqual({ adapters: [] });
  });

  test('pz:page answers the counts of that patient, tagged with its key', async () => {
    const { core } = setup();
    expect(await core.onContentMessage({ type: 'pz:page', key: 'fhir:a', patient: A }, tab(1))).toEqual({ key: 'fhir:a', status: 'ready', counts: c(1, 2, 3) });
    expect(await core.onContentMessage({ type: 'pz:page', key: null, patient: null }, tab(1))).toBeNull();
  });

  test('iframes and messages without a tab are ignored', () => {
    const { core, registry } = setup();
    expect(core.onContentMessage({ type: 'pz:page', key: 'fhir:a', patient: A }, { ...tab(1), frameId: 3 })).toBeUndefined();
    expect(core.onContentMessage({ type: 'pz:page', key: 'fhir:a', patient: A }, { url: 'x' })).toBeUndefined();
    expect(registry.get(1)).toBeUndefined();
  });

  test('no session → "login"; expired session → "login"; unknown patient → "unknown"; other failure → "error"', async () => {
    expect(await setup({ hasSession: async () => false }).core.onContentMessage({ type: 'pz:page', key: 'fhir:a', patient: A }, tab(1))).toEqual({ key: 'fhir:a', status: 'login' });
    const expired = setup({ counts: async () => Promise.reject(new SmartLaunchError('session-expired')) });
    expect(await expired.core.onContentMessage({ type: 'pz:page', key: 'fhir:a', patient: A }, tab(1))).toEqual({ key: 'fhir:a', status: 'login' });
    const unknown = setup({ resolve: async () => ({ kind: 'unknown' }) });
    expect(await unknown.core.onContentMessage({ type: 'pz:page', key: 'x', patient: BSN }, tab(1))).toEqual({ key: 'x', status: 'unknown' });
    const broken = setup({ counts: async () => Promise.reject(new Error('500')) });
    expect(await broken.core.onContentMessage({ type: 'pz:page', key: 'fhir:a', patient: A }, tab(1))).toEqual({ key: 'fhir:a', status: 'error' });
  });

  test('pz:open-panel opens the side panel synchronously (inside the click gesture) for the sender tab', () => {
    const { core, api } = setup();
    void core.onContentMessage({ type: 'pz:open-panel' }, tab(7));
    expect(api.sidePanel.open).toHaveBeenCalledWith({ tabId: 7 });
  });

  test('Firefox: the sidebar opens instead', () => {
    const open = vi.fn(async () => {});
    const { core } = setup({ api: { tabs: { sendMessage: vi.fn(async () => undefined) }, sidebarAction: { open } } });
    void core.onContentMessage({ type: 'pz:open-panel' }, tab(7));
    expect(open).toHaveBeenCalled();
  });
});

describe('stale answers', () => {
  test('a slow answer for A is not pushed once the tab shows B; B gets its own counts', async () => {
    const slowA = deferred<Counts>();
    const { core, sent } = setup({ counts: (id) => (id === 'a' ? slowA.promise : Promise.resolve(c(0, 1, 0))) });
    const first = core.onContentMessage({ type: 'pz:page', key: 'fhir:a', patient: A }, tab(1)) as Promise<unknown>;
    const second = await core.onContentMessage({ type: 'pz:page', key: 'fhir:b', patient: B }, tab(1));
    expect(second).toEqual({ key: 'fhir:b', status: 'ready', counts: c(0, 1, 0) });
    core.refreshAll(); // e.g. a login while A is still loading: must push only for B
    slowA.resolve(c(9, 9, 9));
    // the direct answer for A still names A (the content script drops it: its key is B now)
    expect(await first).toEqual({ key: 'fhir:a', status: 'ready', counts: c(9, 9, 9) });
    await tick();
    expect(sent.every((s) => (s.message as { state: { key: string } }).state.key === 'fhir:b')).toBe(true);
    expect(sent.length).toBeGreaterThan(0);
  });

  test('refreshAll pushes new counts to every tab that shows a patient, after invalidating', async () => {
    const { core, sent } = setup();
    await core.onContentMessage({ type: 'pz:page', key: 'fhir:a', patient: A }, tab(1));
    await core.onContentMessage({ type: 'pz:page', key: 'fhir:b', patient: B }, tab(2, 1, false));
    await core.onContentMessage({ type: 'pz:page', key: null, patient: null }, tab(3, 1, false));
    core.refreshAll('a');
    await tick();
    expect(sent.map((s) => s.tabId).sort()).toEqual([1, 2]);
    expect(sent.find((s) => s.tabId === 1)?.message).toEqual({ type: 'pz:badge', state: { key: 'fhir:a', status: 'ready', counts: c(1, 2, 3) } });
  });
});

describe('side panel port', () => {
  test('the panel gets the patient of its window at once and follows tab switches and in-place switches', async () => {
    const { core } = setup();
    await core.onContentMessage({ type: 'pz:page', key: 'fhir:a', patient: A }, tab(1));
    await core.onContentMessage({ type: 'pz:page', key: 'fhir:b', patient: B }, tab(2, 1, false));
    const p = fakePort();
    core.onConnect(p.port);
    p.send({ type: 'watch', windowId: 1 });
    await tick();
    expect(p.posted).toEqual([{ kind: 'patient', patientId: 'a' }]);
    core.onTabActivated(2, 1);
    await tick();
    expect(p.posted.at(-1)).toEqual({ kind: 'patient', patientId: 'b' });
    await core.onContentMessage({ type: 'pz:page', key: null, patient: null }, tab(2));
    await tick();
    expect(p.posted.at(-1)).toEqual({ kind: 'none' });
    core.onTabActivated(1, 1);
    await tick();
    expect(p.posted.at(-1)).toEqual({ kind: 'patient', patientId: 'a' });
  });

  test('panels of other windows are not told', async () => {
    const { core } = setup();
    const p = fakePort();
    core.onConnect(p.port);
    p.send({ type: 'watch', windowId: 2 });
    await tick();
    await core.onContentMessage({ type: 'pz:page', key: 'fhir:a', patient: A }, tab(1, 1));
    await tick();
    expect(p.posted).toEqual([{ kind: 'none' }]);
  });

  test('an identifier resolves before the panel hears of it; a slower earlier resolution never overwrites a newer one', async () => {
    const slow = deferred<PanelPatientContext>();
    const { core } = setup({ resolve: (p) => (p.kind === 'identifier' ? slow.promise : Promise.resolve({ kind: 'patient', patientId: p.id })) });
    const p = fakePort();
    core.onConnect(p.port);
    p.send({ type: 'watch', windowId: 1 });
    void core.onContentMessage({ type: 'pz:page', key: 'id:bsn', patient: BSN }, tab(1));
    await tick();
    void core.onContentMessage({ type: 'pz:page', key: 'fhir:b', patient: B }, tab(1));
    await tick();
    slow.resolve({ kind: 'patient', patientId: 'a' });
    await tick();
    expect(p.posted.at(-1)).toEqual({ kind: 'patient', patientId: 'b' });
    expect(p.posted).not.toContainEqual({ kind: 'patient', patientId: 'a' });
  });

  test('an identifier that cannot be resolved yet (not logged in) shows as unknown with what the page showed', async () => {
    const { core } = setup({ resolve: async () => Promise.reject(new SmartLaunchError('session-expired')) });
    await core.onContentMessage({ type: 'pz:page', key: 'id:bsn', patient: BSN }, tab(1));
    expect(await core.panelContext(1)).toEqual({ kind: 'unknown', ehrIdentifier: { system: BSN_SYSTEM, value: '999010066' } });
  });

  test('refresh from the panel invalidates that patient and closing the panel forgets the port', async () => {
    const invalidate = vi.fn();
    const { core } = setup({ invalidate });
    const p = fakePort();
    core.onConnect(p.port);
    p.send({ type: 'watch', windowId: 1 });
    p.send({ type: 'refresh', patientId: 'a' });
    expect(invalidate).toHaveBeenCalledWith('a');
    expect(core.portCount()).toBe(1);
    p.close();
    expect(core.portCount()).toBe(0);
  });
});

describe('tab navigation', () => {
  test('a tab that loads a page without our content script shows nobody', async () => {
    const { core, registry, api } = setup();
    await core.onContentMessage({ type: 'pz:page', key: 'fhir:a', patient: A }, tab(1));
    api.tabs.sendMessage.mockRejectedValueOnce(new Error('Could not establish connection. Receiving end does not exist.'));
    await core.onTabLoading(1);
    expect(registry.get(1)).toBeUndefined();
  });

  test('a same-document navigation keeps what the content script still reports', async () => {
    const { core, registry, api } = setup();
    await core.onContentMessage({ type: 'pz:page', key: 'fhir:a', patient: A }, tab(1));
    api.tabs.sendMessage.mockResolvedValueOnce({ key: 'fhir:b', patient: B } as never);
    await core.onTabLoading(1);
    expect(registry.get(1)?.key).toBe('fhir:b');
  });

  test('a page that reports itself before the probe is not asked at all', async () => {
    const { core, registry, api } = setup({ probeAfterMs: 20 });
    await core.onContentMessage({ type: 'pz:page', key: 'fhir:a', patient: A }, tab(1));
    api.tabs.sendMessage.mockClear();
    const loading = core.onTabLoading(1);
    await core.onContentMessage({ type: 'pz:page', key: 'fhir:b', patient: B }, tab(1));
    await loading;
    expect(api.tabs.sendMessage.mock.calls.filter(([, m]) => (m as { type?: string }).type === 'pz:ping')).toEqual([]);
    expect(registry.get(1)?.key).toBe('fhir:b');
  });

  test('a report that arrives during the probe wins over the probe', async () => {
    const { core, registry, api } = setup();
    await core.onContentMessage({ type: 'pz:page', key: 'fhir:a', patient: A }, tab(1));
    const probe = deferred<unknown>();
    const asked = deferred<void>();
    api.tabs.sendMessage.mockImplementationOnce(() => (asked.resolve(), probe.promise) as never);
    const loading = core.onTabLoading(1);
    await asked.promise; // the probe is out: now the page reports
    await core.onContentMessage({ type: 'pz:page', key: 'fhir:b', patient: B }, tab(1));
    probe.resolve(undefined);
    await loading;
    expect(registry.get(1)?.key).toBe('fhir:b');
  });
});

test('the BSN example adapter is a valid second adapter for the same origin', () => {
  expect(DEMO_EHR_BSN_ADAPTER.origins).toEqual(DEMO_EHR_ADAPTER.origins);
});
