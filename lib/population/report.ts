// report.html: self-contained (vega, vega-lite and vega-embed inlined from node_modules, so it opens
// offline): indicator trends over the months and the worklist by ward, charted by Vega-Lite, and the
// totals as a table with both counts (never only a percentage).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { IndicatorEntry } from '../pathway/index';

// node_modules of this checkout (the packages' "exports" do not expose their build files)
const modulePath = (p: string) => fileURLToPath(new URL(`../../node_modules/${p}`, import.meta.url));
let libs: string | undefined;
function vegaScripts(): string {
  libs ??= ['vega/build/vega.min.js', 'vega-lite/build/vega-lite.min.js', 'vega-embed/build/vega-embed.min.js']
    .map((p) => `<script>${readFileSync(modulePath(p), 'utf8').replace(/<\/script/gi, '<\\/script')}</script>`)
    .join('\n');
  return libs;
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
/** JSON inside a <script>: no "</script>" can end it early. */
const inlineJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

export interface ReportInput {
  now: Date;
  indicators: IndicatorEntry[];
  wardCounts: { ward: string; code: string; count: number }[];
  patients: number;
  failures: number;
}

export function trendSpec(indicators: IndicatorEntry[]): Record<string, unknown> {
  const values = indicators
    .filter((e) => e.period !== 'total' && e.ward === undefined && e.denominator > 0)
    .map((e) => ({ indicator: e.id, maand: e.period, aandeel: e.numerator / e.denominator, teller: e.numerator, noemer: e.denominator }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'Indicatoren per maand (teller / noemer)',
    width: 640,
    height: 260,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'maand', type: 'temporal', timeUnit: 'yearmonth', title: 'Maand' },
      y: { field: 'aandeel', type: 'quantitative', axis: { format: '%' }, scale: { domain: [0, 1] }, title: 'Aandeel' },
      color: { field: 'indicator', type: 'nominal', title: 'Indicator' },
      tooltip: [{ field: 'indicator' }, { field: 'maand', timeUnit: 'yearmonth', title: 'maand' }, { field: 'teller' }, { field: 'noemer' }, { field: 'aandeel', format: '.0%' }],
    },
  };
}

export function wardSpec(wardCounts: ReportInput['wardCounts']): Record<string, unknown> {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'Werklijst per afdeling (meldingen per code)',
    width: 640,
    data: { values: wardCounts },
    mark: 'bar',
    encoding: {
      y: { field: 'ward', type: 'nominal', title: 'Afdeling', sort: '-x' },
      x: { field: 'count', type: 'quantitative', aggregate: 'sum', title: 'Meldingen' },
      color: { field: 'code', type: 'nominal', title: 'Code' },
      tooltip: [{ field: 'ward', title: 'afdeling' }, { field: 'code' }, { field: 'count', title: 'aantal' }],
    },
  };
}

export function renderReport(input: ReportInput): string {
  const totals = input.indicators.filter((e) => e.period === 'total');
  const rows = totals
    .map((e) => `<tr><th scope="row">${esc(e.id)}</th><td>${e.numerator}</td><td>${e.denominator}</td><td>${e.denominator ? `${Math.round((100 * e.numerator) / e.denominator)}%` : '–'}</td><td>${e.patients.unreadable.length}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Palliatief Zorgpad: populatierapport ${esc(input.now.toISOString().slice(0, 10))}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}table{border-collapse:collapse}th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left}td{text-align:right}</style>
${vegaScripts()}
</head><body>
<h1>Palliatief Zorgpad: populatierapport</h1>
<p>Peildatum ${esc(input.now.toISOString())}. ${input.patients} patiënten geëvalueerd${input.failures ? `; ${input.failures} onleesbare regels overgeslagen (zie worklist.json, failures)` : ''}.</p>
<h2>Indicatoren (totaal)</h2>
<table><thead><tr><th scope="col">Indicator</th><th scope="col">Teller</th><th scope="col">Noemer</th><th scope="col">Aandeel</th><th scope="col">Onleesbaar (niet geteld)</th></tr></thead><tbody>
${rows}
</tbody></table>
<h2>Trends per maand</h2><div id="trend"></div>
<h2>Werklijst per afdeling</h2><div id="wards"></div>
<script>
vegaEmbed('#trend', ${inlineJson(trendSpec(input.indicators))}, { actions: false, renderer: 'svg' });
vegaEmbed('#wards', ${inlineJson(wardSpec(input.wardCounts))}, { actions: false, renderer: 'svg' });
</script>
</body></html>
`;
}
