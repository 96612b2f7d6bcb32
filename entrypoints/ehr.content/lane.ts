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
  let channel: MessageChannel | undefined;
  // Every load of the frame gets a new port (a script of the page may reload the frame; its own port
  // then gets it nothing: the worker believes a lane only for this document's random name). Sent to the
  // extension's own origin (runtime.id; the dynamic URL's document is the extension's): a frame the
  // page navigated elsewhere never gets the port.
  frame.addEventListener('load', () => {
    channel?.port1.close();
    channel = new MessageChannel();
    frame.contentWindow?.postMessage({ type: 'pz:lane-open' } satisfies LaneOpen, `${new URL(src).protocol}//${browser.runtime.id}`, [channel.port2]);
  });
  // Putting a frame into the page costs the EHR's main thread 5–15 ms (a new frame in another process):
  // not in the page's load, but when the page is idle. Until then the runtime message carries everything.
  const win = doc.defaultView as (Window & { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number }) | null;
  let removed = false;
  const attach = () => !removed && doc.documentElement.append(host);
  if (win?.requestIdleCallback) win.requestIdleCallback(attach, { timeout: 3000 });
  else setTimeout(attach, 0);
  return {
    // nothing queues before the frame is there: until then the runtime message alone carries a change
    post: (change) => channel?.port1.postMessage(change),
    remove() {
      removed = true;
      channel?.port1.close();
      host.remove();
    },
  };
}
