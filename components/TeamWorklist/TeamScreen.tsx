// The palliative team's screen in the SMART app: the hospital-wide worklist and the indicator charts
// from the last population run, a fresh run on request ("bezig" while it runs, then the new results),
// and one patient's pathway opened from the list (back returns with the filters as they were).
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FhirGateway, WriteQueue } from '../../lib/fhir/gateway';
import type { AckStore, CurrentUser, EvaluateFn } from '../../lib/host/contract';
import type { Role } from '../../lib/pathway/types';
import { patientMatchesListName, sameFhirBase, type TeamCompleteness, type TeamPayload, type TeamView } from '../../lib/population/team-view';
import { formatDate } from '../../lib/ui/dates';
import { AppHeader } from '../common/AppHeader';
import { PatientPromptsView } from '../PatientPromptsView/PatientPromptsView';
import { TeamCharts } from './TeamCharts';
import { TeamWorklist, type TeamListState } from './TeamWorklist';
import type { RenderChart } from './VegaChart';

/** Where the results come from: the demo's /population/team, or the hospital's configured URL. */
export interface TeamSource {
  load(): Promise<TeamPayload>;
  /** asks for a fresh run; resolves with the state right after (running: true) */
  startRun(): Promise<TeamPayload>;
}

export interface TeamScreenProps {
  source: TeamSource;
  gateway: FhirGateway;
  queue: WriteQueue;
  acks: AckStore;
  evaluate: EvaluateFn;
  role: Role;
  onRoleChange: (r: Role) => void;
  user?: CurrentUser;
  now?: Date;
  relogin?: { isAuthError: (e: unknown) => boolean; href: string };
  /** while a run is under way, how often to ask again (ms, default 2000) */
  pollMs?: number;
  renderChart?: RenderChart;
}

const when = (iso: string | undefined, lang: string) =>
  iso ? new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'nl-NL', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Amsterdam' }).format(new Date(iso)) : '';

type OpenCheck = { state: 'checking' } | { state: 'ok' } | { state: 'refused'; reason: 'otherServer' | 'nameMismatch' | 'loadFailed' };

/**
 * Before a patient of the list opens: the run's ids must be ids on the session's FHIR server, and the
 * Patient loaded under that id must carry the name the list showed. Otherwise the click would open
 * another patient under the clicked name.
 */
function useOpenCheck(view: TeamView | undefined, open: string | undefined, gateway: FhirGateway): OpenCheck | undefined {
  const [check, setCheck] = useState<OpenCheck>();
  useEffect(() => {
    if (!open) return void setCheck(undefined);
    const server = view?.source?.server;
    if (server !== undefined && !sameFhirBase(server, gateway.serverUrl)) return void setCheck({ state: 'refused', reason: 'otherServer' });
    const entry = view?.patients.find((p) => p.id === open);
    setCheck({ state: 'checking' });
    const ctl = new AbortController();
    gateway.loadPatientRecord(open, { signal: ctl.signal }).then(
      (rec) => {
        if (ctl.signal.aborted) return;
        const pat = rec.resources.find((r) => r.resourceType === 'Patient' && r.id === open) as Record<string, unknown> | undefined;
        setCheck(patientMatchesListName(entry?.name, pat) ? { state: 'ok' } : { state: 'refused', reason: 'nameMismatch' });
      },
      () => !ctl.signal.aborted && setCheck({ state: 'refused', reason: 'loadFailed' }),
    );
    return () => ctl.abort();
  }, [open, view, gateway]);
  return check;
}

