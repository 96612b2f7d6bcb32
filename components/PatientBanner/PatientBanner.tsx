import { useTranslation } from 'react-i18next';
import { formatDate } from '../../lib/ui/dates';
import type { BannerInfo } from '../../lib/ui/patient';

export type BannerState =
  | { kind: 'patient'; info: BannerInfo }
  | { kind: 'loading'; patientId?: string }
  | { kind: 'none' }
  | { kind: 'unknown'; patientId?: string }
  | { kind: 'mismatch'; patientId?: string };

/**
 * Always on top. `data-patient-id` lets tests (and a reviewer) check which record is on screen.
 * Unknown or mismatching context is said in words; the container then shows no prompts.
 */
export function PatientBanner({ state }: { state: BannerState }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  if (state.kind !== 'patient') {
    const patientId = 'patientId' in state ? state.patientId : undefined;
    const message =
      state.kind === 'loading'
        ? t('app.loading')
        : state.kind === 'none'
          ? t('banner.noPatient')
          : state.kind === 'unknown'
            ? t('banner.unknownPatient')
            : t('banner.mismatch');
    const hint =
      state.kind === 'none' ? t('banner.noPatientHint') : state.kind === 'unknown' ? t('banner.unknownPatientHint') : state.kind === 'mismatch' ? t('banner.mismatchHint') : undefined;
    return (
      <section
        className={`pz-banner pz-banner--${state.kind}`}
        aria-label={t('banner.region')}
        data-patient-id={patientId ?? ''}
        data-banner-state={state.kind}
        role={state.kind === 'loading' ? 'status' : undefined}
      >
        <p className="pz-banner__message">{message}</p>
        {hint && <p className="pz-banner__hint">{hint}</p>}
      </section>
    );
  }
  const { info } = state;
  return (
    <section className={`pz-banner${info.deceased ? ' pz-banner--deceased' : ''}`} aria-label={t('banner.region')} data-patient-id={info.patientId} data-banner-state="patient">
      <h1 className="pz-banner__name">{info.name ?? t('common.unknownName')}</h1>
      <dl className="pz-banner__facts">
        {info.birthDate && (
          <div>
            <dt>{t('banner.born')}</dt>
            <dd>
              {formatDate(info.birthDate, lng)}
              {info.age !== undefined && !info.deceased && <> ({t('banner.age', { count: info.age })})</>}
              {info.gender && <> · {t(`banner.gender.${info.gender}`)}</>}
            </dd>
          </div>
        )}
        {info.identifier && (
          <div>
            <dt>{info.identifier.system === 'bsn' ? t('banner.bsn') : t('banner.identifier')}</dt>
            <dd>{info.identifier.value}</dd>
          </div>
        )}
        {info.deceased && (
          <div className="pz-banner__deceased">
            <dt>{t('banner.deceased')}</dt>
            <dd>
              {info.deceasedDate ? formatDate(info.deceasedDate, lng) : t('banner.deceasedUnknownDate')}
              {info.age !== undefined && <> ({t('banner.ageAtDeath', { count: info.age })})</>}
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}
