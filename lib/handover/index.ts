// The warm handover document (issue #15): record + now + config → document, FHIR, letter.
export { buildHandover, type HandoverOptions } from './build';
export { handoverFhir, handoverVersion, handoverSetSystem, handoverVersionSystem, TRANSFER_SUMMARY, type FhirOptions, type HandoverFhir } from './fhir';
export { saveHandoverParams } from './save-params';
export { handoverHtml, handoverText, LETTER_CSS } from './letter';
export * from './types';
