// The lane frame (lib/extension/lane.ts): a hidden extension frame the content script puts in the EHR
// tab, so that a patient switch reaches the service worker over MessagePorts instead of waiting behind
// the EHR's own navigation in the browser process. It relays page changes one way and does nothing
// else: no FHIR, no record, nothing back to the EHR page.
import { browser } from 'wxt/browser';
import { isPageChange, LANE_PORT, type LaneHello, type LaneOffer } from '../../lib/extension/lane';

let fromPage: MessagePort | undefined;
let toWorker: MessagePort | undefined;

/** A new lane to the worker: a runtime Port (the browser tells the worker which tab this is) + a MessagePort. */
function connect(): void {
  const sw = navigator.serviceWorker;
  if (!sw) return;
  const laneId = crypto.randomUUID();
  const port = browser.runtime.connect({ name: LANE_PORT });
  const channel = new MessageChannel();
  const mine = channel.port1;
  toWorker = mine;
  port.onDisconnect.addListener(() => {
    // worker restarted or the tab is going: the next page change opens a new lane (it went by runtime too)
    if (toWorker === mine) toWorker = undefined;
    mine.close();
  });
  port.postMessage({ type: 'hello', laneId } satisfies LaneHello);
  void sw.ready.then((reg) => reg.active?.postMessage({ type: 'pz:lane', laneId } satisfies LaneOffer, [channel.port2]));
}

addEventListener('message', (ev: MessageEvent) => {
  // one port, from the tab's top frame only (an EHR iframe must not speak for the tab)
  if (fromPage || ev.source !== window.parent || window.parent !== window.top) return;
  if ((ev.data as { type?: unknown })?.type !== 'pz:lane-open' || !ev.ports[0]) return;
  fromPage = ev.ports[0];
  fromPage.onmessage = (e) => {
    if (!isPageChange(e.data)) return;
    if (toWorker) toWorker.postMessage(e.data);
    else connect(); // this change already went by runtime.sendMessage; the next ones take the lane
  };
  connect();
});
