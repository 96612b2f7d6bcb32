// Vega-Lite specs of the team screen's charts (labels through i18n, so no $schema fetch and no
// hard-coded language). Data rows carry numerator and denominator too: the tables beside the charts
// show them as text, never only the share.
import type { TeamIndicator } from '../../lib/population/team-view';

export interface TrendRow {
  indicator: string;
  month: string;
  share: number;
  numerator: number;
  denominator: number;
}

/** Month entries of the whole hospital (no ward), with a denominator. */
export function trendRows(indicators: readonly TeamIndicator[], label: (id: string) => string): TrendRow[] {
  return indicators
    .filter((e) => e.period !== 'total' && e.ward === undefined && e.denominator > 0)
    .map((e) => ({ indicator: label(e.id), month: e.period, share: e.numerator / e.denominator, numerator: e.numerator, denominator: e.denominator }))
    .sort((a, b) => a.month.localeCompare(b.month) || a.indicator.localeCompare(b.indicator));
}

export interface Labels {
  title: string;
  x: string;
  y: string;
  color: string;
}

export function trendSpec(rows: TrendRow[], l: Labels, width: number): Record<string, unknown> {
  return {
    title: l.title,
    width,
    height: 220,
    data: { values: rows },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'month', type: 'ordinal', title: l.x, sort: 'ascending' },
      y: { field: 'share', type: 'quantitative', axis: { format: '%' }, scale: { domain: [0, 1] }, title: l.y },
      color: { field: 'indicator', type: 'nominal', title: l.color, legend: { orient: 'bottom', columns: 1 } },
    },
  };
}

export function wardSpec(rows: { ward: string; code: string; count: number }[], l: Labels, width: number): Record<string, unknown> {
  return {
    title: l.title,
    width,
    data: { values: rows },
    mark: 'bar',
    encoding: {
      y: { field: 'ward', type: 'nominal', title: l.y, sort: '-x', axis: { labelLimit: 160 } },
      x: { field: 'count', type: 'quantitative', aggregate: 'sum', title: l.x },
      color: { field: 'code', type: 'nominal', title: l.color, legend: { orient: 'bottom', columns: 1 } },
    },
  };
}
