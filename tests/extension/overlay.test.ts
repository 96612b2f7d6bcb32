// @vitest-environment jsdom
// Issue #18 without a browser: the badge says the critical prompt's short text, the popover in the
// closed shadow root lists the open prompts and closes on Esc / outside click with the focus back on
// the badge, a new patient drops the old texts before anything else; the background answers with the
// overlay and sends "Open in zijpaneel" to the panel of that window only while the tab shows that patient.
import { describe, expect, test, vi } from 'vitest';
import { createBadge } from '../../entrypoints/ehr.content/badge';
import { createBackgroundCore, type PortLike, type Sender } from '../../lib/extension/background-core';
import type { OpenSummary } from '../../lib/extension/badge-counts';
import type { BadgeState, OverlayContent } from '../../lib/extension/messages';
import { TabRegistry } from '../../lib/extension/tab-registry';
import { DEMO_EHR_ADAPTER } from '../../lib/ehr/builtin';

const msg = (n: string) => n;
const JOKE: OverlayContent = {
  short: 'Niet reanimeren · geen IC',
  prompts: [
    { code: 'behandelwensen-known', indicator: 'critical', summary: 'Behandelgrens: Reanimatie, Opname op intensive care NIET uitvoeren.' },
    { code: 'topz-consult', indicator: 'warning', summary: 'Patiënt is bekend bij TOPZ: vraag TOPZ in consult.' },
  ],
};
const ready = (key: string, overlay: OverlayContent): BadgeState => ({
  key,
  status: 'ready',
  counts: { critical: overlay.prompts.filter((p) => p.indicator === 'critical').length, warning: overlay.prompts.filter((p) => p.indicator === 'warning').length, info: overlay.prompts.filter((p) => p.indicator === 'info').length },
  overlay,
});

function setupBadge() {
  document.body.innerHTML = '<section id="patient-banner"><h1>Smit, Joke</h1></section><p id="outside">chart</p>';
  const actions = { openPanel: vi.fn(), openCard: vi.fn() };
  const badge = createBadge(document, msg, actions);
  const button = () => badge.root!.querySelector('button[data-testid="zorgpad-badge"]') as HTMLButtonElement;
  const pop = () => badge.root!.querySelector('.pop') as HTMLElement;
  return { badge, actions, button, pop, banner: document.getElementById('patient-banner') };
}

describe('badge text', () => {
  test('a critical prompt open: its short text in the badge, in the critical colour, the rest counted', () => {
    const { badge, button, banner } = setupBadge();
    badge.render(ready('fhir:joke', JOKE), banner);
    const chip = button().querySelector('.short')!;
    expect(chip.className).toBe('chip critical short');
    expect(chip.textContent).toBe('‼ Niet reanimeren · geen IC');
    expect(button().textContent).toBe('badge_title‼ Niet reanimeren · geen IC+1');
    expect(button().getAttribute('aria-label')).toContain('Niet reanimeren · geen IC');
    badge.remove();
  });

  test('no critical prompt: the counts as before, no short text', () => {
    const { badge, button, banner } = setupBadge();
    badge.render(ready('fhir:x', { prompts: [{ code: 'kindcheck', indicator: 'warning', summary: 'Doe de kindcheck.' }] }), banner);
    expect(button().querySelector('.short')).toBeNull();
    expect([...button().querySelectorAll('.chip')].map((c) => c.textContent)).toEqual(['1']);
    badge.remove();
  });

  test('no prompt text in the page’s own DOM, and the shadow root is closed', () => {
    const { badge, banner } = setupBadge();
    badge.render(ready('fhir:joke', JOKE), banner);
    badge.root!.querySelector('button')!.click();
    expect(badge.element!.shadowRoot).toBeNull();
    expect(document.documentElement.outerHTML).not.toMatch(/reanimeren|Behandelgrens|TOPZ/i);
    expect(badge.root!.textContent).toContain('Behandelgrens');
    badge.remove();
  });
});

