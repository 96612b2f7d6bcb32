// @vitest-environment jsdom
// The content script's page watcher and badge on the saved demo chart: in-place switches are seen
// without polling, the badge sits in a shadow root off the page's flow and never shows another
// patient's counts.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { watchPagePatient, type PageState } from '../../entrypoints/ehr.content/watch';
import { createBadge } from '../../entrypoints/ehr.content/badge';
import { DEMO_EHR_ADAPTER, DEMO_EHR_BSN_ADAPTER } from '../../lib/ehr/builtin';

const html = readFileSync(resolve(__dirname, '../ehr/pages/demo-chart.html'), 'utf8');
const body = /<body>([\s\S]*)<\/body>/.exec(html)![1].replace(/<script>[\s\S]*?<\/script>/g, '');
const msg = (n: string) => ({ badge_title: 'Zorgpad', badge_title_long: 'Palliatief Zorgpad', badge_critical: 'kritiek', badge_warning: 'let op', badge_info: 'info', badge_open: 'Open het zijpaneel', badge_none: 'geen', badge_login: 'inloggen' })[n] ?? n;
const flush = () => new Promise((r) => setTimeout(r, 0));

/** What the demo EHR's script does on "Volgende patiënt": swap <main>, then pushState. */
function switchInPlace(id: string, bsn = '999000000') {
  const main = document.getElementById('main')!.cloneNode(true) as HTMLElement;
  main.dataset.patientId = id;
  const banner = main.querySelector('#patient-banner') as HTMLElement;
  banner.dataset.patientId = id;
  banner.dataset.bsn = bsn;
  main.querySelector('[data-testid="bsn"]')!.textContent = bsn;
  document.getElementById('main')!.replaceWith(main);
  history.pushState({}, '', `/ehr/patients/${id}`);
}

let stop: (() => void) | undefined;
beforeEach(() => {
  history.replaceState({}, '', '/ehr/patients/pz-ans-dijkstra');
  document.body.innerHTML = body;
});
afterEach(() => {
  stop?.();
  document.documentElement.querySelectorAll('zorgpad-badge').forEach((e) => e.remove());
});

describe('page watcher', () => {
  test('reports the patient on load, then each in-place switch once, within a microtask (no timers)', async () => {
    const seen: (string | null)[] = [];
    const timers = vi.spyOn(globalThis, 'setInterval');
    const w = watchPagePatient(window, [DEMO_EHR_ADAPTER], (s) => seen.push(s.key));
    stop = w.stop;
    expect(seen).toEqual(['fhir:pz-ans-dijkstra']);
    switchInPlace('pz-henk-jansen');
    await Promise.resolve();
    await Promise.resolve();
    expect(seen).toEqual(['fhir:pz-ans-dijkstra', 'fhir:pz-henk-jansen']);
    switchInPlace('pz-emma-kok');
    switchInPlace('pz-willem-bakker'); // two switches in one task: only where it ended counts
    await flush();
    expect(seen.at(-1)).toBe('fhir:pz-willem-bakker');
    expect(timers).not.toHaveBeenCalled();
  });

  test('leaving the chart (SPA navigation to the ward list) reports no patient; back reports it again', async () => {
    const seen: (string | null)[] = [];
    stop = watchPagePatient(window, [DEMO_EHR_ADAPTER], (s) => seen.push(s.key)).stop;
    document.getElementById('main')!.innerHTML = '<h1>Afdelingsoverzicht</h1>';
    history.pushState({}, '', '/ehr/');
    await flush();
    expect(seen.at(-1)).toBeNull();
    document.body.innerHTML = body;
    history.pushState({}, '', '/ehr/patients/pz-ans-dijkstra');
    await flush();
    expect(seen.at(-1)).toBe('fhir:pz-ans-dijkstra');
  });

  test('an attribute-only change of the banner is seen (EHRs that reuse the banner element)', async () => {
    const seen: (string | null)[] = [];
    stop = watchPagePatient(window, [DEMO_EHR_ADAPTER], (s) => seen.push(s.key)).stop;
    document.getElementById('patient-banner')!.setAttribute('data-patient-id', 'pz-other');
    await flush();
    expect(seen.at(-1)).toBe('fhir:pz-other');
  });

  test('text adapters (BSN on screen) see text changes', async () => {
    const seen: PageState[] = [];
    stop = watchPagePatient(window, [DEMO_EHR_BSN_ADAPTER], (s) => seen.push(s)).stop;
    expect(seen[0].patient).toEqual({ kind: 'identifier', system: DEMO_EHR_BSN_ADAPTER.identifierSystem, value: '999010066' });
    document.querySelector('[data-testid="bsn"]')!.firstChild!.nodeValue = '999 0100 78';
    await flush();
    expect(seen.at(-1)?.patient).toMatchObject({ value: '999010078' });
  });

  test('the badge itself does not wake the watcher into reporting again', async () => {
    const onChange = vi.fn();
    stop = watchPagePatient(window, [DEMO_EHR_ADAPTER], onChange).stop;
    const badge = createBadge(document, msg, () => {});
    badge.render({ key: 'fhir:pz-ans-dijkstra', status: 'loading' }, document.getElementById('patient-banner'));
    badge.render({ key: 'fhir:pz-ans-dijkstra', status: 'ready', counts: { critical: 1, warning: 0, info: 2 } }, document.getElementById('patient-banner'));
    await flush();
    expect(onChange).toHaveBeenCalledTimes(1);
  });
});

