// Public entry of the pathway engine. Pure: no I/O, no clock, no React, no browser API.
export * from './types';
export { parseConfig, defaultConfig, PathwayConfigSchema, DEFAULT_CODE_SYSTEM } from './config';
export type { PathwayConfig, PathwayConfigInput } from './config';
export { evaluate, evaluatePatient, evaluateRecord, sortPrompts, filterPrompts } from './evaluate';
export type { EvaluateOptions } from './evaluate';
export { buildRecord, normalizeReference } from './schemas/record';
export type { PatientRecord, BuildResult } from './schemas/record';
export { RULES, RULES_BY_CODE } from './rules/registry';
export type { Rule } from './rules/rule';
export { SOURCES } from './sources';
export { SURPRISE_QUESTION_TEXT } from './rules/surprise-question';
export { HANDOVER_LABELS } from './facts/handover';
export { evaluateIndicators, IndicatorTally, INDICATOR_IDS, PATHWAY_INDICATORS } from './indicators/index';
export type { IndicatorEntry, IndicatorId, IndicatorOutcome, IndicatorEvent, PathwayIndicator } from './indicators/index';
