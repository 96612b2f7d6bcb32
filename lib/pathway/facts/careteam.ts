// Care teams: the central caregiver (centrale zorgverlener) and the hospital's palliative team (TOPZ).
import type { RuleContext } from '../context';
import type { CareTeam } from '../schemas/resources';
import type { PatientRecord } from '../schemas/record';
import { CASE_MANAGER_SNOMED } from '../valuesets/pathway-codes';
import { hasCode, hasSnomed } from './codes';
import { displayOf, hasPz } from './common';
import { toInstant } from './time';

type Participant = NonNullable<CareTeam['participant']>[number];

function periodEnded(end: string | undefined, ctx: RuleContext): boolean {
  const ms = toInstant(end, ctx.tz);
  return ms !== undefined && ms < ctx.nowMs;
}

/**
 * An active CareTeam. zib2020 CareTeam examples carry no status at all; such a team counts as active
 * unless its period has ended.
 */
export function isActiveCareTeam(t: CareTeam, ctx: RuleContext): boolean {
  if (t.status !== undefined && t.status !== 'active') return false;
  return !periodEnded(t.period?.end, ctx);
}

const isActiveParticipant = (p: Participant, ctx: RuleContext) => !periodEnded(p.period?.end, ctx);

export interface CentralCaregiver {
  team: CareTeam;
  display: string;
}

export function centralCaregivers(record: PatientRecord, ctx: RuleContext): CentralCaregiver[] {
  const out: CentralCaregiver[] = [];
  for (const t of record.careTeams) {
    if (!isActiveCareTeam(t, ctx)) continue;
    for (const p of t.participant ?? []) {
      if (!isActiveParticipant(p, ctx)) continue;
      if (hasPz(ctx, p.role, 'centrale-zorgverlener') || hasSnomed(p.role, CASE_MANAGER_SNOMED))
        out.push({ team: t, display: displayOf(record, p.member) ?? 'centrale zorgverlener' });
    }
  }
  return out;
}

const PRACTITIONER_TYPES = ['Practitioner', 'PractitionerRole'];

/** Caregivers involved: an active care team with a practitioner participant. */
export function hasPractitionerParticipant(record: PatientRecord, ctx: RuleContext): boolean {
  return record.careTeams.some(
    (t) =>
      isActiveCareTeam(t, ctx) &&
      (t.participant ?? []).some((p) => {
        if (!isActiveParticipant(p, ctx) || !p.member) return false;
        const type = p.member.type ?? p.member.reference?.split('/').at(-2);
        return type !== undefined && PRACTITIONER_TYPES.includes(type);
      }),
  );
}

const namePatterns = new Map<string, RegExp>();
function nameMatches(text: string | undefined, name: string): boolean {
  if (!text) return false;
  // whole-word, case-insensitive: "TOPZ" matches "TOPZ Spaarne Gasthuis", not "STOPZETTEN"
  let re = namePatterns.get(name);
  if (!re) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    namePatterns.set(name, (re = new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, 'iu')));
  }
  return re.test(text);
}

/**
 * The patient is known to the hospital's palliative team: an active CareTeam, or a participant of one,
 * matching the configured team by identifier, name or code (pathway.md "palliative team (TOPZ)").
 */
/** The care team that shows the patient is known to the palliative team: its reference (for the prompt key) and name. */
export function palliativeTeamEvidence(record: PatientRecord, ctx: RuleContext): { reference: string; display: string } | undefined {
  const team = ctx.config.palliativeTeam;
  const idMatch = (ids: { system?: string; value?: string }[] | undefined) =>
    (ids ?? []).some((i) => team.identifiers.some((t) => t.value === i.value && (t.system === undefined || t.system === i.system)));
  const codeMatch = (cc: Parameters<typeof hasCode>[0]) => team.codes.some((c) => hasCode(cc, c.system, c.code));
  for (const t of record.careTeams) {
    if (!isActiveCareTeam(t, ctx)) continue;
    const found = { reference: `CareTeam/${t.id}`, display: t.name ?? 'zorgteam zonder naam' };
    if (nameMatches(t.name, team.name) || idMatch(t.identifier) || codeMatch(t.category)) return found;
    for (const p of t.participant ?? []) {
      if (!isActiveParticipant(p, ctx)) continue;
      const refs = [p.member, p.onBehalfOf];
      if (
        refs.some((r) => nameMatches(displayOf(record, r), team.name) || idMatch(r?.identifier ? [r.identifier] : undefined)) ||
        codeMatch(p.role)
      )
        return found;
    }
  }
  return undefined;
}
