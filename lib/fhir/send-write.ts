// Executes one write plan against the server and classifies the answer for the outbox:
// confirmed (2xx), retry (network, timeout, 5xx, 429, a lost If-Match race) or failed (any other 4xx,
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
    if (plan.kind === 'transaction') return await sendTransaction(conn, plan, signal);
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

async function sendTransaction(conn: FhirConnection, plan: Extract<WritePlan, { kind: 'transaction' }>, signal?: AbortSignal): Promise<SendOutcome> {
  const res = await fhirFetch(conn, '', { method: 'POST', body: JSON.stringify(plan.bundle), signal });
  const body = (await readJson(res)) as { entry?: { response?: { status?: string; location?: string } }[] } | undefined;
  if (!res.ok) return classify(res.status, body);
  // a transaction is all or nothing; still, check each answer instead of trusting the envelope
  const entries = body?.entry ?? [];
  const bad = entries.find((e) => !/^2\d\d/.test(e.response?.status ?? ''));
  if (bad) return { kind: 'retry', message: `Transactie onvolledig: ${bad.response?.status ?? 'geen status'}` };
  const location = entries.map((e) => e.response?.location ?? '').find((l) => l.includes(`${plan.resultType}/`));
  return { kind: 'confirmed', serverRef: refFromLocation(location ?? null, plan.resultType) };
}
