// The app's own CodeSystem resource, for publishing on a FHIR server. Its single source is
// lib/pathway/codesystem.json (the rules' contract tests guard it against drift); this only puts the
// configured canonical URL in.
import codeSystem from '../pathway/codesystem.json';
import { DEFAULT_PZ_SYSTEM } from './codes';

export function pathwayCodeSystem(url: string = DEFAULT_PZ_SYSTEM) {
  return { ...structuredClone(codeSystem), url };
}
