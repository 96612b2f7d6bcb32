// The clinician's screens end to end: the demo EHR EHR-launches the built SMART app in its ~400 px
// side frame (real SMART launch, PKCE, real demo FHIR server), and each role's main flow is done in
// headless Chromium, each by mouse and by keyboard; and the ward round launched from the ward list.
// Screenshots for the README go to docs/screenshots/.
import { mkdirSync } from 'node:fs';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startDemo, type DemoServer } from '../../demo/server';
import { engineEvaluate } from '../../lib/host/engine';
import { createFhirGateway } from '../../lib/fhir/load-record';
import { axeSerious } from './support/axe';
import { launchPlain } from './support/chromium';

const SHOTS = 'docs/screenshots';

let demo: DemoServer;
let browser: Awaited<ReturnType<typeof launchPlain>>;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  demo = await startDemo({ port: 0, buildSmart: false });
  browser = await launchPlain();
});
afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

/** Each role flow changes the record it works on: the keyboard and the mouse run each get fresh data. */
async function freshDemo() {
  await demo?.close();
  demo = await startDemo({ port: 0, buildSmart: false });
}

interface Focused {
  text: string;
  label: string;
  tag: string;
  /** the prompt card the focus is in */
  code: string | null;
  /** the nazorg step the focus is in */
  step: string | null;
  /** the worklist column whose sort button has the focus */
  sort: string | null;
  href: string | null;
}

/** Keyboard only: Tab through the app until the focused element matches; fails when it is never reached. */
async function tabTo(page: Page, frame: () => Frame, matches: (f: Focused) => boolean, max = 80): Promise<Focused> {
  for (let i = 0; i <= max; i++) {
    const f = await frame().evaluate((): Focused => {
      const a = document.activeElement as HTMLElement | null;
      const labels = (a as HTMLInputElement | null)?.labels;
      return {
        text: a?.textContent?.trim() ?? '',
        label: a?.getAttribute('aria-label') ?? labels?.[0]?.textContent?.trim() ?? '',
        tag: a?.tagName ?? '',
        code: a?.closest('[data-prompt-code]')?.getAttribute('data-prompt-code') ?? null,
        step: a?.closest('[data-nazorg-step]')?.getAttribute('data-nazorg-step') ?? null,
        href: a?.getAttribute('href') ?? null,
        sort: a?.classList.contains('pz-sort') ? (a.closest('th')?.className.match(/pz-ward__col--(\w+)/)?.[1] ?? null) : null,
      };
    });
    if (matches(f)) return f;
    await page.keyboard.press('Tab');
  }
  throw new Error('not reachable by keyboard');
}

