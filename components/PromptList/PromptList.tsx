import { useId, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { Prompt, Role } from '../../lib/pathway/types';
import type { HandledPrompt } from '../../lib/ui/ack';
import type { CardWriteState } from '../../lib/ui/outbox';
import { countByIndicator, groupByRole, sortForRole } from '../../lib/ui/order';
import { formatDateTime } from '../../lib/ui/dates';
import { useReopenT } from '../AckSnoozeDialog/reopen-strings';
import type { Acknowledgement, Reopening } from '../../lib/host/contract';
import { PromptCard } from '../PromptCard/PromptCard';

export interface PromptListProps {
  open: readonly Prompt[];
  handled?: readonly HandledPrompt[];
  role: Role;
  now: Date;
  writeStates?: ReadonlyMap<string, CardWriteState>;
  onAcknowledge?: (p: Prompt) => void;
  onReopen?: (a: Acknowledgement) => void;
  /** the newest reopening per prompt key (audit trail): shown under a reopened card */
  reopened?: ReadonlyMap<string, Reopening>;
  /** focus target when the focused card went away (tabIndex -1: reachable by script, not by Tab) */
  headingRef?: Ref<HTMLHeadingElement>;
}

/**
 * The user's own prompts first (critical, warning, info), then the other roles' prompts in a
 * disclosure (a role filters and orders, it never hides for good), then acknowledged/snoozed ones,
 * which stay countable and can be reopened.
 */
export function PromptList({ open, handled = [], role, now, writeStates, onAcknowledge, onReopen, reopened, headingRef }: PromptListProps) {
  const { t } = useTranslation();
  const { t: tr, lng } = useReopenT();
  const headingId = useId();
  const { mine, others } = groupByRole(open, role);
  const counts = countByIndicator(open);
  const card = (p: Prompt) => (
    <li key={p.key}>
      <PromptCard prompt={p} now={now} writeState={writeStates?.get(p.key)} onAcknowledge={onAcknowledge} />
      {reopened?.get(p.key) && (
        <p className="pz-note pz-reopened" data-reopened={p.key}>
          {tr('note', { who: reopened.get(p.key)!.who || tr('unknownWho'), date: formatDateTime(reopened.get(p.key)!.at, lng), reason: reopened.get(p.key)!.reason })}
        </p>
      )}
    </li>
  );
  return (
    <section className="pz-prompts" aria-labelledby={headingId}>
      <h2 id={headingId} className="pz-section-title" ref={headingRef} tabIndex={-1}>
        {t('list.heading')} <span className="pz-counts">({t('list.counts', counts)})</span>
      </h2>
      {open.length === 0 && <p className="pz-empty">{t('list.none')}</p>}
      {open.length > 0 && mine.length === 0 && <p className="pz-empty">{t('list.noneForRole')}</p>}
      {mine.length > 0 && (
        <ul className="pz-card-list" aria-label={t('list.forRole', { role: t(`role.${role}`) })} data-group="mine">
          {mine.map(card)}
        </ul>
      )}
      {others.length > 0 && (
        <details className="pz-group" data-group="others">
          <summary>{t('list.others', { count: others.length })}</summary>
          <ul className="pz-card-list">{others.map(card)}</ul>
        </details>
      )}
      {handled.length > 0 && (
        <details className="pz-group" data-group="handled">
          <summary>{t('list.handled', { count: handled.length })}</summary>
          <ul className="pz-card-list">
            {sortForRole(
              handled.map((h) => h.prompt),
              role,
            ).map((p) => {
              const h = handled.find((x) => x.prompt === p)!;
              return (
                <li key={p.key}>
                  <PromptCard prompt={p} now={now} ack={h.ack} onReopen={onReopen} />
                </li>
              );
            })}
          </ul>
        </details>
      )}
    </section>
  );
}
