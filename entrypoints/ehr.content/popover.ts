// The popover beside the banner: every open prompt of the patient on screen (indicator, the engine's
// summary, "Open in zijpaneel"), in the badge's own closed shadow root. Plain DOM like the badge. It sits
// below the banner, right-aligned with it, so it never covers the banner's name, birth date or
// identifier. Esc or a click outside closes it and gives the focus back to the badge.
import type { OverlayPrompt } from '../../lib/extension/messages';
import type { PromptCode } from '../../lib/pathway/types';
import type { Msg } from './badge';

export const GLYPH = { critical: '‼', warning: '⚠', info: 'ℹ' } as const;

export const POPOVER_CSS = `
.pop{position:absolute;right:-12px;top:calc(var(--pz-bh,0px) + 15px);box-sizing:border-box;width:min(360px,var(--pz-bw,360px));
 max-height:min(70vh,480px);overflow:auto;background:#fff;color:#1b2733;border:1px solid #12395f;border-radius:8px;
 box-shadow:0 4px 16px rgba(0,0,0,.25);padding:8px 10px;font:400 13px/1.35 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;white-space:normal}
.pop[hidden]{display:none}
.pop h2{font:700 13px/1.3 inherit;margin:0 0 6px}
.pop ul{list-style:none;margin:0;padding:0}
.pop li{display:grid;grid-template-columns:auto 1fr;gap:2px 8px;padding:6px 0;border-top:1px solid #dfe7ef}
.pop li:first-child{border-top:0}
.pop p{margin:0}
.pop .chip{align-self:start;font-weight:700;font-size:12px}
.pop .go{all:unset;grid-column:2;justify-self:start;cursor:pointer;color:#0b4f8a;text-decoration:underline;font-weight:600;font-size:12px;padding:2px 0}
.pop .go:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}
.pop .hint{margin-top:6px;color:#4a5866;font-size:11px}
`;

export interface Popover {
  readonly open: boolean;
  show(items: readonly OverlayPrompt[]): void;
  /** new items for the same patient while open */
  update(items: readonly OverlayPrompt[]): void;
  /** closes and drops every text; `refocus` gives the focus back to the badge */
  close(refocus: boolean): void;
}

export function createPopover(doc: Document, root: ShadowRoot, host: () => HTMLElement | null, badge: () => HTMLButtonElement | null, msg: Msg, onOpenCard: (code: PromptCode) => void): Popover {
  const box = doc.createElement('div');
  box.className = 'pop';
  box.id = 'pz-pop';
  box.hidden = true;
  box.setAttribute('role', 'dialog');
  box.setAttribute('aria-labelledby', 'pz-pop-title');
  root.append(box);
  let open = false;
  let filled = '';

  function fill(items: readonly OverlayPrompt[]) {
    const sig = JSON.stringify(items);
    if (open && sig === filled) return; // a refresh with the same list keeps the keyboard focus where it is
    filled = sig;
    const title = doc.createElement('h2');
    title.id = 'pz-pop-title';
    title.textContent = msg('popover_title');
    const parts: HTMLElement[] = [title];
    if (!items.length) {
      const p = doc.createElement('p');
      p.textContent = msg('badge_none');
      parts.push(p);
    } else {
      const ul = doc.createElement('ul');
      for (const it of items) {
        const li = doc.createElement('li');
        li.dataset.code = it.code;
        li.dataset.indicator = it.indicator;
        const chip = doc.createElement('span');
        chip.className = `chip ${it.indicator}`;
        // glyph and word: the indicator is never colour alone
        chip.textContent = `${GLYPH[it.indicator]} ${msg(`badge_${it.indicator}`)}`;
        const summary = doc.createElement('p');
        summary.textContent = it.summary;
        const go = doc.createElement('button');
        go.type = 'button';
        go.className = 'go';
        go.textContent = msg('popover_open_card');
        go.addEventListener('click', (e) => {
          e.stopPropagation();
          onOpenCard(it.code);
        });
        li.append(chip, summary, go);
        ul.append(li);
      }
      parts.push(ul);
    }
    const hint = doc.createElement('p');
    hint.className = 'hint';
    hint.textContent = msg('popover_close');
    parts.push(hint);
    box.replaceChildren(...parts);
  }

  // a click anywhere on the page outside our host closes the popover (capture: before the EHR's handlers)
  const outside = (e: Event) => {
    const h = host();
    if (h && e.composedPath().includes(h)) return;
    close(true);
  };
  const onKey = (e: Event) => {
    if ((e as KeyboardEvent).key !== 'Escape') return;
    e.stopPropagation();
    close(true);
  };
  root.addEventListener('keydown', onKey);

  function close(refocus: boolean) {
    if (!open) return;
    open = false;
    box.hidden = true;
    box.replaceChildren(); // no prompt text stays behind, not even hidden
    filled = '';
    badge()?.setAttribute('aria-expanded', 'false');
    doc.removeEventListener('pointerdown', outside, true);
    if (refocus) badge()?.focus();
  }

  return {
    get open() {
      return open;
    },
    show(items) {
      fill(items);
      box.hidden = false;
      open = true;
      badge()?.setAttribute('aria-expanded', 'true');
      doc.addEventListener('pointerdown', outside, true);
      // keyboard users land on the first "Open in zijpaneel"; Tab goes on through the list
      (box.querySelector('button') as HTMLButtonElement | null)?.focus();
    },
    update(items) {
      if (open) fill(items);
    },
    close,
  };
}
