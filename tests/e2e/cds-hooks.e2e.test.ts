// The demo EHR as a CDS Hooks client in real headless Chromium: the chart shows the service's cards
// natively; accepting the surprise question's "Nee" writes the Observation and brings the
// mark-palliative-phase card on the next call.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchPlain } from './support/chromium';
import { startE2eDemo, type DemoServer } from './support/demo';

let demo: DemoServer;
let browser: Awaited<ReturnType<typeof launchPlain>>;

beforeAll(async () => {
  demo = await startE2eDemo({ buildSmart: false, fixturesDir: false });
  browser = await launchPlain();
});
afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

it('shows the cards in the chart and accepting "Nee" records the answer and brings mark-palliative-phase', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${demo.url}/ehr/patients/pz-henk-jansen`);
  const card = page.locator('[data-cds-card][data-prompt-code="surprise-question"]');
  await card.waitFor();
  expect(await card.getAttribute('data-indicator')).toBe('warning');
  expect(await page.locator('[data-prompt-code="mark-palliative-phase"]').count()).toBe(0);
  await card.getByRole('button', { name: 'Nee, het zou mij niet verbazen' }).click();
  await page.locator('[data-cds-card][data-prompt-code="mark-palliative-phase"]').waitFor();
  expect(await page.locator('[data-prompt-code="surprise-question"]').count()).toBe(0);
  const obs = await (await fetch(`${demo.fhirBase}/Observation?subject=Patient/pz-henk-jansen`, { headers: { authorization: `Bearer ${demo.issueToken('user/*.rs')}` } })).json();
  const answers = (obs.entry ?? []).map((e: { resource: { code: { coding: { code: string }[] }; valueBoolean?: boolean } }) => e.resource).filter((r: { code: { coding: { code: string }[] } }) => r.code.coding.some((c) => c.code === 'surprise-question'));
  expect(answers).toHaveLength(1);
  expect(answers[0].valueBoolean).toBe(false);
  expect(demo.cds.store.report().find((r) => r.code === 'surprise-question')?.accepted).toBe(1);
  await page.screenshot({ path: '/tmp/i13-cds-chart.png', fullPage: true });
});
