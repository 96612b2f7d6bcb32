// Prompts → CDS Hooks 2.0 cards. A card says what the app says (summary, detail, indicator, source) and
// offers as suggestions exactly the FHIR resources the app's write builders (lib/fhir/writes) would
// write for that prompt, so accepting a suggestion in the EHR records the same fact the app would.
import { DEFAULT_PZ_SYSTEM } from '../fhir/codes';
import { PATHWAY_CODES } from '../fhir/codesystem';
import type { FhirJson, WriteIntent } from '../fhir/gateway';
import { buildWrite, isWritableAction, WriteRefusedError, type WritableActionId, type WritePlan } from '../fhir/writes/index';
import { nl } from '../i18n/nl';
import { sortPrompts } from '../pathway/evaluate';
import { HANDOVER_LABELS } from '../pathway/facts/handover';
import type { Prompt, PromptAction, PromptCode } from '../pathway/types';
import { ACK_REASONS } from '../ui/ack';
import type { Card, HookName } from './schemas';
import { uuidFor } from './uuid';

export interface CardOptions {
  patientId: string;
  /** the SMART app's launch URL, e.g. https://host/smart/launch.html */
  smartLaunchUrl: string;
  /** the card's source link when a prompt's source has none */
  sourceUrl: string;
  pzSystem?: string;
  /** context.userId: the author of what a suggestion writes (Practitioner/… only) */
  userId?: string;
  now: Date;
  /** the record the prompts came from (an update suggestion needs the CareTeam it changes) */
  resources: readonly FhirJson[];
}

/** The hook's own prompts come first; then indicator (critical first), then pathway.md's order. */
export const HOOK_FIRST: Record<HookName, readonly PromptCode[]> = {
  'patient-view': [],
  'encounter-start': ['behandelwensen-known', 'behandelwensen-unknown-at-seh', 'topz-consult'],
  'encounter-discharge': ['handover-gaps'],
};

export function orderForHook(prompts: readonly Prompt[], hook: HookName): Prompt[] {
  const first = HOOK_FIRST[hook];
  const sorted = sortPrompts(prompts); // no role: a CDS client does not tell us one
  return [...sorted.filter((p) => first.includes(p.code)), ...sorted.filter((p) => !first.includes(p.code))];
}

export const overrideReasonSystem = (pzSystem: string) => `${pzSystem}/acknowledge-reason`;

export function overrideReasons(pzSystem: string) {
  return ACK_REASONS.map((code) => ({ system: overrideReasonSystem(pzSystem), code, display: nl.ack.reasons[code] }));
}

interface Variant {
  label: string;
  params: Record<string, string>;
  recommended?: boolean;
}

/**
 * The suggestions a prompt's action can offer without asking the clinician anything: fixed answers
 * (ja/nee, post/digitaal) or the defaults the rule found (the GP, the place of death). Actions that
 * need a name or a choice (a naaste, a caregiver without a suggestion) are left to the smart link.
 */
const VARIANTS: Record<WritableActionId, (a: PromptAction) => Variant[]> = {
  'answer-surprise-question': () => [
    { label: 'Nee, het zou mij niet verbazen', params: { answer: 'false' } },
    { label: 'Ja, het zou mij verbazen', params: { answer: 'true' } },
  ],
  'mark-palliative-phase': (a) => [{ label: a.label, params: {}, recommended: true }],
  'record-behandelwensengesprek': (a) => [{ label: a.label, params: {} }],
  'handover-behandelwensengesprek': (a) =>
    a.params?.owner ? [{ label: `Overgedragen aan ${a.params.ownerDisplay || 'de huisarts'}`, params: { owner: a.params.owner, ownerDisplay: a.params.ownerDisplay || 'Huisarts' } }] : [],
  'record-behandelwensen-opgevraagd': (a) =>
    a.params?.encounter
      ? [{ label: a.params.contact === 'hap' ? 'Huisartsenpost gebeld: leg vast' : 'Huisarts gebeld: leg vast', params: { encounter: a.params.encounter, contacted: a.params.contact === 'hap' ? 'hap' : 'huisarts' } }]
      : [],
  'request-topz-consult': (a) => (a.params?.encounter ? [{ label: a.label, params: { encounter: a.params.encounter }, recommended: true }] : []),
  'appoint-central-caregiver': (a) =>
    a.params?.suggested ? [{ label: `${a.params.suggestedDisplay || 'Huisarts'} als centrale zorgverlener`, params: { participant: a.params.suggested, display: a.params.suggestedDisplay || 'Huisarts' } }] : [],
  'record-medication-review': (a) => [{ label: a.label, params: {} }],
  'record-naaste': () => [],
  'record-kindcheck': () => [
    { label: 'Kindcheck: geen minderjarige kinderen', params: { minorChildren: 'false' } },
    { label: 'Kindcheck: wel minderjarige kinderen', params: { minorChildren: 'true' } },
  ],
  'record-caregiver-burden': () => [{ label: 'Naaste gevraagd hoe het gaat: leg vast', params: {} }],
  'record-caregivers-informed': () => [{ label: 'Huisarts en betrokken zorgverleners geïnformeerd', params: { informed: 'Huisarts, betrokken zorgverleners' } }],
  'assign-nazorg-owner': (a) =>
    a.params?.defaultOwner ? [{ label: `Nazorg door ${a.params.defaultOwnerDisplay || 'deze organisatie'}`, params: { owner: a.params.defaultOwner, ownerDisplay: a.params.defaultOwnerDisplay || 'Ziekenhuis' } }] : [],
  'record-nazorg-contact': (a) => [{ label: a.label, params: {} }],
  'record-nazorggesprek': () => [{ label: 'Nazorggesprek gevoerd: leg vast', params: { outcome: 'done' } }],
  'record-brochure-sent': () => [
    { label: 'Brochure per post verstuurd', params: { channel: 'post' } },
    { label: 'Brochure digitaal verstuurd', params: { channel: 'digitaal' } },
  ],
  // the handover document is made and checked in our app (preview, gaps highlighted): the smart link
  'save-handover': () => [],
};

