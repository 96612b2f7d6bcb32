// Which patient each EHR tab shows, and which EHR tab was focused last in each window (the side panel of
// that window follows it). Kept in storage.session, so a service-worker restart (MV3 kills idle workers)
// keeps the bookkeeping; storage.session is memory-only and cleared when the browser closes.
import type { PagePatient } from '../ehr/types';

export interface TabEntry {
  windowId: number;
  /** lib/ehr patientKey of what the page shows; null = an EHR page without a patient */
  key: string | null;
  patient: PagePatient | null;
}

export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

const STORAGE_KEY = 'pz-tabs';

interface Persisted {
  tabs: [number, TabEntry][];
  focused: [number, number][];
}

export class TabRegistry {
  private tabs = new Map<number, TabEntry>();
  /** windowId → the EHR tab most recently focused in it */
  private focused = new Map<number, number>();
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly area?: SessionArea) {}

  async restore(): Promise<void> {
    const saved = (await this.area?.get(STORAGE_KEY))?.[STORAGE_KEY] as Persisted | undefined;
    if (!saved) return;
    // events that arrived before the restore finished are newer than what was saved
    for (const [id, e] of saved.tabs) if (!this.tabs.has(id)) this.tabs.set(id, e);
    for (const [w, t] of saved.focused) if (!this.focused.has(w)) this.focused.set(w, t);
  }

  get(tabId: number): TabEntry | undefined {
    return this.tabs.get(tabId);
  }

  entries(): [number, TabEntry][] {
    return [...this.tabs];
  }

  /**
   * The content script of `tabId` reports what its page shows. `active`: the tab is the active tab of
   * its window (then it becomes the window's focused EHR tab). Returns the windows whose panel changed.
   */
  setPage(tabId: number, windowId: number, key: string | null, patient: PagePatient | null, active: boolean): number[] {
    const before = this.panelKeys();
    this.tabs.set(tabId, { windowId, key, patient: key ? patient : null });
    if (active || !this.focused.has(windowId)) this.focused.set(windowId, tabId);
    return this.changedSince(before);
  }

  /** A tab became the active one in its window: if it is an EHR tab, the panel follows it. */
  activated(tabId: number, windowId: number): number[] {
    const before = this.panelKeys();
    const entry = this.tabs.get(tabId);
    if (entry) {
      entry.windowId = windowId;
      this.focused.set(windowId, tabId);
    }
    return this.changedSince(before);
  }

  /** The tab left the EHR (navigated elsewhere) or was closed. */
  removed(tabId: number): number[] {
    const before = this.panelKeys();
    this.tabs.delete(tabId);
    for (const [w, t] of this.focused) if (t === tabId) this.focused.delete(w);
    return this.changedSince(before);
  }

  /** The tab was moved to another window. */
  attached(tabId: number, windowId: number): number[] {
    const before = this.panelKeys();
    const entry = this.tabs.get(tabId);
    if (entry) {
      for (const [w, t] of this.focused) if (t === tabId) this.focused.delete(w);
      entry.windowId = windowId;
      this.focused.set(windowId, tabId);
    }
    return this.changedSince(before);
  }

  /** What the side panel of `windowId` shows: the page of the window's most recently focused EHR tab. */
  panelEntry(windowId: number): (TabEntry & { tabId: number }) | null {
    const tabId = this.focused.get(windowId);
    const entry = tabId === undefined ? undefined : this.tabs.get(tabId);
    return entry && tabId !== undefined ? { ...entry, tabId } : null;
  }

  /** The EHR tab the side panel of `windowId` follows (the worker introduces the panel to its lane frame). */
  panelTab(windowId: number): number | undefined {
    return this.panelEntry(windowId)?.tabId;
  }

  /** Tabs currently showing this patient key. */
  tabsShowing(key: string): number[] {
    return [...this.tabs].filter(([, e]) => e.key === key).map(([id]) => id);
  }

  private panelKeys(): Map<number, string> {
    const m = new Map<number, string>();
    for (const w of this.windows()) {
      const e = this.panelEntry(w);
      m.set(w, e ? `${e.tabId}:${e.key}` : '');
    }
    return m;
  }

  private windows(): Set<number> {
    return new Set([...this.focused.keys(), ...[...this.tabs.values()].map((e) => e.windowId)]);
  }

  private changedSince(before: Map<number, string>): number[] {
    this.persist();
    const after = this.panelKeys();
    const windows = new Set([...before.keys(), ...after.keys()]);
    const changed: number[] = [];
    for (const w of windows) {
      // compare by patient key: a switch to another tab that shows the same patient changes nothing
      const k = (s: string | undefined) => (s ? s.slice(s.indexOf(':') + 1) : '');
      if (k(before.get(w)) !== k(after.get(w))) changed.push(w);
    }
    return changed;
  }

  private persist(): void {
    if (!this.area) return;
    const data: Persisted = { tabs: [...this.tabs], focused: [...this.focused] };
    // writes in order; a failed write is retried by the next change
    this.saving = this.saving.then(() => this.area!.set({ [STORAGE_KEY]: data })).catch(() => {});
  }

  /** for tests: wait until the last change is stored */
  flushed(): Promise<void> {
    return this.saving;
  }
}
