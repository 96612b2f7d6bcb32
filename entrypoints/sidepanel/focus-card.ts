// "Open in zijpaneel" from the EHR page's popover: scroll the side panel to that prompt's card and put
// the keyboard focus on it. The card may not be there yet (the record is still loading, or the panel
// has only just opened), so wait for it to appear; a newer request replaces an older one.
import type { PromptCode } from '../../lib/pathway/types';

export function createCardFocuser(doc: Document) {
  let observer: MutationObserver | undefined;
  const stop = () => {
    observer?.disconnect();
    observer = undefined;
  };
  const tryFocus = (code: PromptCode): boolean => {
    const card = doc.querySelector<HTMLElement>(`[data-prompt-code="${CSS.escape(code)}"]`);
    if (!card) return false;
    // an <article> is not focusable by itself; -1 keeps it out of the tab order
    if (!card.hasAttribute('tabindex')) card.tabIndex = -1;
    card.scrollIntoView({ block: 'start' });
    card.focus({ preventScroll: true });
    card.dataset.focusedFromPage = '';
    return true;
  };
  return {
    focus(code: PromptCode) {
      stop();
      doc.querySelectorAll<HTMLElement>('[data-focused-from-page]').forEach((e) => delete e.dataset.focusedFromPage);
      if (tryFocus(code)) return;
      observer = new MutationObserver(() => tryFocus(code) && stop());
      observer.observe(doc.body, { childList: true, subtree: true });
    },
    /** the patient changed: a card asked for the previous one must not be focused on this one */
    cancel: stop,
  };
}
