import { useId, useRef, useState } from 'react';
import { ReasonField } from './ReasonField';
import { useTranslation } from 'react-i18next';
import type { Prompt } from '../../lib/pathway/types';
import { useFocusTrap } from './focus-trap';
import { useReopenT } from './reopen-strings';

/**
 * Reopen an acknowledged or snoozed prompt: a reason is required, because the audit trail records who
 * reopened it, when and why. Modal like the acknowledge dialog (focus trapped, Escape closes).
 */
export function ReopenDialog({ prompt, onSave, onClose }: { prompt: Prompt; onSave: (reason: string) => Promise<void> | void; onClose: () => void }) {
  const { t: tm } = useTranslation();
  const { t } = useReopenT();
  const ref = useRef<HTMLDivElement>(null);
  const [text, setText] = useState('');
  const [error, setError] = useState(false);
  const [busy, setBusy] = useState(false);
  const id = useId();
  useFocusTrap(ref, onClose);

  async function save() {
    if (!text.trim()) return setError(true);
    setBusy(true);
    try {
      await onSave(text.trim());
      onClose();
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="pz-overlay" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={ref} className="pz-dialog" role="dialog" aria-modal="true" aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`}>
        <h2 id={`${id}-title`} className="pz-dialog__title">
          {t('title')}
        </h2>
        <p id={`${id}-desc`} className="pz-muted">
          {tm(`prompt.${prompt.code}`)}: {prompt.summary}
        </p>
        <form
          className="pz-inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
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
                setError(false);
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
      </div>
    </div>
  );
}
