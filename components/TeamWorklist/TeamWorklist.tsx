// The hospital-wide worklist of the palliative team: every patient with open prompts from the last
// population run, grouped by ward (or sorted by urgency or name), filtered by ward, prompt code and
// urgency with native <select>s whose options show their counts. Rows name the patient and the ward
// (never a FHIR id); the name is a button: one click or Enter opens that patient.
import { useEffect, useId, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { filterOptions, filterPatients, groupByWard, NO_WARD, sortPatients, type TeamFilter, type TeamPatient } from '../../lib/population/team-view';
import type { Indicator } from '../../lib/pathway/types';
import { formatDate } from '../../lib/ui/dates';
import { IndicatorBadge } from '../common/IndicatorBadge';

export type TeamSort = 'ward' | 'urgency' | 'name';
export interface TeamListState extends TeamFilter {
  sort: TeamSort;
}

const RANK: Record<Indicator, number> = { critical: 0, warning: 1, info: 2 };
const urgency = (p: TeamPatient) => Math.min(...p.prompts.map((x) => RANK[x.indicator]));

function sorted(patients: TeamPatient[], sort: TeamSort, lang: string): TeamPatient[] {
  if (sort === 'ward') return sortPatients(patients);
  const c = new Intl.Collator(lang);
  return [...patients].sort((a, b) => (sort === 'urgency' ? urgency(a) - urgency(b) : 0) || c.compare(a.name ?? '\uffff', b.name ?? '\uffff') || c.compare(a.id, b.id));
}

function PatientRows({ patients, onOpen, showWard }: { patients: TeamPatient[]; onOpen: (id: string) => void; showWard: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      {patients.map((p) => {
        const name = p.name ?? t('team.unknownPatient');
        return (
          <tr key={p.id} data-patient-id={p.id}>
            <th scope="row">
              <button type="button" className="pz-link" data-open-patient={p.id} onClick={() => onOpen(p.id)}>
                {name}
                <span className="pz-visually-hidden"> ({t('team.open', { name })})</span>
              </button>
              {showWard && <span className="pz-muted pz-team__ward"> {p.ward ?? t('team.unknownWard')}</span>}
            </th>
            <td>
              <ul className="pz-team__prompts">
                {p.prompts.map((x) => (
                  <li key={x.key} data-prompt-code={x.code}>
                    <IndicatorBadge indicator={x.indicator} /> {t(`prompt.${x.code}`, { defaultValue: x.code })}
                    {x.due && <span className="pz-muted"> · {t('team.due', { date: formatDate(x.due, i18n.language) })}</span>}
                  </li>
                ))}
              </ul>
            </td>
          </tr>
        );
      })}
    </>
  );
}

function Table({ patients, onOpen, showWard, caption }: { patients: TeamPatient[]; onOpen: (id: string) => void; showWard: boolean; caption?: string }) {
  const { t } = useTranslation();
  return (
    <div className="pz-table-wrap">
      <table className="pz-ward pz-team__table">
        {caption && <caption className="pz-muted">{caption}</caption>}
        <thead>
          <tr>
            <th scope="col">{t('team.patient')}</th>
            <th scope="col">{t('team.signals')}</th>
          </tr>
        </thead>
        <tbody>
          <PatientRows patients={patients} onOpen={onOpen} showWard={showWard} />
        </tbody>
      </table>
    </div>
  );
}

export function TeamWorklist({
  patients,
  state,
  onChange,
  onOpen,
  focusPatient,
}: {
  patients: readonly TeamPatient[];
  state: TeamListState;
  onChange: (s: TeamListState) => void;
  onOpen: (patientId: string) => void;
  /** back from a patient: the focus returns to that patient's row */
  focusPatient?: string;
}) {
  const { t, i18n } = useTranslation();
  const ids = { ward: useId(), code: useId(), indicator: useId(), sort: useId() };
  const filter: TeamFilter = { ward: state.ward, code: state.code, indicator: state.indicator };
  const shown = useMemo(() => sorted(filterPatients(patients, filter), state.sort, i18n.language), [patients, state, i18n.language]); // eslint-disable-line react-hooks/exhaustive-deps
  const options = useMemo(() => filterOptions(patients, filter), [patients, state]); // eslint-disable-line react-hooks/exhaustive-deps
  const prompts = shown.reduce((n, p) => n + p.prompts.length, 0);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!focusPatient) return;
    for (const b of root.current?.querySelectorAll<HTMLButtonElement>('button[data-open-patient]') ?? []) if (b.dataset.openPatient === focusPatient) b.focus();
  }, [focusPatient]);
  const wardLabel = (w: string) => (w === NO_WARD ? t('team.unknownWard') : w);
  return (
    <div className="pz-team" ref={root}>
      <fieldset className="pz-team__filters">
        <legend>{t('team.filters')}</legend>
        <div className="pz-field">
          <label htmlFor={ids.ward}>{t('team.ward')}</label>
          <select id={ids.ward} data-testid="team-filter-ward" value={state.ward ?? '*'} onChange={(e) => onChange({ ...state, ward: e.target.value === '*' ? undefined : e.target.value })}>
            <option value="*">{t('team.all')}</option>
            {options.wards.map((o) => (
              <option key={o.value} value={o.value}>
                {t('team.option', { label: wardLabel(o.value), count: o.patients })}
              </option>
            ))}
          </select>
        </div>
        <div className="pz-field">
          <label htmlFor={ids.code}>{t('team.code')}</label>
          <select id={ids.code} data-testid="team-filter-code" value={state.code ?? '*'} onChange={(e) => onChange({ ...state, code: e.target.value === '*' ? undefined : e.target.value })}>
            <option value="*">{t('team.all')}</option>
            {options.codes
              .map((o) => ({ ...o, label: t(`prompt.${o.value}`, { defaultValue: o.value }) }))
              .sort((a, b) => a.label.localeCompare(b.label, i18n.language))
              .map((o) => (
                <option key={o.value} value={o.value}>
                  {t('team.option', { label: o.label, count: o.patients })}
                </option>
              ))}
          </select>
        </div>
        <div className="pz-field">
          <label htmlFor={ids.indicator}>{t('team.indicator')}</label>
          <select
            id={ids.indicator}
            data-testid="team-filter-indicator"
            value={state.indicator ?? '*'}
            onChange={(e) => onChange({ ...state, indicator: e.target.value === '*' ? undefined : (e.target.value as Indicator) })}
          >
            <option value="*">{t('team.all')}</option>
            {options.indicators.map((o) => (
              <option key={o.value} value={o.value}>
                {t('team.option', { label: t(`indicator.${o.value}`), count: o.patients })}
              </option>
            ))}
          </select>
        </div>
        <div className="pz-field">
          <label htmlFor={ids.sort}>{t('team.sort')}</label>
          <select id={ids.sort} data-testid="team-sort" value={state.sort} onChange={(e) => onChange({ ...state, sort: e.target.value as TeamSort })}>
            <option value="ward">{t('team.sortWard')}</option>
            <option value="urgency">{t('team.sortUrgency')}</option>
            <option value="name">{t('team.sortName')}</option>
          </select>
        </div>
      </fieldset>
      <p role="status" data-testid="team-count">
        {t('team.shown', { count: shown.length, prompts })}
      </p>
      <p className="pz-muted">{t('team.caption')}</p>
      {shown.length === 0 ? (
        <p className="pz-empty">{t('team.none')}</p>
      ) : state.sort === 'ward' ? (
        groupByWard(shown).map((g) => (
          <section key={g.ward ?? NO_WARD} className="pz-team__group" data-team-ward={g.ward ?? NO_WARD} aria-label={g.ward ?? t('team.unknownWard')}>
            <h3 className="pz-team__ward-heading">
              {g.ward ?? t('team.unknownWard')} <span className="pz-muted">({t('team.wardCount', { count: g.patients.length })})</span>
            </h3>
            <Table patients={g.patients} onOpen={onOpen} showWard={false} />
          </section>
        ))
      ) : (
        <Table patients={shown} onOpen={onOpen} showWard />
      )}
    </div>
  );
}
