import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Prompt } from '../../lib/pathway/types';
import { useActions } from '../common/ActionContext';
import { MarkPalliativePhase } from './MarkPalliativePhase';

/**
 * "Zou het u verbazen…?" Ja = would be surprised (valueBoolean true), Nee = not surprised (false).
 * Answering Nee brings up marking of the palliative phase right away (S3: signaleren → markeren),
 * without waiting for the engine to re-fire on the saved answer.
 */
export function SurpriseQuestion({ prompt }: { prompt?: Prompt }) {
  const { t } = useTranslation();
  const { act, requestFocus } = useActions();
  const [answer, setAnswer] = useState<boolean | undefined>();
  const [busy, setBusy] = useState(false);
  const id = useId();

  async function answerWith(value: boolean) {
    setBusy(true);
    try {
      await act(prompt, 'answer-surprise-question', { answer: String(value) });
      setAnswer(value);
      if (!value) requestFocus?.('mark-palliative-phase');
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="pz-surprise">
      <fieldset className="pz-fieldset" disabled={busy || answer !== undefined}>
        <legend id={id}>{t('surprise.question')}</legend>
        <div className="pz-button-row">
          <button type="button" className="pz-button" onClick={() => void answerWith(true)} aria-pressed={answer === true}>
            {t('surprise.yes')}
          </button>
          <button type="button" className="pz-button" onClick={() => void answerWith(false)} aria-pressed={answer === false}>
            {t('surprise.no')}
          </button>
        </div>
      </fieldset>
      {answer !== undefined && (
        <p role="status" className="pz-note">
          {answer ? t('surprise.answeredYes') : t('surprise.answeredNo')}
        </p>
      )}
      {answer === false && <MarkPalliativePhase prompt={prompt} autoFocus />}
    </div>
  );
}
