import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NazorgStep, Prompt } from '../../lib/pathway/types';
import { unknownName } from '../../lib/ui/fhir-read';
import { actionParams, useActions } from '../common/ActionContext';
import { CentralCaregiverPicker } from '../CentralCaregiverPicker/CentralCaregiverPicker';

type Due = { dueStart?: string; dueEnd?: string };

/**
 * The step's window (computed by the engine from the date of death: first contact 2–3 weeks, nazorggesprek
 * 4–6 or 6–8 weeks) as the Task's due window, so restriction.period says when the step is due.
 * The timeline passes its own step; a prompt card finds it in the prompt's nazorg timeline.
 */
export function dueParams(step: NazorgStep['step'], prompt?: Prompt, own?: Pick<NazorgStep, 'windowStart' | 'windowEnd'>): Due {
  const s = own ?? prompt?.nazorg?.find((x) => x.step === step);
  const due: Due = {};
  if (s?.windowStart) due.dueStart = s.windowStart;
  if (s?.windowEnd) due.dueEnd = s.windowEnd;
  return due;
}

/** The inline action of one open nazorg step; shown in the timeline and on the step's prompt card. */
export function NazorgStepActions({ step, prompt, window }: { step: NazorgStep['step']; prompt?: Prompt; window?: Pick<NazorgStep, 'windowStart' | 'windowEnd'> }) {
  const due = dueParams(step, prompt, window);
  switch (step) {
    case 'overlijden-melden':
      return <InformCaregivers prompt={prompt} />;
    case 'nazorg':
      return <AssignOwner prompt={prompt} due={due} />;
    case 'nazorg-contact':
      return <FirstContact prompt={prompt} due={due} />;
    case 'nazorggesprek':
      return <Nazorggesprek prompt={prompt} due={due} />;
    case 'nazorg-brochure':
      return <Brochure prompt={prompt} />;
  }
}

function useWrite() {
  const { act } = useActions();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  async function run(...args: Parameters<typeof act>) {
    setBusy(true);
    try {
      await act(...args);
      setDone(true);
    } finally {
      setBusy(false);
    }
  }
  return { busy, done, run };
}

function Saved() {
  const { t } = useTranslation();
  return (
    <p role="status" className="pz-note">
      {t('card.pending')}
    </p>
  );
}

function InformCaregivers({ prompt }: { prompt?: Prompt }) {
  const { t } = useTranslation();
  const { gp } = useActions();
  const [informed, setInformed] = useState(actionParams(prompt, 'record-caregivers-informed').informed ?? gp.gp?.name ?? '');
  const w = useWrite();
  const id = useId();
  if (w.done) return <Saved />;
  return (
    <div className="pz-step-action">
      <div className="pz-field">
        <label htmlFor={id}>{t('nazorg.informed')}</label>
        <input id={id} type="text" value={informed} onChange={(e) => setInformed(e.target.value)} aria-describedby={`${id}-hint`} />
        <span id={`${id}-hint`} className="pz-muted">
          {t('nazorg.informedHint')}
        </span>
      </div>
      <button type="button" className="pz-button" disabled={w.busy || !informed.trim()} onClick={() => void w.run(prompt, 'record-caregivers-informed', { informed: informed.trim() })}>
        {t('action.record-caregivers-informed')}
      </button>
    </div>
  );
}

