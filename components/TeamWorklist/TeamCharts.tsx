// The pathway indicators of the last run: totals as a table (numerator and denominator, never only a
// share), the trend per month and the worklist by ward as charts, each followed by its data as a table
// (the text alternative for screen readers and for anyone who wants the numbers).
import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { wardCodeCounts, type TeamIndicator, type TeamPatient } from '../../lib/population/team-view';
import { trendRows, trendSpec, wardSpec } from './specs';
import { VegaChart, type RenderChart } from './VegaChart';

const CHART_WIDTH = 300;

function Share({ n, d }: { n: number; d: number }) {
  const { t } = useTranslation();
  return <>{d > 0 ? t('team.share', { numerator: n, denominator: d, percent: Math.round((100 * n) / d) }) : t('team.noDenominator', { numerator: n })}</>;
}

export function TeamCharts({ indicators, patients, render }: { indicators: readonly TeamIndicator[]; patients: readonly TeamPatient[]; render?: RenderChart }) {
  const { t } = useTranslation();
  const headingId = useId();
  const label = (id: string) => t(`pathwayIndicator.${id}`, { defaultValue: id });
  const totals = indicators.filter((e) => e.period === 'total' && e.ward === undefined);
  const trend = useMemo(() => trendRows(indicators, label), [indicators, t]); // eslint-disable-line react-hooks/exhaustive-deps
  const wardRows = useMemo(() => wardCodeCounts(patients).map((r) => ({ ward: r.ward ?? t('team.unknownWard'), code: t(`prompt.${r.code}`, { defaultValue: r.code }), count: r.count })), [patients, t]);
  return (
    <section className="pz-team-charts" aria-labelledby={headingId}>
      <h2 id={headingId} className="pz-section-title">
        {t('team.charts')}
      </h2>
      {totals.length === 0 ? (
        <p className="pz-muted">{t('team.noIndicators')}</p>
      ) : (
        <div className="pz-table-wrap">
          <table className="pz-ward" data-testid="indicator-totals">
            <caption>{t('team.totalsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('team.colIndicator')}</th>
                <th scope="col">{t('team.colShare')}</th>
                <th scope="col">{t('team.colUnreadable')}</th>
              </tr>
            </thead>
            <tbody>
              {totals.map((e) => (
                <tr key={e.id} data-indicator={e.id}>
                  <th scope="row">{label(e.id)}</th>
                  <td>
                    <Share n={e.numerator} d={e.denominator} />
                  </td>
                  <td className="pz-count">{e.unreadable}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {trend.length > 0 && (
        <>
          <VegaChart
            spec={trendSpec(trend, { title: t('team.trendTitle'), x: t('team.colMonth'), y: t('team.colShare'), color: t('team.colIndicator') }, CHART_WIDTH)}
            label={t('team.trendTitle')}
            render={render}
            errorText={t('team.chartError')}
          />
          <div className="pz-table-wrap">
            <table className="pz-ward" data-testid="trend-table">
              <caption>{t('team.trendCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('team.colMonth')}</th>
                  <th scope="col">{t('team.colIndicator')}</th>
                  <th scope="col">{t('team.colShare')}</th>
                </tr>
              </thead>
              <tbody>
                {trend.map((r) => (
                  <tr key={`${r.month}|${r.indicator}`}>
                    <td>{r.month}</td>
                    <th scope="row">{r.indicator}</th>
                    <td>
                      <Share n={r.numerator} d={r.denominator} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {wardRows.length > 0 && (
        <>
          <VegaChart
            spec={wardSpec(wardRows, { title: t('team.wardChartTitle'), x: t('team.colCount'), y: t('team.colWard'), color: t('team.colCode') }, CHART_WIDTH)}
            label={t('team.wardChartTitle')}
            render={render}
            errorText={t('team.chartError')}
          />
          <div className="pz-table-wrap">
            <table className="pz-ward" data-testid="ward-table">
              <caption>{t('team.wardCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('team.colWard')}</th>
                  <th scope="col">{t('team.colCode')}</th>
                  <th scope="col">{t('team.colCount')}</th>
                </tr>
              </thead>
              <tbody>
                {wardRows.map((r) => (
                  <tr key={`${r.ward}|${r.code}`}>
                    <th scope="row">{r.ward}</th>
                    <td>{r.code}</td>
                    <td className="pz-count">{r.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
