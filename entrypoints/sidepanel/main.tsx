import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { createI18n, isLanguage } from '../../lib/i18n';
import '../../smart/styles.css';
import { createPanelHost } from './panel-host';
import { SidePanel } from './SidePanel';

// Browser UI language decides nl/en; Dutch for everything that is not English.
const i18n = createI18n(isLanguage(navigator.language.slice(0, 2)) ? (navigator.language.slice(0, 2) as 'nl' | 'en') : 'nl');
document.documentElement.lang = i18n.language;
i18n.on('languageChanged', (l) => (document.documentElement.lang = l));

const root = createRoot(document.getElementById('root')!);
const render = (host: Awaited<ReturnType<typeof createPanelHost>>) =>
  root.render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <SidePanel host={host} />
      </I18nextProvider>
    </StrictMode>,
  );
createPanelHost().then(render, () => render(null));