/** Server-side check, independent of the UI: resources of a type for the patient. */
async function serverResources(type: string, patientId: string): Promise<Record<string, unknown>[]> {
  const token = demo.issueToken(['user/*.rs'], {});
  const param = type === 'RelatedPerson' ? 'patient' : 'subject';
  const res = await fetch(`${demo.fhirBase}/${type}?${param}=Patient/${patientId}&_count=200`, { headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json' } });
  expect(res.status).toBe(200);
  const b = (await res.json()) as { entry?: { resource: Record<string, unknown> }[] };
  return (b.entry ?? []).map((e) => e.resource);
}

const hasCode = (r: Record<string, unknown>, code: string) => JSON.stringify(r.code ?? '').includes(`"${code}"`);

/** Log in to the demo EHR as the given practitioner, open the chart and EHR-launch the app. */
async function openAppFor(userId: string, patientId: string): Promise<{ page: Page; app: FrameLocator; frame: () => Frame }> {
  const page = await browser.context.newPage();
  // tall enough that the EHR's app frame (75vh) shows the banner and the first card together
  await page.setViewportSize({ width: 1280, height: 1100 });
  // the EHR's user switch (a form post that sets the user cookie for this browser context)
  const res = await page.request.post(`${demo.url}/ehr/user`, { form: { user: userId, returnTo: '/ehr/' }, maxRedirects: 0 });
  expect(res.status()).toBe(303);
  await page.goto(`${demo.url}/ehr/patients/${patientId}`);
  await page.click('[data-testid=launch-smart]');
  const app = page.frameLocator('#smart-frame');
  await expect.poll(() => app.locator('[data-banner-state="patient"]').getAttribute('data-patient-id'), { timeout: 30_000 }).toBe(patientId);
  const frame = () => {
    const f = page.frames().find((x) => x.url().includes('/smart/index.html'));
    if (!f) throw new Error('SMART app frame not found');
    return f;
  };
  return { page, app, frame };
}

async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

async function chooseRole(app: FrameLocator, role: string) {
  await app.getByLabel('Mijn rol').selectOption(role);
}

describe('each role’s main flow in the demo EHR', () => {
  test.each(['keyboard', 'mouse'] as const)('specialist (%s): answers the surprise question "Nee" and marks the palliative phase', async (how) => {
    await freshDemo();
    const pid = 'pz-henk-jansen';
    const { page, app, frame } = await openAppFor('prac-specialist', pid);
    await chooseRole(app, 'specialist');
    const card = app.locator('[data-prompt-code="surprise-question"]');
    await expect.poll(() => card.getAttribute('data-indicator')).toMatch(/info|warning/);
    expect(await axeSerious(frame())).toEqual([]);
    if (how === 'keyboard') await shot(page, 'specialist-surprise-question');

    if (how === 'mouse') {
      await card.getByRole('button', { name: 'Nee', exact: true }).click();
      await expect.poll(() => app.locator('.pz-reminder').first().textContent(), { timeout: 15_000 }).toContain('informeer de huisarts');
      const mark = app.locator('[data-prompt-code="mark-palliative-phase"]');
      await expect.poll(() => mark.count(), { timeout: 15_000 }).toBe(1);
      await mark.getByRole('button', { name: 'Palliatieve fase markeren', exact: true }).click();
      await expect.poll(() => app.locator('[data-prompt-code="mark-palliative-phase"], [data-prompt-code="surprise-question"]').count(), { timeout: 20_000 }).toBe(0);
      await expect.poll(() => app.locator('.pz-pending').count()).toBe(0);
      expect((await serverResources('Condition', pid)).some((c) => hasCode(c, '103735009'))).toBe(true);
      await page.close();
      return;
    }

    // Keyboard only: Tab through the app until "Nee" has focus.
    await frame().focus('body');
    for (let i = 0; i < 40; i++) {
      if ((await frame().evaluate(() => document.activeElement?.textContent)) === 'Nee') break;
      await page.keyboard.press('Tab');
    }
    expect(await frame().evaluate(() => document.activeElement?.textContent)).toBe('Nee');
    await page.keyboard.press('Enter');
    // the marking comes up (inline, then as the engine's own card after the reload) and holds focus
    await expect.poll(() => frame().evaluate(() => document.activeElement?.textContent), { timeout: 15_000 }).toBe('Palliatieve fase markeren');
    await expect.poll(() => app.locator('.pz-reminder').first().textContent()).toContain('informeer de huisarts');
    if (how === 'keyboard') await shot(page, 'specialist-mark-palliative-phase');
    // wait until the focus is on the engine's card (the answer is confirmed), then mark
    await expect.poll(() => app.locator('[data-prompt-code="mark-palliative-phase"]').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => frame().evaluate(() => document.activeElement?.closest('[data-prompt-code]')?.getAttribute('data-prompt-code'))).toBe('mark-palliative-phase');
    await page.keyboard.press('Enter');

    // confirmed by the server: both prompts are gone, nothing pending
    await expect.poll(() => app.locator('[data-prompt-code="mark-palliative-phase"], [data-prompt-code="surprise-question"]').count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => app.locator('.pz-pending').count()).toBe(0);
    const obs = await serverResources('Observation', pid);
    expect(obs.filter((o) => hasCode(o, 'surprise-question')).map((o) => o.valueBoolean)).toContain(false);
    expect((await serverResources('Condition', pid)).some((c) => hasCode(c, '103735009'))).toBe(true);
    await page.close();
  });

  test('SEH doctor: sees the niet-reanimeren directive first, unmistakably', async () => {
    const pid = 'pz-joke-smit';
    const { page, app, frame } = await openAppFor('prac-seh-arts', pid);
    await chooseRole(app, 'seh-arts');
    const first = app.locator('[data-group="mine"] [data-prompt-code]').first();
    await expect.poll(() => first.getAttribute('data-prompt-code')).toBe('behandelwensen-known');
    expect(await first.getAttribute('data-indicator')).toBe('critical');
    await expect.poll(() => first.getByTestId('niet-reanimeren').textContent()).toContain('NIET REANIMEREN');
    const decisions = await first.locator('.pz-directive').allTextContents();
    expect(decisions.join(' | ')).toMatch(/Reanimatie.*NIET REANIMEREN/);
    expect(decisions.join(' | ')).toMatch(/Antibiotica.*Wel uitvoeren/);
    expect(await axeSerious(frame())).toEqual([]);
    await shot(page, 'seh-niet-reanimeren');
    await page.close();
  });

  test('SEH doctor (keyboard only): the first prompt the Tab key reaches is the niet-reanimeren directive', async () => {
    await freshDemo();
    const { page, app, frame } = await openAppFor('prac-seh-arts', 'pz-joke-smit');
    await chooseRole(app, 'seh-arts');
    await expect.poll(() => app.locator('[data-group="mine"] [data-prompt-code]').first().getAttribute('data-prompt-code')).toBe('behandelwensen-known');
    await frame().focus('body');
    const first = await tabTo(page, frame, (f) => f.code !== null);
    expect(first.code).toBe('behandelwensen-known');
    // the directive is on screen while the focus is in its card, not behind a fold
    const focusedCard = app.locator('[data-prompt-code="behandelwensen-known"]:focus-within');
    await expect.poll(() => focusedCard.getByTestId('niet-reanimeren').isVisible()).toBe(true);
    await page.close();

    // nothing known at the SEH: the GP's and the huisartsenpost's numbers, from the GP's FHIR resources,
    // each a phone link the keyboard reaches
    const unknown = await openAppFor('prac-seh-arts', 'pz-kees-meijer');
    await chooseRole(unknown.app, 'seh-arts');
    await expect.poll(() => unknown.app.locator('[data-prompt-code="behandelwensen-unknown-at-seh"]').count()).toBe(1);
    await unknown.frame().focus('body');
    const phones = new Set<string>();
    for (let i = 0; i < 2; i++) {
      const link = await tabTo(unknown.page, unknown.frame, (f) => f.code === 'behandelwensen-unknown-at-seh' && !!f.href?.startsWith('tel:') && !phones.has(f.href));
      phones.add(link.href!);
      await unknown.page.keyboard.press('Tab');
    }
    expect([...phones].sort()).toEqual(['tel:0235550101', 'tel:09005551234']);
    await unknown.page.locator('#smart-frame').screenshot({ path: `${SHOTS}/seh-behandelwensen-onbekend.png` });
    await unknown.page.close();
  });

  test.each(['mouse', 'keyboard'] as const)('ward physician (%s): confirms who does the nazorg, and records the overdue first contact', async (how) => {
    await freshDemo();
    // 1. died 10 days ago, nobody owns the nazorg yet
    const owner = await openAppFor('prac-zaalarts', 'pz-maria-van-dijk');
    await chooseRole(owner.app, 'zaalarts');
    const card = owner.app.locator('[data-prompt-code="nazorg-owner-missing"]');
    await expect.poll(() => card.getAttribute('data-indicator')).toBe('critical');
    const step = owner.app.locator('.pz-nazorg [data-nazorg-step="nazorg"]');
    await expect.poll(() => step.getAttribute('data-status')).toBe('open');
    const confirm = step.getByRole('button', { name: /^Bevestig: / });
    const proposed = (await confirm.count()) > 0;
    if (how === 'mouse') {
      if (proposed) {
        await confirm.click();
      } else {
        // no proposal from the engine: pick someone from the care team / GP
        await step.getByRole('radio').first().check();
        await step.getByRole('button', { name: 'Nazorg toewijzen' }).click();
      }
    } else {
      await owner.frame().focus('body');
      if (proposed) {
        await tabTo(owner.page, owner.frame, (f) => f.step === 'nazorg' && f.text.startsWith('Bevestig: '));
      } else {
        await tabTo(owner.page, owner.frame, (f) => f.step === 'nazorg' && f.tag === 'INPUT');
        await owner.page.keyboard.press('Space');
        await tabTo(owner.page, owner.frame, (f) => f.step === 'nazorg' && f.text === 'Nazorg toewijzen');
      }
      await owner.page.keyboard.press('Enter');
    }
    await expect.poll(() => owner.app.locator('[data-prompt-code="nazorg-owner-missing"]').count(), { timeout: 20_000 }).toBe(0);
    const tasks = await serverResources('Task', 'pz-maria-van-dijk');
    expect(tasks.some((t) => hasCode(t, 'nazorg') && t.owner)).toBe(true);
    await owner.page.close();

    // 2. day 25: the first call to the bereaved is overdue
    const pid = 'pz-truus-peters';
    const { page, app, frame } = await openAppFor('prac-zaalarts', pid);
    await chooseRole(app, 'zaalarts');
    const contact = app.locator('.pz-nazorg [data-nazorg-step="nazorg-contact"]');
    await expect.poll(() => contact.getAttribute('data-timing')).toBe('overdue');
    expect(await app.locator('[data-prompt-code="nazorg-contact-due"]').getAttribute('data-indicator')).toBe('critical');
    expect(await axeSerious(frame())).toEqual([]);
    await contact.scrollIntoViewIfNeeded();
    const note = 'Echtgenoot gebeld; nazorggesprek over 3 weken gepland';
    if (how === 'mouse') {
      await shot(page, 'zaalarts-nazorg-timeline');
      await contact.getByLabel('Notitie (optioneel)').fill(note);
      await contact.getByRole('button', { name: 'Eerste contact gehad' }).click();
    } else {
      await frame().focus('body');
      await tabTo(page, frame, (f) => f.step === 'nazorg-contact' && f.label === 'Notitie (optioneel)');
      await page.keyboard.type(note);
      await tabTo(page, frame, (f) => f.step === 'nazorg-contact' && f.text === 'Eerste contact gehad');
      await page.keyboard.press('Enter');
    }
    await expect.poll(() => app.locator('[data-prompt-code="nazorg-contact-due"]').count(), { timeout: 20_000 }).toBe(0);
    expect((await serverResources('Task', pid)).some((t) => hasCode(t, 'nazorg-contact') && t.status === 'completed')).toBe(true);
    await page.close();
  });
});

describe('ward round: the app launched from the EHR’s ward list', () => {
  test('specialist: the ward’s patients with the engine’s counts per indicator, sortable by keyboard; one click opens a patient, back returns', async () => {
    await freshDemo();
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 1100 });
    await page.request.post(`${demo.url}/ehr/user`, { form: { user: 'prac-specialist', returnTo: '/ehr/' }, maxRedirects: 0 });
    await page.goto(`${demo.url}/ehr/`);
    const ehrWard = page.locator('section[data-ward="ward-interne"]');
    const onWard = (await ehrWard.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-patient-id')!))).sort();
    expect(onWard.length).toBeGreaterThan(1);
    await ehrWard.getByTestId('launch-smart-ward').click();
    const app = page.frameLocator('#smart-frame');
    const rows = app.locator('.pz-ward-view tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(onWard.length);
    expect((await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-patient-id')!))).sort()).toEqual(onWard);

    // each row's counts are the engine's, over the record as the server has it
    const token = demo.issueToken(['user/*.rs'], {});
    const gateway = createFhirGateway({ serverUrl: demo.fhirBase, fetch: (u, i) => fetch(u, i), getAuthHeader: async () => `Bearer ${token}` });
    for (const id of onWard) {
      const record = await gateway.loadPatientRecord(id);
      const prompts = engineEvaluate()(record.resources, { now: new Date(), role: 'specialist', patientId: id }).prompts;
      const want = (['critical', 'warning', 'info'] as const).map((k) => String(prompts.filter((p) => p.indicator === k).length));
      const got = await app.locator(`.pz-ward-view tbody tr[data-patient-id="${id}"] td.pz-count`).allTextContents();
      expect(got, id).toEqual(want);
    }
    const frame = () => page.frames().find((x) => x.url().includes('/smart/index.html'))!;
    expect(await axeSerious(frame())).toEqual([]);
    await page.locator('#smart-frame').screenshot({ path: `${SHOTS}/specialist-ward-round.png` });

    // keyboard: a column header sorts
    const order = () => rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-patient-id')));
    const before = await order();
    await frame().focus('body');
    await tabTo(page, frame, (f) => f.sort === 'name');
    await page.keyboard.press('Enter');
    await expect.poll(order).not.toEqual(before);
    expect((await order()).slice().sort()).toEqual(onWard);

    // one click opens the patient; back returns to the ward list
    const target = onWard[0];
    await app.locator(`.pz-ward-view tbody tr[data-patient-id="${target}"] button`).click();
    await expect.poll(() => app.locator('[data-banner-state="patient"]').getAttribute('data-patient-id'), { timeout: 20_000 }).toBe(target);
    await app.getByRole('button', { name: 'Terug naar de afdelingslijst' }).click();
    await expect.poll(() => rows.count()).toBe(onWard.length);
    await page.close();
  });
});

describe('layout', () => {
  test('the app holds from 320 to 600 px wide without horizontal scrolling', async () => {
    const { page, frame } = await openAppFor('prac-zaalarts', 'pz-ans-dijkstra');
    for (const width of [320, 400, 600]) {
      // resize the EHR's app frame (and its panel) the way a user drags the side panel wider
      await page.evaluate((w) => {
        const f = document.getElementById('smart-frame') as HTMLIFrameElement;
        const panel = f.parentElement as HTMLElement;
        panel.style.width = `${w}px`;
        panel.style.maxWidth = 'none';
        f.style.width = `${w}px`;
      }, width);
      await expect.poll(() => frame().evaluate(() => window.innerWidth)).toBe(width);
      const overflow = await frame().evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${width}px`).toBeLessThanOrEqual(0);
      if (width === 320) await page.locator('#smart-frame').screenshot({ path: `${SHOTS}/zaalarts-handover-320.png` });
    }
    await page.close();
  });
});
