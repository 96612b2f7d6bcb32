import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { buildHandover, handoverFhir, handoverHtml, handoverText, LETTER_CSS, saveHandoverParams } from '../../lib/handover/index';
import { buildRecord } from '../../lib/pathway/index';
import type { Prompt } from '../../lib/pathway/types';
import { useActions } from '../common/ActionContext';

/** LETTER_CSS on the print window's document, made in that window's realm (adoptedStyleSheets needs it). */
function applyLetterStyle(w: Window): void {
  const Sheet = (w as Window & { CSSStyleSheet?: typeof CSSStyleSheet }).CSSStyleSheet;
  if (!Sheet || !('adoptedStyleSheets' in w.document)) return;
  const sheet = new Sheet();
  sheet.replaceSync(LETTER_CSS);
  w.document.adoptedStyleSheets = [...w.document.adoptedStyleSheets, sheet];
}

/**
 * "Overdracht maken": the warm handover document made from the record on screen (lib/handover), shown
 * as a preview with its gaps highlighted, printable as an A4 letter, copyable as plain text, and saved
 * to the record through the outbox ("Opslaan in dossier", action save-handover: exactly once).
 */
export function HandoverDocument({ prompt }: { prompt?: Prompt }) {
  const { t } = useTranslation();
  const { act, resources, patientId, now, gateway } = useActions();
  const [open, setOpen] = useState(false);
  const [state, setState] = useState<'idle' | 'busy' | 'saved'>('idle');
  const made = useMemo(() => {
    if (!open || !resources || !patientId) return undefined;
    const record = buildRecord([...resources]).records.find((r) => r.patient === `Patient/${patientId}`);
    if (!record) return undefined;
    const doc = buildHandover(record, { now });
    return { doc, record, fhir: handoverFhir(doc, record, { fhirBase: gateway.serverUrl }) };
  }, [open, resources, patientId, now, gateway]);
  if (!resources || !patientId) return null;
  const print = () => {
    if (!made) return;
    // The blob: window inherits this page's CSP (the SMART app: style-src 'self'), which blocks an
    // inline <style>. The letter comes without one and gets LETTER_CSS as a constructed stylesheet
    // (CSSOM, which style-src does not govern); the blob URL is revoked once the page has loaded (or
    // at once when no window opened), so the letter does not stay addressable for the tab's lifetime.
    const url = URL.createObjectURL(new Blob([handoverHtml(made.doc, { inlineStyle: false })], { type: 'text/html' }));
    const w = window.open(url, '_blank');
    if (!w) {
      URL.revokeObjectURL(url);
      return;
    }
    w.addEventListener('load', () => {
      URL.revokeObjectURL(url);
      applyLetterStyle(w);
      w.print();
    });
  };
  return (
    <div className="pz-handover-doc">
      <button type="button" className="pz-button" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {t('handoverDoc.make')}
      </button>
      {open && made && (
        <section className="pz-handover-doc__preview" aria-label={t('handoverDoc.preview')} data-handover-preview>
          <h3 className="pz-subhead">
            {t('handoverDoc.title', { name: made.doc.patientName })}{' '}
            <span className="pz-muted">({made.doc.missing.length ? t('handover.summary', { missing: made.doc.missing.length }) : t('handoverDoc.complete')})</span>
          </h3>
          {[...made.doc.items, ...made.doc.context].map((s) => (
            <div key={s.id} className={s.present ? 'pz-handover-doc__item' : 'pz-handover-doc__item pz-handover-doc__item--missing'} data-section={s.id} data-present={String(s.present)}>
              <strong>{s.title}</strong>
              {!s.present && (
                <p className="pz-check__where">
                  <span aria-hidden="true">✖ </span>
                  {t('handover.missing')}. {t('handover.where', { where: s.where ?? '' })}
                </p>
              )}
              {s.lines.length > 0 && (
                <ul>
                  {s.lines.map((l, i) => (
                    <li key={i} className={l.gap ? 'pz-handover-doc__gap' : undefined}>
                      {l.text}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ))}
          <label className="pz-label">
            {t('handoverDoc.text')}
            <textarea readOnly rows={6} value={handoverText(made.doc)} className="pz-handover-doc__text" />
          </label>
          <div className="pz-card__actions">
            <button type="button" className="pz-button" onClick={print}>
              {t('handoverDoc.print')}
            </button>
            {state === 'saved' ? (
              <p role="status" className="pz-note">
                {t('card.pending')}
              </p>
            ) : (
              <button
                type="button"
                className="pz-button"
                disabled={state === 'busy'}
                onClick={async () => {
                  setState('busy');
                  try {
                    await act(prompt, 'save-handover', saveHandoverParams(made.fhir, made.record));
                    setState('saved');
                  } catch {
                    setState('idle');
                  }
                }}
              >
                {t('action.save-handover')}
              </button>
            )}
          </div>
        </section>
      )}
    </div>
  );
}
