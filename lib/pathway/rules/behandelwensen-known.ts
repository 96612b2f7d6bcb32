// behandelwensen-known | an emergency encounter (class EMER) is active (arrived, triaged, in-progress)
// and at least one active treatment directive or advance directive exists | critical if any directive
// says not to do a treatment (deny), else info | seh-arts (first), specialist | show each directive;
// nothing to write | S3 Acties in ziekenhuis t.b.v. SEH
import { SOURCES } from '../sources';
import { activeDirectives } from '../facts/directives';
import { activeEmergencyEncounters } from '../facts/encounters';
import { isAlive } from '../facts/patient';
import type { DirectiveView } from '../types';
import { makePrompt, type Rule } from './rule';

const DECISION: Record<DirectiveView['decision'], string> = {
  permit: 'wel uitvoeren',
  deny: 'NIET uitvoeren',
  other: 'anders',
  unknown: 'zie wilsverklaring',
};

function line(d: DirectiveView): string {
  const what = d.decision === 'other' ? `${d.treatment}: ${d.specificationOther}` : `${d.treatment}: ${DECISION[d.decision]}`;
  return `${what}${d.date ? ` (${d.date}${d.source ? `, ${d.source}` : ''})` : d.source ? ` (${d.source})` : ''}`;
}

export const behandelwensenKnown: Rule = {
  code: 'behandelwensen-known',
  source: [SOURCES.ziekenhuisSeh],
  roles: ['seh-arts', 'specialist'],
  evaluate(record, ctx) {
    // After death the nazorg prompts take over; directives are not shown for a deceased patient.
    if (!isAlive(record, ctx)) return null;
    const encounter = activeEmergencyEncounters(record)[0];
    if (!encounter) return null;
    const directives = activeDirectives(record, ctx);
    if (directives.length === 0) return null;
    // Deny first: the limits are what the SEH must not miss.
    const ordered = [...directives].sort((a, b) => Number(b.decision === 'deny') - Number(a.decision === 'deny'));
    const denies = ordered.filter((d) => d.decision === 'deny');
    const summary = denies.length
      ? `Behandelgrens: ${denies.map((d) => d.treatment).join(', ')} NIET uitvoeren.`
      : `Behandelwensen bekend (${directives.length}): bekijk ze voor het beleid op de SEH.`;
    return makePrompt(this, record, {
      indicator: denies.length ? 'critical' : 'info',
      summary,
      detail: ordered.map(line).join('; ') + '.',
      directives: ordered,
      actions: [{ id: 'view-directives', label: 'Bekijk de behandelwensen' }],
      firedOn: [`Encounter/${encounter.id}`, ...ordered.map((d) => `${d.resourceType}/${d.id}:${d.decision}`).sort()],
    });
  },
};
