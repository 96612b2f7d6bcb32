// Whether a server accepts `batch` Bundles, cached per server URL.
//
// We do not fetch the CapabilityStatement before the first load: that would cost every fresh session
// a second round trip on the servers that matter (which all do batch). Instead the loader posts the
// batch optimistically and only when the server refuses it (4xx) asks the CapabilityStatement whether
// batch is listed; the answer is cached so the next patient goes straight to the right path.
import { fhirJson, normalizeBase, type FhirConnection } from './http';

const cache = new Map<string, boolean>();

export function cachedBatchSupport(serverUrl: string): boolean | undefined {
  return cache.get(normalizeBase(serverUrl));
}

export function rememberBatchSupport(serverUrl: string, supported: boolean): void {
  cache.set(normalizeBase(serverUrl), supported);
}

/** For tests: forget everything. */
export function clearCapabilityCache(): void {
  cache.clear();
}

/** True when the CapabilityStatement lists the system-level `batch` interaction. */
export function listsBatch(capability: unknown): boolean {
  const rest = (capability as { rest?: Array<{ interaction?: Array<{ code?: string }> }> })?.rest ?? [];
  return rest.some((r) => (r.interaction ?? []).some((i) => i.code === 'batch'));
}

export async function fetchBatchSupport(conn: FhirConnection, signal?: AbortSignal): Promise<boolean> {
  const cs = await fhirJson(conn, 'metadata', { signal });
  const supported = listsBatch(cs);
  rememberBatchSupport(conn.serverUrl, supported);
  return supported;
}
