// central-caregiver-missing | alive, palliative, no active care-team participant in the
// centrale-zorgverlener role | warning | specialist, zaalarts | appoint one (preferably primary care)
// | S3 Coördinatie; S2 één aanspreekpunt; S4 aanbeveling 8
import { SOURCES } from '../sources';
import { centralCaregivers } from '../facts/careteam';
import { palliativeMarking } from '../facts/palliative';
import { generalPractitioner, isAlive } from '../facts/patient';
import { dutchDay } from '../facts/time';
import { makePrompt, type Rule } from './rule';

export const centralCaregiverMissing: Rule = {
  code: 'central-caregiver-missing',
  source: [SOURCES.coordinatie, SOURCES.n3Aanspreekpunt, SOURCES.utrechtCoordinatie],
  roles: ['specialist', 'zaalarts'],
  evaluate(record, ctx) {
    const marking = palliativeMarking(record, ctx);
    if (!isAlive(record, ctx) || !marking || centralCaregivers(record, ctx).length) return null;
    const gp = generalPractitioner(record);
    return makePrompt(this, record, {
      indicator: 'warning',
      summary: 'Geen centrale zorgverlener: spreek af wie dat is (bij voorkeur huisarts of wijkverpleegkundige).',
      detail:
        `De palliatieve fase is gemarkeerd${marking.day !== undefined ? ` op ${dutchDay(marking.day)}` : ''}, ` +
        `maar in geen actief zorgteam staat een centrale zorgverlener.${gp?.display ? ` Huisarts: ${gp.display}.` : ''}`,
      actions: [
        {
          id: 'appoint-central-caregiver',
          label: 'Wijs de centrale zorgverlener aan',
          params: gp?.reference ? { suggested: gp.reference, suggestedDisplay: gp.display ?? '' } : undefined,
        },
      ],
      firedOn: [...marking.evidence].sort(),
    });
  },
};
