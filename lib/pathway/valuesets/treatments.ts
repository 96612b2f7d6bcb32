// Treatments of a treatment directive (nl-core TreatmentDirective2, zib BehandelBesluit) with Dutch
// labels for the SEH screen. Source: pathway.md "treatment directive (behandelgrens)"; zib2020
// TreatmentDirective2 value set BehandelingCodelijst.
export const TREATMENT_LABELS: Readonly<Record<string, string>> = {
  '89666000': 'Reanimatie',
  '40617009': 'Beademing',
  '305351004': 'Opname op intensive care',
  '32485007': 'Ziekenhuisopname',
  '281789004': 'Antibiotica',
  '116762002': 'Toediening van bloedproducten',
};

/** zib AdvanceDirective (Wilsverklaring) types, with whether the document itself says "niet". */
export const ADVANCE_DIRECTIVE_TYPES: Readonly<Record<string, { label: string; deny: boolean }>> = {
  // A niet-reanimerenverklaring or behandelverbod refuses a treatment: shown as "niet uitvoeren" so the
  // SEH sees it as critical (pathway.md: critical if any directive says not to do a treatment).
  NR: { label: 'Niet-reanimerenverklaring', deny: true },
  BV: { label: 'Behandelverbod', deny: true },
  EU: { label: 'Euthanasieverzoek', deny: false },
  EUD: { label: 'Euthanasieverzoek met aanvulling dementie', deny: false },
  VOL: { label: 'Volmacht', deny: false },
  DO: { label: 'Verklaring donorschap', deny: false },
  OTH: { label: 'Anders', deny: false },
};

/** LOINC types of an advance directive document (pathway.md "advance directive"). */
export const ADVANCE_DIRECTIVE_LOINC: readonly string[] = ['42348-3', '75320-2'];

/** SNOMED 129125009 "procedure with explicit context": the category of a TreatmentDirective2 Consent. */
export const TREATMENT_DIRECTIVE_CATEGORY = '129125009';
