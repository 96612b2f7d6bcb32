import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActionParams, FhirGateway, LoadedRecord, OutboxEntry, WriteQueue } from '../../lib/fhir/gateway';
import type { ActionId, Prompt, Role } from '../../lib/pathway/types';
import { applyAcknowledgements, snoozeUntil } from '../../lib/ui/ack';
import { caregiverCandidates } from '../../lib/ui/careteam';
import { gpContacts } from '../../lib/ui/gp';
import { newlyConfirmed, writeStateByPrompt } from '../../lib/ui/outbox';
import { bannerInfo } from '../../lib/ui/patient';
import { AckSnoozeDialog } from '../AckSnoozeDialog/AckSnoozeDialog';
import { ReopenDialog } from '../AckSnoozeDialog/ReopenDialog';
import { ActionContext, actionParams, type ActionContextValue } from '../common/ActionContext';
import { RoleSwitch } from '../common/RoleSwitch';
import type { AckStore, Acknowledgement, CurrentUser, EvaluateFn, Reopening } from '../../lib/host/contract';
import { NazorgTimeline } from '../NazorgTimeline/NazorgTimeline';
import { PatientBanner, type BannerState } from '../PatientBanner/PatientBanner';
import { PendingWrites } from '../PendingWrites/PendingWrites';
import { PromptList } from '../PromptList/PromptList';
import { matchRecord, nazorgSteps } from './PatientPromptsView.utils';
import { sameRecord } from '../../lib/fhir/ward-prefetch';
import { mark } from '../../lib/extension/trace';

export interface PatientPromptsViewProps {
  gateway: FhirGateway;
  queue: WriteQueue;
  acks: AckStore;
  evaluate: EvaluateFn;
  /** the FHIR Patient id the host says is open; null = no patient open */
  patientId: string | null;
  /** host knows the EHR shows a patient it could not resolve */
  unknownPatient?: boolean;
  /** what the EHR page showed (e.g. BSN), checked against the loaded Patient */
  ehrIdentifier?: { system?: string; value: string };
  role: Role;
  onRoleChange?: (r: Role) => void;
  user?: CurrentUser;
  /** fixed clock for tests and demos; the live clock otherwise */
  now?: Date;
  /** the host knows which load errors mean "log in again" (e.g. HTTP 401) and where to do that */
  relogin?: { isAuthError: (e: unknown) => boolean; href: string };
}

/** The buttons that act on the record (write, acknowledge, reopen): held while the record is stale. */
const ACTION_BUTTONS = '.pz-card__actions button, .pz-card__foot button, .pz-card__handled button';

type LoadState =
  | { status: 'idle' }
  | { status: 'loading'; patientId: string }
  /** `stale`: a prefetched record shown while its fresh load is under way ("wordt bijgewerkt") */
  | { status: 'loaded'; record: LoadedRecord; loadedAt: number; stale?: boolean }
  | { status: 'error'; patientId: string; message: string; auth: boolean };

/**
 * One patient's pathway: banner, prompts (evaluated by the engine), inline actions written through
 * the host's WriteQueue, pending writes. Both hosts (side panel, SMART app) render this.
 */
