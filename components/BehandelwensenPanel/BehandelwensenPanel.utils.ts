import type { DirectiveView } from '../../lib/pathway/types';

// "Niet reanimeren" must be unmistakable at the SEH (S3). It is recognised from a treatment directive
// for reanimatie that says deny, or from an advance directive / text that names a NR statement.
const RESUSCITATION = /reanim|resusc|\bcpr\b/i;
const NR_TEXT = /niet[- ]?reanim|\bNR\b|\bDNR\b|do not resuscitate|no resuscitation/i;

export function isNotResuscitate(d: DirectiveView): boolean {
  if (d.decision === 'deny' && RESUSCITATION.test(d.treatment)) return true;
  if (d.decision !== 'permit' && NR_TEXT.test(d.treatment)) return true;
  return false;
}

/** Deny first (those are the limits that change what the SEH does), then the rest; newest first within. */
export function orderDirectives(ds: readonly DirectiveView[]): DirectiveView[] {
  const rank = (d: DirectiveView) => (isNotResuscitate(d) ? 0 : d.decision === 'deny' ? 1 : d.decision === 'other' ? 2 : 3);
  return [...ds].sort((a, b) => rank(a) - rank(b) || (b.date ?? '').localeCompare(a.date ?? ''));
}
