// The sections next to the nine items that S3/S4 ask to hand over as well: the patient's naasten and
// contact person, the GP and HAP, the admission, and what was discussed with patient and naasten.
import type { RuleContext } from '../pathway/context';
import { hasSnomed, label } from '../pathway/facts/codes';
import { hasPz } from '../pathway/facts/common';
import { personName } from '../pathway/facts/people';
import type { Encounter } from '../pathway/schemas/resources';
import type { PatientRecord } from '../pathway/schemas/record';
import { ACP_PROCEDURE_SNOMED } from '../pathway/valuesets/pathway-codes';
import { MANTELZORGER_CODE } from '../pathway/valuesets/pathway-codes';
import { gpContacts } from '../ui/gp';
import type { FhirJson } from '../fhir/gateway';
import { displayName, dutchDate, nameOf, notesOf, phoneOf, str } from './read';
import type { ContextSectionId, HandoverLine, HandoverStay } from './types';
import type { ItemContent } from './items';

type Json = Record<string, unknown>;

function relationships(rels: Parameters<typeof label>[0][] | undefined): string[] {
  return (rels ?? []).map((r) => label(r)).filter((x): x is string => !!x);
}

function naasten(record: PatientRecord): ItemContent {
  const lines: HandoverLine[] = [];
  const entries: string[] = [];
  for (const r of record.relatedPersons) {
    if (r.active === false) continue;
    const rels = relationships(r.relationship);
    const mantelzorger = (r.relationship ?? []).some((cc) => cc.coding?.some((c) => c.code === MANTELZORGER_CODE || c.code === 'mantelzorger'));
    const phone = phoneOf(r as Json);
    lines.push({
      text: `${personName(r)}${rels.length ? ` (${[...new Set(rels)].join(', ')})` : ''}${mantelzorger && !rels.some((x) => /mantelzorg/i.test(x)) ? ', mantelzorger' : ''}${phone ? `, tel. ${phone}` : ''}`,
    });
    if (r.id) entries.push(`RelatedPerson/${r.id}`);
  }
  for (const c of record.patientResource?.contact ?? []) {
    const name = displayName({ name: [(c as Json).name].filter(Boolean) }) ?? 'contactpersoon (naam niet vastgelegd)';
    const rels = relationships(c.relationship);
    const phone = phoneOf(c as Json);
    lines.push({ text: `${name}${rels.length ? ` (${rels.join(', ')})` : ''}${phone ? `, tel. ${phone}` : ''}` });
  }
  return { lines, entries };
}

function huisartsHap(record: PatientRecord): ItemContent {
  const patient = record.patientResource as FhirJson | undefined;
  if (!patient) return { lines: [], entries: [] };
  const resources = [patient, ...(record.shared.values() as Iterable<FhirJson>)];
  const { gp, hap } = gpContacts(resources, patient);
  const lines: HandoverLine[] = [];
  if (gp) lines.push({ text: `Huisarts: ${gp.name ?? 'naam niet vastgelegd'}${gp.phone ? `, tel. ${gp.phone}` : ', geen telefoonnummer vastgelegd'}`, gap: !gp.phone });
  if (hap) lines.push({ text: `Huisartsenpost: ${hap.name ?? 'naam niet vastgelegd'}${hap.phone ? `, tel. ${hap.phone}` : ''}` });
  return { lines, entries: [] };
}

function opname(record: PatientRecord, ctx: RuleContext, encounter: Encounter | undefined, stay: HandoverStay | undefined): ItemContent {
  if (!encounter || !stay) return { lines: [], entries: [] };
  const lines: HandoverLine[] = [];
  const period = `${dutchDate(encounter.period?.start, ctx.tz) ?? 'begin onbekend'} – ${dutchDate(encounter.period?.end, ctx.tz) ?? 'einde onbekend'}`;
  lines.push({ text: `Opname ${period}${stay.ended ? ' (ontslagen)' : encounter.period?.end ? ' (gepland ontslag)' : ''}` });
  if (stay.ward) lines.push({ text: `Afdeling: ${stay.ward}` });
  if (stay.organisation) lines.push({ text: `Ziekenhuis: ${stay.organisation}` });
  const reasons = (encounter.reasonCode ?? []).map((r) => label(r)).filter(Boolean);
  const reasonRefs = (encounter.reasonReference ?? [])
    .map((r) => {
      const c = record.conditions.find((x) => `Condition/${x.id}` === r.reference);
      return r.display ?? (c ? label(c.code) : undefined);
    })
    .filter(Boolean);
  if (reasons.length || reasonRefs.length) lines.push({ text: `Reden van opname: ${[...reasons, ...reasonRefs].join(', ')}` });
  const discharge = label(encounter.hospitalization?.dischargeDisposition);
  if (discharge) lines.push({ text: `Ontslag naar: ${discharge}` });
  return { lines, entries: encounter.id ? [`Encounter/${encounter.id}`] : [] };
}

