// SMART App Launch in headless Chromium against the demo: EHR launch from a chart in the demo EHR,
// standalone launch, and a missing or mismatched `state` refused before any token request.
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startDemo, type DemoServer } from '../../demo/server';
import { launchPlain } from './support/chromium';

let demo: DemoServer;
let browser: Awaited<ReturnType<typeof launchPlain>>;

beforeAll(async () => {
  demo = await startDemo({ port: 0 });
  expect(await demo.smartReady).toBe(true);
  browser = await launchPlain();
});
afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

type Ctx = { patientId: string; encounterId?: string; fhirUser?: string; needPatientBanner: boolean };

/** The sandbox login page: pick the patient when asked (standalone), then allow. */
async function passLogin(target: Page | Frame, patientId?: string) {
  if (patientId && (await target.locator('select[name=pz_patient]').count())) await target.selectOption('select[name=pz_patient]', patientId);
  await target.click('button[value=allow]');
}

async function appContext(target: Page | Frame): Promise<Ctx> {
  await target.waitForFunction(() => (window as { __pzContext?: unknown }).__pzContext !== undefined, undefined, { timeout: 30_000 });
  return target.evaluate(() => (window as unknown as { __pzContext: Ctx }).__pzContext);
}

function tokenRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/auth/token')) seen.push(r.url());
  });
  return seen;
}

describe('SMART App Launch 2.0 in Chromium', () => {
  test('EHR launch from a chart in the demo EHR reaches the app with that patient in context', async () => {
    const seed = demo.seed!.patients.find((p) => p.id === 'pz-henk-jansen') ?? demo.seed!.patients[0];
    const page = await browser.context.newPage();
    const tokens = tokenRequests(page);
    await page.goto(`${demo.url}/ehr/patients/${seed.id}`);
    await page.click('[data-testid=launch-smart]');
    const frameEl = await page.waitForSelector('#smart-frame');
    const frame = (await frameEl.contentFrame())!;
    // the sandbox may ask who the user is; an EHR session may also skip straight to the app
    await Promise.race([
      frame.waitForSelector('button[value=allow]', { timeout: 30_000 }).then(() => passLogin(frame)),
      frame.waitForURL(/\/smart\/index\.html/, { timeout: 30_000 }),
    ]);
    await frame.waitForURL(/\/smart\/index\.html/);
    const ctx = await appContext(frame);
    expect(ctx.patientId).toBe(seed.id);
    expect(ctx.fhirUser).toMatch(/^Practitioner\//);
    expect(await frame.evaluate(() => document.documentElement.dataset.patientId)).toBe(seed.id);
    expect(tokens).toHaveLength(1);
    // code and state are gone from the address bar; nothing in localStorage
    expect(new URL(frame.url()).searchParams.has('code')).toBe(false);
    expect(await frame.evaluate(() => localStorage.length)).toBe(0);
    // the screens show this patient's banner and exactly the prompts the seed promises for it
    await frame.waitForSelector(`[data-banner-state=patient][data-patient-id="${seed.id}"]`, { timeout: 30_000 });
    await expect
      .poll(async () => (await frame.$$eval('[data-prompt-code]', (els) => els.map((e) => e.getAttribute('data-prompt-code')))).sort(), { timeout: 30_000 })
      .toEqual([...seed.prompts].sort());
    await page.close();
  });

  test('standalone launch: the user picks the patient at the server', async () => {
    const seed = demo.seed!.patients[3];
    const page = await browser.context.newPage();
    await page.goto(`${demo.url}/smart/launch.html?iss=${encodeURIComponent(demo.fhirBase)}`);
    await page.waitForSelector('button[value=allow]');
    const authorizeUrl = new URL(page.url());
    expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizeUrl.searchParams.get('scope')!.split(' ')).toContain('launch/patient');
    await passLogin(page, seed.id);
    await page.waitForURL(/\/smart\/index\.html/);
    expect((await appContext(page)).patientId).toBe(seed.id);
    await page.close();
  });

  for (const [name, tamper, message] of [
    ['missing', (u: URL) => u.searchParams.delete('state'), /state-parameter ontbreekt/],
    ['mismatched', (u: URL) => u.searchParams.set('state', crypto.randomUUID()), /komt niet overeen/],
  ] as const) {
    test(`a ${name} state is refused with a clear Dutch message and no token request`, async () => {
      const page = await browser.context.newPage();
      const tokens = tokenRequests(page);
      // stand in the way of the redirect back from the login, as an attacker's link would
      // (Playwright does not route the target of a redirect, so rewrite the login's own answer)
      await page.route(/\/auth\/authorize/, async (route) => {
        if (route.request().method() !== 'POST') return route.continue();
        const res = await route.fetch({ maxRedirects: 0 });
        const location = res.headers()['location'];
        if (!location || !/\/smart\/index\.html\?/.test(location)) return route.fulfill({ response: res });
        const u = new URL(location, route.request().url());
        tamper(u);
        u.searchParams.set('pz-tampered', '1');
        await route.fulfill({ status: 302, headers: { location: u.href } });
      });
      await page.goto(`${demo.url}/smart/launch.html?iss=${encodeURIComponent(demo.fhirBase)}`);
      await page.waitForSelector('button[value=allow]');
      await passLogin(page, demo.seed!.patients[0].id);
      await page.waitForURL(/pz-tampered/);
      await expect.poll(() => page.textContent('body'), { timeout: 20_000 }).toMatch(message);
      expect(tokens).toEqual([]);
      expect(await page.evaluate(() => (window as { __pzContext?: unknown }).__pzContext)).toBeUndefined();
      await page.close();
    });
  }

  test('launch.html refuses to start without OAuth (fhirServiceUrl)', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${demo.url}/smart/launch.html?fhirServiceUrl=${encodeURIComponent(demo.fhirBase)}`);
    await expect.poll(() => page.textContent('[data-testid=launch-error]').catch(() => null), { timeout: 20_000 }).toMatch(/geen inlogpagina/);
    expect(page.url()).toContain('/smart/launch.html');
    await page.close();
  });
});
