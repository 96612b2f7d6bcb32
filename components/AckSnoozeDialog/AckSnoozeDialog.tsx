import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Prompt } from '../../lib/pathway/types';
import { ACK_REASONS, type SnoozeChoice } from '../../lib/ui/ack';
import { PromptDialog, useReasonSave } from './PromptDialog';
import { ReasonField } from './ReasonField';

export interface AckChoice {
  reason: string;
  snooze: SnoozeChoice;
}

/**
 * Acknowledge or snooze a prompt with a reason: one tap on a common reason saves at once with the chosen
 * duration; free text needs Opslaan. A modal dialog: focus is trapped and Escape closes it.
 */
export function AckSnoozeDialog({ prompt, onSave, onClose }: { prompt: Prompt; onSave: (c: AckChoice) => Promise<void> | void; onClose: () => void }) {
  const { t } = useTranslation();
  const [snooze, setSnooze] = useState<SnoozeChoice>('until-change');
  const [text, setText] = useState('');
  const { error, busy, save: saveReason, clearError } = useReasonSave(onClose);
  const id = useId();
  const save = (reason: string) => saveReason(reason, (r) => onSave({ reason: r, snooze }));

  return (
    <PromptDialog id={id} title={t('ack.title')} prompt={prompt} onClose={onClose}>
      <fieldset className="pz-fieldset" disabled={busy}>
        <legend>{t('ack.duration')}</legend>
        {(['day', 'week', 'until-change'] as const).map((c) => (
          <label key={c} className="pz-choice">
            <input type="radio" name={`${id}-dur`} checked={snooze === c} onChange={() => setSnooze(c)} />
            <span>{c === 'day' ? t('ack.day') : c === 'week' ? t('ack.week') : t('ack.untilChange')}</span>
          </label>
        ))}
      </fieldset>
      <fieldset className="pz-fieldset" disabled={busy}>
        <legend>{t('ack.reason')}</legend>
        <div className="pz-reason-buttons">
          {ACK_REASONS.map((r) => (
            <button key={r} type="button" className="pz-button" onClick={() => void save(r)}>
              {t(`ack.reasons.${r}`)}
            </button>
          ))}
        </div>
        <form
          className="pz-inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save(text);
          }}
        >
          <ReasonField
            id={id}
            label={t('ack.freeText')}
            value={text}
            error={error ? t('ack.reasonRequired') : undefined}
            onChange={(v) => {
              setText(v);
              clearError();
            }}
          />
          <div className="pz-button-row">
            <button type="submit" className="pz-button pz-button--primary">
              {t('ack.save')}
            </button>
            <button type="button" className="pz-button" onClick={onClose}>
              {t('ack.cancel')}
            </button>
          </div>
        </form>
      </fieldset>
    </PromptDialog>
  );
}
