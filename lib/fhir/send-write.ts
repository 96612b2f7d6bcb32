// Executes one write plan against the server and classifies the answer for the outbox:
// confirmed (2xx), retry (network, timeout, 5xx, 429, a lost If-Match race: CareTeam, superseded handover) or failed (any other 4xx,
// with the server's OperationOutcome text, so the user sees why instead of an endless retry).
import { FhirHttpError, fhirFetch, operationOutcomeMessage, readJson, type FhirConnection } from './http';
import { SmartLaunchError } from './smart-policy';
import type { WritePlan } from './writes';

export type SendOutcome =
  | { kind: 'confirmed'; serverRef?: string }
  | { kind: 'retry'; message: string }
  | { kind: 'failed'; message: string };

function refFromLocation(location: string | null, resourceType: string): string | undefined {
  const m = location?.match(new RegExp(`(?:^|/)(${resourceType})/([^/?#]+)`));
  return m ? `${m[1]}/${m[2]}` : undefined;
}

function classify(status: number, body: unknown): SendOutcome {
  const message = operationOutcomeMessage(body) ?? `HTTP ${status}`;
  // 401: the session expired; the write waits for a new login instead of failing
  if (status >= 500 || status === 429 || status === 408 || status === 401) return { kind: 'retry', message };
  return { kind: 'failed', message };
}

export async function sendWrite(conn: FhirConnection, plan: WritePlan, patientId: string, signal?: AbortSignal): Promise<SendOutcome> {
  try {
    if (plan.kind === 'transaction') return await sendTransaction(conn, plan, patientId, signal);
    return plan.kind === 'create' ? await sendCreate(conn, plan, signal) : await sendParticipant(conn, plan, patientId, signal);
  } catch (e) {
    // fetch rejects only when no answer arrived (offline, reset, abort/timeout): the write may or may not
    // have been applied, and the conditional create makes the retry safe either way.
    if (e instanceof FhirHttpError) return classify(e.status, e.outcome);
    // expired login: keep the write pending until the user has logged in again
    if (e instanceof SmartLaunchError) return { kind: 'retry', message: e.message };
    return { kind: 'retry', message: e instanceof Error && e.name === 'AbortError' ? 'Time-out: geen antwoord van de server' : 'Geen verbinding met de server' };
  }
}

async function sendCreate(conn: FhirConnection, plan: Extract<WritePlan, { kind: 'create' }>, signal?: AbortSignal): Promise<SendOutcome> {
  const type = plan.resource.resourceType;
  const res = await fhirFetch(conn, type, {
    method: 'POST',
    headers: { 'if-none-exist': plan.ifNoneExist },
    body: JSON.stringify(plan.resource),
    signal,
  });
  const body = (await readJson(res)) as { resourceType?: string; id?: string } | undefined;
  if (res.ok) {
    // 201 created, or 200 when the conditional create matched the copy an earlier attempt created
    const serverRef = refFromLocation(res.headers.get('location'), type) ?? (body?.resourceType === type && body.id ? `${type}/${body.id}` : undefined);
    return { kind: 'confirmed', serverRef };
  }
  // 412 on If-None-Exist: more than one match, i.e. the write is on the server (twice, by someone else).
  if (res.status === 412) return { kind: 'confirmed' };
  return classify(res.status, body);
}

async function sendParticipant(
  conn: FhirConnection,
  plan: Extract<WritePlan, { kind: 'add-careteam-participant' }>,
  patientId: string,
  signal?: AbortSignal,
): Promise<SendOutcome> {
  const res = await fhirFetch(conn, plan.careTeam, { signal });
  const team = (await readJson(res)) as
    | { resourceType?: string; subject?: { reference?: string }; participant?: Array<{ id?: string }>; meta?: { versionId?: string } }
    | undefined;
  if (!res.ok) return classify(res.status, team);
  if (team?.resourceType !== 'CareTeam') return { kind: 'failed', message: `${plan.careTeam} is geen CareTeam` };
  if (!team.subject?.reference?.match(new RegExp(`(^|/)Patient/${patientId}$`))) {
    return { kind: 'failed', message: `${plan.careTeam} hoort niet bij deze patiënt` };
  }
  if (team.participant?.some((p) => p.id === plan.participant.id)) return { kind: 'confirmed', serverRef: plan.careTeam };
  const updated = { ...team, participant: [...(team.participant ?? []), plan.participant] };
  const headers: Record<string, string> = {};
  if (team.meta?.versionId) headers['if-match'] = `W/"${team.meta.versionId}"`;
  const put = await fhirFetch(conn, plan.careTeam, { method: 'PUT', headers, body: JSON.stringify(updated), signal });
  if (put.ok) return { kind: 'confirmed', serverRef: plan.careTeam };
  const body = await readJson(put);
  // someone changed the CareTeam between our read and write: read again on the next attempt
  if (put.status === 412 || put.status === 409) return { kind: 'retry', message: operationOutcomeMessage(body) ?? 'Het zorgteam is intussen gewijzigd' };
  return classify(put.status, body);
}

