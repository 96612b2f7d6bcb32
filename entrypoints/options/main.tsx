import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { browser } from 'wxt/browser';
import { loadOptions } from '../../lib/extension/options';
import { createI18n, isLanguage } from '../../lib/i18n';
import { OPTIONS_NS, registerOptionsStrings } from './options-strings';
import { OptionsPage } from './OptionsPage';
import './options.css';

async function main() {
  // The saved language, as in the side panel; Dutch when the options cannot be read.
  const language = await loadOptions(browser.storage.local).then(
    (o) => o.language,
    () => 'nl' as const,
  );
  const i18n = registerOptionsStrings(createI18n(isLanguage(language) ? language : 'nl'));
  const follow = () => {
    document.documentElement.lang = i18n.language;
    document.title = i18n.t('title', { ns: OPTIONS_NS });
  };
  follow();
  i18n.on('languageChanged', follow);
  // a language set by the hospital's policy: storage.managed can take seconds to answer on a browser's
  // first call (Chromium loads policy), so the page starts in the user's language and switches then
  void loadOptions(browser.storage.local, browser.storage.managed).then(
    (o) => void (o.language !== i18n.language && i18n.changeLanguage(o.language)),
    () => {},
  );

  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <OptionsPage />
      </I18nextProvider>
    </StrictMode>,
  );
}

void main();
