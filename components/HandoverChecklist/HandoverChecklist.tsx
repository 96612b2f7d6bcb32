import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { HANDOVER_ITEMS, type HandoverItemId, type Prompt, type PromptAction } from '../../lib/pathway/types';
import { HandoverDocument } from '../HandoverDocument/HandoverDocument';

/**
 * The nine handover items of S3 ("Bij elke (terug)verwijzing…"), present or missing, each with where it
 * is filled in. Nothing is invented: a missing item links to its place (when the engine or hospital
 * configuration gives a link in the `open-handover-item` action's `href` param) and says where it is.
 */
export function HandoverChecklist({ missing, actions = [], prompt }: { missing: readonly HandoverItemId[]; actions?: readonly PromptAction[]; /** offers "Overdracht maken" for this prompt */ prompt?: Prompt }) {
  const { t } = useTranslation();
  const headingId = useId();
  const links = new Map<string, string>();
  for (const a of actions) {
    if (a.id === 'open-handover-item' && a.params?.item && (a.params.href ?? a.params.url)) links.set(a.params.item, a.params.href ?? a.params.url);
  }
  const missingSet = new Set(missing);
  return (
    <section className="pz-handover" aria-labelledby={headingId}>
      <h3 id={headingId} className="pz-subhead">
        {t('handover.heading')} <span className="pz-muted">({t('handover.summary', { missing: missingSet.size })})</span>
      </h3>
      <ul className="pz-checklist">
        {HANDOVER_ITEMS.map((item) => {
          const isMissing = missingSet.has(item);
          const href = links.get(item);
          return (
            <li key={item} className={isMissing ? 'pz-check pz-check--missing' : 'pz-check pz-check--present'} data-handover-item={item} data-present={String(!isMissing)}>
              <span className="pz-check__state">
                <span aria-hidden="true">{isMissing ? '✖' : '✔'}</span> {isMissing ? t('handover.missing') : t('handover.present')}
              </span>
              <span className="pz-check__label">{t(`handover.items.${item}`)}</span>
              {isMissing && (
                <span className="pz-check__where">
                  {t('handover.where', { where: t(`handover.whereItems.${item}`) })}
                  {href && (
                    <>
                      {' '}
                      <a href={href} target="_blank" rel="noreferrer">
                        {t('handover.open')}
                        <span className="pz-visually-hidden"> {t(`handover.items.${item}`)}</span>
                      </a>
                    </>
                  )}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {prompt && <HandoverDocument prompt={prompt} />}
    </section>
  );
}
