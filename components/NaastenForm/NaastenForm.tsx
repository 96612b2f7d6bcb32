import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Prompt } from '../../lib/pathway/types';
import { useActions } from '../common/ActionContext';

// v3 RoleCode values the write builder maps to a RelatedPerson.relationship (gateway.ts: record-naaste).
export const NAASTE_RELATIONSHIPS = ['SPS', 'CHILD', 'PRN', 'SIB', 'FAMMEMB', 'FRND', 'NBOR'] as const;

/** "Wie zijn uw naasten?" (S2): record a naaste, optionally as mantelzorger. */
export function NaastenForm({ prompt }: { prompt?: Prompt }) {
  const { t } = useTranslation();
  const { act } = useActions();
  const [name, setName] = useState('');
  const [relationship, setRelationship] = useState<string>('SPS');
  const [phone, setPhone] = useState('');
  const [mantelzorger, setMantelzorger] = useState(false);
  const [error, setError] = useState(false);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string[]>([]);
  const id = useId();

  return (
    <form
      className="pz-form"
      aria-labelledby={`${id}-h`}
      onSubmit={async (e) => {
        e.preventDefault();
        if (!name.trim()) return setError(true);
        setBusy(true);
        try {
          await act(prompt, 'record-naaste', {
            name: name.trim(),
            relationship,
            mantelzorger: String(mantelzorger),
            ...(phone.trim() ? { phone: phone.trim() } : {}),
          });
          setSaved((s) => [...s, name.trim()]);
          setName('');
          setPhone('');
          setMantelzorger(false);
        } finally {
          setBusy(false);
        }
      }}
    >
      <h3 id={`${id}-h`} className="pz-subhead">
        {t('naasten.heading')}
      </h3>
      <div className="pz-field">
        <label htmlFor={`${id}-name`}>{t('naasten.name')}</label>
        <input
          id={`${id}-name`}
          type="text"
          autoComplete="off"
          value={name}
          aria-invalid={error || undefined}
          aria-describedby={error ? `${id}-err` : undefined}
          onChange={(e) => {
            setName(e.target.value);
            setError(false);
          }}
        />
        {error && (
          <span id={`${id}-err`} className="pz-error">
            {t('naasten.nameRequired')}
          </span>
        )}
      </div>
      <div className="pz-field">
        <label htmlFor={`${id}-rel`}>{t('naasten.relationship')}</label>
        <select id={`${id}-rel`} value={relationship} onChange={(e) => setRelationship(e.target.value)}>
          {NAASTE_RELATIONSHIPS.map((r) => (
            <option key={r} value={r}>
              {t(`naasten.relationships.${r}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="pz-field">
        <label htmlFor={`${id}-phone`}>{t('naasten.phone')}</label>
        <input id={`${id}-phone`} type="tel" autoComplete="off" value={phone} onChange={(e) => setPhone(e.target.value)} />
      </div>
      <label className="pz-choice">
        <input type="checkbox" checked={mantelzorger} onChange={(e) => setMantelzorger(e.target.checked)} />
        <span>{t('naasten.mantelzorger')}</span>
      </label>
      <button type="submit" className="pz-button pz-button--primary" disabled={busy}>
        {t('naasten.save')}
      </button>
      {saved.length > 0 && (
        <p role="status" className="pz-note">
          {t('card.pending')} {saved.join(', ')}
        </p>
      )}
    </form>
  );
}
