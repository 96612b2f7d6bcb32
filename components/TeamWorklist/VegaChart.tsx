// One Vega-Lite chart as SVG under the SMART app's strict CSP: vega compiles expressions with
// `new Function` by default (blocked: no 'unsafe-eval'), so the AST goes through vega-interpreter;
// vega-embed's default <style> and vega-tooltip's (blocked: style-src 'self') are switched off. The
// libraries load only when a chart is shown (their own chunk). The caller gives a table alternative.
import { useEffect, useRef, useState } from 'react';

export type RenderChart = (el: HTMLElement, spec: Record<string, unknown>) => Promise<() => void>;

export const vegaRender: RenderChart = async (el, spec) => {
  const [{ default: embed }, { expressionInterpreter }] = await Promise.all([import('vega-embed'), import('vega-interpreter')]);
  const result = await embed(el, spec as never, {
    mode: 'vega-lite',
    renderer: 'svg',
    actions: false,
    ast: true,
    expr: expressionInterpreter,
    defaultStyle: false,
    tooltip: false,
  });
  return () => result.finalize();
};

export function VegaChart({ spec, label, render = vegaRender, errorText }: { spec: Record<string, unknown>; label: string; render?: RenderChart; errorText: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  const key = JSON.stringify(spec);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let cleanup: (() => void) | undefined;
    let gone = false;
    setFailed(false);
    render(el, spec).then(
      (c) => (gone ? c() : (cleanup = c)),
      () => !gone && setFailed(true),
    );
    return () => {
      gone = true;
      cleanup?.();
      el.replaceChildren();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, render]);
  return (
    <figure className="pz-chart">
      {/* the svg is an image for sighted users; the table after it is the same data as text */}
      <div ref={ref} className="pz-chart__svg" role="img" aria-label={label} data-testid="team-chart" />
      {failed && <p className="pz-muted">{errorText}</p>}
    </figure>
  );
}
