// The content script's end of the fast lane (lib/extension/lane.ts): a hidden lane frame in a closed
// shadow root, and the MessagePort page changes go out on beside runtime.sendMessage. Where the
// browser has no lane frame (Firefox, or a page whose policy refuses the frame) nothing breaks: the
// runtime message alone carries the change, as before.
import { browser } from 'wxt/browser';
import { LANE_PAGE, type LaneOpen, type PageChange } from '../../lib/extension/lane';

export interface Lane {
  post(change: PageChange): void;
  remove(): void;
}

function offersLane(): boolean {
  const war = (browser.runtime.getManifest() as { web_accessible_resources?: ({ resources?: string[] } | string)[] }).web_accessible_resources ?? [];
  return war.some((w) => typeof w === 'object' && !!w.resources?.includes(LANE_PAGE));
}

export function openLane(doc: Document): Lane {
  if (!offersLane()) return { post: () => {}, remove: () => {} };
  const host = doc.createElement('zorgpad-lane');
  host.style.display = 'none';
  const root = host.attachShadow({ mode: 'closed' });
  const frame = doc.createElement('iframe');
  const src = browser.runtime.getURL(`/${LANE_PAGE}`);
  frame.src = src;
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  root.append(frame);
  const channel = new MessageChannel();
  frame.addEventListener(
    'load',
    // to the extension's own origin (the frame's URL is a dynamic one, its document is ours): a frame the
    // page navigated elsewhere never gets the port
    () => frame.contentWindow?.postMessage({ type: 'pz:lane-open' } satisfies LaneOpen, new URL(browser.runtime.getURL('/')).protocol + '//' + browser.runtime.id, [channel.port2]),
    { once: true },
  );
  doc.documentElement.append(host);
  return {
    // queued by the port until the frame has taken it: a change made while it loads is not lost
    post: (change) => channel.port1.postMessage(change),
    remove() {
      channel.port1.close();
      host.remove();
    },
  };
}
