import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Prompt } from '../../lib/pathway/types';
import { useActions } from '../common/ActionContext';
import { CSI_ITEMS, csiScore, csiUnanswered, isOverloaded, type CsiAnswers } from './CaregiverStrainIndex.utils';

/** Ask how the naaste is doing; optionally score the 13 CSI items. Writes the score or "asked". */
export function CaregiverStrainIndex({ prompt }: { prompt?: Prompt }) {
  const { t } = useTranslation();
  const { act } = useActions();
  const [answers, setAnswers] = useState<CsiAnswers>({});
  const [state, setState] = useState<'idle' | 'busy' | 'done'>('idle');
  const id = useId();
  const score = csiScore(answers);
  const left = csiUnanswered(answers);
  const overloaded = isOverloaded(score);

  async function save(params: Record<string, string>) {
    setState('busy');
    try {
      await act(prompt, 'record-caregiver-burden', params);
      setState('done');
    } catch {
      setState('idle');
    }
  }
  if (state === 'done')
    return (
      <p role="status" className="pz-note">
        {t('card.pending')}
      </p>
    );
  return (
    <section className="pz-csi" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} className="pz-subhead">
        {t('csi.heading')}
      </h3>
      <p className="pz-muted">{t('csi.intro')}</p>
      <button type="button" className="pz-button" disabled={state === 'busy'} onClick={() => void save({})}>
        {t('csi.askedOnly')}
      </button>
      <ol className="pz-csi__items">
        {CSI_ITEMS.map((item) => (
          <li key={item}>
            <fieldset className="pz-fieldset pz-csi__item">
              <legend>{t(`csi.items.${item}`)}</legend>
              {([true, false] as const).map((v) => (
                <label key={String(v)} className="pz-choice pz-choice--inline">
                  <input type="radio" name={`${id}-${item}`} checked={answers[item] === v} onChange={() => setAnswers((a) => ({ ...a, [item]: v }))} />
                  <span>{v ? t('csi.yes') : t('csi.no')}</span>
                </label>
              ))}
            </fieldset>
          </li>
        ))}
      </ol>
      <p className="pz-csi__score" aria-live="polite" data-score={score} data-overloaded={String(overloaded)}>
        <strong>{t('csi.score', { score })}</strong>
        {' · '}
        <span className={overloaded ? 'pz-overloaded' : undefined}>
          {overloaded && <span aria-hidden="true">⚠ </span>}
          {overloaded ? t('csi.overloaded') : t('csi.notOverloaded')}
        </span>
        {left > 0 && <span className="pz-muted"> · {t('csi.incomplete', { count: left })}</span>}
      </p>
      <button type="button" className="pz-button pz-button--primary" disabled={state === 'busy' || left > 0} onClick={() => void save({ score: String(score) })}>
        {t('csi.save')}
      </button>
    </section>
  );
}
