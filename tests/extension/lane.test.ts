// The fast lane's pure parts (lib/extension/lane.ts): the join of a lane's two halves, which arrive in
// either order and must never pile up, and the shape checks that keep a misbehaving page's messages
// out of the background. The ports are real MessageChannel ports (Node's), closed after each test.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createLaneJoin, isLaneHello, isLaneOffer, isPageChange, type LanePort } from '../../lib/extension/lane';

const opened: MessageChannel[] = [];
afterEach(() => {
  for (const c of opened.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

/** the worker's end of a lane (a real MessagePort), with its close() recorded */
function lanePort() {
  const channel = new MessageChannel();
  opened.push(channel);
  const closed = vi.spyOn(channel.port2, 'close');
  return { port: channel.port2 as LanePort, closed, other: channel.port1 };
}

/** joined with exactly this owner and this very port (identity: a MessagePort does not deep-compare) */
function expectJoined(joined: ReturnType<typeof vi.fn>, owner: string, port: LanePort) {
  const call = joined.mock.calls.find((c) => c[0] === owner);
  expect(call?.[0]).toBe(owner);
  expect(call?.[1] === port).toBe(true);
}

describe('createLaneJoin', () => {
  test('owner first, then the port: joined once, with that owner and that port', () => {
    const joined = vi.fn();
    const join = createLaneJoin<string>(joined);
    const { port, closed } = lanePort();
    join.offerOwner('l1', 'tab-1');
    expect(joined).not.toHaveBeenCalled();
    expect(join.pending).toBe(1);
    join.offerPort('l1', port);
    expect(joined).toHaveBeenCalledTimes(1);
    expectJoined(joined, 'tab-1', port);
    expect(join.pending).toBe(0);
    expect(closed).not.toHaveBeenCalled();
  });

  test('port first, then the owner: joined once; the same id offered again later does not join again', () => {
    const joined = vi.fn();
    const join = createLaneJoin<string>(joined);
    const first = lanePort();
    join.offerPort('l1', first.port);
    expect(joined).not.toHaveBeenCalled();
    join.offerOwner('l1', 'tab-1');
    expect(joined).toHaveBeenCalledTimes(1);
    expectJoined(joined, 'tab-1', first.port);
    // a replay of the port half alone: it waits for an owner, it is not joined to the old one
    const replay = lanePort();
    join.offerPort('l1', replay.port);
    expect(joined).toHaveBeenCalledTimes(1);
    expect(join.pending).toBe(1);
  });

  test('a second port for the same id closes the first; the owner gets the second', () => {
    const joined = vi.fn();
    const join = createLaneJoin<string>(joined);
    const first = lanePort();
    const second = lanePort();
    join.offerPort('l1', first.port);
    join.offerPort('l1', second.port);
    expect(first.closed).toHaveBeenCalledTimes(1);
    expect(second.closed).not.toHaveBeenCalled();
    expect(join.pending).toBe(1);
    join.offerOwner('l1', 'tab-1');
    expect(joined).toHaveBeenCalledTimes(1);
    expectJoined(joined, 'tab-1', second.port);
  });

  test('forget(): a waiting port is closed and a waiting owner dropped, so a late other half never joins', () => {
    const joined = vi.fn();
    const join = createLaneJoin<string>(joined);
    const waiting = lanePort();
    join.offerPort('p', waiting.port);
    join.forget('p');
    expect(waiting.closed).toHaveBeenCalledTimes(1);
    expect(join.pending).toBe(0);
    join.offerOwner('o', 'tab-1');
    join.forget('o');
    expect(join.pending).toBe(0);
    const late = lanePort();
    join.offerPort('o', late.port);
    expect(joined).not.toHaveBeenCalled();
    // forgetting an id nobody offered is harmless
    join.forget('never');
    expect(join.pending).toBe(1);
  });

  test('ports beyond `max` drop and close the oldest; the dropped one can no longer join', () => {
    const joined = vi.fn();
    const join = createLaneJoin<string>(joined, 2);
    const ports = [lanePort(), lanePort(), lanePort()];
    ports.forEach((p, i) => join.offerPort(`l${i}`, p.port));
    expect(ports[0].closed).toHaveBeenCalledTimes(1);
    expect(ports[1].closed).not.toHaveBeenCalled();
    expect(ports[2].closed).not.toHaveBeenCalled();
    expect(join.pending).toBe(2);
    join.offerOwner('l0', 'tab-0');
    expect(joined).not.toHaveBeenCalled();
    join.offerOwner('l2', 'tab-2');
    expectJoined(joined, 'tab-2', ports[2].port);
  });

  test('owners beyond `max` drop the oldest: its port, when it comes, waits instead of joining', () => {
    const joined = vi.fn();
    const join = createLaneJoin<string>(joined, 2);
    join.offerOwner('o0', 'tab-0');
    join.offerOwner('o1', 'tab-1');
    join.offerOwner('o2', 'tab-2');
    expect(join.pending).toBe(2);
    const p0 = lanePort();
    join.offerPort('o0', p0.port);
    expect(joined).not.toHaveBeenCalled();
    const p1 = lanePort();
    join.offerPort('o1', p1.port);
    expect(joined).toHaveBeenCalledTimes(1);
    expectJoined(joined, 'tab-1', p1.port);
  });

  test('the bound holds under many half-lanes that never complete', () => {
    const join = createLaneJoin<number>(() => {}, 64);
    const ports = Array.from({ length: 100 }, () => lanePort());
    ports.forEach((p, i) => join.offerPort(`p${i}`, p.port));
    for (let i = 0; i < 100; i++) join.offerOwner(`o${i}`, i);
    expect(join.pending).toBe(128);
    expect(ports.filter((p) => p.closed.mock.calls.length > 0)).toHaveLength(36);
    expect(ports.slice(0, 36).every((p) => p.closed.mock.calls.length === 1)).toBe(true);
  });
});

describe('shape checks', () => {
  const change = { type: 'pz:page', key: 'fhir:a', patient: { kind: 'fhir-id', id: 'a' }, doc: 'd-1', seq: 1 };

  test('isPageChange: a numbered change of a document, with or without a patient', () => {
    expect(isPageChange(change)).toBe(true);
    expect(isPageChange({ ...change, key: null, patient: null })).toBe(true);
    expect(isPageChange({ ...change, seq: Number.MAX_SAFE_INTEGER })).toBe(true);
    expect(isPageChange({ ...change, doc: 'x'.repeat(100) })).toBe(true);
  });

  test.each([
    ['seq 0', { ...change, seq: 0 }],
    ['a negative seq', { ...change, seq: -1 }],
    ['a non-integer seq', { ...change, seq: 1.5 }],
    ['NaN', { ...change, seq: Number.NaN }],
    ['Infinity', { ...change, seq: Number.POSITIVE_INFINITY }],
    ['an unsafe integer', { ...change, seq: 2 ** 53 }],
    ['a seq as text', { ...change, seq: '1' }],
    ['no seq', { ...change, seq: undefined }],
    ['no doc', { ...change, doc: undefined }],
    ['an empty doc', { ...change, doc: '' }],
    ['a huge doc', { ...change, doc: 'x'.repeat(101) }],
    ['a doc that is not text', { ...change, doc: 7 }],
    ['a key that is not text', { ...change, key: 7 }],
    ['no key', { ...change, key: undefined }],
    ['another type', { ...change, type: 'pz:badge' }],
    ['null', null],
    ['a string', 'pz:page'],
    ['a number', 1],
  ])('isPageChange rejects %s', (_, m) => {
    expect(isPageChange(m)).toBe(false);
  });

  test('isLaneOffer / isLaneHello: their own type and an id of 1..100 characters', () => {
    expect(isLaneOffer({ type: 'pz:lane', laneId: 'l' })).toBe(true);
    expect(isLaneOffer({ type: 'pz:lane', laneId: 'l'.repeat(100) })).toBe(true);
    expect(isLaneHello({ type: 'hello', laneId: 'l' })).toBe(true);
    expect(isLaneHello({ type: 'hello', laneId: 'l'.repeat(100) })).toBe(true);
  });

  test.each([
    ['no id', undefined],
    ['an empty id', ''],
    ['a huge id', 'l'.repeat(101)],
    ['an id that is not text', 42],
    ['an id that is an object', { toString: () => 'l' }],
  ])('isLaneOffer and isLaneHello reject %s', (_, laneId) => {
    expect(isLaneOffer({ type: 'pz:lane', laneId })).toBe(false);
    expect(isLaneHello({ type: 'hello', laneId })).toBe(false);
  });

  test('isLaneOffer and isLaneHello do not take each other (nor anything else)', () => {
    expect(isLaneOffer({ type: 'hello', laneId: 'l' })).toBe(false);
    expect(isLaneHello({ type: 'pz:lane', laneId: 'l' })).toBe(false);
    for (const m of [null, undefined, 'pz:lane', 3, []]) {
      expect(isLaneOffer(m)).toBe(false);
      expect(isLaneHello(m)).toBe(false);
    }
  });
});
