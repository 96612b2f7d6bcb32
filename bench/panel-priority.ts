// Headless Chromium has no real side panel: the bench opens the panel's page as a second tab of the EHR's
// window (so it follows that window's EHR tab, as the side panel does) and keeps the EHR tab in front.
// Chromium then counts the extension's renderer process as one without a visible page and lowers its
// main thread (on Linux: setpriority to 5, base::Process kBestEffort; Playwright's
// --disable-renderer-backgrounding does not stop it). Measured on this machine (/proc): EHR tab in front
// → the extension renderer's main thread at nice 5; the panel's tab in front, or the panel in a window
// of its own → the nice of the visible EHR page's renderer (0). A real side panel is visible beside the
// page, so its renderer runs as the page's does. At 5 its thread has a third of the EHR renderer's weight
// on two busy cores, and the hop to the panel waited 20–30 ms at p95 for that alone: the bench measured
// a browser state the clinician never has.
// So before each switch the bench gives the extension renderer's main thread the nice of this
// browser's visible page (never more), and records what it found. Only the main thread: that is the one
// Chromium lowers; the worker and the other threads are left as they are. The page stays a hidden tab
// (no paint), as before.
import { getPriority, setPriority } from 'node:os';
import { descendsFrom, processes, type Proc } from './procs';

export const isRenderer = (args: string[]) => args.includes('--type=renderer');
export const isExtensionRenderer = (args: string[]) => isRenderer(args) && args.includes('--extension-process');

/** The renderers of the one browser started with `userDataDir` (not those of any other Chromium here). */
export function renderersOf(all: Pick<Proc, 'pid' | 'ppid' | 'args'>[], userDataDir: string): { extension: number[]; pages: number[] } {
  const byPid = new Map(all.map((p) => [p.pid, p]));
  const browsers = new Set(all.filter((p) => !p.args.some((a) => a.startsWith('--type=')) && p.args.includes(`--user-data-dir=${userDataDir}`)).map((p) => p.pid));
  const renderers = all.filter((p) => isRenderer(p.args) && descendsFrom(p, browsers, byPid, 8));
  return { extension: renderers.filter((p) => isExtensionRenderer(p.args)).map((p) => p.pid), pages: renderers.filter((p) => !isExtensionRenderer(p.args)).map((p) => p.pid) };
}

/** One switch: the extension renderer's main-thread nice found before it, set to, and found after it. */
export interface PanelNiceRecord {
  pid: number;
  before: number;
  /** the nice of this browser's visible page (the lowest of its page renderers) it was given */
  target: number;
  /** false: could not be set (not root): this switch was measured as Chromium left it */
  set: boolean;
  after?: number;
}

export interface PanelPriority {
  records: PanelNiceRecord[];
  beforeSwitch(): void;
  afterSwitch(): void;
}

const nice = (pid: number): number | undefined => {
  try {
    return getPriority(pid);
  } catch {
    return undefined; // gone meanwhile
  }
};

export function asVisiblePanel(userDataDir: string): PanelPriority {
  const records: PanelNiceRecord[] = [];
  let last: PanelNiceRecord[] = [];
  return {
    records,
    beforeSwitch() {
      const { extension, pages } = renderersOf(processes(), userDataDir);
      const pageNices = pages.map(nice).filter((n): n is number => n !== undefined);
      last = [];
      if (pageNices.length === 0) return; // no visible page to match: leave it as it is
      const target = Math.min(...pageNices);
      for (const pid of extension) {
        const before = nice(pid);
        if (before === undefined) continue;
        let set = before === target;
        if (!set) {
          try {
            setPriority(pid, target);
            set = true;
          } catch {
            set = false;
          }
        }
        const r: PanelNiceRecord = { pid, before, target, set };
        records.push(r);
        last.push(r);
      }
    },
    afterSwitch() {
      for (const r of last) r.after = nice(r.pid);
    },
  };
}

/** One line for the bench's output: what the switches found and whether the panel ran as a visible one. */
export function describePanelNice(records: PanelNiceRecord[]): string {
  if (records.length === 0) return 'extension renderer not found: measured as Chromium left it';
  const lowered = records.filter((r) => r.before !== r.target).length;
  const failed = records.filter((r) => !r.set).length;
  const lost = records.filter((r) => r.set && r.after !== undefined && r.after !== r.target).length;
  const targets = [...new Set(records.map((r) => r.target))].join('/');
  return `extension renderer's main thread at nice ${targets} (the visible page's) for ${records.length - failed} of ${records.length} switches; found lowered before ${lowered}, lowered again during ${lost}${failed ? `; could not be set for ${failed} (not root?): those measured at Chromium's nice` : ''}`;
}
