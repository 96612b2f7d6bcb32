// pathway.md: ServiceRequest pz#topz-consult for the current encounter.
import type { Builder } from './common';
import { authorRef, clean, create, patientRef, pzCode, reference } from './common';

export const requestTopzConsult: Builder = (intent, ctx) => {
  const performer = reference(intent, 'performer', ['Practitioner', 'PractitionerRole', 'Organization', 'CareTeam'], true);
  return create(intent, ctx, clean({
    resourceType: 'ServiceRequest',
    status: 'active',
    intent: 'order',
    code: pzCode(ctx, 'topz-consult', 'Consult palliatief team'),
    subject: patientRef(intent),
    encounter: { reference: reference(intent, 'encounter', ['Encounter'])! },
    authoredOn: intent.createdAt,
    requester: authorRef(intent),
    performer: performer ? [clean({ reference: performer, display: intent.params.performerDisplay?.trim() || undefined })] : undefined,
  }));
};