describe('badge', () => {
  test('renders counts in a closed shadow root (the page reads nothing), off the page flow, critical standing out', () => {
    const onClick = vi.fn();
    const badge = createBadge(document, msg, onClick);
    badge.render({ key: 'fhir:a', status: 'ready', counts: { critical: 2, warning: 1, info: 0 } }, document.getElementById('patient-banner'));
    const host = badge.element!;
    expect(host.parentElement).toBe(document.documentElement); // not inside the EHR's layout
    expect(host.style.position).toBe('absolute');
    expect(host.shadowRoot).toBeNull(); // closed: the EHR page's scripts cannot reach in
    const button = badge.root!.querySelector('[data-testid="zorgpad-badge"]') as HTMLButtonElement;
    expect(button.dataset).toMatchObject({ patientKey: 'fhir:a', status: 'ready', critical: '2', warning: '1', info: '0', hasCritical: '' });
    expect([...button.querySelectorAll('.chip')].map((c) => `${c.className}=${c.textContent}`)).toEqual(['chip critical=2', 'chip warning=1']);
    expect(button.getAttribute('aria-label')).toBe('Palliatief Zorgpad: 2 kritiek, 1 let op, 0 info. Open het zijpaneel');
    // the page's styles do not reach in
    expect(badge.root!.querySelector('style')!.textContent).toContain(':host{all:initial}');
    button.click();
    expect(onClick).toHaveBeenCalledOnce();
  });

  test('a click on the badge does not reach the EHR page', () => {
    const pageClick = vi.fn();
    document.addEventListener('click', pageClick);
    const badge = createBadge(document, msg, () => {});
    badge.render({ key: 'k', status: 'ready', counts: { critical: 0, warning: 0, info: 1 } }, null);
    (badge.root!.querySelector('button') as HTMLButtonElement).click();
    document.removeEventListener('click', pageClick);
    expect(pageClick).not.toHaveBeenCalled();
  });

  test('states without counts, zero prompts, and removal', () => {
    const badge = createBadge(document, msg, () => {});
    badge.render({ key: 'k', status: 'login' }, null);
    const b = () => badge.root!.querySelector('button')!;
    expect(b().dataset.status).toBe('login');
    expect(b().dataset.critical).toBeUndefined();
    expect(b().textContent).toBe('Zorgpadinloggen');
    badge.render({ key: 'k', status: 'ready', counts: { critical: 0, warning: 0, info: 0 } }, null);
    expect(b().textContent).toBe('Zorgpad✓');
    expect(b().dataset.hasCritical).toBeUndefined();
    badge.remove();
    expect(document.querySelector('zorgpad-badge')).toBeNull();
  });

  const nextFrame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));

  test('sits on the top-right corner of the banner and follows it', async () => {
    const banner = document.getElementById('patient-banner')!;
    let rect = { top: 100, right: 900, bottom: 180, left: 20, width: 880, height: 80, x: 20, y: 100, toJSON() {} };
    banner.getBoundingClientRect = () => rect as DOMRect;
    const badge = createBadge(document, msg, () => {});
    badge.render({ key: 'k', status: 'loading' }, banner);
    await nextFrame();
    expect([badge.element!.style.top, badge.element!.style.left]).toEqual(['89px', '888px']);
    rect = { ...rect, top: 300, right: 700 };
    badge.reposition();
    await nextFrame();
    expect([badge.element!.style.top, badge.element!.style.left]).toEqual(['289px', '688px']);
  });

  test('never forces a layout inside the page\'s own task: one rect read per frame, however many mutations', async () => {
    const banner = document.getElementById('patient-banner')!;
    const rect = vi.fn(() => ({ top: 100, right: 900, bottom: 180, left: 20, width: 880, height: 80, x: 20, y: 100, toJSON() {} }) as DOMRect);
    banner.getBoundingClientRect = rect;
    const badge = createBadge(document, msg, () => {});
    badge.render({ key: 'k', status: 'loading' }, banner);
    for (let i = 0; i < 20; i++) badge.reposition();
    expect(rect).not.toHaveBeenCalled();
    await nextFrame();
    expect(rect).toHaveBeenCalledTimes(1);
    badge.reposition();
    badge.remove(); // a frame still pending after removal must not touch the page
    await nextFrame();
    expect(rect).toHaveBeenCalledTimes(1);
  });
});
