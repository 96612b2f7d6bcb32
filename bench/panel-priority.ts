// Headless Chromium has no real side panel: the bench opens the panel's page as a second tab of the EHR's
// window (so it follows that window's EHR tab, as the side panel does) and keeps the EHR tab in front.
// Chromium then counts the extension's renderer process as one without a visible page and lowers it
// (on Linux: setpriority of its main thread to 5, base::Process kBestEffort; Playwright's
// --disable-renderer-backgrounding does not stop it), measured on this machine: EHR in front → the
// extension renderer's main thread at nice 5, the panel's tab in front or in a window of its own → 0.
// A real side panel is visible beside the page, so its renderer runs at 0. At nice 5 its thread gets a
// third of the EHR renderer's weight on two busy cores, and a switch's hop to the panel waited 20-30 ms
// at p95 for that reason alone: the bench measured a browser state the clinician never has.
// So before each switch the bench puts the extension renderer's main thread back to the nice a visible
// page has, and reports what it found.
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** pids of Chromium's extension renderer processes (the side panel's page, the lane frame, the worker) */
export function extensionRenderers(): number[] {
  const out: number[] = [];
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out; // not Linux: nothing to find, nothing to set
  }
  for (const pid of pids) {
    try {
      // a zygote child rewrites its title: its arguments are then one string, split by spaces, not NULs
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
      if (args.includes('--type=renderer') && args.includes('--extension-process')) out.push(Number(pid));
    } catch {
      // a process that ended meanwhile
    }
  }
  return out;
}

export interface PanelPriority {
  /** the main thread's nice found before each switch (5 = lowered by Chromium since the last one) */
  found: number[];
  /** and found after it: whether Chromium lowered it again during the switch */
  after: number[];
  /** sets the extension renderer's main thread to `nice` (0: a visible page's) and notes what it was */
  beforeSwitch(): void;
  afterSwitch(): void;
}

const read = (into: number[]) => {
  for (const pid of extensionRenderers()) {
    try {
      into.push(getPriority(pid));
    } catch {
      // gone meanwhile
    }
  }
};

/** `nice`: a visible page's (0). A main thread that cannot be set is only noted. */
export function asVisiblePanel(nice = 0): PanelPriority {
  const found: number[] = [];
  const after: number[] = [];
  return {
    found,
    after,
    afterSwitch: () => read(after),
    beforeSwitch() {
      for (const pid of extensionRenderers()) {
        try {
          const before = getPriority(pid);
          found.push(before);
          if (before !== nice) setPriority(pid, nice);
        } catch {
          // gone meanwhile, or no right to raise it (not root): measured as Chromium left it
        }
      }
    },
  };
}
