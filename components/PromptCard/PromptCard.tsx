import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Prompt } from '../../lib/pathway/types';
import { ACK_REASONS } from '../../lib/ui/ack';
import { amsterdamDate, formatDate, formatDateTime } from '../../lib/ui/dates';
import type { CardWriteState } from '../../lib/ui/outbox';
import { IndicatorBadge } from '../common/IndicatorBadge';
import type { Acknowledgement } from '../../lib/host/contract';
import { PromptActions } from './PromptActions';

export interface PromptCardProps {
  prompt: Prompt;
  now: Date;
  writeState?: CardWriteState;
  /** set when the prompt is acknowledged or snoozed: the card shows that and offers reopening */
  ack?: Acknowledgement;
  onAcknowledge?: (prompt: Prompt) => void;
  onReopen?: (ack: Acknowledgement) => void;
}

/** One prompt: summary, why (from the patient's own data), due date, source, inline actions. */
export function PromptCard({ prompt, now, writeState, ack, onAcknowledge, onReopen }: PromptCardProps) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const titleId = useId();
  const overdue = prompt.due ? prompt.due < amsterdamDate(now) : false;
  const reasonText = ack ? ((ACK_REASONS as readonly string[]).includes(ack.reason) ? t(`ack.reasons.${ack.reason}`) : ack.reason) : '';
  return (
    <article
      className={`pz-card pz-card--${prompt.indicator}${ack ? ' pz-card--handled' : ''}`}
      data-prompt-code={prompt.code}
      data-indicator={prompt.indicator}
      data-prompt-key={prompt.key}
      data-write-state={writeState ?? ''}
      aria-labelledby={titleId}
    >
      <header className="pz-card__head">
        <IndicatorBadge indicator={prompt.indicator} />
        <h3 id={titleId} className="pz-card__title">
          {t(`prompt.${prompt.code}`)}
        </h3>
      </header>
      <p className="pz-card__summary">{prompt.summary}</p>
      {prompt.due && (
        <p className={overdue ? 'pz-due pz-due--overdue' : 'pz-due'}>
          {overdue && <span aria-hidden="true">‼ </span>}
          {overdue ? t('card.overdue', { date: formatDate(prompt.due, lng) }) : t('card.due', { date: formatDate(prompt.due, lng) })}
        </p>
      )}
      {writeState && (
        <p className={`pz-write pz-write--${writeState}`} role="status">
          {writeState === 'pending' ? t('card.pending') : t('card.failed')}
        </p>
      )}
      <div className="pz-card__why">
        <p>
          <span className="pz-label">{t('card.why')}:</span> {prompt.detail}
        </p>
        <p className="pz-card__source">
          {t('card.source')}:{' '}
          {prompt.source.map((s, i) => (
            <span key={`${s.seed}-${i}`}>
              {i > 0 && '; '}
              {s.url ? (
                <a href={s.url} target="_blank" rel="noreferrer">
                  {s.title}
                </a>
              ) : (
                s.title
              )}
              , {s.section} ({s.seed})
            </span>
          ))}
        </p>
      </div>
      {ack ? (
        <div className="pz-card__handled">
          <p>
            {ack.until ? t('card.snoozedUntil', { date: formatDateTime(ack.until, lng) }) : t('card.snoozedUntilChange')}
            {' · '}
            {t('card.acknowledgedBy', { who: ack.byDisplay ?? ack.by ?? '?', date: formatDateTime(ack.at, lng), reason: reasonText })}
          </p>
          {onReopen && (
            <button type="button" className="pz-button" onClick={() => onReopen(ack)}>
              {t('card.reopen')}
              <span className="pz-visually-hidden">: {t(`prompt.${prompt.code}`)}</span>
            </button>
          )}
        </div>
      ) : (
        <>
          <div className="pz-card__actions">
            <PromptActions prompt={prompt} />
          </div>
          {onAcknowledge && (
            <div className="pz-card__foot">
              <button type="button" className="pz-button pz-button--quiet" onClick={() => onAcknowledge(prompt)}>
                {t('card.acknowledge')}
                <span className="pz-visually-hidden">: {t(`prompt.${prompt.code}`)}</span>
              </button>
            </div>
          )}
        </>
      )}
    </article>
  );
}
