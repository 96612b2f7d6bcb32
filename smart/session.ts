// The SMART app's session after the redirect: gateway, write queue and launch context for
// smart/app.tsx. Tokens stay in fhirclient's sessionStorage state; the outbox (IndexedDB) never sees them.
import type { FhirGateway, WriteQueue } from '../lib/fhir/gateway';
import { createFhirGateway } from '../lib/fhir/load-record';
import { createWardPrefetch, prefetchingGateway } from '../lib/fhir/ward-prefetch';
import { completeSmartLaunch, smartConnection } from '../lib/fhir/smart-launch';
import { listWards, type WardOption } from '../lib/fhir/wards';
import { ROLES, type Role } from '../lib/pathway/types';
import { getDb } from '../lib/store/db';
import { createOutbox } from '../lib/store/outbox';
import type { TeamSource } from '../components/TeamWorklist/TeamScreen';
import { createTeamSource, teamResultsUrl } from './team-source';

export interface SmartSession {
  gateway: FhirGateway;
  queue: WriteQueue;
  /**
   * role: the EHR user's pathway role, when the launch said (token response `pz_role`, the demo EHR).
   * A ward launch has no patientId but a ward ("Location/<id>"), and offers the server's wards.
   * A team launch (the palliative team's hospital-wide screen) has `team` and the results' source.
   */
  context: { patientId?: string; ward?: string; team?: boolean; encounterId?: string; fhirUser?: string; needPatientBanner: boolean; role?: Role };
  wards?: () => Promise<WardOption[]>;
  team?: TeamSource;
}

/** The role an EHR passed along with the launch (extra token-response field `pz_role`), if it is one of ours. */
export function launchRole(tokenResponse: Record<string, unknown> | undefined): Role | undefined {
  const r = tokenResponse?.pz_role;
  return typeof r === 'string' && (ROLES as readonly string[]).includes(r) ? (r as Role) : undefined;
}

declare global {
  interface Window {
    /** the launch context, for end-to-end tests (ids only, no token) */
    __pzContext?: SmartSession['context'];
  }
}

let session: Promise<SmartSession> | undefined;

/**
 * Resolves once per page; rejects with a SmartLaunchError (Dutch message; `isSessionExpired(e)` or
 * `e.canRelogin` tell the UI to offer "opnieuw inloggen" via launch.html).
 */
export function getSmartSession(): Promise<SmartSession> {
  session ??= (async () => {
    const { client, context } = await completeSmartLaunch();
    const connection = smartConnection(client);
    // ward prefetch in this page's memory only (gone with the tab, which is also how the app logs out)
    const gateway = prefetchingGateway(createFhirGateway(connection), createWardPrefetch());
    // the EHR-launch token is scoped to this patient: leave other patients' pending writes for their own
    // session. A ward launch is user-level: any patient, but only this user's writes (a shared computer).
    const queue = createOutbox({
      db: getDb(),
      connection,
      ...(context.patientId ? { onlyPatient: context.patientId } : { onlyAuthor: context.fhirUser }),
    });
    const ctx = {
      patientId: context.patientId,
      ward: context.ward,
      ...(context.team ? { team: true } : {}),
      encounterId: context.encounterId,
      fhirUser: context.fhirUser,
      needPatientBanner: context.needPatientBanner,
      role: launchRole(client.state.tokenResponse as Record<string, unknown> | undefined),
    };
    window.__pzContext = ctx;
    if (ctx.patientId) document.documentElement.dataset.patientId = ctx.patientId;
    return {
      gateway,
      queue,
      context: ctx,
      ...(ctx.ward ? { wards: () => listWards(connection) } : {}),
      ...(ctx.team ? { team: createTeamSource(connection, teamResultsUrl(connection.serverUrl)) } : {}),
    };
  })();
  session.catch(() => (session = undefined));
  return session;
}
