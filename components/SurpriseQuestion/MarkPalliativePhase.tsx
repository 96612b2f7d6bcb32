import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Prompt } from '../../lib/pathway/types';
import { useActions } from '../common/ActionContext';

/** Marking comes with its reminder: discuss with patient and naasten, tell the GP (S3 Markeren). */
export function MarkPalliativePhase({ prompt, autoFocus }: { prompt?: Prompt; autoFocus?: boolean }) {
  const { t } = useTranslation();
  const { act, focusRequest, clearFocusRequest } = useActions();
  const [state, setState] = useState<'idle' | 'busy' | 'done'>('idle');
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (autoFocus) ref.current?.focus();
  }, [autoFocus]);
  // the engine's own mark-palliative-phase card replaced the answered surprise question: keep focus here
  const wanted = prompt?.code === 'mark-palliative-phase' && focusRequest?.code === 'mark-palliative-phase';
  useEffect(() => {
    if (!wanted) return;
    ref.current?.focus();
    clearFocusRequest?.();
  }, [wanted, clearFocusRequest]);

  return (
    <div className="pz-mark">
      <p className="pz-reminder">{t('mark.reminder')}</p>
      {state === 'done' ? (
        <p role="status" className="pz-note">
          {t('mark.done')}
        </p>
      ) : (
        <button
          ref={ref}
          type="button"
          className="pz-button pz-button--primary"
          disabled={state === 'busy'}
          onClick={async () => {
            setState('busy');
            try {
              await act(prompt, 'mark-palliative-phase', {});
              setState('done');
            } catch {
              setState('idle');
            }
          }}
        >
          {t('mark.button')}
        </button>
      )}
    </div>
  );
}
