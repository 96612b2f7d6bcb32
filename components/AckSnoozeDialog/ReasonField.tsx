// The free-text reason shared by the acknowledge/snooze and reopen dialogs: label, input and the
// "reason required" message wired together for screen readers.
export interface ReasonFieldProps {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  /** shown (and announced) when the user saves without a reason */
  error?: string;
}

export function ReasonField({ id, label, value, onChange, error }: ReasonFieldProps) {
  return (
    <div className="pz-field">
      <label htmlFor={`${id}-text`}>{label}</label>
      <input
        id={`${id}-text`}
        type="text"
        value={value}
        aria-invalid={!!error || undefined}
        aria-describedby={error ? `${id}-err` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {error && (
        <span id={`${id}-err`} className="pz-error">
          {error}
        </span>
      )}
    </div>
  );
}
