import { useTranslation } from 'react-i18next';
import type { Indicator } from '../../lib/pathway/types';

// Icon + text, never colour alone (WCAG 1.4.1). The icon is decorative; the text carries the meaning.
const ICON: Record<Indicator, string> = { critical: '‼', warning: '⚠', info: 'ℹ' };

export function IndicatorBadge({ indicator }: { indicator: Indicator }) {
  const { t } = useTranslation();
  return (
    <span className={`pz-badge pz-badge--${indicator}`}>
      <span aria-hidden="true">{ICON[indicator]}</span> {t(`indicator.${indicator}`)}
    </span>
  );
}
