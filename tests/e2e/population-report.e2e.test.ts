// report.html of `npm run population` opened from disk in headless Chromium: both Vega-Lite charts
// render offline (the libraries are inlined), the totals table has both counts, and axe finds nothing
// serious. The screenshot is docs/screenshots/population-report.png.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPopulation } from '../../lib/population/run';
import { generateRecords } from '../pathway/support/generate';
import { bundleResources, writeNdjson } from '../population/support/ndjson';
import { axeSerious } from './support/axe';
import { launchPlain } from './support/chromium';

let browser: Awaited<ReturnType<typeof launchPlain>>;
const tmp = mkdtempSync(join(tmpdir(), 'pz-report-'));

beforeAll(async () => {
  writeNdjson(join(tmp, 'ndjson'), bundleResources(generateRecords(120, 21, { observations: 5, unread: 0 })));
  await runPopulation({ ndjsonDir: join(tmp, 'ndjson'), outDir: join(tmp, 'out'), now: new Date('2024-06-15T10:00:00+02:00'), progress: false });
  browser = await launchPlain();
});
afterAll(async () => browser?.close());

describe('population report.html', () => {
  it('renders the trend and ward charts offline, with both counts, axe clean', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    // offline: any request leaving the file is a failure
    await page.route(/^https?:/, (route) => {
      errors.push(`network: ${route.request().url()}`);
      return route.abort();
    });
    await page.goto(pathToFileURL(join(tmp, 'out', 'report.html')).href);
    await page.locator('#trend svg .mark-line path').first().waitFor({ state: 'attached' });
    await page.locator('#wards svg .mark-rect path').first().waitFor({ state: 'attached' });
    // one line per indicator with monthly data, drawn from real coordinates
    const lines = await page.locator('#trend svg .mark-line path').evaluateAll((ps) => ps.map((p) => p.getAttribute('d') ?? ''));
    expect(lines.length).toBeGreaterThan(3);
    for (const d of lines) expect(d).toMatch(/^M\d/);
    expect(await page.locator('#wards svg .mark-rect path').count()).toBeGreaterThan(0);
    const firstRow = page.locator('tbody tr').first();
    await expect.poll(() => firstRow.locator('th').textContent()).toBe('overlijden-gemeld');
    const [numerator, denominator] = await firstRow.locator('td').allTextContents();
    expect(Number(denominator)).toBeGreaterThan(0);
    expect(Number(numerator)).toBeLessThanOrEqual(Number(denominator));
    expect(await axeSerious(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.screenshot({ path: resolve('docs/screenshots/population-report.png'), fullPage: true });
  });
});
