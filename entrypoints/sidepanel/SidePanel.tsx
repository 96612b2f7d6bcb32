import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppHeader } from '../../components/common/AppHeader';
import type { PanelHost, PanelPatientContext } from '../../lib/host/contract';
import type { Role } from '../../lib/pathway/types';
import { ZorgpadPanel } from '../../components/ZorgpadPanel/ZorgpadPanel';

/** The side panel: follows the patient the background reports for the active EHR tab. */
export function SidePanel({ host }: { host: PanelHost | null }) {
  const { t } = useTranslation();
  const [ctx, setCtx] = useState<PanelPatientContext>({ kind: 'none' });
  const [role, setRole] = useState<Role>(host?.role ?? 'specialist');
  useEffect(() => (host ? host.subscribePatient(setCtx) : undefined), [host]);

  if (!host)
    return (
      <div className="pz-app">
        <AppHeader />
        <main className="pz-main">
          <p className="pz-alert" role="status">
            {t('app.notConnected')}
          </p>
        </main>
      </div>
    );
  return (
    <ZorgpadPanel
      gateway={host.gateway}
      queue={host.queue}
      acks={host.acks}
      evaluate={host.evaluate}
      patientId={ctx.kind === 'patient' ? ctx.patientId : null}
      unknownPatient={ctx.kind === 'unknown'}
      ehrIdentifier={ctx.kind === 'patient' ? ctx.ehrIdentifier : undefined}
      role={role}
      onRoleChange={(r) => {
        setRole(r);
        host.setRole?.(r);
      }}
      user={host.user}
      ward={host.ward}
      wards={host.wards}
      relogin={host.relogin}
    />
  );
}
