// The SMART app as a hospital hosts it: served with the strict CSP of demo/smart-csp.ts. In headless
// Chromium the EHR launch from the demo EHR still reaches the app with its patient (no CSP violation),
// an injected inline script does not run, and a page of another origin cannot frame the app.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SMART_DIST } from '../../demo/smart-static';
import { launchPlain } from './support/chromium';
import { startE2eDemo, type DemoServer } from './support/demo';

let demo: DemoServer;
let browser: Awaited<ReturnType<typeof launchPlain>>;
let foreign: Server;
let foreignUrl: string;

beforeAll(async () => {
  demo = await startE2eDemo();
  browser = await launchPlain();
  // another origin (localhost, not the demo's 127.0.0.1) that tries to frame the app
  foreign = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><title>vreemd</title><iframe id="f" src="${demo.url}/smart/index.html"></iframe>`);
  });
  await new Promise<void>((r) => foreign.listen(0, '127.0.0.1', r));
  foreignUrl = `http://localhost:${(foreign.address() as { port: number }).port}/`;
});
afterAll(async () => {
  await browser?.close();
  await demo?.close();
  await new Promise((r) => foreign?.close(r));
});

/** CSP violations reported in a page and its frames (console), to assert there are none, or some. */
function cspMessages(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) seen.push(m.text());
  });
  return seen;
}

describe('SMART app under its CSP', () => {
  test('the vite build has no inline script (script-src self needs no hash)', () => {
    const pages = readdirSync(SMART_DIST).filter((f) => f.endsWith('.html'));
    expect(pages.sort()).toEqual(['index.html', 'launch.html']);
    for (const p of pages) {
      const html = readFileSync(join(SMART_DIST, p), 'utf8');
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attrs, body] of scripts) {
        expect(attrs).toMatch(/\bsrc=/);
        expect(body.trim()).toBe('');
      }
      expect(html).not.toMatch(/\son[a-z]+=/i);
    }
  });

  test('the EHR launch works under the CSP: the app shows the patient, no violation reported', async () => {
    const page = await browser.context.newPage();
    const violations = cspMessages(page);
    await page.goto(`${demo.url}/ehr/patients/pz-henk-jansen`);
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().includes('/smart/index.html')), page.click('[data-testid=launch-smart]').then(async () => {
      const frame = (await (await page.waitForSelector('#smart-frame')).contentFrame())!;
      await Promise.race([
        frame.waitForSelector('button[value=allow]', { timeout: 30_000 }).then(() => frame.click('button[value=allow]')),
        frame.waitForURL(/\/smart\/index\.html/, { timeout: 30_000 }),
      ]);
    })]);
    expect(response.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers()['referrer-policy']).toBe('no-referrer');
    const frame = (await (await page.$('#smart-frame'))!.contentFrame())!;
    await frame.waitForSelector('[data-banner-state=patient][data-patient-id="pz-henk-jansen"]', { timeout: 30_000 });
    expect(await frame.$$eval('[data-prompt-code]', (els) => els.length)).toBeGreaterThan(0);

    // an injected inline script (as an XSS would add it) is refused and reported
    const result = await frame.evaluate(
      () =>
        new Promise<{ ran: boolean; violated: string }>((done) => {
          document.addEventListener('securitypolicyviolation', (e) => done({ ran: !!(window as { __pzInjected?: boolean }).__pzInjected, violated: e.effectiveDirective }), { once: true });
          const s = document.createElement('script');
          s.textContent = 'window.__pzInjected = true';
          document.body.appendChild(s);
        }),
    );
    expect(result).toEqual({ ran: false, violated: 'script-src-elem' });
    expect(await frame.evaluate(() => (window as { __pzInjected?: boolean }).__pzInjected)).toBeUndefined();
    // the app itself raised no violation before the injection
    expect(violations.filter((v) => !/inline script/i.test(v))).toEqual([]);
    await page.close();
  });

  test('a page of another origin cannot frame the app (frame-ancestors)', async () => {
    const page = await browser.context.newPage();
    const violations = cspMessages(page);
    const blocked = page.waitForEvent('console', { predicate: (m) => /frame-ancestors/.test(m.text()), timeout: 30_000 });
    await page.goto(foreignUrl);
    await blocked;
    expect(violations.some((v) => v.includes('frame-ancestors'))).toBe(true);
    const frame = (await (await page.waitForSelector('#f')).contentFrame())!;
    // the app never rendered in the foreign frame
    expect(await frame.evaluate(() => !!document.getElementById('root')).catch(() => false)).toBe(false);
    await page.close();
  });
});
