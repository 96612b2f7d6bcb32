// @vitest-environment jsdom
// components/PatientViews: the prefetched beds' views made ready hidden, revealed on a switch.
import { act, cleanup, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { PatientViews } from '../../components/PatientViews/PatientViews';
import { preparedAround } from '../../components/PatientViews/prepared-around';
import { createWardPrefetch, prefetchingGateway } from '../../lib/fhir/ward-prefetch';
import type { Prompt } from '../../lib/pathway/types';
import { FakeGateway, FakeQueue, MemoryAckStore, NOW, fakeEvaluate, patient, prompt, renderI18n } from './support';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const banners = (c: HTMLElement) => Array.from(c.ownerDocument.querySelectorAll('[data-patient-id]')).map((e) => e.getAttribute('data-patient-id'));
const codes = (c: HTMLElement) => Array.from(c.ownerDocument.querySelectorAll('[data-prompt-code]')).map((e) => e.getAttribute('data-prompt-code'));
const stale = (c: HTMLElement) => c.ownerDocument.querySelector('[data-stale]')?.getAttribute('data-stale');

async function ward(byPatient: Record<string, Prompt[]>, ttlMs?: number) {
  const direct = new FakeGateway();
  direct.manual = true;
  for (const id of Object.keys(byPatient)) direct.records.set(id, [patient(id)]);
  const prefetch = createWardPrefetch({ ttlMs });
  const gateway = prefetchingGateway(direct, prefetch);
  await gateway.loadWard({ location: 'Location/w' });
  const evaluate = vi.fn(fakeEvaluate(byPatient));
  const props = { gateway, queue: new FakeQueue(), acks: new MemoryAckStore(), evaluate, role: 'specialist' as const, now: NOW };
  return { direct, prefetch, gateway, evaluate, props };
}

const three = () => ({
  a: [prompt({ code: 'kindcheck', key: 'a|k' })],
  b: [prompt({ code: 'naasten-unknown', key: 'b|n' })],
  c: [prompt({ code: 'topz-consult', key: 'c|t' })],
});

describe('PatientViews', () => {
  test('the page holds only the current patient\'s view; the prepared ones are rendered beforehand, outside it', async () => {
    const w = await ward(three());
    const { container } = renderI18n(<PatientViews {...w.props} patientId="a" />);
    await waitFor(() => expect(codes(container)).toEqual(['kindcheck']));
    // b and c were evaluated for their hidden views, and none of them is in the document
    await waitFor(() => expect(new Set(w.evaluate.mock.calls.map((c) => c[1].patientId))).toEqual(new Set(['a', 'b', 'c'])));
    expect(banners(container)).toEqual(['a']);
    // a hidden view has no effects: no load for b or c went out
    expect(w.direct.loads.map((l) => l.patientId)).toEqual(['a']);
  });

  test('a switch to a prepared patient shows its prompts in the first commit, marked, without rendering the rules again; one load confirms it', async () => {
    const w = await ward(three());
    const { container, rerender } = renderI18n(<PatientViews {...w.props} patientId="a" />);
    await waitFor(() => expect(new Set(w.evaluate.mock.calls.map((c) => c[1].patientId))).toEqual(new Set(['a', 'b', 'c'])));
    const before = w.evaluate.mock.calls.length;
    // every DOM state from the switch on: never another patient's banner or cards
    const seen: string[] = [];
    const o = new MutationObserver(() => seen.push(`${banners(container).join(',')}:${codes(container).join(',')}`));
    o.observe(container.ownerDocument.body, { subtree: true, childList: true, attributes: true });
    act(() => rerender(<PatientViews {...w.props} patientId="b" />));
    expect(banners(container)).toEqual(['b']);
    expect(codes(container)).toEqual(['naasten-unknown']);
    expect(stale(container)).toBe('true');
    expect(w.evaluate.mock.calls.slice(before).filter((c) => c[1].patientId === 'b')).toHaveLength(0);
    const load = w.direct.loads.find((l) => l.patientId === 'b')!;
    await act(async () => load.d.resolve(w.direct.recordFor('b')));
    await waitFor(() => expect(stale(container)).toBe('false'));
    o.disconnect();
    expect(codes(container)).toEqual(['naasten-unknown']);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => s === 'b:naasten-unknown')).toBe(true);
    // shown, not just present: React's hidden Activity would leave display:none on it
    expect((container.ownerDocument.querySelector('.pz-view') as HTMLElement).style.display).not.toBe('none');
    expect(w.direct.loads.filter((l) => l.patientId === 'b')).toHaveLength(1);
  });

  test('back to a patient already seen: a new view from the prefetched record, marked again, never its earlier fresh state', async () => {
    const w = await ward(three());
    const { container, rerender } = renderI18n(<PatientViews {...w.props} patientId="a" />);
    const a = w.direct.loads.find((l) => l.patientId === 'a')!;
    await act(async () => a.d.resolve(w.direct.recordFor('a')));
    await waitFor(() => expect(stale(container)).toBe('false'));
    act(() => rerender(<PatientViews {...w.props} patientId="b" />));
    await waitFor(() => expect(w.direct.loads.filter((l) => l.patientId === 'b')).toHaveLength(1));
    act(() => rerender(<PatientViews {...w.props} patientId="a" />));
    expect(banners(container)).toEqual(['a']);
    expect(codes(container)).toEqual(['kindcheck']);
    expect(stale(container)).toBe('true');
    // and a's late answer to its first view (left) is not what confirms this one: a second load
    await waitFor(() => expect(w.direct.loads.filter((l) => l.patientId === 'a')).toHaveLength(2));
  });

  test('a patient outside the ward list: rendered on the switch as before, and the prepared views stay ready', async () => {
    const w = await ward(three());
    w.direct.records.set('x', [patient('x')]);
    const byX = fakeEvaluate({ x: [prompt({ code: 'kindcheck', key: 'x|k' })], ...three() });
    const props = { ...w.props, evaluate: byX };
    const { container, rerender } = renderI18n(<PatientViews {...props} patientId="a" />);
    act(() => rerender(<PatientViews {...props} patientId="x" />));
    expect(banners(container)).toEqual(['x']);
    await act(async () => w.direct.loads.find((l) => l.patientId === 'x')!.d.resolve(w.direct.recordFor('x')));
    await waitFor(() => expect(codes(container)).toEqual(['kindcheck']));
    act(() => rerender(<PatientViews {...props} patientId="c" />));
    expect(banners(container)).toEqual(['c']);
    expect(codes(container)).toEqual(['topz-consult']);
  });

  test('the prepared views go with the prefetch: a clear (logout, another ward) drops them', async () => {
    const w = await ward(three());
    const { container, rerender } = renderI18n(<PatientViews {...w.props} patientId="a" />);
    await waitFor(() => expect(new Set(w.evaluate.mock.calls.map((c) => c[1].patientId))).toEqual(new Set(['a', 'b', 'c'])));
    act(() => w.prefetch.clear());
    const before = w.evaluate.mock.calls.length;
    act(() => rerender(<PatientViews {...w.props} patientId="b" />));
    // nothing ready and nothing cached: b loads like any patient (banner loading, no cards yet)
    expect(codes(container)).toEqual([]);
    expect(w.evaluate.mock.calls.length).toBe(before);
    await act(async () => w.direct.loads.find((l) => l.patientId === 'b')!.d.resolve(w.direct.recordFor('b')));
    await waitFor(() => expect(codes(container)).toEqual(['naasten-unknown']));
  });

  test('the prefetch tells of each expiry by itself (the panel then drops those views), a record refreshed by a fresh load included', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'queueMicrotask'] });
    const prefetch = createWardPrefetch({ ttlMs: 1000 });
    const changed = vi.fn();
    prefetch.subscribe(changed);
    prefetch.put('Location/w|', [{ patientId: 'a', resources: [], requests: 1 }, { patientId: 'b', resources: [], requests: 1 }]);
    expect(prefetch.ids()).toEqual(['a', 'b']);
    vi.advanceTimersByTime(600);
    // a's fresh load renews its record: it lives 600 ms longer than b's
    prefetch.loaded({ patientId: 'a', resources: [], requests: 1 });
    changed.mockClear();
    vi.advanceTimersByTime(401);
    expect(changed).toHaveBeenCalledTimes(1);
    expect(prefetch.ids()).toEqual(['a']);
    vi.advanceTimersByTime(600);
    expect(changed).toHaveBeenCalledTimes(2);
    expect(prefetch.ids()).toEqual([]);
  });

  test('each hidden view is made again once a minute, one at a time, never all in one moment', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const w = await ward(three());
    renderI18n(<PatientViews {...w.props} patientId="a" />);
    const hidden = () => w.evaluate.mock.calls.filter((c) => c[1].patientId !== 'a').length;
    const shown = () => w.evaluate.mock.calls.filter((c) => c[1].patientId === 'a').length;
    await waitFor(() => expect(hidden()).toBe(2));
    const shownBefore = shown();
    // three patients, three slots: a tick every 20 s; a view's epoch moves on when (tick + its place) % 3 is 0:
    // tick 1 re-makes c (place 2), tick 2 b (place 1), tick 3 a (the current one: nothing), tick 4 c again
    for (const [tick, total] of [[1, 3], [2, 4], [3, 4], [4, 5]] as const) {
      act(() => vi.advanceTimersByTime(20_000));
      // (tick 3 is checked by tick 4's total: had it re-made anything, the count would run ahead)
      if (tick !== 3) await waitFor(() => expect(hidden()).toBe(total));
    }
    expect(hidden()).toBe(5);
    // the view on screen is never made again by a tick (it would lose its fresh state)
    expect(shown()).toBe(shownBefore);
  });

  test('maxPrepared 0: no hidden views, each switch renders as before', async () => {
    const w = await ward(three());
    const { container, rerender } = renderI18n(<PatientViews {...w.props} patientId="a" maxPrepared={0} />);
    await waitFor(() => expect(codes(container)).toEqual(['kindcheck']));
    expect(new Set(w.evaluate.mock.calls.map((c) => c[1].patientId))).toEqual(new Set(['a']));
    act(() => rerender(<PatientViews {...w.props} patientId="b" maxPrepared={0} />));
    // still from the prefetched record, in the switch's own render
    expect(codes(container)).toEqual(['naasten-unknown']);
  });
});

describe('preparedAround', () => {
  const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
  test('the nearest beds both ways, in the list\'s order, the current one included', () => {
    expect(preparedAround(ids, 'd', 2)).toEqual(['c', 'd', 'e']);
    expect(preparedAround(ids, 'd', 3)).toEqual(['c', 'd', 'e', 'f']);
    // around the end of the list: the walk goes on at its start
    expect(preparedAround(ids, 'g', 2)).toEqual(['a', 'f', 'g']);
  });
  test('everything when it fits; the first ones without a current patient in the list', () => {
    expect(preparedAround(ids, 'd', 10)).toEqual(ids);
    expect(preparedAround(ids, null, 3)).toEqual(['a', 'b', 'c']);
    expect(preparedAround(ids, 'zz', 2)).toEqual(['a', 'b']);
  });
});
