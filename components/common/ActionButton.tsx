import type { ButtonHTMLAttributes } from 'react';

/** A button that is disabled while its write is being queued, so a double click never writes twice. */
export function ActionButton({ busy, disabled, className, ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & { busy?: boolean }) {
  return <button type="button" className={className ?? 'pz-button'} disabled={disabled || busy} aria-busy={busy || undefined} {...rest} />;
}
