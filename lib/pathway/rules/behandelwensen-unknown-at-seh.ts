// behandelwensen-unknown-at-seh | an emergency encounter is active, the patient is palliative or answered
// "not surprised", no behandelwensen are recorded, and no record that the GP/HAP was asked during this
// encounter (pz#behandelwensen-opgevraagd Task or Communication) | warning | seh-arts | call the GP
// (office hours) or HAP (evening/night/weekend) | S3 SEH: "Indien er geen/onvolledige verwijzing…"
import { TZDate } from '@date-fns/tz';
import { SOURCES } from '../sources';
import { hasBehandelwensen } from '../facts/directives';
import { activeEmergencyEncounters } from '../facts/encounters';
import { palliativeMarking } from '../facts/palliative';
import { generalPractitioner, isAlive } from '../facts/patient';
import { recentSurpriseAnswer } from '../facts/surprise';
import { communicationsDuring, tasksDuring } from '../facts/tasks';
import { dutchDay } from '../facts/time';
import type { RuleContext } from '../context';
import { makePrompt, type Rule } from './rule';

/**
 * Office hours of Dutch general practice: weekdays 08:00–17:00 local time; outside them the
 * huisartsenpost (HAP) answers (S3: "tijdens ANW uren wordt de HAP … geïnformeerd"). Public holidays
 * are not modelled.
 */
export function isOfficeHours(ctx: RuleContext): boolean {
  const local = new TZDate(ctx.nowMs, ctx.tz);
  const day = local.getDay();
  const hour = local.getHours();
  return day >= 1 && day <= 5 && hour >= 8 && hour < 17;
}

export const behandelwensenUnknownAtSeh: Rule = {
  code: 'behandelwensen-unknown-at-seh',
  source: [SOURCES.ziekenhuisSeh],
  roles: ['seh-arts'],
  evaluate(record, ctx) {
    if (!isAlive(record, ctx)) return null;
    const encounter = activeEmergencyEncounters(record)[0];
    if (!encounter) return null;
    const marking = palliativeMarking(record, ctx);
    // "answered not surprised": the latest answer within its 183-day window, as for mark-palliative-phase
    const answer = recentSurpriseAnswer(record, ctx);
    const notSurprised = answer && !answer.surprised ? answer : undefined;
    if (!marking && !notSurprised) return null;
    if (hasBehandelwensen(record, ctx)) return null;
    if (tasksDuring(record, ctx, 'behandelwensen-opgevraagd', encounter).length) return null;
    if (communicationsDuring(record, ctx, 'behandelwensen-opgevraagd', encounter).length) return null;

    const office = isOfficeHours(ctx);
    const gp = generalPractitioner(record);
    const whom = office ? `de huisarts${gp?.display ? ` (${gp.display})` : ''}` : 'de huisartsenpost (HAP)';
    const why = marking
      ? `De palliatieve fase is gemarkeerd${marking.day !== undefined ? ` (${dutchDay(marking.day)})` : ''}`
      : `Surprise question op ${dutchDay(notSurprised!.day)}: niet verbaasd`;
    return makePrompt(this, record, {
      indicator: 'warning',
      summary: `Geen behandelwensen bekend op de SEH: bel ${office ? 'de huisarts' : 'de HAP'} voor de actuele behandelwensen.`,
      detail: `${why}, maar er zijn geen behandelwensen vastgelegd en tijdens dit SEH-bezoek is nog niet nagevraagd. Bel ${whom}.${
        gp?.display && !office ? ` Huisarts: ${gp.display}.` : ''
      }`,
      actions: [
        {
          id: 'record-behandelwensen-opgevraagd',
          label: office ? 'Huisarts gebeld: leg vast' : 'HAP gebeld: leg vast',
          params: { contact: office ? 'huisarts' : 'hap', encounter: `Encounter/${encounter.id}`, ...(gp?.reference ? { gp: gp.reference } : {}), ...(gp?.display ? { gpDisplay: gp.display } : {}) },
        },
      ],
      firedOn: [`Encounter/${encounter.id}`],
    });
  },
};
