import { defineConfig } from 'wxt';

// Least privilege: no host permissions at install. EHR origins are optional and requested when a
// hospital adds its EHR in the options page; the demo EHR on loopback is pre-listed as optional too.
export default defineConfig({
  manifest: {
    name: 'Palliatief Zorgpad',
    description: 'De volgende stap in het palliatieve zorgpad, in uw eigen EPD.',
    default_locale: 'nl',
    permissions: ['storage', 'sidePanel', 'identity', 'scripting'],
    optional_host_permissions: ['http://127.0.0.1/*', 'http://localhost/*', 'https://*/*'],
    action: { default_title: 'Palliatief Zorgpad' },
  },
  vite: () => ({
    esbuild: { jsx: 'automatic' },
  }),
});
