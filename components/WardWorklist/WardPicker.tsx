// Which ward the worklist shows: the server's wards (lib/fhir/wards.ts), loaded when the ward tab opens.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WardOption } from '../../lib/fhir/wards';

export function WardPicker({ wards, value, onChange }: { wards: () => Promise<WardOption[]>; value?: string; onChange: (location: string) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [state, setState] = useState<{ options?: WardOption[]; error?: string }>({});
  useEffect(() => {
    let live = true;
    wards().then(
      (options) => live && setState({ options }),
      (e: unknown) => live && setState({ error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [wards]);
  if (state.error)
    return (
      <p className="pz-alert" role="alert">
        {t('ward.wardsError', { message: state.error })}
      </p>
    );
  if (!state.options) return <p role="status">{t('ward.wardsLoading')}</p>;
  // a remembered ward the server no longer lists is still shown, so the select never lies about it
  const known = !value || state.options.some((o) => o.location === value);
  return (
    <div className="pz-field pz-ward-picker">
      <label htmlFor={id}>{t('ward.pick')}</label>
      <select id={id} value={value ?? ''} onChange={(e) => e.target.value && onChange(e.target.value)} data-testid="ward-picker">
        <option value="" disabled>
          {t('ward.choose')}
        </option>
        {!known && <option value={value}>{value}</option>}
        {state.options.map((o) => (
          <option key={o.location} value={o.location}>
            {o.name}
          </option>
        ))}
      </select>
    </div>
  );
}
