// The overlay badge: a shadow root (the EHR's CSS cannot reach in, ours cannot leak out), absolutely
// positioned on the top-right corner of the patient banner, so the host page's layout never moves.
// Plain DOM, no React: the content script stays a few KB on every EHR page. The shadow root is closed
// and prompt texts live only inside it: the EHR page's own scripts cannot read them (issue #18).
import type { BadgeState } from '../../lib/extension/messages';
import type { PromptCode } from '../../lib/pathway/types';
import { createPopover, GLYPH, POPOVER_CSS, type Popover } from './popover';

export type Msg = (name: string, subs?: string[]) => string;

const CSS = `
:host{all:initial}
button{all:unset;box-sizing:border-box;display:inline-flex;align-items:center;gap:4px;cursor:pointer;
 font:600 12px/1 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#12395f;background:#fff;
 border:1px solid #12395f;border-radius:12px;padding:3px 4px 3px 8px;min-height:22px;box-shadow:0 1px 3px rgba(0,0,0,.25);white-space:nowrap}
button:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}
button:hover{background:#eef3f8}
button[data-has-critical]{border:2px solid #b00020}
.chip{display:inline-block;min-width:16px;padding:2px 5px;border-radius:8px;text-align:center;box-sizing:border-box}
.critical{background:#b00020;color:#fff;font-weight:800}
.warning{background:#f5c242;color:#2b2100}
.info{background:#dfe7ef;color:#12395f}
.state{font-weight:500;padding-right:4px}
.short{padding:2px 7px;border-radius:8px;letter-spacing:.01em}
${POPOVER_CSS}`;

const ORDER = ['critical', 'warning', 'info'] as const;

export interface Badge {
  /** show (or update) the badge for this state, next to `anchor` */
  render(state: BadgeState, anchor: Element | null): void;
  /** follow the anchor after layout changes */
  reposition(): void;
  remove(): void;
  readonly element: HTMLElement | null;
  /** the closed shadow root: for this script's own tests, never reachable from the page */
  readonly root: ShadowRoot | null;
}

export interface BadgeActions {
  /** a click (or Enter/Space) on the badge when it has no list to show: login, error, unknown patient */
  openPanel(): void;
  /** "Open in zijpaneel" for one prompt of the patient `key` */
  openCard(key: string, code: PromptCode): void;
}

