// The demo EHR as a CDS Hooks client, the way a hospital EHR's server does it: discovery once, the
// prefetch templates filled in and run against its own FHIR server (one batch), a JWT signed with its
// own ES384 key (JWKS at /ehr/.well-known/jwks.json), fhirServer + a patient-scoped token for what the
// service still needs. It keeps the last cards per patient so an accepted suggestion is written from
// what the service sent, never from what the browser says, and only into this patient's chart.
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { Card, CdsService, HookName } from '../../lib/cds-hooks/schemas';
import { patientIdOf } from '../../lib/fhir/record-searches';

export const DEMO_EHR_CLIENT_ID = 'pz-demo-ehr';

export interface CdsClientOptions {
  origin: () => string;
  fhirBase: () => string;
  issueToken: (scopes: string | string[], ctx?: { patient?: string; fhirUser?: string }) => string;
}

export interface ShownCard {
  serviceId: string;
  card: Card;
}

export interface EhrKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function createEhrKey(): Promise<EhrKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES384');
  const kid = randomUUID();
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES384', use: 'sig' } };
}

export const ehrIssuer = (origin: string) => `${origin}/ehr`;
export const ehrJwksUri = (origin: string) => `${origin}/ehr/.well-known/jwks.json`;

export function createCdsClient(opts: CdsClientOptions, key: EhrKey) {
  let services: CdsService[] | undefined;
  const shown = new Map<string, Map<string, ShownCard>>(); // patient → card uuid → card
  const dismissed = new Map<string, Set<string>>(); // patient → card uuids overridden in this EHR

  const signFor = (aud: string) =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'ES384', typ: 'JWT', kid: key.kid, jku: ehrJwksUri(opts.origin()) })
      .setIssuer(ehrIssuer(opts.origin()))
      .setSubject(DEMO_EHR_CLIENT_ID)
      .setAudience(aud)
      .setIssuedAt()
      .setExpirationTime('5m')
      .setJti(randomUUID())
      .sign(key.privateKey);

  async function discover(): Promise<CdsService[]> {
    if (!services) {
      const res = await fetch(`${opts.origin()}/cds-services`);
      if (!res.ok) throw new Error(`CDS-discovery gaf HTTP ${res.status}`);
      services = ((await res.json()) as { services: CdsService[] }).services;
    }
    return services;
  }

  /** Run the prefetch templates as one batch on the EHR's own FHIR server. */
  async function prefetch(service: CdsService, patientId: string): Promise<Record<string, unknown>> {
    const entries = Object.entries(service.prefetch ?? {}).map(([k, t]) => [k, t.split('{{context.patientId}}').join(encodeURIComponent(patientId))] as const);
    const res = await fetch(opts.fhirBase(), {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json', accept: 'application/fhir+json', authorization: `Bearer ${opts.issueToken('user/*.rs')}` },
      body: JSON.stringify({ resourceType: 'Bundle', type: 'batch', entry: entries.map(([, url]) => ({ request: { method: 'GET', url } })) }),
    });
    if (!res.ok) return {}; // the service fetches what it needs itself
    const bundle = (await res.json()) as { entry?: Array<{ resource?: Record<string, unknown>; response?: { status?: string } }> };
    const out: Record<string, unknown> = {};
    entries.forEach(([k], i) => {
      const e = bundle.entry?.[i];
      if (!e?.resource || !String(e.response?.status ?? '').startsWith('2')) return; // absent key: "not prefetched"
      const b = e.resource as { resourceType: string; entry?: unknown[]; link?: Array<{ relation?: string }>; total?: number };
      // the EHR knows a page without `next` is the whole answer: say so, so an empty one is not re-fetched
      if (b.resourceType === 'Bundle' && !b.link?.some((l) => l.relation === 'next') && b.total === undefined) b.total = b.entry?.length ?? 0;
      out[k] = b;
    });
    return out;
  }

  async function fire(hook: HookName, ctx: { patientId: string; userId: string; encounterId?: string }): Promise<ShownCard[]> {
    const service = (await discover()).find((s) => s.hook === hook);
    if (!service) return [];
    const url = `${opts.origin()}/cds-services/${service.id}`;
    const body = {
      hook,
      hookInstance: randomUUID(),
      fhirServer: opts.fhirBase(),
      fhirAuthorization: {
        access_token: opts.issueToken(['patient/*.rs'], { patient: ctx.patientId }),
        token_type: 'Bearer',
        expires_in: 3600,
        scope: 'patient/*.rs',
        subject: DEMO_EHR_CLIENT_ID,
        patient: ctx.patientId,
      },
      context: { userId: ctx.userId, patientId: ctx.patientId, ...(ctx.encounterId ? { encounterId: ctx.encounterId } : {}) },
      prefetch: await prefetch(service, ctx.patientId),
    };
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await signFor(url)}` }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`CDS-service ${service.id} gaf HTTP ${res.status}`);
    const { cards } = (await res.json()) as { cards: Card[] };
    const mine = shown.get(ctx.patientId) ?? new Map<string, ShownCard>();
    shown.set(ctx.patientId, mine);
    const gone = dismissed.get(ctx.patientId);
    return cards
      .filter((c) => !(c.uuid && gone?.has(c.uuid)))
      .map((card) => {
        const s = { serviceId: service.id, card };
        if (card.uuid) mine.set(card.uuid, s);
        return s;
      });
  }

  async function feedback(serviceId: string, item: Record<string, unknown>): Promise<void> {
    const url = `${opts.origin()}/cds-services/${serviceId}/feedback`;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await signFor(url)}` },
      body: JSON.stringify({ feedback: [{ ...item, outcomeTimestamp: new Date().toISOString() }] }),
    });
    if (!res.ok) throw new Error(`feedback gaf HTTP ${res.status}`);
  }

  /** Write a suggestion's resources into this patient's chart, then tell the service. */
  async function accept(patientId: string, cardUuid: string, suggestionUuid: string): Promise<{ written: string[] }> {
    const s = shown.get(patientId)?.get(cardUuid);
    const suggestion = s?.card.suggestions?.find((x) => x.uuid === suggestionUuid);
    if (!s || !suggestion) throw new ClientError('Deze kaart of suggestie is niet (meer) getoond voor deze patiënt');
    const actions = suggestion.actions ?? [];
    for (const a of actions) {
      const r = a.resource as { resourceType: string; id?: string; [k: string]: unknown } | undefined;
      if (!r || (r.resourceType === 'Patient' ? r.id : patientIdOf(r)) !== patientId) throw new ClientError('Suggestie hoort niet bij deze patiënt');
    }
    const token = opts.issueToken('user/*.cruds');
    const written: string[] = [];
    for (const a of actions) {
      const r = a.resource as { resourceType: string; id?: string; identifier?: Array<{ system?: string; value?: string }> };
      const headers: Record<string, string> = { 'content-type': 'application/fhir+json', accept: 'application/fhir+json', authorization: `Bearer ${token}` };
      let res: Response;
      if (a.type === 'create') {
        const id = r.identifier?.[0];
        // the suggestion's identifier is stable: accepting twice (or a retry) matches the first write
        if (id?.system && id.value) headers['if-none-exist'] = `identifier=${encodeURIComponent(id.system)}|${encodeURIComponent(id.value)}`;
        res = await fetch(`${opts.fhirBase()}/${r.resourceType}`, { method: 'POST', headers, body: JSON.stringify(r) });
      } else if (a.type === 'update' && r.id) {
        res = await fetch(`${opts.fhirBase()}/${r.resourceType}/${encodeURIComponent(r.id)}`, { method: 'PUT', headers, body: JSON.stringify(r) });
      } else continue;
      if (!res.ok) throw new Error(`schrijven van ${r.resourceType} gaf HTTP ${res.status}`);
      written.push(r.resourceType);
    }
    shown.get(patientId)?.delete(cardUuid);
    await feedback(s.serviceId, { card: cardUuid, outcome: 'accepted', acceptedSuggestions: [{ id: suggestionUuid }] });
    return { written };
  }

  async function override(patientId: string, cardUuid: string, reasonCode: string): Promise<void> {
    const s = shown.get(patientId)?.get(cardUuid);
    const reason = s?.card.overrideReasons?.find((r) => r.code === reasonCode);
    if (!s || !reason) throw new ClientError('Onbekende kaart of reden');
    const set = dismissed.get(patientId) ?? new Set<string>();
    set.add(cardUuid);
    dismissed.set(patientId, set);
    shown.get(patientId)?.delete(cardUuid);
    await feedback(s.serviceId, { card: cardUuid, outcome: 'overridden', overrideReason: { reason } });
  }

  function card(patientId: string, cardUuid: string): ShownCard | undefined {
    return shown.get(patientId)?.get(cardUuid);
  }

  return { fire, accept, override, card, jwks: () => ({ keys: [key.publicJwk] }) };
}
export type CdsClient = ReturnType<typeof createCdsClient>;

/** A request the EHR refuses (unknown card, another patient): 400, not 500. */
export class ClientError extends Error {}
