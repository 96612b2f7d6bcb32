// Behandelwensen: treatment directives (nl-core TreatmentDirective2), advance directives (nl-core
// AdvanceDirective, or a DocumentReference typed LOINC 42348-3 / 75320-2) and ACP conversations
// (Procedure SNOMED 713603004). pathway.md "Recognised encodings".
import type { RuleContext } from '../context';
import { memo } from '../context';
import type { DirectiveView } from '../types';
import type { Consent, DocumentReference, Procedure } from '../schemas/resources';
import type { Extension } from '../schemas/primitives';
import type { PatientRecord } from '../schemas/record';
import { refKey } from '../schemas/record';
import { ACP_PROCEDURE_SNOMED } from '../valuesets/pathway-codes';
import { EXT_SPECIFICATION_OTHER, SYSTEMS } from '../valuesets/systems';
import { ADVANCE_DIRECTIVE_LOINC, ADVANCE_DIRECTIVE_TYPES, TREATMENT_DIRECTIVE_CATEGORY, TREATMENT_LABELS } from '../valuesets/treatments';
import { codings, hasCode, hasSnomed, label } from './codes';
import { dayOf, isoDay } from './time';

export const isTreatmentDirective = (c: Consent) =>
  hasCode(c.scope, SYSTEMS.consentScope, 'treatment') && hasSnomed(c.category, TREATMENT_DIRECTIVE_CATEGORY);
export const isAdvanceDirectiveConsent = (c: Consent) => hasCode(c.scope, SYSTEMS.consentScope, 'adr');

/** active = status active and provision.period.end not in the past (pathway.md) */
export function consentActive(c: Consent, ctx: RuleContext): boolean {
  if (c.status !== 'active') return false;
  const end = dayOf(c.provision?.period?.end, ctx.tz);
  return end === undefined || end >= ctx.today;
}

/**
 * The SpecificationOther modifier extension overrides provision.type. zib2020 puts it on the Consent
 * itself (see the nl-core-TreatmentDirective2-02 example); read it on the provision too (read widely).
 */
export function specificationOther(c: Consent): string | undefined {
  const lists: (Extension[] | undefined)[] = [c.modifierExtension, c.extension, c.provision?.modifierExtension, c.provision?.extension];
  for (const list of lists) {
    const ext = list?.find((e) => e.url === EXT_SPECIFICATION_OTHER);
    if (ext) return ext.valueString ?? label(ext.valueCodeableConcept) ?? '(zie bron)';
  }
  return undefined;
}

function consentSource(c: Consent): string | undefined {
  const actors = (c.provision?.actor ?? []).map((a) => a.reference?.display).filter(Boolean);
  return c.sourceReference?.display ?? c.sourceAttachment?.title ?? (actors.length ? actors.join('; ') : undefined);
}

function treatmentLabel(c: Consent): string {
  const codes = codings(c.provision?.code);
  for (const cd of codes) {
    if (cd.system === SYSTEMS.snomed && cd.code && TREATMENT_LABELS[cd.code]) return TREATMENT_LABELS[cd.code];
  }
  // NullFlavor OTH "other" carries the treatment as text
  return label(c.provision?.code) ?? 'Behandeling (niet gespecificeerd)';
}

export function viewOfConsent(c: Consent): DirectiveView {
  const date = c.dateTime?.slice(0, 10);
  if (isTreatmentDirective(c)) {
    const other = specificationOther(c);
    const type = c.provision?.type;
    return {
      resourceType: 'Consent',
      id: c.id,
      kind: 'treatment-directive',
      treatment: treatmentLabel(c),
      decision: other !== undefined ? 'other' : type === 'permit' || type === 'deny' ? type : 'unknown',
      specificationOther: other,
      date,
      source: consentSource(c),
    };
  }
  const adCode = codings(c.provision?.code).find((cd) => cd.code && ADVANCE_DIRECTIVE_TYPES[cd.code]);
  const known = adCode?.code ? ADVANCE_DIRECTIVE_TYPES[adCode.code] : undefined;
  return {
    resourceType: 'Consent',
    id: c.id,
    kind: 'advance-directive',
    treatment: known?.label ?? label(c.provision?.code) ?? 'Wilsverklaring',
    // A wilsverklaring is a document, not a permit/deny per treatment; only NR and behandelverbod say "niet".
    decision: known?.deny ? 'deny' : 'unknown',
    date,
    source: consentSource(c),
  };
}

const isAdvanceDirectiveDocument = (d: DocumentReference) => hasCode(d.type, SYSTEMS.loinc, ADVANCE_DIRECTIVE_LOINC);

function viewOfDocument(d: DocumentReference, ctx: RuleContext): DirectiveView {
  const day = dayOf(d.date, ctx.tz);
  return {
    resourceType: 'DocumentReference',
    id: d.id,
    kind: 'advance-directive',
    treatment: d.description ?? 'Wilsverklaring (document)',
    decision: 'unknown',
    date: day === undefined ? undefined : isoDay(day),
    source: d.author?.[0]?.display,
  };
}

/** Active treatment directives and advance directives, as shown at the SEH. */
export function activeDirectives(record: PatientRecord, ctx: RuleContext): DirectiveView[] {
  return memo(ctx, 'directives', () => {
    const views: DirectiveView[] = [];
    for (const c of record.consents) {
      if ((isTreatmentDirective(c) || isAdvanceDirectiveConsent(c)) && consentActive(c, ctx)) views.push(viewOfConsent(c));
    }
    for (const d of record.documentReferences) {
      if (d.status === 'current' && isAdvanceDirectiveDocument(d)) views.push(viewOfDocument(d, ctx));
    }
    return views;
  });
}

const isAcp = (p: Procedure) => hasSnomed(p.code, ACP_PROCEDURE_SNOMED);

/** ACP conversations held: Procedure 713603004, or an Encounter for one (reasonReference/reasonCode). */
export function acpConversations(record: PatientRecord, ctx: RuleContext): string[] {
  return memo(ctx, 'acp', () => {
    const out: string[] = [];
    const acpIds = new Set<string>();
    for (const p of record.procedures) {
      if (p.status === 'entered-in-error' || p.status === 'not-done' || !isAcp(p)) continue;
      out.push(`Procedure/${p.id}`);
      acpIds.add(`Procedure/${p.id}`);
    }
    for (const e of record.encounters) {
      if (e.status === 'entered-in-error' || e.status === 'cancelled') continue;
      const viaRef = (e.reasonReference ?? []).some((r) => {
        const key = refKey(record, r);
        return key !== undefined && acpIds.has(key);
      });
      if (viaRef || hasSnomed(e.reasonCode, ACP_PROCEDURE_SNOMED)) out.push(`Encounter/${e.id}`);
    }
    return out;
  });
}

/**
 * Behandelwensen are recorded when there is a current directive or an ACP conversation was held.
 * An ended (inactive) directive alone does not count: it no longer says what the patient wants now.
 */
export function behandelwensenEvidence(record: PatientRecord, ctx: RuleContext): string[] {
  return [...activeDirectives(record, ctx).map((d) => `${d.resourceType}/${d.id}`), ...acpConversations(record, ctx)];
}

export const hasBehandelwensen = (record: PatientRecord, ctx: RuleContext) => behandelwensenEvidence(record, ctx).length > 0;
