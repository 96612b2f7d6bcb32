import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FhirGateway, WardRecords } from '../../lib/fhir/gateway';
import type { Role } from '../../lib/pathway/types';
import { formatDate } from '../../lib/ui/dates';
import type { EvaluateFn } from '../../lib/host/contract';
import { sortRows, wardRows, type SortDir, type WardRow, type WardSortKey } from './WardWorklist.utils';

const COLUMNS: WardSortKey[] = ['location', 'name', 'critical', 'warning', 'info'];

/** The ward's patients with prompt counts per indicator; sortable; one click opens the patient. */
export function WardWorklist({ rows, onOpen }: { rows: readonly WardRow[]; onOpen: (patientId: string) => void }) {
  const { t, i18n } = useTranslation();
  const [sort, setSort] = useState<{ key: WardSortKey; dir: SortDir }>({ key: 'critical', dir: 'desc' });
  const captionId = useId();
  const sorted = useMemo(() => sortRows(rows, sort.key, sort.dir), [rows, sort]);
  const label = (c: WardSortKey) => (c === 'name' ? t('ward.patient') : c === 'location' ? t('ward.location') : t(`ward.${c}`));
  if (rows.length === 0) return <p className="pz-empty">{t('ward.empty')}</p>;
  return (
    <div className="pz-table-wrap">
      <table className="pz-ward" aria-describedby={captionId}>
        <caption id={captionId} className="pz-muted">
          {t('ward.caption')}
        </caption>
        <thead>
          <tr>
            {COLUMNS.map((c) => {
              const active = sort.key === c;
              return (
                <th key={c} scope="col" aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined} className={`pz-ward__col--${c}`}>
                  <button
                    type="button"
                    className="pz-sort"
                    title={t('ward.sortBy', { column: label(c) })}
                    onClick={() =>
                      setSort((s) => ({ key: c, dir: s.key === c ? (s.dir === 'asc' ? 'desc' : 'asc') : c === 'name' || c === 'location' ? 'asc' : 'desc' }))
                    }
                  >
                    {label(c)}
                    <span aria-hidden="true">{active ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.patientId} data-patient-id={r.patientId}>
              <td>{r.location ?? ''}</td>
              <th scope="row">
                <button type="button" className="pz-link" onClick={() => onOpen(r.patientId)}>
                  {r.name ?? t('common.unknownName')}
                  <span className="pz-visually-hidden"> ({t('ward.open', { name: r.name ?? '' })})</span>
                </button>
                {r.birthDate && <span className="pz-muted pz-ward__born"> {formatDate(r.birthDate, i18n.language)}</span>}
              </th>
              <td className={r.counts.critical > 0 ? 'pz-count pz-count--critical' : 'pz-count'}>{r.counts.critical}</td>
              <td className={r.counts.warning > 0 ? 'pz-count pz-count--warning' : 'pz-count'}>{r.counts.warning}</td>
              <td className="pz-count">{r.counts.info}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Loads a ward through the gateway (≤ 2 round trips by contract) and shows the worklist. */
export function WardWorklistView({
  gateway,
  evaluate,
  ward,
  role,
  now,
  onOpen,
}: {
  gateway: FhirGateway;
  evaluate: EvaluateFn;
  ward: { location?: string; group?: string };
  role: Role;
  now?: Date;
  onOpen: (patientId: string) => void;
}) {
  const { t } = useTranslation();
  const [state, setState] = useState<{ records?: WardRecords; error?: string }>({});
  const wardKey = `${ward.location ?? ''}|${ward.group ?? ''}`;
  useEffect(() => {
    const ac = new AbortController();
    setState({});
    gateway.loadWard(ward, { signal: ac.signal }).then(
      (records) => !ac.signal.aborted && setState({ records }),
      (e: unknown) => !ac.signal.aborted && setState({ error: e instanceof Error ? e.message : String(e) }),
    );
    return () => ac.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [gateway, wardKey]);
  const rows = useMemo(() => (state.records ? wardRows(state.records.patients, evaluate, now ?? new Date(), role) : undefined), [state.records, evaluate, now, role]);
  const headingId = useId();
  return (
    <section className="pz-ward-view" aria-labelledby={headingId}>
      <h2 id={headingId} className="pz-section-title">
        {t('ward.heading')}
      </h2>
      {state.error && (
        <p className="pz-alert" role="alert">
          {t('app.loadError', { message: state.error })}
        </p>
      )}
      {!rows && !state.error && <p role="status">{t('ward.loading')}</p>}
      {rows && <WardWorklist rows={rows} onOpen={onOpen} />}
    </section>
  );
}
