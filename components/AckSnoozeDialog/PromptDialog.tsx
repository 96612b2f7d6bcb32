// The modal both prompt dialogs (acknowledge/snooze, reopen) are built on: an overlay that closes on a
// click outside, focus trapped with Escape closing, the prompt named as the dialog's description; and
// the save step they share (a reason is required, the form is busy while the write runs, then closes).
import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Prompt } from '../../lib/pathway/types';
import { useFocusTrap } from './focus-trap';

export function PromptDialog({ id, title, prompt, onClose, children }: { id: string; title: string; prompt: Prompt; onClose: () => void; children: ReactNode }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useFocusTrap(ref, onClose);
  return (
    <div className="pz-overlay" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={ref} className="pz-dialog" role="dialog" aria-modal="true" aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`}>
        <h2 id={`${id}-title`} className="pz-dialog__title">
          {title}
        </h2>
        <p id={`${id}-desc`} className="pz-muted">
          {t(`prompt.${prompt.code}`)}: {prompt.summary}
        </p>
        {children}
      </div>
    </div>
  );
}

/** `save(reason, write)`: an empty reason sets `error`; otherwise `busy` while `write` runs, then `onClose`. */
export function useReasonSave(onClose: () => void) {
  const [error, setError] = useState(false);
  const [busy, setBusy] = useState(false);
  async function save(reason: string, write: (reason: string) => Promise<void> | void) {
    if (!reason.trim()) return setError(true);
    setBusy(true);
    try {
      await write(reason.trim());
      onClose();
    } finally {
      setBusy(false);
    }
  }
  return { error, busy, save, clearError: () => setError(false) };
}
