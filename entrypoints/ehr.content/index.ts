// The content script on EHR pages: which patient is on screen → background; the badge with that
// patient's open prompt counts. Registered at runtime (lib/extension/content-registration.ts) only for
// EHR origins the user granted; no React, no zod, no engine here (the page must stay fast).
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import type { AdaptersReply, BackgroundToContent, BadgeState, ContentMessage } from '../../lib/extension/messages';
import { mark } from '../../lib/extension/trace';
import { createBadge } from './badge';
import { openLane } from './lane';
import { watchPagePatient, type PageState } from './watch';

const send = <T>(m: ContentMessage) => (browser.runtime.sendMessage as (m: unknown) => Promise<unknown>)(m) as Promise<T>;

export default defineContentScript({
  registration: 'runtime',
  matches: [],
  runAt: 'document_idle',
  async main(ctx) {
    // no reply at all where the background does not answer (e.g. the login window of launchWebAuthFlow)
    const reply = await send<AdaptersReply | undefined>({ type: 'pz:adapters' }).catch(() => undefined);
    const adapters = reply?.adapters;
    if (!adapters?.length || ctx.isInvalid) return;

    // getMessage crosses into the extension's locale tables on every call; the badge asks for the same few
    const texts = new Map<string, string>();
    const msg = (name: string) => {
      let t = texts.get(name);
      if (t === undefined) texts.set(name, (t = (browser.i18n.getMessage as (n: string) => string)(name) || name));
      return t;
    };
    const badge = createBadge(document, msg, {
      openPanel: () => void send({ type: 'pz:open-panel' }).catch(() => {}),
      // the background opens the panel inside this click's gesture and scrolls it to the card
      openCard: (key, code) => void send({ type: 'pz:open-card', key, code }).catch(() => {}),
    });
    let page: PageState = { key: null, patient: null, adapter: null };
    // every change numbered per document: the background applies each once, whichever way came first
    const doc = crypto.randomUUID();
    let seq = 0;
    const lane = openLane(document);
    const anchor = () => (page.adapter ? document.querySelector(page.adapter.anchor ?? page.adapter.selector ?? ':not(*)') : null);

    // Only the state for the patient on screen is painted: answers for a patient the page left are dropped.
    const show = (state: BadgeState | null | undefined) => {
      if (!state || state.key !== page.key) return;
      badge.render(state, anchor());
    };

    const onChange = (next: PageState) => {
      page = next;
      const change = { type: 'pz:page' as const, key: next.key, patient: next.patient, doc, seq: ++seq };
      // the request first: the record load starts before we spend time on the 'loading' paint. The lane
      // is the fast way in; the runtime message is the one the background answers (the badge's state)
      lane.post(change);
      mark('cs:page'); // (after the lane: a mark reports itself to the browser, which can take a while)
      send<BadgeState | null>(change).then(show, () => {});
      if (!next.key) badge.remove();
      else show({ key: next.key, status: 'loading' });
    };

    const watcher = watchPagePatient(window, adapters, onChange, () => page.key && badge.reposition());
    const onMessage = (m: unknown, _sender: unknown, sendResponse: (r: unknown) => void) => {
      const type = (m as { type?: string })?.type;
      if (type === 'pz:badge') show((m as BackgroundToContent).state);
      // the tab started loading: the background asks whether this document still shows the patient
      else if (type === 'pz:ping') sendResponse({ key: page.key, patient: page.patient });
      return undefined;
    };
    browser.runtime.onMessage.addListener(onMessage);
    const onLayout = () => page.key && badge.reposition();
    window.addEventListener('resize', onLayout, { passive: true });
    window.addEventListener('scroll', onLayout, { passive: true }); // sticky banners move on scroll

    ctx.onInvalidated(() => {
      // extension reloaded or updated: leave the page as we found it
      watcher.stop();
      badge.remove();
      lane.remove();
      browser.runtime.onMessage.removeListener(onMessage);
      window.removeEventListener('resize', onLayout);
      window.removeEventListener('scroll', onLayout);
    });
  },
});
