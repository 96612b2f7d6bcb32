// The nine handover items of pathway.md, each filled from the record. Whether an item is present is
// NOT decided here: it comes from facts/handover.ts (the same function the handover-gaps rule uses), so
// the document lists exactly the gaps the prompt reports. The resources each item lists are selected by
// the same predicates (isTreatmentGoal, isRecentMdoDocument/Composition, isActiveCarePlanOf, isDimensionCondition): this module
// only says what is there.
import type { RuleContext } from '../pathway/context';
import { centralCaregivers, isActiveCareTeam } from '../pathway/facts/careteam';
import { label } from '../pathway/facts/codes';
import { acpConversations, consentActive, isAdvanceDirectiveConsent, isTreatmentDirective, viewOfConsent } from '../pathway/facts/directives';
import { isActiveCarePlanOf, isDimensionCondition, isRecentMdoComposition, isRecentMdoDocument, isTreatmentGoal, mdoDocumentDate, type HandoverGaps } from '../pathway/facts/handover';
import { activeMedications, medicationLabel, type MedicationResource } from '../pathway/facts/medications';
import type { CareTeam } from '../pathway/schemas/resources';
import type { PatientRecord } from '../pathway/schemas/record';
import type { DirectiveView, HandoverItemId } from '../pathway/types';
import { DIMENSION_CODES, DIMENSION_LABELS } from '../pathway/valuesets/pathway-codes';
import { ADVANCE_DIRECTIVE_LOINC } from '../pathway/valuesets/treatments';
import { SYSTEMS } from '../pathway/valuesets/systems';
import { hasCode } from '../pathway/facts/codes';
import { dutchDate, labelOr, nameOf, notesOf, organisationOfRef, phoneOfRef, textField } from './read';
import type { HandoverLine } from './types';

export interface ItemContent {
  lines: HandoverLine[];
  entries: string[];
}

const ref = (type: string, id: string | undefined) => (id ? `${type}/${id}` : undefined);
const compact = <T>(xs: (T | undefined)[]) => xs.filter((x): x is T => x !== undefined);
const on = (date: string | undefined) => (date ? ` (${date})` : '');

function behandeldoel(record: PatientRecord, ctx: RuleContext): ItemContent {
  const goals = record.goals.filter(isTreatmentGoal);
  return {
    lines: goals.map((g) => ({ text: `${labelOr(g.description, 'Behandeldoel')}${on(dutchDate(g.startDate ?? g.statusDate, ctx.tz))}` })),
    entries: compact(goals.map((g) => ref('Goal', g.id))),
  };
}

const DECISION: Record<DirectiveView['decision'], string> = {
  permit: 'wel uitvoeren',
  deny: 'niet uitvoeren',
  other: 'anders',
  unknown: 'wel/niet niet vastgelegd',
};

/** "Reanimatie: niet uitvoeren (12 maart 2024; afgesproken met: …)"; SpecificationOther verbatim. */
export function directiveLine(d: DirectiveView, ctx: RuleContext, active: boolean): HandoverLine {
  const kind = d.kind === 'treatment-directive' ? 'Behandelgrens' : 'Wilsverklaring';
  const decision = d.kind === 'advance-directive' && d.decision === 'unknown' ? '' : `: ${DECISION[d.decision]}`;
  const other = d.specificationOther ? ` — ${d.specificationOther}` : '';
  const icd = /\bICD\b/i.test(d.treatment) ? ' [ICD-deactivatie]' : '';
  const facts = compact([d.date ? dutchDate(d.date, ctx.tz) : undefined, d.source ? `afgesproken met: ${d.source}` : undefined]);
  return {
    text: `${kind} ${d.treatment}${icd}${decision}${other}${facts.length ? ` (${facts.join('; ')})` : ''}${active ? '' : ' — niet meer geldig'}`,
    gap: d.decision === 'unknown' && d.kind === 'treatment-directive',
  };
}

