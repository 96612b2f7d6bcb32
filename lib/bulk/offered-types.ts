// Which resource types a server offers, from its CapabilityStatement, so an export asks only for those.
// Found against the SMART reference Bulk Data server: asking `system/Consent.rs` of a server without
// Consent makes its token endpoint refuse the whole client (400 invalid_scope), and an unknown `_type`
// may fail the kick-off too. A type the rules read but the server lacks is reported (its prompts rest on
// absent data), never silently dropped.

/** The types in the server's CapabilityStatement (rest mode server), or undefined when it names none or cannot be read. */
export async function offeredTypes(fhirBase: string, doFetch: typeof fetch, signal?: AbortSignal): Promise<Set<string> | undefined> {
  let res: Response;
  try {
    res = await doFetch(`${fhirBase.replace(/\/+$/, '')}/metadata`, { headers: { accept: 'application/fhir+json, application/json' }, signal });
  } catch (e) {
    if (signal?.aborted) throw e;
    return undefined;
  }
  // metadata behind auth, absent, or not JSON: ask for everything and let the server say what it lacks
  if (!res.ok) return undefined;
  let cs: unknown;
  try {
    cs = await res.json();
  } catch {
    return undefined;
  }
  return typesIn(cs);
}

export function typesIn(capability: unknown): Set<string> | undefined {
  const rest = (capability as { rest?: { mode?: string; resource?: { type?: unknown }[] }[] } | null)?.rest;
  if (!Array.isArray(rest)) return undefined;
  const types = new Set<string>();
  for (const r of rest) {
    if (r?.mode !== undefined && r.mode !== 'server') continue;
    for (const res of r?.resource ?? []) if (typeof res?.type === 'string') types.add(res.type);
  }
  return types.size ? types : undefined;
}

/** The requested types split by what the server offers (all of them when it said nothing). */
export function splitByOffer(wanted: readonly string[], offered: Set<string> | undefined): { ask: string[]; notOffered: string[] } {
  if (!offered) return { ask: [...wanted], notOffered: [] };
  return { ask: wanted.filter((t) => offered.has(t)), notOffered: wanted.filter((t) => !offered.has(t)) };
}

/** The line the CLIs print for types the server lacks: the worklist then rests on absent data for them. */
export const notOfferedWarning = (types: readonly string[]) =>
  `let op: de server biedt geen ${types.join(', ')} aan; die zijn niet geëxporteerd, dus wat de regels daaruit lezen ontbreekt (een stap kan ten onrechte als open staan)`;
