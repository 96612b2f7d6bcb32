// The service worker: wires lib/extension's background core to the real browser. Everything here is
// event registration at the top level (MV3 wakes the worker for events registered synchronously).
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { engineEvaluate } from '../lib/host/engine';
import { createBackgroundCore, type BackgroundApi, type PortLike, type Sender } from '../lib/extension/background-core';
import { CONTENT_SCRIPT_FILE, syncContentScripts, type RegistrationApi } from '../lib/extension/content-registration';
import { createServices, type Services } from '../lib/extension/background-services';
import type { LiveSessionApi } from '../lib/extension/live-session';
import { TOKEN_KEY } from '../lib/extension/live-session';
import { isContentMessage } from '../lib/extension/messages';
import { activeAdapters, loadOptions, memoizedManaged, OPTIONS_KEY, type ManagedAreaLike, type StorageAreaLike } from '../lib/extension/options';
import { TabRegistry } from '../lib/extension/tab-registry';
import { ROLE_KEY } from '../lib/extension/panel-host';

export default defineBackground(() => {
  const api = browser as unknown as LiveSessionApi & BackgroundApi & RegistrationApi & { storage: { local: StorageAreaLike; managed: ManagedAreaLike } };
  const evaluate = engineEvaluate();
  // the policy read once per worker life (slow in Chromium), again when it changes
  const managed = memoizedManaged(api.storage.managed);
  // the browser API as is, but with the memoized policy (prototype delegation: browser objects do not spread)
  const servicesApi: typeof api = Object.create(api, { storage: { value: Object.create(api.storage, { managed: { value: managed.area } }) } });
  const registry = new TabRegistry(browser.storage.session);
  const restored = registry.restore().catch(() => {});
  let services: Promise<Services> = createServices(servicesApi, evaluate);

  const core = createBackgroundCore({
    api,
    registry,
    adapters: async () => activeAdapters(await loadOptions(api.storage.local, managed.area)),
    hasSession: async () => !!(await (await services).session.token()),
    resolve: async (p) => (await services).resolver.resolve(p),
    counts: async (id) => (await (await services).counts.get(id)).counts,
    open: async (id) => (await services).counts.get(id),
    invalidate: (id) =>
      void services.then((s) => {
        s.counts.invalidate(id);
        s.records.invalidate(id);
      }),
    record: async (id) => (await services).records.get(id),
    isExtensionPage: (sender) => !!sender.url?.startsWith(browser.runtime.getURL('/')),
  });

  // Chrome keeps registrations across restarts; Firefox does not persist them (and older versions refuse
  // the flag), so there the background re-registers on every start instead
  const resync = () =>
    loadOptions(api.storage.local, managed.area)
      .then((o) => syncContentScripts(api, activeAdapters(o), { persist: !import.meta.env.FIREFOX }))
      .catch(() => {});

  // Chrome: the toolbar button opens the panel. Firefox has a sidebar instead (sidebar_action).
  browser.sidePanel?.setPanelBehavior?.({ openPanelOnActionClick: true }).catch(() => {});

  browser.runtime.onMessage.addListener((msg: unknown, sender: Sender, sendResponse: (r: unknown) => void) => {
    if (!isContentMessage(msg)) return undefined;
    const reply = core.onContentMessage(msg, sender);
    if (reply === undefined) return undefined;
    // sendResponse + `true` works in every Chromium; the open-panel call already ran synchronously
    Promise.resolve(reply).then(sendResponse, () => sendResponse(null));
    return true;
  });
  browser.runtime.onConnect.addListener((port) => core.onConnect(port as unknown as PortLike));
  // the MessagePort half of a fast lane (lib/extension/lane.ts), from the lane frame or the side panel
  self.addEventListener('message', (ev: MessageEvent) => core.onLaneOffer(ev.data, ev.ports?.[0]));

  browser.tabs.onActivated.addListener(({ tabId, windowId }) => void restored.then(() => core.onTabActivated(tabId, windowId)));
  browser.tabs.onRemoved.addListener((tabId) => void restored.then(() => core.onTabRemoved(tabId)));
  browser.tabs.onAttached.addListener((tabId, info) => void restored.then(() => core.onTabAttached(tabId, info.newWindowId)));
  browser.tabs.onUpdated.addListener((tabId, change) => {
    // 'loading' at a navigation's start (the old document may still answer the probe), 'complete' once
    // the new one stands: a page without our script is then seen as such, however slow it committed
    if (change.status === 'loading' || change.status === 'complete') void restored.then(() => core.onTabLoading(tabId));
  });
  browser.windows.onFocusChanged.addListener((windowId) => {
    if (windowId === browser.windows.WINDOW_ID_NONE) return;
    // covers activations the worker missed while it was asleep
    void browser.tabs.query({ active: true, windowId }).then(([tab]) => tab?.id !== undefined && core.onTabActivated(tab.id, windowId));
  });

  browser.storage.onChanged.addListener((changes, area) => {
    // 'managed': hospital IT changed the policy (Chromium re-reads it while running; Firefox reads
    // policies.json only at start, so there a change needs a browser restart)
    if (area === 'managed') managed.forget();
    if ((area === 'local' && OPTIONS_KEY in changes) || area === 'managed') {
      // new server or adapters: new session, new registrations, every badge again
      const old = services;
      services = createServices(servicesApi, evaluate);
      void old.then((s) => s.close());
      void resync();
      core.refreshAll();
    } else if (area === 'local' && ROLE_KEY in changes) {
      // the role chosen in the side panel orders the popover's list
      void services.then((s) => s.setRole(changes[ROLE_KEY].newValue)).then(() => core.refreshAll());
    } else if (area === 'session' && TOKEN_KEY in changes) {
      // logged in (or out) in the panel or the options page; the LiveSession re-reads the token itself
      setTimeout(() => core.refreshAll(), 0);
    }
  });
  browser.permissions.onAdded.addListener((added) => {
    void resync().then(() => {
      // EHR tabs that were already open when access was granted get the script now, not at their next reload
      const origins = added.origins ?? [];
      if (!origins.length) return;
      void browser.tabs.query({ url: origins }).then((tabs) =>
        tabs.forEach((t) => t.id !== undefined && void (browser.scripting.executeScript as (i: { target: { tabId: number }; files: string[] }) => Promise<unknown>)({ target: { tabId: t.id }, files: [CONTENT_SCRIPT_FILE] }).catch(() => {})),
      );
    });
  });
  browser.permissions.onRemoved.addListener(() => void resync());

  // registrations do not survive a Firefox restart, and Chrome's can go stale after an update
  browser.runtime.onStartup.addListener(() => void resync());
  browser.runtime.onInstalled.addListener(() => void resync());
  void resync();
});
