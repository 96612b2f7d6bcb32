// The header every screen opens with (side panel, SMART app, team screen): the product's name and the
// language switch, one markup so the screens cannot drift apart.
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './LanguageSwitch';

// memo: it has no props, so a patient switch (which re-renders the screen around it) leaves it alone
export const AppHeader = memo(function AppHeader() {
  const { t } = useTranslation();
  return (
    <header className="pz-header">
      <span className="pz-header__title">{t('app.header')}</span>
      <LanguageSwitch />
    </header>
  );
});