describe('popover', () => {
  test('click opens the list in the given order; "Open in zijpaneel" asks for that card of that patient', () => {
    const { badge, actions, button, pop, banner } = setupBadge();
    badge.render(ready('fhir:joke', JOKE), banner);
    expect(pop().hidden).toBe(true);
    button().click();
    expect(pop().hidden).toBe(false);
    expect(button().getAttribute('aria-expanded')).toBe('true');
    const items = [...pop().querySelectorAll('li')];
    expect(items.map((li) => [li.dataset.code, li.querySelector('.chip')!.textContent, li.querySelector('p')!.textContent])).toEqual([
      ['behandelwensen-known', '‼ badge_critical', JOKE.prompts[0].summary],
      ['topz-consult', '⚠ badge_warning', JOKE.prompts[1].summary],
    ]);
    // the keyboard lands on the first action
    expect(badge.root!.activeElement).toBe(items[0].querySelector('button'));
    (items[1].querySelector('button') as HTMLButtonElement).click();
    expect(actions.openCard).toHaveBeenCalledWith('fhir:joke', 'topz-consult');
    expect(actions.openPanel).not.toHaveBeenCalled();
    badge.remove();
  });

  test('Esc closes it and gives the focus back to the badge; the texts are gone, not hidden', () => {
    const { badge, button, pop, banner } = setupBadge();
    badge.render(ready('fhir:joke', JOKE), banner);
    button().click();
    const first = pop().querySelector('button')!;
    first.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect(pop().hidden).toBe(true);
    expect(pop().textContent).toBe('');
    expect(badge.root!.activeElement).toBe(button());
    expect(button().getAttribute('aria-expanded')).toBe('false');
    badge.remove();
  });

  test('a click outside closes it with the focus back on the badge; a click inside does not', () => {
    const { badge, button, pop, banner } = setupBadge();
    badge.render(ready('fhir:joke', JOKE), banner);
    button().click();
    pop().querySelector('li')!.dispatchEvent(new Event('pointerdown', { bubbles: true, composed: true }));
    expect(pop().hidden).toBe(false);
    document.getElementById('outside')!.dispatchEvent(new Event('pointerdown', { bubbles: true, composed: true }));
    expect(pop().hidden).toBe(true);
    expect(badge.root!.activeElement).toBe(button());
    badge.remove();
  });

  test('another patient on the banner: the open list is dropped at the loading paint, before any answer', () => {
    const { badge, button, pop, banner } = setupBadge();
    badge.render(ready('fhir:joke', JOKE), banner);
    button().click();
    badge.render({ key: 'fhir:henk', status: 'loading' }, banner);
    expect(pop().hidden).toBe(true);
    expect(badge.root!.textContent).not.toMatch(/reanimeren|Behandelgrens|TOPZ/i);
    badge.remove();
  });

  test('without a list (login, unknown patient) the badge opens the side panel as before', () => {
    const { badge, actions, button, pop, banner } = setupBadge();
    badge.render({ key: 'fhir:joke', status: 'login' }, banner);
    button().click();
    expect(actions.openPanel).toHaveBeenCalledOnce();
    expect(pop().hidden).toBe(true);
    badge.remove();
  });
});

describe('background', () => {
  const summary: OpenSummary = { counts: { critical: 1, warning: 1, info: 0 }, overlay: JOKE };
  const sender = (id: number, windowId = 1): Sender => ({ tab: { id, windowId, active: true, url: 'http://127.0.0.1:8787/ehr/patients/a' }, frameId: 0, url: 'http://127.0.0.1:8787/ehr/patients/a' });
  function setup() {
    const api = { tabs: { sendMessage: vi.fn(async () => {}) }, sidePanel: { open: vi.fn(async () => {}) } };
    const registry = new TabRegistry();
    const core = createBackgroundCore({
      api,
      registry,
      adapters: async () => [DEMO_EHR_ADAPTER],
      hasSession: async () => true,
      resolve: async (p) => ({ kind: 'patient', patientId: p.kind === 'fhir-id' ? p.id : 'x' }),
      counts: async () => summary.counts,
      open: async () => summary,
      invalidate: vi.fn(),
    });
    const posted: unknown[] = [];
    const listeners: ((m: unknown) => void)[] = [];
    const port: PortLike = { name: 'pz-panel', postMessage: (m) => posted.push(m), onMessage: { addListener: (cb) => listeners.push(cb) }, onDisconnect: { addListener: () => {} } };
    return { api, core, port, posted, watch: (w: number) => (core.onConnect(port), listeners.forEach((l) => l({ type: 'watch', windowId: w }))) };
  }
  const tick = () => new Promise((r) => setTimeout(r, 0));

  test('pz:page answers counts and the overlay in one reply', async () => {
    const { core } = setup();
    expect(await core.onContentMessage({ type: 'pz:page', key: 'fhir:a', patient: { kind: 'fhir-id', id: 'a' } }, sender(1))).toEqual({ key: 'fhir:a', status: 'ready', ...summary });
  });

  test('pz:open-card opens the panel synchronously and the panel of that window gets the card with its context', async () => {
    const { api, core, posted, watch } = setup();
    await core.onContentMessage({ type: 'pz:page', key: 'fhir:a', patient: { kind: 'fhir-id', id: 'a' } }, sender(1));
    watch(1);
    await tick();
    posted.length = 0;
    void core.onContentMessage({ type: 'pz:open-card', key: 'fhir:a', code: 'topz-consult' }, sender(1));
    expect(api.sidePanel.open).toHaveBeenCalledWith({ tabId: 1 }); // before any await: inside the gesture
    await tick();
    expect(posted).toEqual([{ type: 'context', ctx: { kind: 'patient', patientId: 'a' }, focus: 'topz-consult', seq: expect.any(Number) }]);
  });

  test('a card asked for a patient the tab no longer shows, or an unknown code, is not sent', async () => {
    const { core, posted, watch } = setup();
    await core.onContentMessage({ type: 'pz:page', key: 'fhir:b', patient: { kind: 'fhir-id', id: 'b' } }, sender(1));
    watch(1);
    await tick();
    posted.length = 0;
    void core.onContentMessage({ type: 'pz:open-card', key: 'fhir:a', code: 'topz-consult' }, sender(1));
    void core.onContentMessage({ type: 'pz:open-card', key: 'fhir:b', code: 'no-such-code' as never }, sender(1));
    await tick();
    expect(posted.filter((m) => (m as { focus?: string }).focus)).toEqual([]);
  });
});
