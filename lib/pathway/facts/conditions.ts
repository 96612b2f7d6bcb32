// Active conditions and serious-illness signals (pathway.md "Signals for surprise-question").
import type { RuleContext } from '../context';
import { memo } from '../context';
import type { Condition } from '../schemas/resources';
import type { PatientRecord } from '../schemas/record';
import { NOT_A_SIGNAL_SNOMED, SERIOUS_ILLNESS, type IllnessGroup } from '../valuesets/serious-illness';
import { SYSTEMS } from '../valuesets/systems';
import { hasSnomed, label, statusCode } from './codes';
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

// The value sets are data; for speed they are indexed once here (a record has many conditions and the
// rules must stay cheap next to JSON parsing).
const SNOMED_INDEX = new Map<string, IllnessGroup>();
for (const g of SERIOUS_ILLNESS) for (const code of g.snomed) SNOMED_INDEX.set(code, g);
const NOT_A_SIGNAL = new Set(NOT_A_SIGNAL_SNOMED);
const ICD10_SYSTEMS = new Set<string>(SYSTEMS.icd10);
const ICPC_SYSTEMS = new Set<string>(SYSTEMS.icpc);

function icd10Group(raw: string): IllnessGroup | undefined {
  const code = normIcd(raw);
  const head = code.slice(0, 3);
  return SERIOUS_ILLNESS.find(
    (g) => g.icd10Prefixes.some((p) => code.startsWith(normIcd(p))) || (head.length === 3 && g.icd10Ranges?.some(([from, to]) => head >= from && head <= to)),
  );
}

function illnessGroup(c: Condition): IllnessGroup | undefined {
  for (const cd of c.code?.coding ?? []) {
    if (!cd.code || !cd.system) continue;
    if (cd.system === SYSTEMS.snomed) {
      if (NOT_A_SIGNAL.has(cd.code)) return undefined; // suspected / in situ wins over any other coding
      const g = SNOMED_INDEX.get(cd.code);
      if (g) return g;
    } else if (ICD10_SYSTEMS.has(cd.system)) {
      const g = icd10Group(cd.code);
      if (g) return g;
    } else if (ICPC_SYSTEMS.has(cd.system)) {
      const code = cd.code.toUpperCase();
      const g = SERIOUS_ILLNESS.find((x) => x.icpc.some((p) => code.startsWith(p)));
      if (g) return g;
    }
  }
  return undefined;
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
      const group = illnessGroup(c);
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
