// handover-gaps | palliative and a hospital stay is ending: an inpatient encounter (IMP/ACUTE) with a
// planned end in the next 48 h, or finished in the last 24 h; lists every missing handover item |
// warning; critical when the stay has ended and items are still missing | zaalarts, specialist,
// verpleegkundige | each gap links to where it is filled in | S3 informatieoverdracht; S4 warme overdracht
import { SOURCES } from '../sources';
import { describeEncounter, isInpatient } from '../facts/encounters';
import { handoverGaps, HANDOVER_LABELS } from '../facts/handover';
import { palliativeMarking } from '../facts/palliative';
import { isAlive } from '../facts/patient';
import { HOUR_MS, dayOfInstant, isoDay, toInstant } from '../facts/time';
import type { Encounter } from '../schemas/resources';
import type { RuleContext } from '../context';
import { HANDOVER_ITEMS, type PromptAction } from '../types';
import { makePrompt, type Rule } from './rule';

interface EndingStay {
  encounter: Encounter;
  endMs: number;
  ended: boolean;
}

/** The stay that is ending now: planned end within 48 h, else ended within the last 24 h. */
export function endingStay(encounters: Encounter[], ctx: RuleContext): EndingStay | undefined {
  const w = ctx.config.windows;
  let best: EndingStay | undefined;
  for (const e of encounters) {
    if (!isInpatient(e) || ['cancelled', 'entered-in-error', 'planned'].includes(e.status)) continue;
    const endMs = toInstant(e.period?.end, ctx.tz);
    if (endMs === undefined) continue;
    const ahead = endMs - ctx.nowMs;
    // ended = the end lies in the past (or the encounter is finished): an unfinished encounter whose
    // planned end has passed is read as ended too; the discharge still has to be handed over.
    const ended = ahead <= 0 || e.status === 'finished';
    const inWindow = ended ? ahead <= 0 && -ahead <= w.handoverEndedHours * HOUR_MS : ahead <= w.handoverPlannedEndHours * HOUR_MS;
    if (!inWindow) continue;
    if (!best || endMs > best.endMs) best = { encounter: e, endMs, ended };
  }
  return best;
}

export const handoverGapsRule: Rule = {
  code: 'handover-gaps',
  source: [SOURCES.informatieoverdracht, SOURCES.utrechtWarmeOverdracht],
  roles: ['zaalarts', 'specialist', 'verpleegkundige'],
  evaluate(record, ctx) {
    // After death there is no discharge to hand over; the nazorg prompts take over.
    if (!isAlive(record, ctx) || !palliativeMarking(record, ctx)) return null;
    const stay = endingStay(record.encounters, ctx);
    if (!stay) return null;
    const gaps = handoverGaps(record, ctx, stay.encounter);
    if (gaps.missing.length === 0) return null;
    const hours = Math.round(Math.abs(stay.endMs - ctx.nowMs) / HOUR_MS);
    const when = stay.ended ? `is ${hours} uur geleden geëindigd` : `eindigt over ${hours} uur (gepland)`;
    return makePrompt(this, record, {
      indicator: stay.ended ? 'critical' : 'warning',
      summary: `${stay.ended ? 'Ontslagen' : 'Ontslag nadert'}: ${gaps.missing.length} van ${HANDOVER_ITEMS.length} overdrachtspunten ontbreken.`,
      detail: `${capitalise(describeEncounter(record, stay.encounter, ctx))} ${when}. Ontbreekt: ${gaps.missing
        .map((m) => (m === 'problemen-4-dimensies' && gaps.dimensionsMissing.length ? `${HANDOVER_LABELS[m]} (niets vastgelegd: ${gaps.dimensionsMissing.join(', ')})` : HANDOVER_LABELS[m]))
        .join('; ')}.${gaps.medicationNotes.length ? ` ${gaps.medicationNotes.join(' ')}` : ''}${
        !gaps.missing.includes('problemen-4-dimensies') && gaps.dimensionsMissing.length ? ` Nog niets vastgelegd in de dimensie(s): ${gaps.dimensionsMissing.join(', ')}.` : ''
      }`,
      due: isoDay(dayOfInstant(stay.endMs, ctx.tz)),
      missing: gaps.missing,
      actions: gaps.missing.map((m): PromptAction => {
        const link = ctx.config.handoverLinks[m]?.replace('{patient}', encodeURIComponent(record.patient.slice('Patient/'.length)));
        const params: Record<string, string> = { item: m };
        if (link) params.href = link;
        return { id: 'open-handover-item', label: HANDOVER_LABELS[m], params };
      }),
      firedOn: [`Encounter/${stay.encounter.id}`, stay.ended ? 'ended' : 'planned', ...gaps.missing],
    });
  },
};

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
