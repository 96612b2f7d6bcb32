import { defineConfig } from 'wxt';
import { EXTENSION_PUBLIC_KEY } from './lib/extension/extension-id';

// Least privilege. The manifest asks for no host access at install: EHR origins are
// optional_host_permissions, requested when a hospital adds its EHR (or the demo EHR) in the options
// page, and the EHR content script is registered at runtime for the granted origins only
// (lib/extension/content-registration.ts). Non-loopback EHRs must be https (lib/ehr/schema.ts).
//
// The e2e build (`wxt build --mode e2e` → .output/chrome-mv3-e2e, built by the e2e tests themselves):
// headless Chromium cannot click a permission prompt, and chrome.permissions.request needs one. That
// build alone pre-grants loopback (the demo server of the test) as host_permissions, which the
// background then treats exactly like a granted optional permission. `npm run build` never does.
//
// Hospital rollout (docs/hospital-it.md): `key` fixes the Chromium extension id (lib/extension/extension-id.ts)
// so policies and the redirect URI can name it; the Chrome Web Store refuses a `key`, so the store zip
// (`PZ_STORE=1`, scripts/release.mjs) leaves it out. `storage.managed_schema` declares what IT may set by
// policy (public/managed_schema.json); Firefox needs no schema (policies.json "3rdparty") and has its gecko id.
const STORE_BUILD = process.env.PZ_STORE === '1';

export default defineConfig({
  manifest: ({ mode, browser }) => ({
    name: 'Palliatief Zorgpad',
    description: '__MSG_extDescription__',
    default_locale: 'nl',
    // sidePanel: Chromium only; WXT writes sidebar_action for Firefox from the same entrypoint
    permissions: ['storage', 'identity', 'scripting', ...(browser === 'firefox' ? [] : ['sidePanel'])],
    optional_host_permissions: ['http://127.0.0.1/*', 'http://localhost/*', 'https://*/*'],
    ...(mode === 'e2e' ? { host_permissions: ['http://127.0.0.1/*'] } : {}),
    action: { default_title: 'Palliatief Zorgpad' },
    // the fast lane's frame (lib/extension/lane.ts), put into EHR pages by the content script. The same
    // origins as the optional host access; a dynamic URL, so no site can probe for the extension with it.
    // Chromium only: Firefox's content script sends its changes by runtime message alone.
    ...(browser === 'firefox'
      ? {}
      : { web_accessible_resources: [{ resources: ['lane.html'], matches: ['http://127.0.0.1/*', 'http://localhost/*', 'https://*/*'], use_dynamic_url: true }] }),
    ...(browser === 'firefox'
      ? {
          // Firefox reads storage.managed from policies.json without a schema
          // identity.getRedirectURL and storage.session need a fixed add-on id in Firefox
          browser_specific_settings: { gecko: { id: 'palliatief-zorgpad@zorgpad.example', strict_min_version: '128.0' } },
        }
      : { storage: { managed_schema: 'managed_schema.json' }, ...(STORE_BUILD ? {} : { key: EXTENSION_PUBLIC_KEY }) }),
  }),
  // `npm run release` (scripts/release.mjs): the version is package.json's; the store zip is named apart;
  // the Firefox sources zip (for AMO review) leaves out build output, screenshots and any key file
  zip: {
    artifactTemplate: STORE_BUILD ? '{{name}}-{{version}}-{{browser}}-store.zip' : '{{name}}-{{version}}-{{browser}}.zip',
    // nothing a machine made may ride along to the store: keys, exports, population reports (patient data)
    excludeSources: ['release/**', 'dist/**', 'docs/screenshots/**', '**/*.pem', '**/*.key', '**/*.jwk', '**/*.ndjson', '**/*.csv', '**/*.sqlite', 'population-out/**', '.data/**', 'coverage/**', 'test-results/**'],
  },
  hooks: {
    // the EHR script is registered at runtime; an empty static list is noise in the manifest
    'build:manifestGenerated': (_wxt, manifest) => {
      if (!manifest.content_scripts?.length) delete manifest.content_scripts;
    },
  },
  vite: ({ mode }) => ({
    esbuild: { jsx: 'automatic' },
    // PZ_NO_MINIFY=1: readable function names in a CPU profile of the bench's build (bench/README.md);
    // the e2e build only, so no shipped or size-judged build is ever unminified
    ...(mode === 'e2e' && process.env.PZ_NO_MINIFY === '1' ? { build: { minify: false } } : {}),
  }),
});
