// A hospital's rollout on one workstation: Chromium with nothing but a policy file in
// /etc/chromium/policies/managed/ ("3rdparty" → our fixed extension id → the demo's FHIR base and EHR
// adapter) and the built extension. After only the login the badge shows on a demo chart; the options
// page shows what IT locked; an invalid policy value is reported there and ignored.
//
// The policy file is machine-wide: every Chromium on this machine reads it. Two guards:
// - it names ONLY our fixed extension id (lib/extension/extension-id.ts), so other Chromium instances
//   (other people's, other builds without our key) are not affected by it;
// - while it exists no other test's browser may run: tests/e2e/vitest.config.ts runs files one after
//   another (fileParallelism: false), and the file is removed in afterAll (also when a test fails).
// Writing to /etc needs root: CI runs as root. Outside CI, without root, the file is skipped; in CI it
// never is (a missing right is a failure there).
import { badgeData, badgeStatus } from './support/overlay';
import { mkdirSync, rmSync, writeFileSync, accessSync, constants, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_EHR_ADAPTER } from '../../lib/ehr/builtin';
import { EXTENSION_ID } from '../../lib/extension/extension-id';
import { launchWithExtension, type ExtensionBrowser } from './support/chromium';
import { startE2eDemo, type DemoServer } from './support/demo';
import { acquirePolicyLock, type HeldLock } from './support/policy-lock';
import { EHR_CONTENT_SCRIPT_MATCHES, privateE2eExtension, registeredContentScripts } from './support/logged-in-extension';

declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

const POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY_FILE = `${POLICY_DIR}/palliatief-zorgpad-e2e-${process.pid}.json`;

function canWritePolicy(): boolean {
  try {
    const dir = existsSync(POLICY_DIR) ? POLICY_DIR : existsSync(dirname(POLICY_DIR)) ? dirname(POLICY_DIR) : '/etc';
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
const runs = !!process.env.CI || canWritePolicy();

describe.runIf(runs)('hospital policy in headless Chromium', () => {
  let demo: DemoServer;
  let b: ExtensionBrowser;
  let extension: { dir: string; remove(): void } | undefined;
  let createdDir = false;
  let policyLock: HeldLock | undefined;

  beforeAll(async () => {
    extension = privateE2eExtension();
    demo = await startE2eDemo();
    const policy = {
      '3rdparty': {
        extensions: {
          [EXTENSION_ID]: {
            fhirBase: demo.fhirBase,
            adapters: [DEMO_EHR_ADAPTER],
            language: 'nl',
            palliativeTeam: { name: 'Palliatief consultatieteam Demo', phone: '+31 30 000 0000' },
            // invalid on purpose: not a role; reported on the options page and ignored
            defaultRole: 'chirurg',
          },
        },
      },
    };
    // exclusive: no other extension browser on this machine (this run or a second one) while the file exists
    policyLock = await acquirePolicyLock('exclusive');
    createdDir = !existsSync(POLICY_DIR);
    mkdirSync(POLICY_DIR, { recursive: true });
    writeFileSync(POLICY_FILE, JSON.stringify(policy, null, 2));
    b = await launchWithExtension({ extensionDir: extension.dir, policyLockHeld: true });
  });

  afterAll(async () => {
    // the policy first: it must not outlive this file even if closing the browser fails
    rmSync(POLICY_FILE, { force: true });
    if (createdDir) rmSync(POLICY_DIR, { recursive: true, force: true });
    try {
      await b?.close();
    } finally {
      policyLock?.release();
    }
    await demo?.close();
    extension?.remove();
  });

  test('the extension has the fixed id and reads the policy from storage.managed', async () => {
    expect(b.extensionId).toBe(EXTENSION_ID);
    const managed = await b.worker.evaluate(() => chrome.storage.managed.get(null));
    expect(managed).toMatchObject({ fhirBase: demo.fhirBase, defaultRole: 'chirurg' });
    // nothing typed in the options page: storage.local has no options
    expect(await b.worker.evaluate(() => chrome.storage.local.get('pz-options'))).toEqual({});
    // the policy's adapter, for the loopback origin the e2e build pre-grants
    await expect.poll(() => registeredContentScripts(b), { timeout: 20_000 }).toBe(EHR_CONTENT_SCRIPT_MATCHES);
  });

  test('after nothing but the login the badge shows on a demo chart', async () => {
    const options = await b.context.newPage();
    await options.goto(`chrome-extension://${b.extensionId}/options.html`);
    await expect.poll(() => options.inputValue('[data-testid=opt-fhir-base]'), { timeout: 20_000 }).toBe(demo.fhirBase);
    const [login] = await Promise.all([
      b.context.waitForEvent('page', { predicate: (p) => p.url().includes('/auth/authorize'), timeout: 20_000 }),
      options.click('text=Inloggen bij de FHIR-server'),
    ]);
    // the redirect URI the hospital registers: the fixed id's chromiumapp.org
    expect(new URL(login.url()).searchParams.get('redirect_uri')).toBe(`https://${EXTENSION_ID}.chromiumapp.org/`);
    await login.click('button[value=allow]');
    await expect.poll(() => options.textContent('[data-testid=login-status]'), { timeout: 20_000 }).toBe('Ingelogd');

    const ehr = await b.context.newPage();
    await ehr.goto(`${demo.url}/ehr/patients/pz-henk-jansen`);
    await expect.poll(() => badgeStatus(ehr).catch(() => ''), { timeout: 30_000 }).toBe('ready');
    expect((await badgeData(ehr)).patientKey).toBe('fhir:pz-henk-jansen');
    await ehr.close();
    await options.close();
  });

  test('the options page shows the locked fields and the ignored policy value', async () => {
    const options = await b.context.newPage();
    await options.goto(`chrome-extension://${b.extensionId}/options.html`);
    await options.waitForSelector('[data-testid=managed-errors]', { timeout: 20_000 });
    expect(await options.textContent('[data-testid=managed-errors]')).toMatch(/defaultRole: Instelling van uw ziekenhuis genegeerd: Kies een rol: /);
    // locked: FHIR base, adapters, language (not the invalid role, not client id or scopes)
    expect(await options.locator('[data-testid=locked]').count()).toBe(3);
    expect(await options.locator('[data-testid=opt-fhir-base]').getAttribute('readonly')).not.toBeNull();
    expect(await options.locator('[data-testid=opt-adapters]').getAttribute('readonly')).not.toBeNull();
    expect(await options.locator('[data-testid=opt-default-role]').isDisabled()).toBe(false);
    expect(await options.locator('[data-testid=opt-client-id]').getAttribute('readonly')).toBeNull();
    expect(await options.textContent('[data-testid=hospital-settings]')).toContain('Palliatief consultatieteam Demo');
    expect(await options.locator('text=Ingesteld door uw ziekenhuis').count()).toBeGreaterThanOrEqual(3);
    mkdirSync('docs/screenshots', { recursive: true });
    await options.screenshot({ path: 'docs/screenshots/options-managed.png', fullPage: true });
    await options.close();
  });
});
