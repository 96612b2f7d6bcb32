import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DirectiveView, Prompt } from '../../lib/pathway/types';
import { formatDate, isGpOfficeHours } from '../../lib/ui/dates';
import type { PhoneContact } from '../../lib/ui/gp';
import { useActions } from '../common/ActionContext';
import { isNotResuscitate, orderDirectives } from './BehandelwensenPanel.utils';

/** Every directive with treatment, wel/niet uitvoeren, date, who agreed and the SpecificationOther text. */
export function BehandelwensenPanel({ directives }: { directives: readonly DirectiveView[] }) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const ordered = orderDirectives(directives);
  const nr = ordered.some(isNotResuscitate);
  if (ordered.length === 0) return <p>{t('directives.none')}</p>;
  return (
    <section className="pz-directives" aria-labelledby={headingId}>
      <h3 id={headingId} className="pz-subhead">
        {t('directives.heading')}
      </h3>
      {nr && (
        <p className="pz-nr" data-testid="niet-reanimeren">
          <span aria-hidden="true">‼ </span>
          <strong>{t('directives.notResuscitate')}</strong>
        </p>
      )}
      <ul className="pz-directive-list">
        {ordered.map((d, i) => {
          const isNr = isNotResuscitate(d);
          return (
            <li key={d.id ?? i} className={`pz-directive pz-directive--${d.decision}${isNr ? ' pz-directive--nr' : ''}`} data-decision={d.decision}>
              <dl>
                <div>
                  <dt>{t('directives.treatment')}</dt>
                  <dd>
                    <strong>{d.treatment}</strong>{' '}
                    <span className="pz-muted">({d.kind === 'advance-directive' ? t('directives.kindAdvance') : t('directives.kindTreatment')})</span>
                  </dd>
                </div>
                <div>
                  <dt>{t('directives.decision')}</dt>
                  <dd className={`pz-decision pz-decision--${isNr ? 'deny' : d.decision}`}>
                    {(isNr || d.decision === 'deny') && <span aria-hidden="true">✖ </span>}
                    {d.decision === 'permit' && !isNr && <span aria-hidden="true">✔ </span>}
                    {/* a NR statement "deny" would read as a double negative: say what it means */}
                    {isNr ? t('directives.notResuscitate') : t(`directives.${d.decision}`)}
                  </dd>
                </div>
                {d.specificationOther && (
                  <div>
                    <dt>{t('directives.specification')}</dt>
                    <dd className="pz-spec">{d.specificationOther}</dd>
                  </div>
                )}
                {d.date && (
                  <div>
                    <dt>{t('directives.date')}</dt>
                    <dd>{formatDate(d.date, i18n.language)}</dd>
                  </div>
                )}
                {d.source && (
                  <div>
                    <dt>{t('directives.agreedBy')}</dt>
                    <dd>{d.source}</dd>
                  </div>
                )}
              </dl>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

const PHONE_IN_TEXT = /\d[\d\s-]{6,}\d/;
const hasPhoneInText = (s?: string) => !!s && PHONE_IN_TEXT.test(s);

function Phone({ label, contact }: { label: string; contact?: PhoneContact }) {
  const { t } = useTranslation();
  return (
    <div>
      <dt>{label}</dt>
      <dd>
        {contact?.name && <>{contact.name}: </>}
        {contact?.phone ? (
          <a href={`tel:${contact.phone.replace(/[^+\d]/g, '')}`}>{contact.phone}</a>
        ) : (
          // a reference display like "dr. Visser (praktijk 023 555 0101)" already carries the number
          !hasPhoneInText(contact?.name) && <span className="pz-muted">{t('directives.noPhone')}</span>
        )}
      </dd>
    </div>
  );
}

/** Nothing known at the SEH: call the GP in office hours, the HAP otherwise; record that it was asked. */
export function BehandelwensenUnknown({ prompt }: { prompt?: Prompt }) {
  const { t } = useTranslation();
  const { gp, now, act } = useActions();
  const office = isGpOfficeHours(now);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<'huisarts' | 'hap' | undefined>();
  const noteId = useId();
  const canRecord = prompt?.actions.some((a) => a.id === 'record-behandelwensen-opgevraagd');
  async function record(contacted: 'huisarts' | 'hap') {
    setBusy(true);
    try {
      await act(prompt, 'record-behandelwensen-opgevraagd', { contacted, ...(note.trim() ? { note: note.trim() } : {}) });
      setDone(contacted);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="pz-directives pz-directives--unknown">
      <p>
        <strong>{t('directives.none')}</strong> {t('directives.callGp')}
      </p>
      <p className="pz-now">{office ? t('directives.nowOffice') : t('directives.nowHap')}</p>
      {!gp.gp && <p className="pz-muted">{t('directives.noGp')}</p>}
      <dl className="pz-phones">
        {office ? (
          <>
            <Phone label={t('directives.gpPhone')} contact={gp.gp} />
            <Phone label={t('directives.hapPhone')} contact={gp.hap} />
          </>
        ) : (
          <>
            <Phone label={t('directives.hapPhone')} contact={gp.hap} />
            <Phone label={t('directives.gpPhone')} contact={gp.gp} />
          </>
        )}
      </dl>
      {canRecord && !done && (
        <>
          <div className="pz-field">
            <label htmlFor={noteId}>{t('directives.note')}</label>
            <input id={noteId} type="text" value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <div className="pz-button-row">
            <button type="button" className="pz-button" disabled={busy} onClick={() => void record('huisarts')}>
              {t('directives.contactedGp')}
            </button>
            <button type="button" className="pz-button" disabled={busy} onClick={() => void record('hap')}>
              {t('directives.contactedHap')}
            </button>
          </div>
        </>
      )}
      {done && (
        <p role="status" className="pz-note">
          {done === 'huisarts' ? t('directives.contactedGp') : t('directives.contactedHap')}
        </p>
      )}
    </section>
  );
}
