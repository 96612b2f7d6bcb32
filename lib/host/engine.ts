// The hosts' EvaluateFn over the pathway engine, with the (validated) configuration the host chose.
import { defaultConfig, evaluatePatient, type PathwayConfig } from '../pathway';
import type { EvaluateFn } from './contract';

export function engineEvaluate(config: PathwayConfig = defaultConfig): EvaluateFn {
  return (resources, { now, role, patientId }) =>
    evaluatePatient(resources, { now, role, config, patient: patientId ? `Patient/${patientId}` : undefined });
}