export function PatientPromptsView(props: PatientPromptsViewProps) {
  const { gateway, queue, acks, evaluate, patientId, role, onRoleChange, user } = props;
  const { t } = useTranslation();
  mark('panel:view');
  // On a switch, the new patient's load state is set in the very render that sees the new id (not in an
  // effect after it): a prefetched record is on screen in the first commit, one frame sooner.
  const firstLoad = (id: string | null): LoadState => {
    if (!id) return { status: 'idle' };
    const cached = gateway.cachedRecord?.(id);
    return cached?.patientId === id ? { status: 'loaded', record: cached, loadedAt: Date.now(), stale: true } : { status: 'loading', patientId: id };
  };
  const [allEntries, setEntries] = useState<OutboxEntry[]>([]);
  const [allAcks, setAckList] = useState<Acknowledgement[]>(() => (patientId ? (acks.cached?.(patientId) ?? []) : []));
  const [load, setLoad] = useState<LoadState>(() => firstLoad(patientId));
  const [loadFor, setLoadFor] = useState(patientId);
  if (loadFor !== patientId) {
    setLoadFor(patientId);
    // the previous record of the same patient stays (a reload after a write keeps it on screen)
    if (!(load.status === 'loaded' && load.record.patientId === patientId)) setLoad(firstLoad(patientId));
    // and this patient's acknowledgements as this page last read them: a snoozed prompt never flashes open
    const knownAcks = patientId ? acks.cached?.(patientId) : undefined;
    if (knownAcks) setAckList(knownAcks);
  }
  const [reloadToken, setReloadToken] = useState(0);
  // The first render after a switch can show a prefetched record before the effects below have read
  // this patient's outbox and acknowledgements: what they still hold of the previous patient is not shown.
  const entries = useMemo(() => allEntries.filter((e) => e.patientId === patientId), [allEntries, patientId]);
  const ackList = useMemo(() => allAcks.filter((a) => a.patientId === patientId), [allAcks, patientId]);
  const [dialogFor, setDialogFor] = useState<Prompt | null>(null);
  const [reopenFor, setReopenFor] = useState<{ ack: Acknowledgement; prompt: Prompt } | null>(null);
  const [reopened, setReopenings] = useState<{ patientId: string | null; list: Reopening[] }>({ patientId: null, list: [] });
  const reopenings = reopened.patientId === patientId ? reopened.list : [];
  const [focusRequest, setFocusRequest] = useState<{ code: string; at: number } | null>(null);
  const clearFocusRequest = useCallback(() => setFocusRequest(null), []);
  const rootRef = useRef<HTMLDivElement>(null);
  const listHeadingRef = useRef<HTMLHeadingElement>(null);
  const focusWasInside = useRef(false);
  // The patient the user is on now. A response for any other patient is stale and dropped, so a slow
  // answer for the previous patient can never paint over the current one.
  const current = useRef<string | null>(patientId);
  current.current = patientId;
  const loadSeq = useRef(0);
  const reloginRef = useRef(props.relogin);
  reloginRef.current = props.relogin;
  // A prefetched record is shown at once but may be replaced by the fresh load: until that confirms it,
  // its action buttons are held (aria-disabled, with the reason) and clicks on them do nothing, so
  // nobody acts on data that is about to change. A ref and a DOM pass, not props: the cards below are
  // not re-rendered for the marker (the confirmed record keeps its very object).
  const isStale = load.status === 'loaded' && !!load.stale;
  const staleRef = useRef(isStale);
  staleRef.current = isStale;
  const staleHintId = useId();
  const gateRef = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    for (const b of gateRef.current?.querySelectorAll<HTMLElement>(ACTION_BUTTONS) ?? []) {
      if (isStale) {
        b.setAttribute('aria-disabled', 'true');
        b.setAttribute('aria-describedby', staleHintId);
        b.dataset.staleHeld = 'true';
      } else if (b.dataset.staleHeld) {
        b.removeAttribute('aria-disabled');
        b.removeAttribute('aria-describedby');
        delete b.dataset.staleHeld;
      }
    }
  });
  const holdWhileStale = (e: SyntheticEvent) => {
    if (!staleRef.current) return;
    if (e.type === 'submit' || (e.target as Element).closest?.(ACTION_BUTTONS)) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  useEffect(() => {
    if (!patientId) {
      setLoad({ status: 'idle' });
      return;
    }
    const seq = ++loadSeq.current;
    const ac = new AbortController();
    // Keep the previous record of the same patient on screen while reloading after a write; on a
    // switch, a prefetched record of this patient (ward round) shows at once, marked as refreshing.
    // (already set in the render that saw this patient; here for a gateway or reload change)
    setLoad((prev) => (prev.status === 'loaded' && prev.record.patientId === patientId) || (prev.status === 'loading' && prev.patientId === patientId) ? prev : firstLoad(patientId));
    gateway.loadPatientRecord(patientId, { signal: ac.signal }).then(
      (record) => {
        if (seq !== loadSeq.current || current.current !== patientId || record.patientId !== patientId) return;
        // a prefetched record the server confirms unchanged: keep the very record object, so nothing
        // below re-renders but the marker (a reload after a write always takes the new answer)
        setLoad((prev) =>
          prev.status === 'loaded' && prev.stale && prev.record.patientId === patientId && sameRecord(prev.record, record)
            ? { ...prev, stale: false }
            : { status: 'loaded', record, loadedAt: Date.now() },
        );
      },
      (e: unknown) => {
        if (ac.signal.aborted || seq !== loadSeq.current || current.current !== patientId) return;
        setLoad({ status: 'error', patientId, message: e instanceof Error ? e.message : String(e), auth: reloginRef.current?.isAuthError(e) ?? false });
      },
    );
    return () => ac.abort();
  }, [gateway, patientId, reloadToken]);

  // Outbox for this patient; a newly confirmed write means the server has the fact: reload.
  useEffect(() => {
    if (!patientId) {
      setEntries([]);
      return;
    }
    let prev: OutboxEntry[] | null = null;
    let unsub: (() => void) | undefined;
    // one task after the commit: the outbox is IndexedDB, and a switch's prompts go on screen first
    const start = setTimeout(() => {
      unsub = queue.subscribe(patientId, (next) => {
        if (current.current !== patientId) return;
        if (prev && newlyConfirmed(prev, next).length > 0) setReloadToken((n) => n + 1);
        prev = next;
        setEntries(next);
      });
    }, 0);
    return () => {
      clearTimeout(start);
      unsub?.();
    };
  }, [queue, patientId]);

  const refreshAcks = useCallback(async () => {
    if (!patientId) return setAckList([]);
    const [list, reopened] = await Promise.all([acks.list(patientId), acks.reopenings?.(patientId) ?? []]);
    if (current.current !== patientId) return;
    setAckList(list);
    setReopenings({ patientId, list: reopened });
  }, [acks, patientId]);
  useEffect(() => {
    // (what is still held for another patient is filtered out above; the read waits one task, as the outbox)
    const read = setTimeout(() => void refreshAcks(), 0);
    return () => clearTimeout(read);
  }, [refreshAcks]);

  // Live clock, re-read each minute so due/overdue and snooze ends move on while the panel stays open.
  const [clock, setClock] = useState(() => Date.now());
  const clockAt = useRef(clock);
  clockAt.current = clock;
  useEffect(() => {
    if (props.now) return;
    // the first tick counts from when the clock was read, not from this effect: a view made ready
    // beforehand (components/PatientViews) runs its effects only when shown, up to a minute later
    let timer: ReturnType<typeof setInterval> | undefined;
    const first = setTimeout(() => {
      setClock(Date.now());
      timer = setInterval(() => setClock(Date.now()), 60_000);
    }, Math.max(0, 60_000 - (Date.now() - clockAt.current)));
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [props.now]);
  // (on the number: a fresh load that confirms the record changes `load`, not the moment)
  const nowMs = load.status === 'loaded' ? Math.max(clock, load.loadedAt) : clock;
  const now = useMemo(() => props.now ?? new Date(nowMs), [props.now, nowMs]);
  const loaded = load.status === 'loaded' && load.record.patientId === patientId ? load.record : undefined;
  const match = useMemo(() => (loaded ? matchRecord(loaded.resources, loaded.patientId, props.ehrIdentifier) : undefined), [loaded, props.ehrIdentifier]);
  const patient = match?.kind === 'ok' ? match.patient : undefined;
  const info = useMemo(() => (patient ? bannerInfo(patient, now) : undefined), [patient, now]);
  const result = useMemo(() => (loaded && patient ? evaluate(loaded.resources, { now, role, patientId: loaded.patientId }) : undefined), [loaded, patient, evaluate, now, role]);
  const { open, handled } = useMemo(() => applyAcknowledgements(result?.prompts ?? [], ackList, now), [result, ackList, now]);
  const writeStates = useMemo(() => writeStateByPrompt(entries), [entries]);

  const actionContext: ActionContextValue | undefined = useMemo(() => {
    if (!loaded) return undefined;
    // what the engine could not read is reported and skipped here too: no phone number or caregiver
    // from a GP / huisartsenpost resource that failed validation (the Patient itself stays: the banner
    // and the rules still need it)
    const broken = new Set((result?.errors ?? []).filter((e) => typeof e.id === 'string' && e.resourceType !== 'Patient').map((e) => `${e.resourceType}/${e.id}`));
    // (ids compared only as strings: a hostile id nested 10,000 deep must not be stringified)
    const readable = broken.size ? loaded.resources.filter((r) => !(typeof r.id === 'string' && broken.has(`${r.resourceType}/${r.id}`))) : loaded.resources;
    return {
      gateway,
      now,
      banner: info,
      resources: readable,
      patientId: loaded.patientId,
      candidates: caregiverCandidates(readable, patient),
      gp: patient ? gpContacts(readable, patient) : {},
      focusRequest,
      requestFocus: (code: string) => setFocusRequest({ code, at: Date.now() }),
      clearFocusRequest,
      async act(prompt: Prompt | undefined, action: ActionId, params: ActionParams = {}) {
        // Writes go to the patient whose record is on screen, never to whatever the host says now.
        if (current.current !== loaded.patientId) return;
        // nor from a prefetched record the fresh load has not confirmed yet (the buttons are held too)
        if (staleRef.current) throw new Error(t('app.staleActions'));
        await queue.enqueue({
          patientId: loaded.patientId,
          action,
          params: { ...actionParams(prompt, action), ...params },
          promptKey: prompt?.key,
          author: user?.reference,
        });
      },
    };
  }, [loaded, result, patient, info, gateway, queue, now, user, focusRequest, clearFocusRequest]);

  // A card that is done disappears on reload, taking the focused button with it. Keyboard users then
  // land on the list heading instead of the top of the document.
  useEffect(() => {
    const root = rootRef.current;
    if (!root) return;
    const onIn = () => (focusWasInside.current = true);
    const onOut = (e: FocusEvent) => (focusWasInside.current = !!e.relatedTarget && root.contains(e.relatedTarget as Node));
    root.addEventListener('focusin', onIn);
    root.addEventListener('focusout', onOut);
    return () => {
      root.removeEventListener('focusin', onIn);
      root.removeEventListener('focusout', onOut);
    };
  }, []);
  useEffect(() => {
    const t = setTimeout(() => {
      const active = document.activeElement;
      if (focusWasInside.current && (!active || active === document.body)) listHeadingRef.current?.focus();
    }, 0);
    return () => clearTimeout(t);
  }, [result]);

  let banner: BannerState;
  if (!patientId) banner = props.unknownPatient ? { kind: 'unknown' } : { kind: 'none' };
  else if (match?.kind === 'unknown') banner = { kind: 'unknown', patientId };
  else if (match?.kind === 'mismatch') banner = { kind: 'mismatch', patientId };
  else if (info) banner = { kind: 'patient', info };
  else banner = { kind: 'loading', patientId };
  if (props.unknownPatient && !patientId) banner = { kind: 'unknown' };

  // newest reopening per prompt key (the list comes newest first); only for prompts open again
  const reopenedByKey = new Map<string, Reopening>();
  for (const r of reopenings) if (!reopenedByKey.has(r.promptKey)) reopenedByKey.set(r.promptKey, r);

  const steps = nazorgSteps([...open, ...handled.map((h) => h.prompt)]);
  const allPrompts = result?.prompts ?? [];

  return (
    <div className="pz-view" ref={rootRef}>
      <PatientBanner state={banner} />
      {onRoleChange && (
        <div className="pz-toolbar">
          <RoleSwitch role={role} onChange={onRoleChange} />
        </div>
      )}
      {load.status === 'error' && load.patientId === patientId && (
        <div className="pz-alert" role="alert">
          {load.auth && props.relogin ? (
            <p>
              {t('app.sessionExpired')} <a href={props.relogin.href}>{t('app.relogin')}</a>
            </p>
          ) : (
            <>
              <p>{t('app.loadError', { message: load.message })}</p>
              <button type="button" className="pz-button" onClick={() => setReloadToken((n) => n + 1)}>
                {t('app.retry')}
              </button>
            </>
          )}
        </div>
      )}
      {/* one line that is always there under a patient's banner (never a mismatch): the marker coming and going never moves the cards */}
      {loaded && info && (
        <p className="pz-stale" role="status" data-stale={load.status === 'loaded' && load.stale ? 'true' : 'false'}>
          {load.status === 'loaded' && load.stale ? t('app.refreshing') : ''}
        </p>
      )}
      {actionContext && result && (
        <div ref={gateRef} className="pz-actions-gate" data-actions-held={isStale ? 'true' : 'false'} onClickCapture={holdWhileStale} onSubmitCapture={holdWhileStale}>
        {isStale && (
          <span id={staleHintId} hidden>
            {t('app.staleActions')}
          </span>
        )}
        <ActionContext.Provider value={actionContext}>
          {result.errors.length > 0 && <p className="pz-muted">{t('app.recordErrors', { count: result.errors.length })}</p>}
          {steps && (
            <NazorgTimeline steps={steps} prompts={allPrompts} deceasedDate={info?.deceasedDate} child={info?.age !== undefined ? info.age < 18 : undefined} />
          )}
          <PromptList
            headingRef={listHeadingRef}
            open={open}
            handled={handled}
            role={role}
            now={now}
            writeStates={writeStates}
            onAcknowledge={(p) => setDialogFor(p)}
            onReopen={(a) => {
              const p = handled.find((h) => h.ack.id === a.id)?.prompt;
              if (p) setReopenFor({ ack: a, prompt: p });
            }}
            reopened={reopenedByKey}
          />
          <PendingWrites entries={entries} onRetry={(id) => void queue.retry(id)} />
          {reopenFor && (
            <ReopenDialog
              prompt={reopenFor.prompt}
              onClose={() => setReopenFor(null)}
              onSave={async (reason) => {
                await acks.remove(reopenFor.ack.id, { reason, by: user?.reference, byDisplay: user?.display });
                await refreshAcks();
              }}
            />
          )}
          {dialogFor && (
            <AckSnoozeDialog
              prompt={dialogFor}
              onClose={() => setDialogFor(null)}
              onSave={async ({ reason, snooze }) => {
                await acks.add({
                  patientId: loaded!.patientId,
                  promptCode: dialogFor.code,
                  promptKey: dialogFor.key,
                  reason,
                  until: snoozeUntil(snooze, props.now ?? new Date()),
                  by: user?.reference,
                  byDisplay: user?.display,
                });
                await refreshAcks();
              }}
            />
          )}
        </ActionContext.Provider>
        </div>
      )}
    </div>
  );
}
