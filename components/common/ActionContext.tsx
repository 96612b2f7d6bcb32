import { createContext, useContext } from 'react';
import type { ActionParams, FhirGateway, FhirJson } from '../../lib/fhir/gateway';
import type { ActionId, Prompt } from '../../lib/pathway/types';
import type { CaregiverCandidates } from '../../lib/ui/careteam';
import type { GpContacts } from '../../lib/ui/gp';
import type { BannerInfo } from '../../lib/ui/patient';

/**
 * What an inline action needs from the open patient: a way to write (through the host's WriteQueue),
 * the practitioner search, candidates from the record, GP/HAP numbers and the clock.
 */
export interface ActionContextValue {
  /** queue a write; `prompt` ties it to the card (pending state, audit trail). Params from the
   * prompt's action are merged under the user's. */
  act(prompt: Prompt | undefined, action: ActionId, params?: ActionParams): Promise<void>;
  gateway: FhirGateway;
  candidates: CaregiverCandidates;
  gp: GpContacts;
  now: Date;
  banner?: BannerInfo;
  /** the loaded record (readable resources), for documents made from it (the handover document) */
  resources?: readonly FhirJson[];
  patientId?: string;
  /**
   * Keyboard continuity across a reload: an action that makes the engine fire a follow-up prompt
   * (surprise question "Nee" → mark-palliative-phase) asks for focus to land on that prompt's action.
   */
  focusRequest?: { code: string; at: number } | null;
  requestFocus?(code: string): void;
  clearFocusRequest?(): void;
}

export const ActionContext = createContext<ActionContextValue | null>(null);

export function useActions(): ActionContextValue {
  const v = useContext(ActionContext);
  if (!v) throw new Error('useActions outside ActionContext');
  return v;
}

/** Params the engine put on a prompt's action (e.g. the encounter, the default nazorg owner). */
export function actionParams(prompt: Prompt | undefined, id: ActionId): ActionParams {
  return { ...(prompt?.actions.find((a) => a.id === id)?.params ?? {}) };
}
