import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActionId, Prompt } from '../../lib/pathway/types';
import { BehandelwensenPanel, BehandelwensenUnknown } from '../BehandelwensenPanel/BehandelwensenPanel';
import { CaregiverStrainIndex } from '../CaregiverStrainIndex/CaregiverStrainIndex';
import { CentralCaregiverPicker } from '../CentralCaregiverPicker/CentralCaregiverPicker';
import { actionParams, useActions } from '../common/ActionContext';
import { HandoverChecklist } from '../HandoverChecklist/HandoverChecklist';
import { KindcheckForm } from '../KindcheckForm/KindcheckForm';
import { NaastenForm } from '../NaastenForm/NaastenForm';
import { NazorgStepActions } from '../NazorgTimeline/NazorgStepActions';
import { MarkPalliativePhase } from '../SurpriseQuestion/MarkPalliativePhase';
import { SurpriseQuestion } from '../SurpriseQuestion/SurpriseQuestion';

/** A one-click write with the engine's params (e.g. the encounter for the TOPZ consult). */
function SimpleAction({ prompt, id }: { prompt: Prompt; id: ActionId }) {
  const { t } = useTranslation();
  const { act } = useActions();
  const [state, setState] = useState<'idle' | 'busy' | 'done'>('idle');
  if (state === 'done')
    return (
      <p role="status" className="pz-note">
        {t('card.pending')}
      </p>
    );
  return (
    <button
      type="button"
      className="pz-button"
      disabled={state === 'busy'}
      onClick={async () => {
        setState('busy');
        try {
          await act(prompt, id, {});
          setState('done');
        } catch {
          setState('idle');
        }
      }}
    >
      {t(`action.${id}`)}
    </button>
  );
}

/** A picker behind a toggle, so a card stays short until the user wants to choose someone. */
function PickerAction({ prompt, id, legend, ownerKeys, primaryHint }: { prompt: Prompt; id: ActionId; legend: string; ownerKeys: [string, string]; primaryHint?: boolean }) {
  const { t } = useTranslation();
  const { act } = useActions();
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState(false);
  const params = actionParams(prompt, id);
  // engine suggestions: `suggested` (central caregiver: the GP) or `owner` (behandelwensengesprek: the GP)
  const ref = params.suggested ?? params.owner;
  const suggested = ref ? { reference: ref, display: params.suggestedDisplay || params.ownerDisplay || ref } : undefined;
  if (done)
    return (
      <p role="status" className="pz-note">
        {t('card.pending')}
      </p>
    );
  return (
    <div>
      <button type="button" className="pz-button" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {t(`action.${id}`)}
      </button>
      {open && (
        <CentralCaregiverPicker
          legend={legend}
          confirmLabel={t(`action.${id}`)}
          showPrimaryHint={primaryHint}
          suggested={suggested}
          onConfirm={async (o) => {
            await act(prompt, id, { [ownerKeys[0]]: o.reference, [ownerKeys[1]]: o.display });
            setDone(true);
          }}
        />
      )}
    </div>
  );
}

const NAZORG_STEP_OF: Partial<Record<ActionId, Parameters<typeof NazorgStepActions>[0]['step']>> = {
  'record-caregivers-informed': 'overlijden-melden',
  'assign-nazorg-owner': 'nazorg',
  'record-nazorg-contact': 'nazorg-contact',
  'record-nazorggesprek': 'nazorggesprek',
  'record-brochure-sent': 'nazorg-brochure',
};

/** The inline actions of a card, one widget per action id (handover links grouped in one checklist). */
export function PromptActions({ prompt }: { prompt: Prompt }) {
  const { t } = useTranslation();
  const seen = new Set<ActionId>();
  const out: React.ReactNode[] = [];
  if (prompt.code === 'behandelwensen-unknown-at-seh') out.push(<BehandelwensenUnknown key="unknown" prompt={prompt} />);
  if (prompt.code === 'handover-gaps' && prompt.missing) out.push(<HandoverChecklist key="handover" missing={prompt.missing} actions={prompt.actions} prompt={prompt} />);
  for (const a of prompt.actions) {
    if (seen.has(a.id)) continue;
    seen.add(a.id);
    const key = a.id;
    switch (a.id) {
      case 'answer-surprise-question':
        out.push(<SurpriseQuestion key={key} prompt={prompt} />);
        break;
      case 'mark-palliative-phase':
        out.push(<MarkPalliativePhase key={key} prompt={prompt} />);
        break;
      case 'record-behandelwensengesprek':
      case 'request-topz-consult':
      case 'record-medication-review':
        out.push(<SimpleAction key={key} prompt={prompt} id={a.id} />);
        break;
      case 'handover-behandelwensengesprek':
        out.push(<PickerAction key={key} prompt={prompt} id={a.id} legend={t('action.handover-behandelwensengesprek')} ownerKeys={['owner', 'ownerDisplay']} />);
        break;
      case 'appoint-central-caregiver':
        out.push(<PickerAction key={key} prompt={prompt} id={a.id} legend={t('action.appoint-central-caregiver')} ownerKeys={['participant', 'display']} primaryHint />);
        break;
      case 'record-naaste':
        out.push(<NaastenForm key={key} prompt={prompt} />);
        break;
      case 'record-kindcheck':
        out.push(<KindcheckForm key={key} prompt={prompt} />);
        break;
      case 'record-caregiver-burden':
        out.push(<CaregiverStrainIndex key={key} prompt={prompt} />);
        break;
      case 'view-directives':
        out.push(<BehandelwensenPanel key={key} directives={prompt.directives ?? []} />);
        break;
      case 'record-behandelwensen-opgevraagd':
        if (prompt.code !== 'behandelwensen-unknown-at-seh') out.push(<BehandelwensenUnknown key={key} prompt={prompt} />);
        break;
      case 'open-handover-item':
        if (prompt.code !== 'handover-gaps') out.push(<HandoverChecklist key={key} missing={prompt.missing ?? []} actions={prompt.actions} />);
        break;
      default: {
        const step = NAZORG_STEP_OF[a.id];
        if (step) out.push(<NazorgStepActions key={key} step={step} prompt={prompt} />);
      }
    }
  }
  // behandelwensen-known with directives but no view action from the engine: still show them.
  if (prompt.directives?.length && !seen.has('view-directives')) out.push(<BehandelwensenPanel key="directives" directives={prompt.directives} />);
  return <>{out}</>;
}
