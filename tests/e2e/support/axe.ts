// axe-core in a page or frame of headless Chromium: "no serious or critical violation on any screen"
// (issue 5) is asserted with this one helper by every e2e file that opens a screen.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core violations of impact serious or critical, as "rule (n nodes)". */
export async function axeSerious(target: Page | Frame): Promise<string[]> {
  await target.evaluate(axeSource);
  return target.evaluate(async () => {
    const w = window as unknown as { axe: { run(ctx: Document): Promise<{ violations: { id: string; impact?: string; nodes: unknown[] }[] }> } };
    const r = await w.axe.run(document);
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length})`);
  });
}
