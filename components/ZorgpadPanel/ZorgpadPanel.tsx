import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FhirGateway, WriteQueue } from '../../lib/fhir/gateway';
import type { Role } from '../../lib/pathway/types';
import { AppHeader } from '../common/AppHeader';
import type { AckStore, CurrentUser, EvaluateFn } from '../../lib/host/contract';
import { PatientViews } from '../PatientViews/PatientViews';
import type { WardOption } from '../../lib/fhir/wards';
import { rememberedWard, rememberWard } from '../ward-preference';
import { WardPicker } from '../WardWorklist/WardPicker';
import { WardWorklistView } from '../WardWorklist/WardWorklist';

export interface ZorgpadPanelProps {
  gateway: FhirGateway;
  queue: WriteQueue;
  acks: AckStore;
  evaluate: EvaluateFn;
  /** the patient the host (EHR) has open; null = none */
  patientId: string | null;
  unknownPatient?: boolean;
  ehrIdentifier?: { system?: string; value: string };
  role: Role;
  onRoleChange: (r: Role) => void;
  user?: CurrentUser;
  /** when set, a ward worklist tab is offered (needs user-level read access to the ward) */
  ward?: { location?: string; group?: string };
  /** the wards to pick from: also offers the ward tab, with a picker (the user's choice wins over `ward`) */
  wards?: () => Promise<WardOption[]>;
  /** 'ward' when the host opened for a ward round (SMART launch from a ward screen) */
  initialView?: 'patient' | 'ward';
  now?: Date;
  relogin?: { isAuthError: (e: unknown) => boolean; href: string };
}

/**
 * The whole screen both hosts render: header (title, language), optional ward tab, and the patient view.
 * Opening a patient from the ward list shows that patient until the EHR switches patient again.
 */
export function ZorgpadPanel(props: ZorgpadPanelProps) {
  const { t } = useTranslation();
  const [view, setView] = useState<'patient' | 'ward'>(props.initialView ?? 'patient');
  const [picked, setPicked] = useState<string | null>(null);
  // the EHR moved to another patient: follow it
  useEffect(() => setPicked(null), [props.patientId]);
  const patientId = picked ?? props.patientId;
  // the ward the host launched for comes first; otherwise the tab's last choice
  const [chosenWard, setChosenWard] = useState<string | undefined>(() => props.ward?.location ?? (props.wards ? rememberedWard() : undefined));
  const ward = chosenWard ? { location: chosenWard } : props.ward;
  const offerWard = !!props.ward || !!props.wards;
  return (
    <div className="pz-app">
      <AppHeader />
      {offerWard && (
        <nav className="pz-tabs" aria-label={t('app.mainNav')}>
          <button type="button" className="pz-tab" aria-current={view === 'patient' ? 'page' : undefined} onClick={() => setView('patient')}>
            {t('app.viewPatient')}
          </button>
          <button type="button" className="pz-tab" aria-current={view === 'ward' ? 'page' : undefined} onClick={() => setView('ward')}>
            {t('app.viewWard')}
          </button>
        </nav>
      )}
      <main className="pz-main">
        {view === 'ward' && offerWard ? (
          <>
            {props.wards && (
              <WardPicker
                wards={props.wards}
                value={ward?.location}
                onChange={(location) => {
                  setChosenWard(location);
                  rememberWard(location);
                }}
              />
            )}
            {ward ? (
              <WardWorklistView
                gateway={props.gateway}
                evaluate={props.evaluate}
                ward={ward}
                role={props.role}
                now={props.now}
                onOpen={(id) => {
                  setPicked(id === props.patientId ? null : id);
                  setView('patient');
                }}
              />
            ) : (
              <p className="pz-muted">{t('ward.pickFirst')}</p>
            )}
          </>
        ) : (
          <>
            {picked &&
              (props.patientId ? (
                <button type="button" className="pz-button pz-button--quiet" onClick={() => setPicked(null)}>
                  {t('app.backToEhrPatient')}
                </button>
              ) : (
                // a ward round without a chart open in the EHR: back is the ward list
                <button type="button" className="pz-button pz-button--quiet" onClick={() => setView('ward')}>
                  {t('app.backToWard')}
                </button>
              ))}
            <PatientViews
              gateway={props.gateway}
              queue={props.queue}
              acks={props.acks}
              evaluate={props.evaluate}
              patientId={patientId}
              unknownPatient={!picked && props.unknownPatient}
              ehrIdentifier={picked ? undefined : props.ehrIdentifier}
              role={props.role}
              onRoleChange={props.onRoleChange}
              user={props.user}
              now={props.now}
              relogin={props.relogin}
            />
          </>
        )}
      </main>
    </div>
  );
}
