// The Firefox build passes `web-ext lint` with no errors. Part of `npm test` (test:e2e builds the
// Firefox variant first with `npm run build`; this file lints a private copy of it, so a rebuild by
// another test file cannot change what is linted). Warnings are printed, not failed.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const FIREFOX_BUILD = resolve('.output/firefox-mv3');
// asynchronous: a synchronous child of a minute blocks the test worker, and vitest's RPC with it
const run = promisify(execFile);

describe('Firefox build', () => {
  test('web-ext lint reports no errors; the manifest has the gecko id and no Chromium-only key', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'pz-ff-')), 'firefox-mv3');
    try {
      // build if missing (a fresh tree running this file alone), then copy, both under the build lock
      const build = existsSync(join(FIREFOX_BUILD, 'manifest.json')) ? 'true' : 'npx wxt build -b firefox --mv3';
      await run('flock', ['/tmp/build.lock', 'sh', '-c', `${build} && cp -r "${FIREFOX_BUILD}" "${dir}"`], { timeout: 300_000, env: { ...process.env, NODE_ENV: 'production' } });
      let out = '';
      let code = 0;
      try {
        out = (await run(process.execPath, ['scripts/lint-firefox.mjs', dir], { encoding: 'utf8', timeout: 120_000 })).stdout;
      } catch (e) {
        out = String((e as { stdout?: string }).stdout);
        code = (e as { code?: number }).code ?? 1;
      }
      console.log(out.trim());
      expect(out).toMatch(/, 0 errors, /);
      expect(code).toBe(0);
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      expect(manifest.browser_specific_settings.gecko.id).toBe('palliatief-zorgpad@zorgpad.example');
      expect(manifest.key).toBeUndefined();
      expect(manifest.host_permissions).toBeUndefined();
    } finally {
      rmSync(join(dir, '..'), { recursive: true, force: true });
    }
  });
});
