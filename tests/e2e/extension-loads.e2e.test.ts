import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchWithExtension, type ExtensionBrowser } from './support/chromium';

let b: ExtensionBrowser;
beforeAll(async () => {
  b = await launchWithExtension();
});
afterAll(async () => b?.close());

test('the built MV3 extension loads in headless Chromium and its side panel renders', async () => {
  expect(b.extensionId).toMatch(/^[a-p]{32}$/);
  const page = await b.context.newPage();
  await page.goto(`chrome-extension://${b.extensionId}/sidepanel.html`);
  await expect.poll(() => page.textContent('body')).toContain('Palliatief Zorgpad');
});
