import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutboxEntry } from '../../lib/fhir/gateway';
import { formatDateTime } from '../../lib/ui/dates';
import { openEntries } from '../../lib/ui/outbox';

/** The outbox for this patient: what is still on its way to the record, and what failed and why. */
export function PendingWrites({ entries, onRetry }: { entries: readonly OutboxEntry[]; onRetry: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const open = openEntries(entries);
  if (open.length === 0) return null;
  return (
    <section className="pz-pending" aria-labelledby={headingId} data-pending-count={open.length}>
      <h2 id={headingId} className="pz-section-title">
        {t('pending.heading')}
      </h2>
      <ul className="pz-pending__list">
        {open.map((e) => (
          <li key={e.id} className={`pz-pending__item pz-pending__item--${e.status}`} data-outbox-id={e.id} data-status={e.status}>
            <span className="pz-pending__what">{t(`action.${e.action}`)}</span>{' '}
            <span className="pz-status">
              {e.status === 'failed' && <span aria-hidden="true">‼ </span>}
              {t(`pending.${e.status}`)}
            </span>{' '}
            <span className="pz-muted">
              {formatDateTime(e.createdAt, i18n.language)}
              {e.attempts > 0 && <> · {t('pending.attempts', { count: e.attempts })}</>}
            </span>
            {e.lastError && <p className="pz-error">{t('pending.serverMessage', { message: e.lastError })}</p>}
            {e.status === 'failed' && (
              <button type="button" className="pz-button" onClick={() => onRetry(e.id)}>
                {t('pending.retry')}
                <span className="pz-visually-hidden">: {t(`action.${e.action}`)}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