type Json = Record<string, unknown>;
type TransactionEntry = { resource?: Json; request?: { method?: string; url?: string; ifMatch?: string } };
type TransactionResponse = { entry?: { response?: { status?: string; location?: string; outcome?: unknown } }[] } | undefined;

/** A lost If-Match race: the whole answer (412/409) or one entry's answer inside a 200. */
function versionConflict(status: number, body: TransactionResponse): boolean {
  if (status === 412 || status === 409) return true;
  return status >= 200 && status < 300 && (body?.entry ?? []).some((e) => /^(412|409)\b/.test(e.response?.status ?? ''));
}

/**
 * After a version conflict: re-read each DocumentReference the transaction supersedes. Still current:
 * supersede that fresh version (its content, not our stale copy) with If-Match on it. No longer
 * current (our own earlier attempt went through, another clinician replaced or withdrew it) or gone:
 * leave it alone and drop its entry. Returns the new bundle, or the outcome when a read fails.
 */
async function refreshSuperseded(conn: FhirConnection, plan: Extract<WritePlan, { kind: 'transaction' }>, patientId: string, signal?: AbortSignal): Promise<{ bundle: Extract<WritePlan, { kind: 'transaction' }>['bundle'] } | { outcome: SendOutcome }> {
  const entries = [...((plan.bundle.entry ?? []) as TransactionEntry[])];
  for (const ref of plan.supersedes ?? []) {
    const i = entries.findIndex((e) => e.request?.method === 'PUT' && e.request.url === ref);
    if (i < 0) continue;
    const res = await fhirFetch(conn, ref, { signal });
    const fresh = (await readJson(res)) as (Json & { status?: string; subject?: { reference?: string }; meta?: { versionId?: string } }) | undefined;
    if (res.status === 404 || res.status === 410) {
      entries.splice(i, 1);
      continue;
    }
    if (!res.ok) return { outcome: classify(res.status, fresh) };
    if (fresh?.resourceType !== 'DocumentReference' || !fresh.subject?.reference?.match(new RegExp(`(^|/)Patient/${patientId}$`))) {
      return { outcome: { kind: 'failed', message: 'Het vervangen overdrachtsdocument hoort niet (meer) bij deze patiënt' } };
    }
    if (fresh.status !== 'current') {
      entries.splice(i, 1);
      continue;
    }
    const { meta, ...rest } = fresh;
    entries[i] = { resource: { ...rest, status: 'superseded' }, request: { method: 'PUT', url: ref, ...(meta?.versionId ? { ifMatch: `W/"${meta.versionId}"` } : {}) } };
  }
  return { bundle: { ...plan.bundle, entry: entries } };
}

/**
 * A transaction answered 200 with an entry that did not succeed (a server that reports per entry).
 * Its status decides as a whole answer would: 5xx, 401, 408, 429 and a lost version race (409/412)
 * are worth another attempt; any other 4xx is the server refusing this content, so the write fails,
 * visibly and with the server's reason, instead of being sent again forever.
 */
function entryOutcome(response: { status?: string; outcome?: unknown } | undefined): SendOutcome {
  const status = Number(/^\d{3}/.exec(response?.status ?? '')?.[0] ?? NaN);
  const reason = operationOutcomeMessage(response?.outcome);
  if (Number.isNaN(status)) return { kind: 'retry', message: 'Transactie onvolledig: geen status' };
  if (status >= 400 && status < 500 && ![401, 408, 409, 412, 429].includes(status)) {
    return { kind: 'failed', message: `Transactie geweigerd (${status})${reason ? `: ${reason}` : ''}` };
  }
  return { kind: 'retry', message: `Transactie onvolledig (${status})${reason ? `: ${reason}` : ''}` };
}

async function sendTransaction(conn: FhirConnection, plan: Extract<WritePlan, { kind: 'transaction' }>, patientId: string, signal?: AbortSignal): Promise<SendOutcome> {
  let bundle = plan.bundle;
  // at most one re-read per attempt; a second lost race waits for the outbox's next attempt (backoff)
  for (let round = 0; ; round++) {
    const res = await fhirFetch(conn, '', { method: 'POST', body: JSON.stringify(bundle), signal });
    const body = (await readJson(res)) as TransactionResponse;
    if (plan.supersedes?.length && versionConflict(res.status, body)) {
      if (round > 0) return { kind: 'retry', message: operationOutcomeMessage(body) ?? 'Het vorige overdrachtsdocument is intussen gewijzigd' };
      const refreshed = await refreshSuperseded(conn, plan, patientId, signal);
      if ('outcome' in refreshed) return refreshed.outcome;
      bundle = refreshed.bundle;
      continue;
    }
    if (!res.ok) return classify(res.status, body);
    // a transaction is all or nothing; still, check each answer instead of trusting the envelope
    const entries = body?.entry ?? [];
    const bad = entries.find((e) => !/^2\d\d/.test(e.response?.status ?? ''));
    if (bad) return entryOutcome(bad.response);
    const location = entries.map((e) => e.response?.location ?? '').find((l) => l.includes(`${plan.resultType}/`));
    return { kind: 'confirmed', serverRef: refFromLocation(location ?? null, plan.resultType) };
  }
}
