// pathway.md: CareTeam participant role pz#centrale-zorgverlener + SNOMED 768832004 case manager.
// Without `careTeam`: a new active CareTeam (conditional create). With it: the participant is added to
// that CareTeam (read, append, PUT If-Match), the participant's element id being the intent id.
import { SCT_CASE_MANAGER, SNOMED } from '../codes';
import type { Builder } from './common';
import { clean, create, patientRef, reference, required } from './common';

export const appointCentralCaregiver: Builder = (intent, ctx) => {
  const participant = {
    id: intent.id,
    role: [
      {
        coding: [
          { system: ctx.pzSystem, code: 'centrale-zorgverlener', display: 'Centrale zorgverlener' },
          { system: SNOMED, code: SCT_CASE_MANAGER, display: 'Case manager' },
        ],
        text: 'Centrale zorgverlener',
      },
    ],
    member: { reference: reference(intent, 'participant', ['Practitioner', 'PractitionerRole', 'Organization', 'RelatedPerson'])!, display: required(intent, 'display') },
    period: { start: intent.createdAt },
  };
  const careTeam = reference(intent, 'careTeam', ['CareTeam'], true);
  if (careTeam) return { kind: 'add-careteam-participant', careTeam, participant };
  return create(intent, ctx, clean({
    resourceType: 'CareTeam',
    status: 'active',
    name: 'Palliatieve zorg',
    subject: patientRef(intent),
    period: { start: intent.createdAt },
    participant: [participant],
  }));
};
