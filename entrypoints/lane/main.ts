// The lane frame (lib/extension/lane.ts): a hidden extension frame the content script puts in the EHR
// tab, so that a patient switch reaches the service worker, and straight from here the side panel,
// over MessagePorts instead of waiting behind the EHR's own navigation in the browser process. It
// relays page changes one way and does nothing else: no FHIR, no record, nothing back to the EHR page.
import { browser } from 'wxt/browser';
import { isPageChange, LANE_PORT, type LaneHello, type LaneOffer, type PanelPortOffer } from '../../lib/extension/lane';

/** direct lanes to panels that follow this tab; a few, newest last (a panel closes the ones it replaced) */
const MAX_PANELS = 4;

let fromPage: MessagePort | undefined;
let toWorker: MessagePort | undefined;
let toPanels: MessagePort[] = [];

function dropPanels(): void {
  for (const p of toPanels) p.close();
  toPanels = [];
}

/** A new lane to the worker: a runtime Port (the browser tells the worker which tab this is) + a MessagePort. */
function connect(): void {
  const sw = navigator.serviceWorker;
  if (!sw) return;
  const laneId = crypto.randomUUID();
  const port = browser.runtime.connect({ name: LANE_PORT });
  const channel = new MessageChannel();
  const mine = channel.port1;
  toWorker = mine;
  // the worker's only message here: a panel's end of a direct lane (it decides which panel and document)
  mine.onmessage = (e: MessageEvent) => {
    if (toWorker !== mine || (e.data as PanelPortOffer | undefined)?.type !== 'pz:panel-port' || !e.ports[0]) return;
    toPanels.push(e.ports[0]);
    while (toPanels.length > MAX_PANELS) toPanels.shift()!.close();
  };
  port.onDisconnect.addListener(() => {
    // worker restarted or the tab is going: the next page change opens a new lane (it went by runtime too);
    // the panels' lanes came from that worker, the next one introduces them anew
    if (toWorker === mine) {
      toWorker = undefined;
      dropPanels();
    }
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
    // the panels first: theirs is the path someone is waiting on; the worker's copy keeps it the truth
    toPanels = toPanels.filter((p) => {
      try {
        p.postMessage(e.data);
        return true;
      } catch {
        p.close();
        return false;
      }
    });
    if (toWorker) toWorker.postMessage(e.data);
    else connect(); // this change already went by runtime.sendMessage; the next ones take the lane
  };
  connect();
});
