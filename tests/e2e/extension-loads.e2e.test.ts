import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXTENSION_DIR, launchWithExtension, type ExtensionBrowser } from './support/chromium';
import { startE2eDemo, type DemoServer } from './support/demo';

// `chrome` exists inside the extension's worker and pages these callbacks are evaluated in
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

let b: ExtensionBrowser;
beforeAll(async () => {
  b = await launchWithExtension();
});
afterAll(async () => b?.close());

test('the built MV3 extension loads in headless Chromium and its side panel renders', async () => {
  expect(b.extensionId).toMatch(/^[a-p]{32}$/);
  const page = await b.context.newPage();
  await page.goto(`chrome-extension://${b.extensionId}/sidepanel.html`);
  // the panel renders once its host has the options, hospital policy included: a fresh browser's first
  // storage.managed read waits for Chromium's policy load (seconds on a loaded machine)
  await expect.poll(() => page.textContent('body'), { timeout: 20_000 }).toContain('Palliatief Zorgpad');
});

describe('least privilege (the production build, as `npm run build` makes it)', () => {
  test('the manifest asks for no host access and declares no content scripts; EHR origins are optional', () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
    expect(manifest.host_permissions).toBeUndefined();
    expect(manifest.content_scripts).toBeUndefined();
    expect([...manifest.permissions].sort()).toEqual(['identity', 'scripting', 'sidePanel', 'storage']);
    expect(manifest.optional_host_permissions).not.toContain('<all_urls>');
    expect(manifest.optional_host_permissions).not.toContain('*://*/*');
    // one page is reachable from web pages: the fast lane's frame (lib/extension/lane.ts), on the EHR
    // origins only, under a per-session URL, so no site can probe for the extension with it
    expect(manifest.web_accessible_resources).toEqual([{ resources: ['lane.html'], matches: manifest.optional_host_permissions, use_dynamic_url: true }]);
  });

  test('until the user grants the demo EHR, no content script runs on it', async () => {
    const demo: DemoServer = await startE2eDemo({ buildSmart: false });
    try {
      expect(await b.worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).length)).toBe(0);
      expect(await b.worker.evaluate(async () => chrome.permissions.contains({ origins: ['http://127.0.0.1/*'] }))).toBe(false);
      const page = await b.context.newPage();
      await page.goto(`${demo.url}/ehr/`);
      const chart = await page.getAttribute('a[href^="/ehr/patients/"]', 'href');
      await page.goto(`${demo.url}${chart}`);
      await page.waitForTimeout(500);
      expect(await page.locator('zorgpad-badge').count()).toBe(0);
      await page.close();
    } finally {
      await demo.close();
    }
  });
});

describe('options page', () => {
  test('each field says in Dutch what is wrong; nothing is saved until it is right', async () => {
    const page = await b.context.newPage();
    await page.goto(`chrome-extension://${b.extensionId}/options.html`);
    await page.getByLabel('Adres van de FHIR-server').fill('http://fhir.ziekenhuis.nl/r4');
    await page.getByLabel('Eigen EPD-koppelingen (JSON)').fill('[{"id":"mijn-epd","name":"Mijn EPD","origins":["<all_urls>"],"selector":"#banner","fhirId":true}]');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await expect.poll(() => page.getByTestId('options-status').textContent()).toBe('Niet opgeslagen: verbeter de gemarkeerde velden.');
    const body = (await page.textContent('body')) ?? '';
    expect(body).toContain('De FHIR-server moet https gebruiken');
    expect(body).toContain('Koppeling 1 (mijn-epd), veld origins.0: "<all_urls>" geeft toegang tot alle websites');
    expect(await page.getByLabel('Adres van de FHIR-server').getAttribute('aria-invalid')).toBe('true');
    expect(await b.worker.evaluate(async () => (await chrome.storage.local.get('pz-options'))['pz-options'])).toBeUndefined();
    await page.screenshot({ path: 'docs/screenshots/extension-options.png', fullPage: true });
    await page.getByLabel('Adres van de FHIR-server').fill('https://fhir.ziekenhuis.nl/r4');
    await page.getByLabel('Eigen EPD-koppelingen (JSON)').fill('[]');
    await page.getByLabel('Standaardrol').selectOption('zaalarts');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await expect.poll(() => page.getByTestId('options-status').textContent()).toBe('Opgeslagen.');
    expect(await b.worker.evaluate(async () => (await chrome.storage.local.get('pz-options'))['pz-options'])).toMatchObject({ fhirBase: 'https://fhir.ziekenhuis.nl/r4', defaultRole: 'zaalarts', adapters: [] });
    await page.close();
  });
});