/** What was discussed with patient and naasten: ACP conversations, the palliative marking, communications. */
function besproken(record: PatientRecord, ctx: RuleContext, encounter: Encounter | undefined): ItemContent {
  const lines: HandoverLine[] = [];
  const entries: string[] = [];
  for (const p of record.procedures) {
    if (p.status === 'entered-in-error' || p.status === 'not-done' || !hasSnomed(p.code, ACP_PROCEDURE_SNOMED)) continue;
    const performers = ((p as Json).performer as { actor?: { display?: string; reference?: string } }[] | undefined)?.map((x) => nameOf(record, x.actor, '')).filter(Boolean) ?? [];
    const notes = notesOf(p);
    lines.push({
      text: `Behandelwensengesprek${dutchDate(p.performedDateTime ?? p.performedPeriod?.start, ctx.tz) ? ` op ${dutchDate(p.performedDateTime ?? p.performedPeriod?.start, ctx.tz)}` : ''}${performers.length ? ` door ${performers.join(', ')}` : ''}${notes.length ? `: ${notes.join(' ')}` : ''}`,
    });
    if (p.id) entries.push(`Procedure/${p.id}`);
  }
  for (const t of record.tasks) {
    if (!hasPz(ctx, t.code, 'behandelwensengesprek') || ['cancelled', 'entered-in-error'].includes(t.status)) continue;
    lines.push({ text: `Behandelwensengesprek overgedragen aan ${nameOf(record, t.owner, 'onbekend')}${t.status === 'completed' ? ' (gevoerd)' : ''}${t.description ? `: ${t.description}` : ''}` });
    if (t.id) entries.push(`Task/${t.id}`);
  }
  for (const c of record.conditions) {
    if (!hasPz(ctx, c.code, 'palliatieve-fase') && !hasSnomed(c.code, '103735009')) continue;
    const notes = notesOf(c);
    if (notes.length) {
      lines.push({ text: `Palliatieve fase: ${notes.join(' ')}` });
      if (c.id) entries.push(`Condition/${c.id}`);
    }
  }
  for (const m of record.communications) {
    if (m.status !== 'completed') continue;
    if (encounter && m.encounter?.reference && m.encounter.reference !== `Encounter/${encounter.id}`) continue;
    const payload = ((m as Json).payload as { contentString?: string }[] | undefined)?.map((x) => str(x.contentString)).filter(Boolean) ?? [];
    if (!payload.length) continue;
    lines.push({ text: `${label(m.topic) ?? label(m.category) ?? 'Gesprek'}${dutchDate(m.sent, ctx.tz) ? ` (${dutchDate(m.sent, ctx.tz)})` : ''}: ${payload.join(' ')}` });
    if (m.id) entries.push(`Communication/${m.id}`);
  }
  return { lines, entries };
}

export const CONTEXT_TITLES: Record<ContextSectionId, string> = {
  naasten: 'Naasten en contactpersoon',
  'huisarts-hap': 'Huisarts en huisartsenpost',
  opname: 'Opname',
  besproken: 'Besproken met patiënt en naasten',
};

export const CONTEXT_WHERE: Record<ContextSectionId, string> = {
  naasten: 'Naasten / contactpersonen',
  'huisarts-hap': 'Patiëntgegevens, huisarts',
  opname: 'Opname (ziekenhuisopname met gepland ontslag)',
  besproken: 'Verslag behandelwensengesprek',
};

export function contextContent(id: ContextSectionId, record: PatientRecord, ctx: RuleContext, encounter: Encounter | undefined, stay: HandoverStay | undefined): ItemContent {
  switch (id) {
    case 'naasten':
      return naasten(record);
    case 'huisarts-hap':
      return huisartsHap(record);
    case 'opname':
      return opname(record, ctx, encounter, stay);
    case 'besproken':
      return besproken(record, ctx, encounter);
  }
}
