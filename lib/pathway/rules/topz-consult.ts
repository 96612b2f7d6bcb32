// topz-consult | an emergency or inpatient encounter is active, the patient is known to the hospital's
// palliative team (configurable, default "TOPZ"), and no consult of that team was requested during this
// encounter (ServiceRequest pz#topz-consult) | warning | seh-arts, specialist | S3 SEH: "Indien de
// patiënt bekend is bij TOPZ…"
import { SOURCES } from '../sources';
import { palliativeTeamEvidence } from '../facts/careteam';
import { activeEmergencyEncounters, activeInpatientEncounters, describeEncounter } from '../facts/encounters';
import { isAlive } from '../facts/patient';
import { serviceRequestsDuring } from '../facts/tasks';
import { makePrompt, type Rule } from './rule';

export const topzConsult: Rule = {
  code: 'topz-consult',
  source: [SOURCES.ziekenhuisSeh, SOURCES.utrechtConsultatie],
  roles: ['seh-arts', 'specialist'],
  evaluate(record, ctx) {
    if (!isAlive(record, ctx)) return null;
    const team = ctx.config.palliativeTeam.name;
    const known = palliativeTeamEvidence(record, ctx);
    if (!known) return null;
    const encounter = [...activeEmergencyEncounters(record), ...activeInpatientEncounters(record)].find(
      (e) => serviceRequestsDuring(record, ctx, 'topz-consult', e).length === 0,
    );
    if (!encounter) return null;
    const where = encounter.class.code === 'EMER' ? 'op de SEH' : 'tijdens de opname';
    return makePrompt(this, record, {
      indicator: 'warning',
      summary: `Patiënt is bekend bij ${team}: vraag ${team} in consult ${where}.`,
      detail: `De patiënt is bekend bij het palliatief team ${team} (zorgteam: ${known.display}). Tijdens ${describeEncounter(record, encounter, ctx)} is nog geen consult aangevraagd.`,
      actions: [{ id: 'request-topz-consult', label: `Vraag ${team} in consult`, params: { team, encounter: `Encounter/${encounter.id}` } }],
      firedOn: [`Encounter/${encounter.id}`, known.reference],
    });
  },
};