export function TeamScreen(props: TeamScreenProps) {
  const { t, i18n } = useTranslation();
  const [payload, setPayload] = useState<TeamPayload>();
  const [error, setError] = useState<unknown>();
  const [list, setList] = useState<TeamListState>({ sort: 'ward' });
  const [open, setOpen] = useState<string>();
  const [returnedFrom, setReturnedFrom] = useState<string>();
  // one more per answer, so the polling goes on even when an answer equals the one before
  const [answers, setAnswers] = useState(0);
  const headingId = useId();
  const { source } = props;

  const load = useCallback(
    () =>
      source.load().then(
        (p) => (setPayload(p), setError(undefined), setAnswers((n) => n + 1)),
        (e: unknown) => (setError(e), setAnswers((n) => n + 1)),
      ),
    [source],
  );
  useEffect(() => void load(), [load]);
  // a run under way: ask again until it has finished (then the new results replace the old)
  const running = !!payload?.running;
  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(() => void load(), props.pollMs ?? 2000);
    return () => clearTimeout(timer);
  }, [running, answers, load, props.pollMs]);

  const authError = error !== undefined && props.relogin?.isAuthError(error);
  const view = payload?.view;
  const check = useOpenCheck(view, open, props.gateway);
  // a results server built before run.json existed sends no completeness: unknown, so warned about
  const completeness = view?.completeness as TeamCompleteness | undefined;
  const missing = completeness ? [...new Set([...completeness.exportErrors, ...completeness.notOffered])] : [];
  return (
    <div className="pz-app">
      <AppHeader />
      <main className="pz-main">
        {open ? (
          <>
            <button
              type="button"
              className="pz-button pz-button--quiet"
              data-testid="back-to-team"
              onClick={() => {
                setReturnedFrom(open);
                setOpen(undefined);
              }}
            >
              {t('team.backToTeam')}
            </button>
            {check?.state === 'refused' ? (
              <div className="pz-alert" role="alert" data-testid="team-open-refused">
                <p>{t(`team.${check.reason}`)}</p>
              </div>
            ) : check?.state !== 'ok' ? (
              <p role="status">{t('team.checking')}</p>
            ) : (
            <PatientPromptsView
              gateway={props.gateway}
              queue={props.queue}
              acks={props.acks}
              evaluate={props.evaluate}
              patientId={open}
              role={props.role}
              onRoleChange={props.onRoleChange}
              user={props.user}
              now={props.now}
              relogin={props.relogin}
            />
            )}
          </>
        ) : (
          <section className="pz-team-view" aria-labelledby={headingId} data-testid="team-view">
            <h1 id={headingId} className="pz-section-title">
              {t('team.heading')}
            </h1>
            {error !== undefined && (
              <div className="pz-alert" role="alert">
                <p>{authError ? t('app.sessionExpired') : t('team.loadError', { message: error instanceof Error ? error.message : String(error) })}</p>
                {authError && props.relogin && <a href={props.relogin.href}>{t('app.relogin')}</a>}
              </div>
            )}
            {!payload && error === undefined && <p role="status">{t('team.loading')}</p>}
            {payload && (
              <div className="pz-team__run">
                <p role="status" data-testid="team-run-status">
                  {payload.running
                    ? t('team.running')
                    : view
                      ? t('team.run', { now: formatDate(view.now, i18n.language), ranAt: when(view.ranAt, i18n.language), evaluated: view.evaluated })
                      : t('team.noRun')}
                </p>
                {view && view.failures > 0 && <p className="pz-muted">{t('team.runSkipped', { count: view.failures })}</p>}
                {view && !completeness?.complete && (
                  <p className="pz-alert" role="alert" data-testid="team-incomplete">
                    {completeness?.known ? t('team.incomplete', { types: missing.join(', ') }) : t('team.completenessUnknown')}
                  </p>
                )}
                {payload.error && !payload.running && (
                  <p className="pz-alert" role="alert">
                    {t('team.runFailed')}
                  </p>
                )}
                <button
                  type="button"
                  className="pz-button"
                  data-testid="team-refresh"
                  disabled={payload.running}
                  onClick={() => source.startRun().then((p) => (setPayload(p), setError(undefined), setAnswers((n) => n + 1)), setError)}
                >
                  {t('team.refresh')}
                </button>
              </div>
            )}
            {view && (
              <>
                <TeamWorklist
                  patients={view.patients}
                  state={list}
                  onChange={setList}
                  onOpen={(id) => setOpen(id)}
                  focusPatient={returnedFrom}
                />
                <TeamCharts indicators={view.indicators} patients={view.patients} render={props.renderChart} />
              </>
            )}
          </section>
        )}
      </main>
    </div>
  );
}
