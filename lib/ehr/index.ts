// lib/ehr: EHR page adapters (data) and the pure resolver. The content script imports read-patient.ts
// and types.ts directly; this index (with zod) is for the background and the options page.
export * from './types';
export { readPatientFromPage, readPatientValue } from './read-patient';
export { EhrAdapterSchema, EhrAdapterListSchema, parseAdapters, parseAdapterJson, type AdapterParse } from './schema';
export { BUILTIN_ADAPTERS, DEMO_EHR_ADAPTER, DEMO_EHR_BSN_ADAPTER, BSN_SYSTEM } from './builtin';
export { adaptersForUrl, adapterOrigins } from './select';
