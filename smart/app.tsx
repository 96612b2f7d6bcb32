// The SMART on FHIR web app (index.html, after the SMART redirect): the same screens as the side panel,
// with the session from smart/session.ts. Errors are shown; an expired session offers a new login.
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { createDexieAckStore } from '../lib/store/dexie-ack-store';
import { engineEvaluate } from '../lib/host/engine';
import { initialRole, rememberRole } from '../components/role-preference';
import { ZorgpadPanel } from '../components/ZorgpadPanel/ZorgpadPanel';
import { TeamScreen } from '../components/TeamWorklist/TeamScreen';
import { createI18n, isLanguage } from '../lib/i18n';
import { isSessionExpired } from '../lib/fhir/smart-policy';
import type { Role } from '../lib/pathway/types';
import { getDb } from '../lib/store/db';
import { getSmartSession, type SmartSession } from './session';
import './styles.css';

const evaluate = engineEvaluate();
const acks = createDexieAckStore(getDb());

function reloginHref(serverUrl?: string): string {
  const iss = serverUrl ?? new URLSearchParams(location.search).get('iss') ?? undefined;
  return iss ? `./launch.html?iss=${encodeURIComponent(iss)}` : './launch.html';
}

function App() {
  const { t } = useTranslation();
  const [state, setState] = useState<{ session?: SmartSession; error?: unknown }>({});
  const [role, setRole] = useState<Role>(() => initialRole());
  useEffect(() => {
    getSmartSession().then(
      (session) => {
        // the EHR said who is working (its current user's role): open in that role
        if (session.context.role) {
          setRole(session.context.role);
          rememberRole(session.context.role);
        }
        setState({ session });
      },
      (error: unknown) => setState({ error }),
    );
  }, []);

  if (state.error !== undefined) {
    const e = state.error as { message?: string; canRelogin?: boolean };
    const expired = isSessionExpired(state.error);
    return (
      <main className="pz-app pz-main">
        <div className="pz-alert" role="alert" data-testid="session-error">
          <p>{expired ? t('app.sessionExpired') : t('app.sessionError', { message: e.message ?? String(state.error) })}</p>
          {(expired || e.canRelogin) && <a href={reloginHref()}>{t('app.relogin')}</a>}
        </div>
      </main>
    );
  }
  if (!state.session)
    return (
      <main className="pz-app pz-main">
        <p role="status">{t('app.starting')}</p>
      </main>
    );
  const { session } = state;
  const onRoleChange = (r: Role) => {
    setRole(r);
    rememberRole(r);
  };
  const relogin = { isAuthError: isSessionExpired, href: reloginHref(session.gateway.serverUrl) };
  // the palliative team's hospital-wide screen (launched with pz_view=team)
  if (session.team)
    return (
      <TeamScreen
        source={session.team}
        gateway={session.gateway}
        queue={session.queue}
        acks={acks}
        evaluate={evaluate}
        role={role}
        onRoleChange={onRoleChange}
        user={{ reference: session.context.fhirUser }}
        relogin={relogin}
      />
    );
  return (
    <ZorgpadPanel
      gateway={session.gateway}
      queue={session.queue}
      acks={acks}
      evaluate={evaluate}
      patientId={session.context.patientId ?? null}
      ward={session.context.ward ? { location: session.context.ward } : undefined}
      wards={session.wards}
      initialView={session.context.patientId ? 'patient' : 'ward'}
      role={role}
      onRoleChange={onRoleChange}
      user={{ reference: session.context.fhirUser }}
      relogin={relogin}
    />
  );
}

const lang = new URLSearchParams(location.search).get('lang');
const i18n = createI18n(isLanguage(lang) ? lang : 'nl');
document.documentElement.lang = i18n.language;
i18n.on('languageChanged', (l) => (document.documentElement.lang = l));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <App />
    </I18nextProvider>
  </StrictMode>,
);
