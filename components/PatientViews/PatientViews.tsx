// The patient view of the bed the clinician is at, and the next beds' views made ready beforehand.
//
// Why (issue #17, profiled in docs/performance.md): rendering one patient's view is about 11 ms of CPU in
// the side panel (React render of the cards ≈ 8 ms, commit and effects ≈ 4 ms), often 20 ms of wall time
// on two busy cores, so a prefetched switch could not show its prompts within one frame (16 ms) however
// fast the panel heard of it. Each patient of the ward list already in memory (lib/fhir/ward-prefetch.ts)
// therefore gets its own view, rendered at idle priority inside a hidden React <Activity> (no effects, so
// no request, no subscription) into a detached container. A switch to one of them moves its container
// into the page and makes it visible: its effects then start the one fresh load, exactly as a view
// mounted for that patient would. The page only ever holds the current patient's view; a hidden view is
// not in the document, so nothing can find, read or click another patient's prompts.
//
// Each view is one patient's for its whole life (its `patientId` never changes): a view that was shown
// and left is dropped, and made ready again from the prefetched record (marked "wordt bijgewerkt" again),
// never kept with its earlier fresh state. It leaves the page in the switch's own commit, but is dropped
// only a task later (`leaving`): unmounting a whole view (its effects, its DOM, a new portal root's event
// listeners) was about half of the switch's work in the panel, and none of it has to come before the next
// patient's prompts are on screen. Each hidden view is made again once a minute, so a prepared
// view's clock is never older than the live clock's own minute; one view at a time, spread over the
// minute (a ward's 24 views at once would take the panel's thread for a few hundred ms, and a switch in
// that moment would wait for it). They go with the prefetched record (expiry,
// another ward, logout).
import { Activity, memo, startTransition, useCallback, useEffect, useLayoutEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { createPortal } from 'react-dom';
import type { FhirGateway } from '../../lib/fhir/gateway';
import { PatientPromptsView, type PatientPromptsViewProps } from '../PatientPromptsView/PatientPromptsView';
import { preparedAround } from './prepared-around';
import { ViewErrorBoundary } from './ViewErrorBoundary';
import { mark } from '../../lib/extension/trace';

/** how many beds around the current one are kept ready (the ward list's order, both ways) */
export const DEFAULT_PREPARED = 24;
const MINUTE = 60_000;

export interface PatientViewsProps extends PatientPromptsViewProps {
  /** at most this many prepared views besides the current one (0: none, the view is rendered on each switch) */
  maxPrepared?: number;
}

const none = () => () => {};
/** a view's React key: one patient (or none), its life, its epoch; `p:` so no id can read as "none" */
const viewKey = (id: string | null, life: number, epoch: number) => `${id === null ? 'none' : `p:${id}`}#${life}#${epoch}`;
const noIds: string[] = [];

/** the gateway's prefetched patients, as a snapshot that stays the same array while its ids do */
function usePrefetchedIds(gateway: FhirGateway): string[] {
  const [last] = useState(() => ({ ids: noIds }));
  const subscribe = useCallback((cb: () => void) => gateway.onPrefetchChange?.(cb) ?? (() => {}), [gateway]);
  const snapshot = useCallback(() => {
    const next = gateway.prefetchedIds?.() ?? noIds;
    if (next.length !== last.ids.length || next.some((id, i) => id !== last.ids[i])) last.ids = next;
    return last.ids;
  }, [gateway, last]);
  return useSyncExternalStore(gateway.onPrefetchChange ? subscribe : none, snapshot, snapshot);
}

export function PatientViews({ maxPrepared = DEFAULT_PREPARED, ...view }: PatientViewsProps) {
  const current = view.patientId;
  const ids = usePrefetchedIds(view.gateway);
  // Each hidden view is made again once a minute, one per tick: a view's epoch is (tick + its place in
  // the ward list) / slots, which moves on for exactly one place per tick.
  const slots = Math.max(1, Math.min(ids.length, maxPrepared + 1));
  const [tick, setTick] = useState(0);
  const preparing = maxPrepared > 0 && ids.length > 0;
  useEffect(() => {
    if (!preparing) return undefined;
    const timer = setInterval(() => setTick((n) => n + 1), MINUTE / slots);
    return () => clearInterval(timer);
  }, [preparing, slots]);
  const place = useMemo(() => new Map(ids.map((id, i) => [id, i])), [ids]);
  const epoch = (id: string | null) => Math.floor((tick + ((id !== null ? place.get(id) : undefined) ?? 0) % slots) / slots);
  // `lives` counts how often a patient's view was shown and left: each time it gets a new view
  const [shown, setShown] = useState<{ id: string | null; key: string; lives: ReadonlyMap<string, number> }>(() => ({
    id: current,
    key: viewKey(current, 0, epoch(current)),
    lives: new Map(),
  }));
  // the view just left: out of the page, still mounted until the task after the switch (see above)
  const [leaving, setLeaving] = useState<Leaving | null>(null);
  let { lives } = shown;
  let shownKey = shown.key;
  let left = leaving;
  if (shown.id !== current) {
    // (set in the render that sees the switch: the prepared view is revealed in the first commit)
    mark('panel:switch');
    const next = new Map(lives);
    if (shown.id) next.set(shown.id, (lives.get(shown.id) ?? 0) + 1);
    lives = next;
    shownKey = viewKey(current, (current !== null && lives.get(current)) || 0, epoch(current));
    left = { id: shown.id, key: shown.key };
    setShown({ id: current, key: shownKey, lives });
    setLeaving(left);
  }
  // back to the patient being left: that one is a new view (above), the old one goes at once
  if (left && left.id === current) left = null;
  useEffect(() => {
    if (!leaving) return undefined;
    // a task after the switch, as a transition: the next patient's prompts are painted first
    const timer = setTimeout(() => startTransition(() => setLeaving((l) => (l === leaving ? null : l))), 0);
    return () => clearTimeout(timer);
  }, [leaving]);
  const prepared = useMemo(() => (maxPrepared > 0 ? preparedAround(ids, current, maxPrepared) : []), [ids, current, maxPrepared]);

  const [slot, setSlot] = useState<HTMLDivElement | null>(null);
  const entries: Entry[] = [];
  // one stable order (the ward list's, the current patient in its place): keyed views never move
  const inList = current !== null && prepared.includes(current);
  if (left && !(left.id !== null && prepared.includes(left.id))) entries.push({ ...left, role: 'leaving' });
  if (!inList) entries.push({ id: current, key: shownKey, role: 'current' });
  for (const id of prepared) {
    if (id === current) entries.push({ id, key: shownKey, role: 'current' });
    else if (left && left.id === id) entries.push({ ...left, role: 'leaving' });
    else entries.push({ id, key: viewKey(id, lives.get(id) ?? 0, epoch(id)), role: 'prepared' });
  }
  return (
    <div className="pz-views" ref={setSlot}>
      {slot &&
        entries.map((e) => (
          <PreparedView
            key={e.key}
            slot={slot}
            inPage={e.role === 'current'}
            active={e.role !== 'prepared'}
            // a view being left is not rendered again, whatever its props now
            frozen={e.role === 'leaving'}
            {...view}
            patientId={e.id}
            // what the EHR page showed belongs to the current patient only
            // (a boolean either way: a prop that goes from undefined to false would render the view again)
            unknownPatient={e.role === 'current' && !!view.unknownPatient}
            ehrIdentifier={e.role === 'current' ? view.ehrIdentifier : undefined}
          />
        ))}
    </div>
  );
}

/** a view that was shown and is being left */
interface Leaving {
  id: string | null;
  key: string;
}
interface Entry extends Leaving {
  /** current: its container is in the page; leaving: out of it, kept as it was; prepared: hidden, no effects */
  role: 'current' | 'leaving' | 'prepared';
}

/**
 * The view, rendered again only when one of its props changes: revealing a prepared view does not render
 * it, and a view being left (`frozen`) is never rendered again, whatever its props.
 */
const ReadyView = memo(
  function ReadyView({ frozen: _frozen, ...props }: PatientPromptsViewProps & { frozen: boolean }) {
    return <PatientPromptsView {...props} />;
  },
  (prev, next) => next.frozen || shallowEqual(prev, next),
);

function shallowEqual<T extends object>(a: T, b: T): boolean {
  const ka = Object.keys(a) as (keyof T)[];
  return ka.length === Object.keys(b).length && ka.every((k) => Object.is(a[k], b[k]));
}

/**
 * One patient's view in its own container, which is in the page only while it is the current one.
 * Memoised: a switch re-renders the views whose place changes, and those only to move their containers.
 */
const PreparedView = memo(function PreparedView({
  slot,
  inPage,
  active,
  frozen,
  ...props
}: PatientPromptsViewProps & { slot: HTMLElement; inPage: boolean; active: boolean; frozen: boolean }) {
  const [container] = useState(() => {
    const div = slot.ownerDocument.createElement('div');
    div.className = 'pz-view-slot';
    return div;
  });
  useLayoutEffect(() => {
    if (!inPage) return undefined;
    slot.append(container);
    mark('panel:revealed');
    return () => container.remove();
  }, [inPage, slot, container]);
  return (
    <Activity mode={active ? 'visible' : 'hidden'}>
      {createPortal(
        <ViewErrorBoundary>
          <ReadyView {...props} frozen={frozen} />
        </ViewErrorBoundary>,
        container,
      )}
    </Activity>
  );
});
