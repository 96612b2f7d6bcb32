// Tab → patient bookkeeping: the side panel of a window follows the most recently focused EHR tab in it.
import { fakeBrowser } from 'wxt/testing';
import { beforeEach, describe, expect, test } from 'vitest';
import { TabRegistry } from '../../lib/extension/tab-registry';
import type { PagePatient } from '../../lib/ehr/types';

const A: PagePatient = { kind: 'fhir-id', id: 'a' };
const B: PagePatient = { kind: 'fhir-id', id: 'b' };

beforeEach(() => fakeBrowser.reset());

describe('TabRegistry', () => {
  test('the panel follows the active EHR tab of its window, and only of its window', () => {
    const r = new TabRegistry();
    expect(r.setPage(1, 10, 'fhir:a', A, true)).toEqual([10]);
    expect(r.setPage(2, 10, 'fhir:b', B, false)).toEqual([]); // background tab: the panel stays on A
    expect(r.panelEntry(10)?.patient).toEqual(A);
    expect(r.activated(2, 10)).toEqual([10]);
    expect(r.panelEntry(10)?.patient).toEqual(B);
    // another window has its own panel
    expect(r.setPage(3, 20, 'fhir:a', A, true)).toEqual([20]);
    expect(r.panelEntry(10)?.key).toBe('fhir:b');
    expect(r.panelEntry(20)?.key).toBe('fhir:a');
  });

  test('a non-EHR tab does not take the panel away from the last EHR tab', () => {
    const r = new TabRegistry();
    r.setPage(1, 10, 'fhir:a', A, true);
    expect(r.activated(99, 10)).toEqual([]);
    expect(r.panelEntry(10)?.tabId).toBe(1);
  });

  test('an in-place patient switch in the focused tab changes the panel; the same patient in another tab does not', () => {
    const r = new TabRegistry();
    r.setPage(1, 10, 'fhir:a', A, true);
    r.setPage(2, 10, 'fhir:a', A, false);
    expect(r.activated(2, 10)).toEqual([]); // same patient: nothing to redo
    expect(r.setPage(2, 10, 'fhir:b', B, true)).toEqual([10]);
    expect(r.setPage(2, 10, null, B, true)).toEqual([10]);
    expect(r.panelEntry(10)).toMatchObject({ key: null, patient: null });
  });

  test('closing the focused tab leaves the panel with no patient; moving a tab takes it along', () => {
    const r = new TabRegistry();
    r.setPage(1, 10, 'fhir:a', A, true);
    r.setPage(2, 10, 'fhir:b', B, false);
    expect(r.removed(1)).toEqual([10]);
    expect(r.panelEntry(10)).toBeNull();
    expect(r.attached(2, 30)).toEqual([30]);
    expect(r.panelEntry(30)?.patient).toEqual(B);
    expect(r.tabsShowing('fhir:b')).toEqual([2]);
  });

  test('survives a service-worker restart through storage.session', async () => {
    const r = new TabRegistry(fakeBrowser.storage.session);
    r.setPage(1, 10, 'fhir:a', A, true);
    r.setPage(2, 10, 'fhir:b', B, true);
    await r.flushed();
    const again = new TabRegistry(fakeBrowser.storage.session);
    await again.restore();
    expect(again.panelEntry(10)).toEqual({ tabId: 2, windowId: 10, key: 'fhir:b', patient: B });
    expect(again.get(1)?.patient).toEqual(A);
  });

  test('events that arrive before the restore finishes are not overwritten by the older saved state', async () => {
    const old = new TabRegistry(fakeBrowser.storage.session);
    old.setPage(1, 10, 'fhir:a', A, true);
    await old.flushed();
    const r = new TabRegistry(fakeBrowser.storage.session);
    r.setPage(1, 10, 'fhir:b', B, true);
    await r.restore();
    expect(r.get(1)?.key).toBe('fhir:b');
  });
});