export function createBadge(doc: Document, msg: Msg, actions: BadgeActions | (() => void)): Badge {
  const act: BadgeActions = typeof actions === 'function' ? { openPanel: actions, openCard: () => actions() } : actions;
  let host: HTMLElement | null = null;
  let button: HTMLButtonElement | null = null;
  let root: ShadowRoot | null = null;
  let popover: Popover | null = null;
  /** the state on screen: the popover lists its prompts, and only for its key */
  let current: BadgeState | null = null;
  let anchor: Element | null = null;
  let lastPos = '';

  function ensure(): HTMLButtonElement {
    if (host && button && host.isConnected) return button;
    host = doc.createElement('zorgpad-badge');
    // off-flow on the root element: never pushes the EHR's content around
    host.style.cssText = 'position:absolute;top:0;left:0;z-index:2147483646;transform:translateX(-100%)';
    root = host.attachShadow({ mode: 'closed' });
    const style = doc.createElement('style');
    style.textContent = CSS;
    button = doc.createElement('button');
    button.type = 'button';
    button.dataset.testid = 'zorgpad-badge';
    button.setAttribute('aria-expanded', 'false');
    button.setAttribute('aria-controls', 'pz-pop');
    button.addEventListener('click', (e) => {
      e.stopPropagation(); // the EHR's own click handlers must not see our clicks
      const s = current;
      if (s?.status !== 'ready' || !s.overlay) return act.openPanel();
      if (popover?.open) popover.close(true);
      else popover?.show(s.overlay.prompts);
    });
    root.append(style, button);
    const key = () => current?.key;
    popover = createPopover(doc, root, () => host, () => button, msg, (code) => {
      const k = key();
      if (k) act.openCard(k, code);
    });
    // the host's own keyboard events stay ours too (Esc in the popover is not the EHR's Esc)
    host.addEventListener('keydown', (e) => e.stopPropagation());
    doc.documentElement.append(host);
    lastPos = '';
    return button;
  }

  // Reading the banner's rect forces a layout. Inside the EHR's own mutation task that layout would be
  // ours and synchronous (it made host-page tasks pass 50 ms); in the next animation frame the browser
  // is about to lay out anyway, and several mutations in one frame cost one read.
  let frame = 0;
  function reposition() {
    if (!host || frame) return;
    const view = doc.defaultView!;
    frame = view.requestAnimationFrame(() => {
      frame = 0;
      place();
    });
  }

  function place() {
    if (!host) return;
    const view = doc.defaultView!;
    let top: number;
    let left: number;
    if (anchor?.isConnected) {
      const r = anchor.getBoundingClientRect();
      // straddle the banner's top edge at its right end: over the border and padding, not over its buttons
      top = Math.max(0, r.top + view.scrollY - 11);
      left = r.right + view.scrollX - 12;
      // the popover goes below the banner, as wide as it at most (the CSS reads these two)
      host.style.setProperty('--pz-bh', `${Math.round(r.height)}px`);
      host.style.setProperty('--pz-bw', `${Math.round(r.width)}px`);
    } else {
      top = view.scrollY + 8;
      left = view.scrollX + doc.documentElement.clientWidth - 8;
    }
    const pos = `${Math.round(top)},${Math.round(left)}`;
    if (pos === lastPos) return; // no style writes when nothing moved
    lastPos = pos;
    host.style.top = `${Math.round(top)}px`;
    host.style.left = `${Math.round(left)}px`;
  }

  function chip(kind: string, n: number): HTMLSpanElement {
    const s = doc.createElement('span');
    s.className = `chip ${kind}`;
    s.textContent = String(n);
    s.title = `${n} ${msg(`badge_${kind}`)}`;
    return s;
  }

  return {
    get element() {
      return host;
    },
    get root() {
      return root;
    },
    render(state, a) {
      const b = ensure();
      // another patient (or not ready yet): the previous list is dropped before anything else is painted
      if (popover?.open && (state.key !== current?.key || state.status !== 'ready' || !state.overlay)) popover.close(doc.activeElement === host);
      current = state;
      anchor = a;
      b.dataset.patientKey = state.key;
      b.dataset.status = state.status;
      const label = doc.createElement('span');
      label.textContent = msg('badge_title');
      const parts: (HTMLElement | string)[] = [label];
      let summary: string;
      delete b.dataset.hasCritical;
      delete b.dataset.short;
      if (state.status === 'ready') {
        const { counts } = state;
        for (const k of ORDER) b.dataset[k] = String(counts[k]);
        const total = counts.critical + counts.warning + counts.info;
        if (counts.critical) b.dataset.hasCritical = '';
        if (total === 0) {
          const s = doc.createElement('span');
          s.className = 'state';
          s.textContent = '✓';
          parts.push(s);
          summary = msg('badge_none');
        } else if (state.overlay?.short && counts.critical) {
          // the most important thing in words (the engine's short text), in the critical colour
          const s = doc.createElement('span');
          s.className = 'chip critical short';
          s.textContent = `${GLYPH.critical} ${state.overlay.short}`;
          b.dataset.short = '';
          parts.push(s);
          const rest = total - 1;
          if (rest) {
            const more = doc.createElement('span');
            more.className = 'chip info';
            more.textContent = `+${rest}`;
            parts.push(more);
          }
          summary = `${state.overlay.short}; ${ORDER.map((k) => `${counts[k]} ${msg(`badge_${k}`)}`).join(', ')}`;
        } else {
          for (const k of ORDER) if (counts[k]) parts.push(chip(k, counts[k]));
          summary = ORDER.map((k) => `${counts[k]} ${msg(`badge_${k}`)}`).join(', ');
        }
        if (state.overlay) popover?.update(state.overlay.prompts);
      } else {
        for (const k of ORDER) delete b.dataset[k];
        const s = doc.createElement('span');
        s.className = 'state';
        s.textContent = msg(`badge_${state.status}`);
        parts.push(s);
        summary = s.textContent;
      }
      b.replaceChildren(...parts);
      const hint = state.status === 'ready' && state.overlay ? msg('badge_list') : msg('badge_open');
      b.setAttribute('aria-label', `${msg('badge_title_long')}: ${summary}. ${hint}`);
      reposition();
    },
    reposition,
    remove() {
      if (frame) doc.defaultView?.cancelAnimationFrame(frame);
      frame = 0;
      popover?.close(false);
      host?.remove();
      host = null;
      button = null;
      root = null;
      popover = null;
      current = null;
      anchor = null;
    },
  };
}
