// Which processes the bench gives a visible panel's priority (bench/panel-priority.ts): only the
// extension renderer of its own browser, whatever other Chromium runs on the machine.
import { describe, expect, test } from 'vitest';
import { describePanelNice, isExtensionRenderer, renderersOf } from '../../bench/panel-priority';
import { argsOf } from '../../bench/procs';

describe('the extension renderer of this browser', () => {
  test('arguments as the kernel gives them: NUL-separated, or one title a zygote child rewrote', () => {
    expect(argsOf('/usr/lib/chromium/chromium\0--type=renderer\0--extension-process\0')).toEqual(['/usr/lib/chromium/chromium', '--type=renderer', '--extension-process']);
    expect(isExtensionRenderer(argsOf('/usr/lib/chromium/chromium --type=renderer --extension-process --renderer-client-id=7'))).toBe(true);
    expect(isExtensionRenderer(argsOf('/usr/lib/chromium/chromium --type=renderer --renderer-client-id=6'))).toBe(false);
    // a flag that only starts the same way is not the flag
    expect(isExtensionRenderer(argsOf('chromium --type=renderer-x --extension-process'))).toBe(false);
  });
  test('only the renderers descending from the browser started with this profile', () => {
    const procs = [
      { pid: 100, ppid: 1, args: ['chromium', '--user-data-dir=/tmp/pz-chromium-a'] },
      { pid: 101, ppid: 100, args: ['chromium', '--type=zygote'] },
      { pid: 102, ppid: 101, args: ['chromium', '--type=renderer', '--extension-process'] },
      { pid: 103, ppid: 101, args: ['chromium', '--type=renderer'] },
      { pid: 104, ppid: 100, args: ['chromium', '--type=gpu-process'] },
      // another browser on the same machine (another test run): not ours to touch
      { pid: 200, ppid: 1, args: ['chromium', '--user-data-dir=/tmp/pz-chromium-b'] },
      { pid: 201, ppid: 200, args: ['chromium', '--type=zygote'] },
      { pid: 202, ppid: 201, args: ['chromium', '--type=renderer', '--extension-process'] },
      // a child of ours that claims the other profile is still ours only by descent
      { pid: 300, ppid: 1, args: ['chromium', '--type=renderer', '--extension-process', '--user-data-dir=/tmp/pz-chromium-a'] },
    ];
    expect(renderersOf(procs, '/tmp/pz-chromium-a')).toEqual({ extension: [102], pages: [103] });
    expect(renderersOf(procs, '/tmp/pz-chromium-b')).toEqual({ extension: [202], pages: [] });
    expect(renderersOf(procs, '/tmp/none')).toEqual({ extension: [], pages: [] });
  });
});

describe('what the bench says it measured', () => {
  test('how often Chromium had lowered the panel, lowered it again, and where it could not be set', () => {
    expect(describePanelNice([])).toMatch(/not found: measured as Chromium left it/);
    const line = describePanelNice([
      { pid: 1, before: 5, target: 0, set: true, after: 0 },
      { pid: 1, before: 0, target: 0, set: true, after: 5 },
      { pid: 1, before: 5, target: 0, set: false, after: 5 },
    ]);
    expect(line).toBe("extension renderer's main thread at nice 0 (the visible page's) for 2 of 3 switches; found lowered before 2, lowered again during 1; could not be set for 1 (not root?): those measured at Chromium's nice");
  });
});