/** The intent a suggestion stands for: its id is stable per (prompt, action, variant), so accepting twice writes once. */
export function suggestionIntent(prompt: Prompt, action: WritableActionId, index: number, variant: Variant, opts: CardOptions): WriteIntent {
  const author = opts.userId && /^(Practitioner|PractitionerRole)\//.test(opts.userId) ? opts.userId : undefined;
  return {
    id: uuidFor(`${prompt.key}|${action}|${index}`),
    patientId: opts.patientId,
    action,
    params: variant.params,
    promptKey: prompt.key,
    ...(author ? { author } : {}),
    createdAt: opts.now.toISOString(),
  };
}

function actionFor(plan: WritePlan, description: string, resources: readonly FhirJson[]): NonNullable<NonNullable<Card['suggestions']>[number]['actions']>[number] | undefined {
  if (plan.kind === 'create') return { type: 'create', description, resource: plan.resource };
  if (plan.kind === 'transaction') return undefined; // no suggestion makes one (see 'save-handover')
  const team = resources.find((r) => `${r.resourceType}/${r.id}` === plan.careTeam);
  if (!team) return undefined;
  const participant = [...((team.participant as unknown[] | undefined) ?? []), plan.participant];
  return { type: 'update', description, resource: { ...team, participant } };
}

function suggestions(prompt: Prompt, opts: CardOptions): NonNullable<Card['suggestions']> {
  const out: NonNullable<Card['suggestions']> = [];
  for (const a of prompt.actions) {
    if (!isWritableAction(a.id)) continue;
    VARIANTS[a.id](a).forEach((v, i) => {
      const intent = suggestionIntent(prompt, a.id as WritableActionId, i, v, opts);
      let plan: WritePlan;
      try {
        plan = buildWrite(intent, { pzSystem: opts.pzSystem ?? DEFAULT_PZ_SYSTEM });
      } catch (e) {
        if (e instanceof WriteRefusedError) return; // needs input the card cannot ask for: the smart link does
        throw e;
      }
      const action = actionFor(plan, v.label, opts.resources);
      if (!action) return;
      out.push({ label: v.label, uuid: intent.id, ...(v.recommended ? { isRecommended: true } : {}), actions: [action] });
    });
  }
  return out;
}

const MD_SPECIAL = /([\\`*_{}[\]<>()#+!|~])/g;
export const md = (s: string) => s.replace(MD_SPECIAL, '\\$1');
const nlDate = (iso: string) => iso.slice(0, 10).split('-').reverse().join('-');

export function detailMarkdown(p: Prompt): string {
  const parts = [md(p.detail)];
  if (p.directives?.length) {
    parts.push(
      p.directives
        .map((d) => {
          const decision = d.specificationOther ? md(d.specificationOther) : d.decision === 'deny' ? '**NIET uitvoeren**' : d.decision === 'permit' ? 'wel uitvoeren' : 'onbekend';
          return `- ${md(d.treatment)}: ${decision}${d.date ? ` (${nlDate(d.date)})` : ''}${d.source ? `, ${md(d.source)}` : ''}`;
        })
        .join('\n'),
    );
  }
  if (p.missing?.length) parts.push(`**Ontbreekt in de overdracht:**\n${p.missing.map((m) => `- ${md(HANDOVER_LABELS[m])}`).join('\n')}`);
  if (p.due) parts.push(`**Uiterlijk:** ${nlDate(p.due)}`);
  parts.push(`*Bron: ${p.source.map((s) => md(`${s.seed} ${s.title}, ${s.section}`)).join('; ')}*`);
  return parts.join('\n\n');
}

/** Spec: summary < 140 characters. The engine keeps to ≤ 140; one more is cut with an ellipsis. */
export function shortSummary(s: string): string {
  return s.length < 140 ? s : `${s.slice(0, 138).trimEnd()}…`;
}

const TOPIC_DISPLAY = new Map(PATHWAY_CODES.map((c) => [c.code, c.display]));

export function promptToCard(p: Prompt, opts: CardOptions): Card {
  const pzSystem = opts.pzSystem ?? DEFAULT_PZ_SYSTEM;
  const uuid = uuidFor(p.key);
  const sugg = suggestions(p, opts);
  return {
    uuid,
    summary: shortSummary(p.summary),
    detail: detailMarkdown(p),
    indicator: p.indicator,
    source: {
      label: 'Palliatief Zorgpad',
      url: p.source.find((s) => s.url)?.url ?? opts.sourceUrl,
      topic: { system: pzSystem, code: p.code, display: TOPIC_DISPLAY.get(p.code) ?? p.code },
    },
    ...(sugg.length ? { suggestions: sugg, selectionBehavior: 'at-most-one' as const } : {}),
    overrideReasons: overrideReasons(pzSystem),
    links: [{ label: 'Open in Palliatief Zorgpad', url: opts.smartLaunchUrl, type: 'smart', appContext: JSON.stringify({ prompt: p.code, card: uuid }) }],
  };
}

export function cardsFor(prompts: readonly Prompt[], hook: HookName, opts: CardOptions): Card[] {
  return orderForHook(prompts, hook).map((p) => promptToCard(p, opts));
}
