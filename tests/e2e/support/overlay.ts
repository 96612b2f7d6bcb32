// Reading the overlay's closed shadow root from a test. The EHR page's own world cannot (that is the
// point, see overlay.e2e.test.ts); the content script's isolated world can, through the extension API
// chrome.dom.openOrClosedShadowRoot. We evaluate there over CDP (Runtime.evaluate in the isolated
// execution context Chromium creates for the extension on that page).
import type { CDPSession, Page } from 'playwright-core';

interface Ctx {
  id: number;
  name: string;
  auxData?: { type?: string; frameId?: string };
}

export interface ContentWorld {
  /** evaluate `fn(arg)` in the content script's isolated world of the page's main frame */
  evaluate<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  close(): Promise<void>;
}

export async function contentWorld(page: Page, extensionName = 'Palliatief Zorgpad'): Promise<ContentWorld> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const contexts = new Map<number, Ctx>();
  cdp.on('Runtime.executionContextCreated', (e: { context: Ctx }) => contexts.set(e.context.id, e.context));
  cdp.on('Runtime.executionContextDestroyed', (e: { executionContextId: number }) => contexts.delete(e.executionContextId));
  cdp.on('Runtime.executionContextsCleared', () => contexts.clear());
  await cdp.send('Runtime.enable');
  const find = async (): Promise<number | undefined> => {
    const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
    const mine = [...contexts.values()].filter((c) => c.auxData?.type === 'isolated' && c.auxData.frameId === frameTree.frame.id && c.name === extensionName);
    return mine.at(-1)?.id;
  };
  return {
    async evaluate(fn, arg) {
      // the world appears when the content script runs (document_idle): wait for it, bounded by tries
      for (let i = 0; i < 200; i++) {
        const contextId = await find();
        if (contextId !== undefined) {
          const r = (await cdp.send('Runtime.evaluate', { expression: `(${fn.toString()})(${JSON.stringify(arg ?? null)})`, contextId, awaitPromise: true, returnByValue: true })) as {
            result: { value?: unknown };
            exceptionDetails?: { text: string; exception?: { description?: string } };
          };
          if (r.exceptionDetails) {
            // the context went away under us (navigation): look again
            if (/Cannot find context|context was destroyed/i.test(r.exceptionDetails.text)) continue;
            throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
          }
          return r.result.value as never;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('no isolated world of the extension on this page');
    },
    close: () => cdp.detach().catch(() => {}),
  };
}

/** What the overlay shows now (read in the content script's world). */
export interface OverlayView {
  patientKey?: string;
  status?: string;
  critical?: string;
  warning?: string;
  info?: string;
  /** the badge's text */
  badge: string;
  popoverOpen: boolean;
  items: { code: string; indicator: string; summary: string }[];
  /** the whole shadow root's text */
  text: string;
  /** the banner's patient id at the moment of reading */
  banner?: string;
}

/** Source of a function run in the isolated world: reads the overlay (no closures: it is stringified). */
export const readOverlay = (): OverlayView | null => {
  const host = document.querySelector('zorgpad-badge');
  const root = host ? (globalThis as unknown as { chrome: { dom: { openOrClosedShadowRoot(e: Element): ShadowRoot | null } } }).chrome.dom.openOrClosedShadowRoot(host) : null;
  const b = root?.querySelector('button[data-testid="zorgpad-badge"]') as HTMLElement | null;
  if (!root || !b) return null;
  const pop = root.querySelector('.pop') as HTMLElement | null;
  return {
    ...b.dataset,
    badge: b.textContent ?? '',
    popoverOpen: !!pop && !pop.hidden,
    items: [...root.querySelectorAll('.pop li')].map((li) => ({
      code: (li as HTMLElement).dataset.code ?? '',
      indicator: (li as HTMLElement).dataset.indicator ?? '',
      summary: li.querySelector('p')?.textContent ?? '',
    })),
    text: root.textContent ?? '',
    banner: (document.getElementById('patient-banner') as HTMLElement | null)?.dataset.patientId,
  } as OverlayView;
};

/**
 * The badge button's data as the content script set it (status 'loading' | 'ready' | …, patientKey),
 * read in the content script's world: the host element carries nothing the page could read.
 */
export async function badgeData(page: Page): Promise<{ status?: string; patientKey?: string }> {
  const world = await contentWorld(page);
  try {
    return await world.evaluate(() => {
      const host = document.querySelector('zorgpad-badge');
      const root = host ? (globalThis as unknown as { chrome: { dom: { openOrClosedShadowRoot(e: Element): ShadowRoot | null } } }).chrome.dom.openOrClosedShadowRoot(host) : null;
      const b = root?.querySelector('button') as HTMLElement | null;
      return { status: b?.dataset.status, patientKey: b?.dataset.patientKey };
    });
  } finally {
    await world.close();
  }
}

export const badgeStatus = async (page: Page): Promise<string> => (await badgeData(page)).status ?? '';
