import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { NazorgStep, Prompt } from '../../lib/pathway/types';
import { formatDate } from '../../lib/ui/dates';
import { useActions } from '../common/ActionContext';
import { NazorgStepActions } from './NazorgStepActions';
import { STEP_PROMPT, orderSteps, stepTiming } from './NazorgTimeline.utils';

/**
 * After a death: who does the nazorg, informing caregivers, first contact (2–3 weeks, S0), the
 * nazorggesprek (4–6 weeks; 6–8 for a child, S1) and the brochure when it is declined. The steps and
 * windows come from the engine (prompt.nazorg); this view adds due/overdue against `now`.
 */
export function NazorgTimeline({ steps, prompts, deceasedDate, child }: { steps: readonly NazorgStep[]; prompts: readonly Prompt[]; deceasedDate?: string; child?: boolean }) {
  const { t, i18n } = useTranslation();
  const { now } = useActions();
  const headingId = useId();
  const lng = i18n.language;
  return (
    <section className="pz-nazorg" aria-labelledby={headingId}>
      <h2 id={headingId} className="pz-section-title">
        {t('nazorg.heading')}
      </h2>
      {deceasedDate && <p>{t('nazorg.died', { date: formatDate(deceasedDate, lng) })}</p>}
      {child !== undefined && <p className="pz-muted">{child ? t('nazorg.child') : t('nazorg.adult')}</p>}
      <ol className="pz-timeline">
        {orderSteps(steps).map((s) => {
          const timing = stepTiming(s, now);
          const prompt = prompts.find((p) => p.code === STEP_PROMPT[s.step]);
          return (
            <li key={s.step} className={`pz-step pz-step--${s.status}${timing ? ` pz-step--${timing}` : ''}`} data-nazorg-step={s.step} data-status={s.status} data-timing={timing ?? ''}>
              <div className="pz-step__head">
                <span className="pz-step__title">{t(`nazorg.steps.${s.step}`)}</span>
                <span className={`pz-status pz-status--${s.status}`}>{t(`nazorg.status.${s.status}`)}</span>
              </div>
              {s.owner && <p>{t('nazorg.owner', { owner: s.owner })}</p>}
              {(s.windowStart || s.windowEnd) && s.status !== 'not-applicable' && (
                <p className="pz-muted">
                  {s.windowStart && s.windowEnd
                    ? t('nazorg.window', { start: formatDate(s.windowStart, lng), end: formatDate(s.windowEnd, lng) })
                    : s.windowStart
                      ? t('nazorg.from', { start: formatDate(s.windowStart, lng) })
                      : ''}
                </p>
              )}
              {timing && (
                <p className={`pz-timing pz-timing--${timing}`}>
                  {timing === 'overdue' && <span aria-hidden="true">‼ </span>}
                  {timing === 'overdue' ? t('nazorg.overdue', { end: formatDate(s.windowEnd, lng) }) : timing === 'due' ? t('nazorg.dueNow') : t('nazorg.upcoming')}
                </p>
              )}
              {s.status === 'open' && <NazorgStepActions step={s.step} prompt={prompt} window={s} />}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
