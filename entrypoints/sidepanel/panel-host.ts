// Seam for the extension: how the side panel gets its PanelHost (components/host.ts).
// The extension's background/auth code provides the real one (FHIR connection via
// chrome.identity.launchWebAuthFlow, dexie outbox, patient context from the EHR content script).
// Until it is connected this returns null and the panel says it is not connected.
import type { PanelHost } from '../../components/host';

export async function createPanelHost(): Promise<PanelHost | null> {
  return null;
}
