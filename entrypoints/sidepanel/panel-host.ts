// The side panel's PanelHost comes from the extension layer (lib/extension/panel-host.ts): the FHIR
// session shared through storage.session, the dexie outbox, and the patient of the focused EHR tab.
export { createPanelHost } from '../../lib/extension/panel-host';
