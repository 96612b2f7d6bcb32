// Adapters that ship with the extension. A hospital adds its own in the options page.
import type { EhrAdapter } from './types';

export const BSN_SYSTEM = 'http://fhir.nl/fhir/NamingSystem/bsn';

/**
 * The demo EHR of `npm run demo` (demo/ehr): charts at /ehr/patients/<FHIR Patient id>, with the
 * banner `#patient-banner[data-patient-id][data-bsn]`. The banner, not the URL, is the value: the EHR
 * swaps the chart in place before it updates the URL, and the banner is what the user sees.
 */
export const DEMO_EHR_ADAPTER: EhrAdapter = {
  id: 'demo-epd',
  name: 'Demo-EPD (npm run demo)',
  origins: ['http://127.0.0.1/*', 'http://localhost/*'],
  urlPattern: '^https?://[^/]+/ehr/patients/[^/?#]+',
  selector: '#patient-banner',
  attribute: 'data-patient-id',
  fhirId: true,
};

/**
 * The same demo EHR read the way most hospital EHRs must be read: by the BSN on the banner, resolved
 * to the FHIR Patient by an identifier search. Not enabled by default; an example for hospitals.
 */
export const DEMO_EHR_BSN_ADAPTER: EhrAdapter = {
  id: 'demo-epd-bsn',
  name: 'Demo-EPD via BSN (voorbeeld)',
  origins: ['http://127.0.0.1/*', 'http://localhost/*'],
  selector: '#patient-banner [data-testid="bsn"]',
  textPattern: '(\\d[\\d ]{7,10}\\d)',
  identifierSystem: BSN_SYSTEM,
  anchor: '#patient-banner',
};

export const BUILTIN_ADAPTERS: readonly EhrAdapter[] = [DEMO_EHR_ADAPTER];
