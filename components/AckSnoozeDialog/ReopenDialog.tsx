import { useId, useState } from 'react';
import type { Prompt } from '../../lib/pathway/types';
import { PromptDialog, useReasonSave } from './PromptDialog';
import { ReasonField } from './ReasonField';
import { useReopenT } from './reopen-strings';

/**
 * Reopen an acknowledged or snoozed prompt: a reason is required, because the audit trail records who
 * reopened it, when and why. Modal like the acknowledge dialog (focus trapped, Escape closes).
 */
export function ReopenDialog({ prompt, onSave, onClose }: { prompt: Prompt; onSave: (reason: string) => Promise<void> | void; onClose: () => void }) {
  const { t } = useReopenT();
  const [text, setText] = useState('');
  const { error, busy, save, clearError } = useReasonSave(onClose);
  const id = useId();

  return (
    <PromptDialog id={id} title={t('title')} prompt={prompt} onClose={onClose}>
      <form
        className="pz-inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save(text, onSave);
        }}
      >
        <fieldset className="pz-fieldset" disabled={busy}>
          <ReasonField
            id={id}
            label={t('reason')}
            value={text}
            error={error ? t('reasonRequired') : undefined}
            onChange={(v) => {
              setText(v);
              clearError();
            }}
          />
          <div className="pz-button-row">
            <button type="submit" className="pz-button pz-button--primary">
              {t('save')}
            </button>
            <button type="button" className="pz-button" onClick={onClose}>
              {t('cancel')}
            </button>
          </div>
        </fieldset>
      </form>
    </PromptDialog>
  );
}
