// The palliative team's hospital-wide screen end to end: the demo runs its population (Bulk export of
// the whole hospital through its own Backend Services client) at start; a clinician logs in to the demo
// EHR, clicks "Palliatief Zorgpad: ziekenhuisbreed" (user-level SMART launch), and sees the hospital's
// patients with prompts by name and ward, filters by ward and by prompt code, sees the indicator charts
// drawn as SVG under the app's strict CSP (vega-interpreter: no eval, no inline style), opens a patient
// with the keyboard and returns with the filters kept. axe clean; no CSP violation. Screenshot for the
// README: docs/screenshots/team-screen.png.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startDemo, type DemoServer } from '../../demo/server';
import type { TeamPayload } from '../../lib/population/team-view';
import { axeSerious } from './support/axe';
import { launchPlain } from './support/chromium';

const SHOTS = 'docs/screenshots';
const tmp = mkdtempSync(join(tmpdir(), 'pz-team-e2e-'));
let demo: DemoServer;
let browser: Awaited<ReturnType<typeof launchPlain>>;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  demo = await startDemo({ port: 0, buildSmart: false, backendKeyFile: join(tmp, 'backend.jwk'), teamRuns: { dir: join(tmp, 'runs'), atStart: true } });
  await demo.teamRuns.start(); // the run started at start-up (no second one): resolves when it is done
  browser = await launchPlain();
});
afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

function consoleProblems(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to|unsafe-eval/.test(m.text())) seen.push(m.text());
  });
  return seen;
}

describe('team screen: the hospital-wide worklist and the indicators', () => {
  test('launch from the EHR, names and wards, filters, charts, keyboard open and back, axe, CSP', async () => {
    const token = demo.issueToken('user/*.rs', { fhirUser: 'Practitioner/prac-specialist' });
    const expected = ((await (await fetch(`${demo.url}/population/team`, { headers: { authorization: `Bearer ${token}` } })).json()) as TeamPayload).view!;
    expect(expected.patients.length).toBeGreaterThan(5);

    const page = await browser.context.newPage();
    const problems = consoleProblems(page);
    await page.setViewportSize({ width: 1400, height: 1100 });
    await page.request.post(`${demo.url}/ehr/user`, { form: { user: 'prac-specialist', returnTo: '/ehr/' }, maxRedirects: 0 });
    await page.goto(`${demo.url}/ehr/`);
    await page.getByRole('button', { name: 'Palliatief Zorgpad: ziekenhuisbreed' }).click();
    const frameEl = await page.waitForSelector('#smart-frame');
    const launched = (await frameEl.contentFrame())!;
    await Promise.race([
      launched.waitForSelector('button[value=allow]', { timeout: 30_000 }).then(() => launched.click('button[value=allow]')),
      launched.waitForURL(/\/smart\/index\.html/, { timeout: 30_000 }),
    ]);
    const frame = (): Frame => page.frames().find((f) => f.url().includes('/smart/index.html'))!;
    await expect.poll(() => frame()?.locator('[data-testid=team-view]').count() ?? 0, { timeout: 30_000 }).toBe(1);
    const app = page.frameLocator('#smart-frame');
    const rows = app.locator('[data-testid=team-view] tbody tr[data-patient-id]');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(expected.patients.length);

    // every row names the patient (and ward) from the run, never a FHIR id
    const text = (await app.locator('.pz-team').textContent()) ?? '';
    for (const p of expected.patients) expect(text).toContain(p.name ?? 'onbekende patiënt');
    expect(text).not.toMatch(/(Patient|Location|Encounter)\/[A-Za-z0-9-]+/);
    const named = expected.patients.filter((p) => p.ward).map((p) => p.ward!);
    expect(named.length).toBeGreaterThan(0);
    for (const w of new Set(named)) expect(await app.locator(`section[data-team-ward="${w}"]`).count()).toBe(1);

    // the charts are drawn (svg), with the numbers as tables beside them
    await expect.poll(() => app.locator('[data-testid=team-chart] svg').count(), { timeout: 60_000 }).toBe(2);
    expect(await app.locator('[data-testid=indicator-totals] tbody tr').count()).toBe(9);
    expect(await app.locator('[data-testid=indicator-totals]').textContent()).toMatch(/\d+ van \d+/);
    await page.locator('#smart-frame').screenshot({ path: `${SHOTS}/team-screen.png` });
    expect(await axeSerious(frame())).toEqual([]);

    // filter by ward: only that ward's patients
    const ward = named[0];
    await app.getByLabel('Afdeling', { exact: true }).selectOption(ward);
    const onWard = expected.patients.filter((p) => p.ward === ward);
    await expect.poll(() => rows.count()).toBe(onWard.length);
    expect((await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-patient-id')))).sort()).toEqual(onWard.map((p) => p.id).sort());
    // and by code: the ward's patients with that prompt, only that prompt shown
    const code = onWard[0].prompts[0].code;
    await app.getByLabel('Signaal', { exact: true }).selectOption(code);
    const both = onWard.filter((p) => p.prompts.some((x) => x.code === code));
    await expect.poll(() => rows.count()).toBe(both.length);
    expect(new Set(await app.locator('[data-testid=team-view] tbody li[data-prompt-code]').evaluateAll((ls) => ls.map((l) => l.getAttribute('data-prompt-code'))))).toEqual(new Set([code]));
    expect(await app.getByTestId('team-count').textContent()).toMatch(new RegExp(`^${both.length} patiënt`));

    // keyboard: Tab to the first patient's button, Enter opens the patient view
    const target = both[0];
    await frame().focus('body');
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await frame().evaluate((id) => document.activeElement?.getAttribute('data-open-patient') === id, target.id);
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await frame().waitForSelector(`[data-banner-state=patient][data-patient-id="${target.id}"]`, { timeout: 30_000 });
    expect(await axeSerious(frame())).toEqual([]);

    // back: the list with the filters as they were, the focus on that patient
    await app.getByTestId('back-to-team').click();
    await expect.poll(() => rows.count()).toBe(both.length);
    expect(await app.getByLabel('Afdeling', { exact: true }).inputValue()).toBe(ward);
    expect(await app.getByLabel('Signaal', { exact: true }).inputValue()).toBe(code);
    expect(await frame().evaluate(() => document.activeElement?.getAttribute('data-open-patient'))).toBe(target.id);

    // a fresh run: "bezig", then the results again
    await app.getByTestId('team-refresh').click();
    await expect.poll(() => app.getByTestId('team-run-status').textContent(), { timeout: 30_000 }).toMatch(/Bezig|Peildatum/);
    await demo.teamRuns.start();
    await expect.poll(() => app.getByTestId('team-run-status').textContent(), { timeout: 60_000 }).toMatch(/^Peildatum/);
    await expect.poll(() => rows.count()).toBe(both.length);

    expect(problems).toEqual([]);
    await page.close();
  });
});