/** Every directive of the record (current first; ended ones marked), and every ACP conversation. */
function behandelwensen(record: PatientRecord, ctx: RuleContext): ItemContent {
  const lines: HandoverLine[] = [];
  const entries: string[] = [];
  const consents = record.consents.filter((c) => c.status !== 'entered-in-error' && (isTreatmentDirective(c) || isAdvanceDirectiveConsent(c)));
  const sorted = [...consents].sort((a, b) => Number(consentActive(b, ctx)) - Number(consentActive(a, ctx)));
  for (const c of sorted) {
    lines.push(directiveLine(viewOfConsent(c), ctx, consentActive(c, ctx)));
    if (c.id) entries.push(`Consent/${c.id}`);
  }
  for (const d of record.documentReferences) {
    if (d.status === 'entered-in-error' || !hasCode(d.type, SYSTEMS.loinc, ADVANCE_DIRECTIVE_LOINC)) continue;
    const facts = compact([dutchDate(d.date, ctx.tz), d.author?.[0] ? `opgesteld door: ${nameOf(record, d.author[0])}` : undefined]);
    lines.push({ text: `Wilsverklaring (document): ${d.description ?? labelOr(d.type, 'wilsverklaring')}${facts.length ? ` (${facts.join('; ')})` : ''}${d.status === 'current' ? '' : ' — niet meer geldig'}` });
    if (d.id) entries.push(`DocumentReference/${d.id}`);
  }
  for (const key of acpConversations(record, ctx)) {
    const [type, id] = key.split('/');
    if (type !== 'Procedure') continue;
    const p = record.procedures.find((x) => x.id === id);
    if (!p) continue;
    const notes = notesOf(p);
    lines.push({ text: `Behandelwensengesprek (advance care planning) gevoerd${on(dutchDate(p.performedDateTime ?? p.performedPeriod?.start, ctx.tz))}${notes.length ? `: ${notes.join(' ')}` : ''}` });
    entries.push(key);
  }
  return { lines, entries };
}

function reasonText(record: PatientRecord, m: MedicationResource): string | undefined {
  const codes = (m.reasonCode ?? []).map((c) => label(c)).filter(Boolean);
  const refs = (m.reasonReference ?? []).map((r) => nameOf(record, r, 'zie probleemlijst'));
  const all = [...codes, ...refs];
  return all.length ? all.join(', ') : undefined;
}

function stopReason(m: MedicationResource): string | undefined {
  return m.resourceType === 'MedicationRequest' ? label(m.statusReason) : label(m.statusReason);
}

function medicatieoverzicht(record: PatientRecord, ctx: RuleContext, gaps: HandoverGaps): ItemContent {
  const lines: HandoverLine[] = [];
  const entries: string[] = [];
  for (const m of activeMedications(record, ctx)) {
    const reason = reasonText(record, m);
    lines.push({ text: `${medicationLabel(m)}${reason ? ` — reden: ${reason}` : ''}` });
    const r = ref(m.resourceType, m.id);
    if (r) entries.push(r);
  }
  for (const m of [...record.medicationRequests, ...record.medicationStatements]) {
    if (m.status !== 'stopped') continue;
    const reason = stopReason(m);
    if (!reason) continue;
    lines.push({ text: `Gestopt: ${medicationLabel(m)} — reden: ${reason}` });
    const r = ref(m.resourceType, m.id);
    if (r) entries.push(r);
  }
  // the gaps the rule reports, verbatim, so the reader sees what handover-gaps sees
  for (const note of gaps.medicationNotes) lines.push({ text: note, gap: true });
  if (!lines.length) lines.push({ text: 'Geen actuele medicatie vastgelegd.', gap: true });
  return { lines, entries };
}

function mdoVerslag(record: PatientRecord, ctx: RuleContext): ItemContent {
  const lines: HandoverLine[] = [];
  const entries: string[] = [];
  for (const d of record.documentReferences.filter(isRecentMdoDocument(ctx))) {
    const date = mdoDocumentDate(d);
    const by = d.author?.length ? `; ${d.author.map((a) => nameOf(record, a)).join(', ')}` : '';
    lines.push({ text: `${labelOr(d.type, 'Verslag')}${d.description ? `: ${d.description}` : ''} (${dutchDate(date, ctx.tz) ?? 'datum onbekend'}${by})` });
    if (d.id) entries.push(`DocumentReference/${d.id}`);
  }
  for (const c of record.compositions.filter(isRecentMdoComposition(ctx))) {
    const title = textField(c, 'title');
    lines.push({ text: `${labelOr(c.type, 'Verslag')}${title ? `: ${title}` : ''} (${dutchDate(c.date, ctx.tz) ?? 'datum onbekend'})` });
    if (c.id) entries.push(`Composition/${c.id}`);
  }
  return { lines, entries };
}

type Participant = NonNullable<CareTeam['participant']>[number];

function participantLine(record: PatientRecord, team: CareTeam, p: Participant): string {
  const name = nameOf(record, p.member);
  const role = label(p.role);
  const org = (p.onBehalfOf ? nameOf(record, p.onBehalfOf, '') : '') || organisationOfRef(record, p.member) || (team.managingOrganization?.[0] ? nameOf(record, team.managingOrganization[0], '') : '');
  const phone = phoneOfRef(record, p.member) ?? phoneOfRef(record, p.onBehalfOf);
  return `${name}${role ? `, ${role}` : ''}${org ? ` — ${org}` : ''}${team.name ? ` (team: ${team.name})` : ''}${phone ? `, tel. ${phone}` : ', geen telefoonnummer vastgelegd'}`;
}

