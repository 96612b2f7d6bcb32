// record + now + config → the handover document. Pure: no clock, no I/O.
// The stay is the one handover-gaps looks at (rules/handover-gaps.ts endingStay), else the latest
// inpatient stay; which items are missing comes from facts/handover.ts handoverGaps, unchanged.
import { defaultConfig, type PathwayConfig } from '../pathway/config';
import { makeContext, type RuleContext } from '../pathway/context';
import { isInpatient } from '../pathway/facts/encounters';
import { handoverGaps, HANDOVER_LABELS } from '../pathway/facts/handover';
import { toInstant } from '../pathway/facts/time';
import { endingStay } from '../pathway/rules/handover-gaps';
import type { Encounter } from '../pathway/schemas/resources';
import type { PatientRecord } from '../pathway/schemas/record';
import { HANDOVER_ITEMS } from '../pathway/types';
import { nl } from '../i18n/nl';
import { CONTEXT_TITLES, CONTEXT_WHERE, contextContent } from './context';
import { itemContent } from './items';
import { displayName, nameOf } from './read';
import { CONTEXT_SECTIONS, DEFAULT_HANDOVER_CONFIG, type HandoverConfig, type HandoverDocument, type HandoverSection, type HandoverStay } from './types';

export interface HandoverOptions {
  now: Date;
  config?: PathwayConfig;
  handover?: Partial<HandoverConfig>;
}

const BSN = 'http://fhir.nl/fhir/NamingSystem/bsn';

/** The stay the handover is for: the ending one handover-gaps uses, else the latest inpatient stay. */
function stayOf(record: PatientRecord, ctx: RuleContext): { encounter: Encounter; ended: boolean } | undefined {
  const ending = endingStay(record.encounters, ctx);
  if (ending) return { encounter: ending.encounter, ended: ending.ended };
  let best: Encounter | undefined;
  let bestStart = -Infinity;
  for (const e of record.encounters) {
    if (!isInpatient(e) || ['cancelled', 'entered-in-error', 'planned'].includes(e.status)) continue;
    const start = toInstant(e.period?.start, ctx.tz) ?? -Infinity;
    if (!best || start > bestStart) [best, bestStart] = [e, start];
  }
  if (!best) return undefined;
  const end = toInstant(best.period?.end, ctx.tz);
  return { encounter: best, ended: best.status === 'finished' || (end !== undefined && end <= ctx.nowMs) };
}

/**
 * Without any inpatient stay there is no "during the stay" for the medication reasons: an empty stay
 * at `now` makes handoverGaps check only that there is a current medication list.
 */
function noStay(ctx: RuleContext): Encounter {
  const at = ctx.now.toISOString();
  return { resourceType: 'Encounter', status: 'unknown', class: { code: 'IMP' }, period: { start: at, end: at } } as Encounter;
}

export function buildHandover(record: PatientRecord, opts: HandoverOptions): HandoverDocument {
  const config = opts.config ?? defaultConfig;
  const ctx = makeContext(opts.now, config);
  const found = stayOf(record, ctx);
  // the configured hospital, else the organisation of the stay, else a neutral word
  const hospitalName = opts.handover?.hospitalName ?? ((found?.encounter.serviceProvider ? nameOf(record, found.encounter.serviceProvider, '') : '') || DEFAULT_HANDOVER_CONFIG.hospitalName);
  const gaps = handoverGaps(record, ctx, found?.encounter ?? noStay(ctx));
  const missing = new Set(gaps.missing);
  const patientId = record.patient.slice('Patient/'.length);

  const items: HandoverSection[] = HANDOVER_ITEMS.map((id) => {
    const content = itemContent(id, record, ctx, gaps);
    const present = !missing.has(id);
    const href = config.handoverLinks[id]?.replace('{patient}', encodeURIComponent(patientId));
    return {
      id,
      title: HANDOVER_LABELS[id],
      present,
      lines: content.lines,
      entries: content.entries,
      ...(present ? {} : { where: nl.handover.whereItems[id], ...(href ? { href } : {}) }),
    };
  });

  const e = found?.encounter;
  const stay: HandoverStay | undefined = e
    ? {
        encounter: `Encounter/${e.id}`,
        start: e.period?.start,
        end: e.period?.end,
        ended: found.ended,
        ward: e.location?.map((l) => nameOf(record, l.location, '')).find(Boolean),
        organisation: e.serviceProvider ? nameOf(record, e.serviceProvider, '') || undefined : undefined,
      }
    : undefined;

  const context: HandoverSection[] = CONTEXT_SECTIONS.map((id) => {
    const content = contextContent(id, record, ctx, e, stay);
    const present = content.lines.length > 0;
    return { id, title: CONTEXT_TITLES[id], present, lines: content.lines, entries: content.entries, ...(present ? {} : { where: CONTEXT_WHERE[id] }) };
  });

  const p = record.patientResource as (Record<string, unknown> & { birthDate?: string; identifier?: { system?: string; value?: string }[] }) | undefined;
  return {
    patient: record.patient,
    patientName: displayName(p) ?? 'naam onbekend',
    birthDate: p?.birthDate,
    bsn: p?.identifier?.find((i) => i.system === BSN)?.value,
    hospitalName,
    date: opts.now.toISOString(),
    stay,
    items,
    context,
    missing: HANDOVER_ITEMS.filter((i) => missing.has(i)),
    errors: record.errors,
  };
}
