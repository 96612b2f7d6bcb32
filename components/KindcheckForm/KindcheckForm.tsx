import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Prompt } from '../../lib/pathway/types';
import { useActions } from '../common/ActionContext';

/** "Doe de kindcheck" (S2): are there minor children, and are they involved? */
export function KindcheckForm({ prompt }: { prompt?: Prompt }) {
  const { t } = useTranslation();
  const { act } = useActions();
  const [minor, setMinor] = useState<'true' | 'false' | undefined>();
  const [note, setNote] = useState('');
  const [error, setError] = useState(false);
  const [state, setState] = useState<'idle' | 'busy' | 'done'>('idle');
  const id = useId();
  if (state === 'done')
    return (
      <p role="status" className="pz-note">
        {t('card.pending')}
      </p>
    );
  return (
    <form
      className="pz-form"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!minor) return setError(true);
        setState('busy');
        try {
          await act(prompt, 'record-kindcheck', { minorChildren: minor, ...(note.trim() ? { note: note.trim() } : {}) });
          setState('done');
        } catch {
          setState('idle');
        }
      }}
    >
      <fieldset className="pz-fieldset" aria-describedby={error ? `${id}-err` : undefined}>
        <legend>{t('kindcheck.question')}</legend>
        {(['true', 'false'] as const).map((v) => (
          <label key={v} className="pz-choice">
            <input
              type="radio"
              name={`${id}-minor`}
              value={v}
              checked={minor === v}
              onChange={() => {
                setMinor(v);
                setError(false);
              }}
            />
            <span>{v === 'true' ? t('kindcheck.yes') : t('kindcheck.no')}</span>
          </label>
        ))}
        {error && (
          <span id={`${id}-err`} className="pz-error">
            {t('kindcheck.chooseOne')}
          </span>
        )}
      </fieldset>
      <div className="pz-field">
        <label htmlFor={`${id}-note`}>{t('kindcheck.note')}</label>
        <textarea id={`${id}-note`} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
      <button type="submit" className="pz-button pz-button--primary" disabled={state === 'busy'}>
        {t('kindcheck.save')}
      </button>
    </form>
  );
}
