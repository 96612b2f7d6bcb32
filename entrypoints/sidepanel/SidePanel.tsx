import { useCallback, useEffect, useMemo, useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { AppHeader } from '../../components/common/AppHeader';
import type { PanelHost, PanelPatientContext } from '../../lib/host/contract';
import type { Role } from '../../lib/pathway/types';
import { mark } from '../../lib/extension/trace';
import { ZorgpadPanel } from '../../components/ZorgpadPanel/ZorgpadPanel';

/** The side panel: follows the patient the background reports for the active EHR tab. */
export function SidePanel({ host }: { host: PanelHost | null }) {
  const { t } = useTranslation();
  const [ctx, setCtx] = useState<PanelPatientContext>({ kind: 'none' });
  const [role, setRole] = useState<Role>(host?.role ?? 'specialist');
  useEffect(() => {
    if (!host) return undefined;
    let subscribed = false;
    const unsubscribe = host.subscribePatient((c) => {
      // a patient switch is rendered in the message's own task, not a scheduler task later: the
      // prefetched prompts are then on screen within the frame (issue #17). The first call comes from
      // inside this effect, where flushSync is not allowed.
      if (!subscribed) return setCtx(c);
      flushSync(() => setCtx(c));
      mark('panel:flushed');
    });
    subscribed = true;
    return unsubscribe;
  }, [host]);
  // stable between contexts that say the same: the patient views below are memoised on their props
  const id = ctx.kind === 'patient' ? ctx.ehrIdentifier : undefined;
  const ehrIdentifier = useMemo(() => (id ? { system: id.system, value: id.value } : undefined), [id?.system, id?.value]);
  const onRoleChange = useCallback(
    (r: Role) => {
      setRole(r);
      host?.setRole?.(r);
    },
    [host],
  );

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
      ehrIdentifier={ehrIdentifier}
      role={role}
      onRoleChange={onRoleChange}
      user={host.user}
      ward={host.ward}
      wards={host.wards}
      relogin={host.relogin}
    />
  );
}
