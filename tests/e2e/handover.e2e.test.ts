// From Ans Dijkstra's chart to a saved handover document: the demo EHR EHR-launches the built SMART
// app (real SMART launch, real demo FHIR server) in headless Chromium; the zaalarts opens the
// handover-gaps card, makes the handover ("Overdracht maken"), sees the gaps highlighted in the preview,
// saves it ("Opslaan in dossier") and the document is on the server once. The printed letter (print
// media) is screenshotted for the README.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DemoServer } from '../../demo/server';
import { buildHandover, handoverHtml } from '../../lib/handover/index';
import { createFhirGateway } from '../../lib/fhir/load-record';
import { buildRecord } from '../../lib/pathway/index';
import { launchPlain } from './support/chromium';
import { startE2eDemo } from './support/demo';

const SHOTS = 'docs/screenshots';
const PID = 'pz-ans-dijkstra';
let demo: DemoServer;
let browser: Awaited<ReturnType<typeof launchPlain>>;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  demo = await startE2eDemo();
  browser = await launchPlain();
});
afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

async function serverDocs(): Promise<Record<string, any>[]> {
  const token = demo.issueToken(['user/*.rs'], {});
  const res = await fetch(`${demo.fhirBase}/DocumentReference?patient=Patient/${PID}&type=http://loinc.org|18761-7`, { headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json' } });
  expect(res.status).toBe(200);
  return (((await res.json()) as { entry?: { resource: Record<string, any> }[] }).entry ?? []).map((e) => e.resource);
}

describe('warm handover in the demo EHR', () => {
  test("zaalarts: from Ans Dijkstra's chart to a saved document, once", async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 1100 });
    const login = await page.request.post(`${demo.url}/ehr/user`, { form: { user: 'prac-zaalarts', returnTo: '/ehr/' }, maxRedirects: 0 });
    expect(login.status()).toBe(303);
    await page.goto(`${demo.url}/ehr/patients/${PID}`);
    await page.click('[data-testid=launch-smart]');
    const app = page.frameLocator('#smart-frame');
    await expect.poll(() => app.locator('[data-banner-state="patient"]').getAttribute('data-patient-id'), { timeout: 60_000 }).toBe(PID);
    await app.getByLabel('Mijn rol').selectOption('zaalarts');
    // the zaalarts sees the handover-gaps card first before a discharge
    await expect.poll(() => app.locator('[data-prompt-code]').first().getAttribute('data-prompt-code'), { timeout: 30_000 }).toBe('handover-gaps');
    const card = app.locator('[data-prompt-code="handover-gaps"]');
    await card.getByRole('button', { name: 'Overdracht maken' }).click();
    const preview = card.locator('[data-handover-preview]');
    await expect.poll(() => preview.count()).toBe(1);
    // gaps highlighted: exactly the items the card lists as missing
    const missingInCard = await card.locator('[data-handover-item][data-present="false"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-handover-item')));
    const missingInPreview = await preview.locator('.pz-handover-doc__item--missing').evaluateAll((els) => els.map((e) => e.getAttribute('data-section')));
    expect(missingInCard.length).toBeGreaterThan(0);
    expect(missingInPreview.filter((s) => missingInCard.includes(s))).toEqual(missingInCard);
    expect(await preview.textContent()).toContain('Rob Dijkstra');
    expect(await preview.textContent()).not.toMatch(/\b(Patient|Practitioner|Organization|Encounter)\/[A-Za-z0-9-]+/);
    await page.locator('#smart-frame').screenshot({ path: `${SHOTS}/handover-preview.png` });

    expect(await serverDocs()).toHaveLength(0);
    await preview.getByRole('button', { name: 'Opslaan in dossier' }).click();
    await expect
      .poll(async () => {
        const n = (await serverDocs()).length;
        // a refused or failed write is shown in the app: fail with its message instead of waiting on
        const failed = await app.locator('.pz-write--failed, [data-write-state="failed"], .pz-pending--failed').allTextContents();
        if (failed.length) throw new Error(`write failed: ${failed.join(' | ')} ${await app.locator('body').textContent()}`);
        return n;
      }, { timeout: 60_000 })
      .toBe(1);
    const [doc] = await serverDocs();
    expect(doc).toMatchObject({ status: 'current', type: { coding: [{ code: '18761-7' }] }, subject: { reference: `Patient/${PID}` } });
    await page.close();
  });

  test('the printed letter (print media, A4) for the README', async () => {
    const gateway = createFhirGateway({ serverUrl: demo.fhirBase, fetch: globalThis.fetch.bind(globalThis), getAuthHeader: async () => `Bearer ${demo.issueToken(['user/*.rs'], {})}` });
    const loaded = await gateway.loadPatientRecord(PID);
    const record = buildRecord(loaded.resources).records.find((r) => r.patient === `Patient/${PID}`)!;
    const doc = buildHandover(record, { now: new Date(), handover: { hospitalName: 'Demo Ziekenhuis Zorgpad' } });
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
    await page.setContent(handoverHtml(doc));
    await page.emulateMedia({ media: 'print' });
    expect(await page.evaluate(() => matchMedia('print').matches)).toBe(true);
    expect(await page.locator('.hospital').textContent()).toBe('Demo Ziekenhuis Zorgpad');
    expect(await page.locator('section.item.missing').count()).toBe(doc.missing.length + doc.context.filter((s) => !s.present).length);
    await page.screenshot({ path: `${SHOTS}/handover-print.png`, fullPage: true });
    await page.close();
  });
});