function AssignOwner({ prompt, due }: { prompt?: Prompt; due: Due }) {
  const { t } = useTranslation();
  // the engine proposes the organisation where the patient died (S0: "Wie neemt het initiatief…")
  const params = actionParams(prompt, 'assign-nazorg-owner');
  const owner = params.owner ?? params.defaultOwner;
  const defaults = { owner, ownerDisplay: params.ownerDisplay ?? params.defaultOwnerDisplay ?? unknownName(owner) };
  const [choosing, setChoosing] = useState(!defaults.owner);
  const w = useWrite();
  if (w.done) return <Saved />;
  return (
    <div className="pz-step-action">
      {defaults.owner && (
        <div className="pz-button-row">
          <button
            type="button"
            className="pz-button pz-button--primary"
            disabled={w.busy}
            onClick={() => void w.run(prompt, 'assign-nazorg-owner', { owner: defaults.owner, ownerDisplay: defaults.ownerDisplay, ...due })}
          >
            {t('nazorg.confirmOwner', { owner: defaults.ownerDisplay })}
          </button>
          {!choosing && (
            <button type="button" className="pz-button" onClick={() => setChoosing(true)}>
              {t('nazorg.otherOwner')}
            </button>
          )}
        </div>
      )}
      {choosing && (
        <CentralCaregiverPicker
          legend={t('nazorg.steps.nazorg')}
          confirmLabel={t('action.assign-nazorg-owner')}
          onConfirm={(o) => w.run(prompt, 'assign-nazorg-owner', { owner: o.reference, ownerDisplay: o.display, ...due })}
        />
      )}
    </div>
  );
}

function FirstContact({ prompt, due }: { prompt?: Prompt; due: Due }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const w = useWrite();
  const id = useId();
  if (w.done) return <Saved />;
  return (
    <div className="pz-step-action">
      <div className="pz-field">
        <label htmlFor={id}>{t('nazorg.note')}</label>
        <input id={id} type="text" value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
      <button type="button" className="pz-button pz-button--primary" disabled={w.busy} onClick={() => void w.run(prompt, 'record-nazorg-contact', note.trim() ? { note: note.trim(), ...due } : due)}>
        {t('action.record-nazorg-contact')}
      </button>
    </div>
  );
}

function Nazorggesprek({ prompt, due }: { prompt?: Prompt; due: Due }) {
  const { t } = useTranslation();
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState(false);
  const w = useWrite();
  const id = useId();
  if (w.done) return <Saved />;
  return (
    <div className="pz-step-action">
      <p className="pz-muted">{t('nazorg.maxHour')}</p>
      <div className="pz-button-row">
        <button type="button" className="pz-button pz-button--primary" disabled={w.busy} onClick={() => void w.run(prompt, 'record-nazorggesprek', { outcome: 'done', ...due })}>
          {t('nazorg.markDone')}
        </button>
        <button type="button" className="pz-button" aria-expanded={declining} onClick={() => setDeclining((d) => !d)}>
          {t('nazorg.markDeclined')}
        </button>
      </div>
      {declining && (
        <form
          className="pz-inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!reason.trim()) return setError(true);
            void w.run(prompt, 'record-nazorggesprek', { outcome: 'declined', reason: reason.trim(), ...due });
          }}
        >
          <div className="pz-field">
            <label htmlFor={id}>{t('nazorg.declineReason')}</label>
            <input
              id={id}
              type="text"
              value={reason}
              aria-invalid={error || undefined}
              aria-describedby={error ? `${id}-err` : undefined}
              onChange={(e) => {
                setReason(e.target.value);
                setError(false);
              }}
            />
            {error && (
              <span id={`${id}-err`} className="pz-error">
                {t('nazorg.declineReasonRequired')}
              </span>
            )}
          </div>
          <button type="submit" className="pz-button" disabled={w.busy}>
            {t('common.save')}
          </button>
        </form>
      )}
    </div>
  );
}

function Brochure({ prompt }: { prompt?: Prompt }) {
  const { t } = useTranslation();
  const w = useWrite();
  if (w.done) return <Saved />;
  return (
    <fieldset className="pz-fieldset pz-step-action" disabled={w.busy}>
      <legend>{t('nazorg.channel')}</legend>
      <div className="pz-button-row">
        <button type="button" className="pz-button" onClick={() => void w.run(prompt, 'record-brochure-sent', { channel: 'post' })}>
          {t('nazorg.post')}
        </button>
        <button type="button" className="pz-button" onClick={() => void w.run(prompt, 'record-brochure-sent', { channel: 'digitaal' })}>
          {t('nazorg.digital')}
        </button>
      </div>
    </fieldset>
  );
}
