// Shared pieces of the write builders: every write is one FHIR resource, tied to one patient,
// carrying the intent id as its identifier so a retried conditional create never duplicates.
import { DEFAULT_PZ_SYSTEM, writeIdSystem } from '../codes';
import type { FhirJson, WriteIntent } from '../gateway';
import { searchParamFor } from '../record-searches';

export interface WriteContext {
  /** canonical of the app's CodeSystem; default DEFAULT_PZ_SYSTEM */
  pzSystem?: string;
}

/** A conditional create: POST <resourceType> with If-None-Exist on the write identifier. */
export interface CreatePlan {
  kind: 'create';
  resource: FhirJson & { resourceType: string };
  /** "<subject|patient>=Patient/<id>&identifier=<system>|<value>" */
  ifNoneExist: string;
}

/**
 * Add a participant to an existing CareTeam: read it, append, PUT with If-Match on its versionId.
 * The participant's element id is the intent id, so a retry sees it already there.
 */
export interface AddCareTeamParticipantPlan {
  kind: 'add-careteam-participant';
  careTeam: string; // "CareTeam/<id>"
  participant: Record<string, unknown> & { id: string };
}

/**
 * A transaction of conditional writes (the handover document: Bundle + DocumentReference), atomic on
 * the server; every entry is conditional or idempotent, so a retry never duplicates.
 */
export interface TransactionPlan {
  kind: 'transaction';
  bundle: FhirJson & { resourceType: 'Bundle'; type: 'transaction' };
  /** the entry whose Location is reported as the write's server reference */
  resultType: string;
  /**
   * "DocumentReference/<id>" entries that PUT status superseded with If-Match on the version read.
   * On a version conflict (412/409) send-write re-reads them: one still current is superseded at its
   * fresh version, one that is no longer current (already superseded, entered-in-error, gone) is left alone.
   */
  supersedes?: string[];
}

export type WritePlan = CreatePlan | AddCareTeamParticipantPlan | TransactionPlan;

export type Builder = (intent: WriteIntent, ctx: Required<WriteContext>) => WritePlan;

/** Thrown for an intent that must never be sent (bad parameters, another patient's reference). */
export class WriteRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WriteRefusedError';
  }
}

export function resolveContext(ctx: WriteContext = {}): Required<WriteContext> {
  return { pzSystem: ctx.pzSystem ?? DEFAULT_PZ_SYSTEM };
}

export function identifierFor(intent: WriteIntent, ctx: Required<WriteContext>) {
  return { system: writeIdSystem(ctx.pzSystem), value: intent.id };
}

export function create(intent: WriteIntent, ctx: Required<WriteContext>, resource: Record<string, unknown> & { resourceType: string }): CreatePlan {
  const identifier = identifierFor(intent, ctx);
  return {
    kind: 'create',
    resource: { ...resource, identifier: [identifier] },
    // The identifier alone is unique (a UUID); the patient criterion goes first because servers that scan
    // per search (Medplum in memory) then look at this patient's resources only: 7 ms instead of ~300 ms.
    ifNoneExist: `${searchParamFor(resource.resourceType)}=Patient/${encodeURIComponent(intent.patientId)}&identifier=${encodeURIComponent(identifier.system)}|${encodeURIComponent(identifier.value)}`,
  };
}

export const patientRef = (intent: WriteIntent) => ({ reference: `Patient/${intent.patientId}` });

export function pzCode(ctx: Required<WriteContext>, code: string, display: string) {
  return { coding: [{ system: ctx.pzSystem, code, display }], text: display };
}

export function authorRef(intent: WriteIntent): { reference: string } | undefined {
  return intent.author ? { reference: intent.author } : undefined;
}

export function required(intent: WriteIntent, name: string): string {
  const v = intent.params[name]?.trim();
  if (!v) throw new WriteRefusedError(`${intent.action}: parameter "${name}" ontbreekt`);
  return v;
}

export function oneOf<T extends string>(intent: WriteIntent, name: string, allowed: readonly T[]): T {
  const v = required(intent, name);
  if (!(allowed as readonly string[]).includes(v)) {
    throw new WriteRefusedError(`${intent.action}: "${name}" moet ${allowed.join(' of ')} zijn`);
  }
  return v as T;
}

/** "Type/id" only: absolute URLs, contained refs and search URLs are refused. */
export function reference(intent: WriteIntent, name: string, types: readonly string[], optional = false): string | undefined {
  const v = intent.params[name]?.trim();
  if (!v) {
    if (optional) return undefined;
    throw new WriteRefusedError(`${intent.action}: parameter "${name}" ontbreekt`);
  }
  const m = v.match(/^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/);
  if (!m || !types.includes(m[1])) {
    throw new WriteRefusedError(`${intent.action}: "${name}" moet een verwijzing naar ${types.join('/')} zijn`);
  }
  return v;
}

/** ISO date or dateTime check for optional date params. */
export function isoDate(intent: WriteIntent, name: string): string | undefined {
  const v = intent.params[name]?.trim();
  if (!v) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(v) || Number.isNaN(Date.parse(v))) {
    throw new WriteRefusedError(`${intent.action}: "${name}" is geen geldige datum`);
  }
  return v;
}

export function note(intent: WriteIntent, name = 'note') {
  const v = intent.params[name]?.trim();
  return v ? [{ text: v, time: intent.createdAt, ...(intent.author ? { authorReference: { reference: intent.author } } : {}) }] : undefined;
}

/** Drop undefined fields so the JSON we send (and compare in tests) is clean. */
export function clean<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
