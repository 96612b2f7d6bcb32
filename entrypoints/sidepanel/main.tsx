import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { browser } from 'wxt/browser';
import { loadOptions } from '../../lib/extension/options';
import { createI18n, isLanguage } from '../../lib/i18n';
import '../../smart/styles.css';
import { createCardFocuser } from './focus-card';
import { createPanelHost } from './panel-host';
import { SidePanel } from './SidePanel';

async function main() {
  // The language chosen on the options page; Dutch when the options cannot be read.
  const language = await loadOptions(browser.storage.local).then(
    (o) => o.language,
    () => 'nl' as const,
  );
  const i18n = createI18n(isLanguage(language) ? language : 'nl');
  document.documentElement.lang = i18n.language;
  i18n.on('languageChanged', (l) => (document.documentElement.lang = l));
  // a language set by the hospital's policy: storage.managed can take seconds to answer on a browser's
  // first call (Chromium loads policy), so the page starts in the user's language and switches then
  void loadOptions(browser.storage.local, browser.storage.managed).then(
    (o) => void (o.language !== i18n.language && i18n.changeLanguage(o.language)),
    () => {},
  );

  const root = createRoot(document.getElementById('root')!);
  const render = (host: Awaited<ReturnType<typeof createPanelHost>>) =>
    root.render(
      <StrictMode>
        <I18nextProvider i18n={i18n}>
          <SidePanel host={host} />
        </I18nextProvider>
      </StrictMode>,
    );
  const cards = createCardFocuser(document);
  createPanelHost().then(
    (host) => {
      // a card asked for one patient is never looked for on the next one
      let shown = '';
      host?.subscribePatient((ctx) => {
        const now = ctx.kind === 'patient' ? ctx.patientId : '';
        if (now !== shown) cards.cancel();
        shown = now;
      });
      host?.onFocusCard((code) => cards.focus(code));
      render(host);
    },
    () => render(null),
  );
}

void main();
