// The demo EHR in real headless Chromium: the ward list, a chart with its banner, the user switch,
// moving to the next patient without a reload, and the EHR launch of the SMART app in the side panel.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { axeSerious } from './support/axe';
import { launchPlain } from './support/chromium';
import { startE2eDemo, type DemoServer } from './support/demo';

let demo: DemoServer;
let browser: Awaited<ReturnType<typeof launchPlain>>;
let page: Page;

beforeAll(async () => {
  demo = await startE2eDemo();
  browser = await launchPlain();
  page = await browser.context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

describe('demo EHR', () => {
  test('the ward list shows both wards, the SEH and the fixture patients', async () => {
    await page.goto(`${demo.url}/ehr/`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Afdelingsoverzicht');
    const interne = page.locator('[data-ward="ward-interne"] tbody tr');
    expect(await interne.count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('[data-ward="ward-longziekten"] tbody tr').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('[data-ward="seh"] [data-patient-id="pz-joke-smit"]').count()).toBe(1);
    // the Nictiz example patient and the Synthea patients are there too
    expect(await page.locator('[data-patient-id="nl-core-Patient-01"]').count()).toBe(1);
    expect(await page.locator('tbody tr').count()).toBeGreaterThanOrEqual(15 + 3 + 4);
  });

  test('a chart shows the banner the way hospital EHRs do', async () => {
    await page.goto(`${demo.url}/ehr/`);
    await page.click('a[href="/ehr/patients/pz-joke-smit"]');
    await page.waitForURL(/\/ehr\/patients\/pz-joke-smit$/);
    const banner = page.locator('#patient-banner');
    expect(await banner.getAttribute('data-patient-id')).toBe('pz-joke-smit');
    expect(await banner.getAttribute('data-bsn')).toBe('999010042');
    expect(await page.getByTestId('patient-name').textContent()).toBe('Smit, Joke');
    expect(await page.getByTestId('birth-date').textContent()).toMatch(/^\d{2}-\d{2}-\d{4} \(82 jaar\)$/);
    expect(await page.getByTestId('bsn').textContent()).toBe('999010042');
    await page.getByRole('tab', { name: 'Behandelwensen' }).click();
    await expect.poll(() => page.locator('#tab-wensen').textContent()).toContain('NIET Reanimatie');
  });

  test('the current user switch sticks (cookie)', async () => {
    await page.goto(`${demo.url}/ehr/patients/pz-kees-meijer`);
    // the switch submits a form: wait until a new document (without our marker) has loaded
    await page.evaluate(() => ((window as unknown as { __before: boolean }).__before = true));
    await page.getByTestId('user-switch').selectOption('prac-seh-arts');
    await expect.poll(() => page.evaluate(() => !(window as unknown as { __before?: boolean }).__before && document.readyState === 'complete').catch(() => false)).toBe(true);
    expect(page.url()).toBe(`${demo.url}/ehr/patients/pz-kees-meijer`);
    expect(await page.getByTestId('user-switch').inputValue()).toBe('prac-seh-arts');
    await page.goto(`${demo.url}/ehr/`);
    expect(await page.getByTestId('user-switch').inputValue()).toBe('prac-seh-arts');
  });

  test('"volgende patiënt" swaps the chart without a page load (history.pushState)', async () => {
    await page.goto(`${demo.url}/ehr/patients/pz-ans-dijkstra`);
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    const before = await page.locator('#patient-banner').getAttribute('data-patient-id');
    await page.getByTestId('next-patient').click();
    await expect.poll(() => page.locator('#patient-banner').getAttribute('data-patient-id')).not.toBe(before);
    const after = await page.locator('#patient-banner').getAttribute('data-patient-id');
    expect(page.url()).toBe(`${demo.url}/ehr/patients/${after}`);
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await page.goBack();
    await expect.poll(() => page.locator('#patient-banner').getAttribute('data-patient-id')).toBe(before);
  });

  test('the launch control EHR-launches the SMART app beside the chart for this patient', async () => {
    await page.goto(`${demo.url}/ehr/patients/pz-joke-smit`);
    await page.getByTestId('launch-smart').click();
    expect(await page.locator('#app-panel').isVisible()).toBe(true);
    const box = await page.locator('#app-panel').boundingBox();
    expect(box!.width).toBeGreaterThanOrEqual(380);
    expect(box!.width).toBeLessThanOrEqual(420);
    const frame = page.frameLocator('#smart-frame');
    // after launch.html → /auth/authorize (no login: the EHR user) → index.html?code&state
    await expect.poll(() => page.frames().find((f) => f.url().includes('/smart/index.html'))?.url() ?? '', { timeout: 30_000 }).toMatch(/[?&]code=[^&]+&state=|[?&]state=[^&]+&code=/);
    const app = page.frames().find((f) => f.url().includes('/smart/index.html'))!;
    await expect.poll(() => app.evaluate(() => (window as unknown as { __pzContext?: { patientId: string } }).__pzContext?.patientId), { timeout: 30_000 }).toBe('pz-joke-smit');
    const ctx = await app.evaluate(() => (window as unknown as { __pzContext?: { encounterId?: string; fhirUser?: string } }).__pzContext);
    expect(ctx?.encounterId).toBe('pz-joke-smit-enc-6');
    expect(ctx?.fhirUser).toMatch(/Practitioner\/prac-/);
    expect(await frame.locator('body').count()).toBe(1);
  });

  test('a standalone launch goes through the sandbox login and patient picker', async () => {
    const p = await browser.context.newPage();
    await p.goto(`${demo.url}/smart/launch.html?iss=${encodeURIComponent(demo.fhirBase)}`);
    await p.waitForURL(/\/auth\/authorize/);
    await p.check('input[name=pz_practitioner][value=prac-verpleegkundige]');
    await p.selectOption('#pz_patient', 'pz-frans-de-boer');
    await p.click('button[value=allow]');
    await p.waitForURL(/\/smart\/index\.html\?/);
    await expect.poll(() => p.evaluate(() => (window as unknown as { __pzContext?: { patientId: string } }).__pzContext?.patientId), { timeout: 30_000 }).toBe('pz-frans-de-boer');
    const ctx = await p.evaluate(() => (window as unknown as { __pzContext?: { fhirUser?: string; needPatientBanner: boolean } }).__pzContext);
    expect(ctx).toMatchObject({ fhirUser: 'Practitioner/prac-verpleegkundige', needPatientBanner: true });
    await p.close();
  });

  test('the EHR pages and the sandbox login have no serious accessibility violations (axe-core)', async () => {
    const p = await browser.context.newPage();
    await p.goto(`${demo.url}/ehr/`);
    expect(await axeSerious(p)).toEqual([]);
    await p.goto(`${demo.url}/ehr/patients/pz-ans-dijkstra`);
    expect(await axeSerious(p)).toEqual([]);
    await p.goto(`${demo.url}/smart/launch.html?iss=${encodeURIComponent(demo.fhirBase)}`);
    await p.waitForURL(/\/auth\/authorize/);
    expect(await axeSerious(p)).toEqual([]);
    await p.close();
  });
});