function centraleZorgverlener(record: PatientRecord, ctx: RuleContext): ItemContent {
  const lines: HandoverLine[] = [];
  const entries = new Set<string>();
  for (const team of record.careTeams) {
    if (!isActiveCareTeam(team, ctx)) continue;
    for (const p of team.participant ?? []) {
      if (!centralCaregivers({ ...record, careTeams: [{ ...team, participant: [p] }] }, ctx).length) continue;
      lines.push({ text: participantLine(record, team, p) });
      if (team.id) entries.add(`CareTeam/${team.id}`);
    }
  }
  return { lines, entries: [...entries] };
}

function betrokkenZorgverleners(record: PatientRecord, ctx: RuleContext): ItemContent {
  const lines: HandoverLine[] = [];
  const entries = new Set<string>();
  for (const team of record.careTeams) {
    if (!isActiveCareTeam(team, ctx)) continue;
    for (const p of team.participant ?? []) {
      const type = p.member?.type ?? p.member?.reference?.split('/').at(-2);
      if (type !== 'Practitioner' && type !== 'PractitionerRole' && type !== 'Organization') continue;
      lines.push({ text: participantLine(record, team, p) });
      if (team.id) entries.add(`CareTeam/${team.id}`);
    }
  }
  for (const gp of record.patientResource?.generalPractitioner ?? []) {
    const phone = phoneOfRef(record, gp);
    lines.push({ text: `Huisarts: ${nameOf(record, gp)}${phone ? `, tel. ${phone}` : ', geen telefoonnummer vastgelegd'}` });
  }
  return { lines, entries: [...entries] };
}

function carePlans(record: PatientRecord, ctx: RuleContext, code: string): ItemContent {
  const plans = record.carePlans.filter(isActiveCarePlanOf(ctx, code));
  const lines: HandoverLine[] = [];
  for (const c of plans) {
    const title = textField(c, 'title') ?? labelOr(c.category, 'Zorgplan');
    const description = textField(c, 'description');
    lines.push({ text: `${title}${description ? `: ${description}` : ''}${on(dutchDate(c.period?.start, ctx.tz))}` });
    const activity = (c as Record<string, unknown>).activity;
    for (const a of Array.isArray(activity) ? activity : []) {
      const d = (a as { detail?: { description?: string; code?: Parameters<typeof label>[0] } }).detail;
      const text = d?.description ?? label(d?.code);
      if (text) lines.push({ text: `• ${text}` });
    }
    for (const n of notesOf(c)) lines.push({ text: n });
  }
  return { lines, entries: compact(plans.map((c) => ref('CarePlan', c.id))) };
}

function problemen(record: PatientRecord, ctx: RuleContext, gaps: HandoverGaps): ItemContent {
  const lines: HandoverLine[] = [];
  const entries: string[] = [];
  for (const d of DIMENSION_CODES) {
    for (const c of record.conditions.filter(isDimensionCondition(ctx, d))) {
      lines.push({ text: `${DIMENSION_LABELS[d][0].toUpperCase()}${DIMENSION_LABELS[d].slice(1)}: ${labelOr(c.code, 'probleem')}` });
      if (c.id) entries.push(`Condition/${c.id}`);
    }
  }
  if (gaps.dimensionsMissing.length) lines.push({ text: `Niets vastgelegd in: ${gaps.dimensionsMissing.join(', ')}.`, gap: true });
  return { lines, entries };
}

export function itemContent(item: HandoverItemId, record: PatientRecord, ctx: RuleContext, gaps: HandoverGaps): ItemContent {
  switch (item) {
    case 'behandeldoel':
      return behandeldoel(record, ctx);
    case 'behandelwensen':
      return behandelwensen(record, ctx);
    case 'medicatieoverzicht':
      return medicatieoverzicht(record, ctx, gaps);
    case 'mdo-verslag':
      return mdoVerslag(record, ctx);
    case 'centrale-zorgverlener':
      return centraleZorgverlener(record, ctx);
    case 'betrokken-zorgverleners':
      return betrokkenZorgverleners(record, ctx);
    case 'vervolgbeleid':
      return carePlans(record, ctx, 'vervolgbeleid');
    case 'problemen-4-dimensies':
      return problemen(record, ctx, gaps);
    case 'individueel-zorgplan':
      return carePlans(record, ctx, 'individueel-zorgplan');
  }
}
