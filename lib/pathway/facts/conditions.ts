// Active conditions and serious-illness signals (pathway.md "Signals for surprise-question").
import type { RuleContext } from '../context';
import { memo } from '../context';
import type { Condition } from '../schemas/resources';
import type { PatientRecord } from '../schemas/record';
import { NOT_A_SIGNAL_SNOMED, SERIOUS_ILLNESS, type IllnessGroup } from '../valuesets/serious-illness';
import { SYSTEMS } from '../valuesets/systems';
import { codings, hasSnomed, label, statusCode } from './codes';
import { dayOf, toInstant } from './time';

const ACTIVE_CLINICAL = new Set(['active', 'recurrence', 'relapse']);
const SUSPECTED = new Set(['unconfirmed', 'provisional', 'differential']);

/** refuted or entered-in-error: as if it were never recorded */
export function isVoided(c: Condition): boolean {
  const v = statusCode(c.verificationStatus);
  return v === 'refuted' || v === 'entered-in-error';
}

export function isSuspected(c: Condition): boolean {
  return SUSPECTED.has(statusCode(c.verificationStatus) ?? '');
}

export function isActiveCondition(c: Condition, ctx: RuleContext): boolean {
  if (isVoided(c)) return false;
  const clinical = statusCode(c.clinicalStatus);
  // clinicalStatus is required by FHIR unless entered-in-error; if a server leaves it out we read the
  // condition as active unless it has abated (read widely).
  if (clinical !== undefined && !ACTIVE_CLINICAL.has(clinical)) return false;
  const abated = c.abatementDateTime ?? c.abatementPeriod?.end ?? c.abatementPeriod?.start;
  if (abated !== undefined) {
    const ms = toInstant(abated, ctx.tz);
    if (ms !== undefined && ms <= ctx.nowMs) return false;
  }
  if (c.abatementBoolean === true || c.abatementString !== undefined) return false;
  return true;
}

export function activeConditions(record: PatientRecord, ctx: RuleContext): Condition[] {
  return memo(ctx, 'activeConditions', () => record.conditions.filter((c) => isActiveCondition(c, ctx)));
}

function normIcd(code: string) {
  return code.replace(/\./g, '').toUpperCase();
}

function matchesGroup(c: Condition, g: IllnessGroup): boolean {
  if (hasSnomed(c.code, g.snomed)) return true;
  for (const cd of codings(c.code)) {
    if (!cd.code || !cd.system) continue;
    if ((SYSTEMS.icd10 as readonly string[]).includes(cd.system)) {
      const code = normIcd(cd.code);
      if (g.icd10Prefixes.some((p) => code.startsWith(normIcd(p)))) return true;
      const head = code.slice(0, 3);
      if (g.icd10Ranges?.some(([from, to]) => head.length === 3 && head >= from && head <= to)) return true;
    }
    if ((SYSTEMS.icpc as readonly string[]).includes(cd.system) && g.icpc.some((p) => cd.code!.toUpperCase().startsWith(p))) return true;
  }
  return false;
}

export interface IllnessSignal {
  condition: Condition;
  group: IllnessGroup;
  label: string;
  onsetDay?: number;
}

/** Active, confirmed serious-illness conditions. Suspected / in-situ findings are not signals. */
export function seriousIllnesses(record: PatientRecord, ctx: RuleContext): IllnessSignal[] {
  return memo(ctx, 'seriousIllnesses', () => {
    const out: IllnessSignal[] = [];
    for (const c of activeConditions(record, ctx)) {
      if (isSuspected(c) || hasSnomed(c.code, NOT_A_SIGNAL_SNOMED)) continue;
      const group = SERIOUS_ILLNESS.find((g) => matchesGroup(c, g));
      if (group)
        out.push({
          condition: c,
          group,
          label: label(c.code) ?? group.label,
          onsetDay: dayOf(c.onsetDateTime ?? c.onsetPeriod?.start ?? c.recordedDate, ctx.tz),
        });
    }
    return out;
  });
}
