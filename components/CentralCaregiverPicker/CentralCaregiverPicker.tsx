import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PractitionerOption } from '../../lib/fhir/gateway';
import { useActions } from '../common/ActionContext';

/**
 * Pick a practitioner: the GP and the care team from the record first (S3/S2: preferably primary
 * care), or search the server. Used for the centrale zorgverlener, the nazorg owner and handing over
 * the behandelwensengesprek.
 */
export function CentralCaregiverPicker({
  legend,
  confirmLabel,
  onConfirm,
  showPrimaryHint,
  suggested,
}: {
  /** preselected (e.g. the GP the engine suggests); the user confirms or picks another */
  suggested?: PractitionerOption;
  legend?: string;
  confirmLabel?: string;
  onConfirm: (o: PractitionerOption) => Promise<void> | void;
  showPrimaryHint?: boolean;
}) {
  const { t } = useTranslation();
  const { candidates, gateway } = useActions();
  const [chosen, setChosen] = useState<PractitionerOption | undefined>(suggested);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<PractitionerOption[] | undefined>();
  const [searchState, setSearchState] = useState<'idle' | 'busy' | { error: string }>('idle');
  const [busy, setBusy] = useState(false);
  const searchAbort = useRef<AbortController | null>(null);
  const ids = { search: useId(), group: useId() };

  async function search() {
    if (!query.trim()) return;
    searchAbort.current?.abort();
    const ac = new AbortController();
    searchAbort.current = ac;
    setSearchState('busy');
    try {
      const found = await gateway.searchPractitioners(query.trim(), { signal: ac.signal });
      if (ac.signal.aborted) return;
      setResults(found);
      setSearchState('idle');
    } catch (e) {
      if (ac.signal.aborted) return;
      setSearchState({ error: e instanceof Error ? e.message : String(e) });
    }
  }

  const option = (o: PractitionerOption, group: string) => (
    <li key={`${group}-${o.reference}`}>
      <label className="pz-choice">
        <input type="radio" name={ids.group} checked={chosen?.reference === o.reference} onChange={() => setChosen(o)} />
        <span>
          {o.display}
          {o.description && <span className="pz-muted"> · {o.description}</span>}
        </span>
      </label>
    </li>
  );

  return (
    <fieldset className="pz-fieldset pz-picker">
      <legend>{legend ?? t('picker.legend')}</legend>
      {showPrimaryHint && <p className="pz-muted">{t('picker.preferPrimary')}</p>}
      {suggested && !candidates.gp.concat(candidates.careTeam).some((o) => o.reference === suggested.reference) && (
        <ul className="pz-options">{option(suggested, 'suggested')}</ul>
      )}
      {candidates.gp.length > 0 && (
        <>
          <h4 className="pz-subhead">{t('picker.gp')}</h4>
          <ul className="pz-options">{candidates.gp.map((o) => option(o, 'gp'))}</ul>
        </>
      )}
      {candidates.careTeam.length > 0 && (
        <>
          <h4 className="pz-subhead">{t('picker.careTeam')}</h4>
          <ul className="pz-options">{candidates.careTeam.map((o) => option(o, 'team'))}</ul>
        </>
      )}
      <div className="pz-field">
        <label htmlFor={ids.search}>{t('picker.search')}</label>
        <div className="pz-search">
          <input
            id={ids.search}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void search();
              }
            }}
          />
          <button type="button" className="pz-button" onClick={() => void search()} disabled={searchState === 'busy'}>
            {t('picker.searchButton')}
          </button>
        </div>
      </div>
      <div aria-live="polite">
        {searchState === 'busy' && <p className="pz-muted">{t('picker.searching')}</p>}
        {typeof searchState === 'object' && <p className="pz-error">{t('picker.searchError', { message: searchState.error })}</p>}
        {results && results.length === 0 && searchState === 'idle' && <p className="pz-muted">{t('picker.noResults')}</p>}
      </div>
      {results && results.length > 0 && (
        <>
          <h4 className="pz-subhead">{t('picker.results')}</h4>
          <ul className="pz-options">{results.map((o) => option(o, 'search'))}</ul>
        </>
      )}
      <p className="pz-muted" aria-live="polite">
        {chosen ? t('picker.selected', { name: chosen.display }) : t('picker.none')}
      </p>
      <button
        type="button"
        className="pz-button pz-button--primary"
        disabled={!chosen || busy}
        onClick={async () => {
          if (!chosen) return;
          setBusy(true);
          try {
            await onConfirm(chosen);
          } finally {
            setBusy(false);
          }
        }}
      >
        {confirmLabel ?? t('picker.confirm')}
      </button>
    </fieldset>
  );
}
