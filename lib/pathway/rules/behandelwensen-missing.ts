// behandelwensen-missing | alive, palliative, no behandelwensen recorded (no treatment directive, no
// advance directive, no ACP procedure), and the conversation is not handed over to someone (Task
// pz#behandelwensengesprek with an owner, not completed or cancelled) | warning | specialist, zaalarts,
// seh-arts | S3 Behandelwensengesprek, Acties in ziekenhuis
import { SOURCES } from '../sources';
import { hasBehandelwensen } from '../facts/directives';
import { palliativeMarking } from '../facts/palliative';
import { generalPractitioner, isAlive } from '../facts/patient';
import { isOpen, pzTasks } from '../facts/tasks';
import { dutchDay } from '../facts/time';
import { makePrompt, type Rule } from './rule';

export const behandelwensenMissing: Rule = {
  code: 'behandelwensen-missing',
  source: [SOURCES.behandelwensengesprek, SOURCES.ziekenhuisSeh],
  roles: ['specialist', 'zaalarts', 'seh-arts'],
  evaluate(record, ctx) {
    const marking = palliativeMarking(record, ctx);
    if (!isAlive(record, ctx) || !marking || hasBehandelwensen(record, ctx)) return null;
    // Handed over = an open task with an owner; a rejected or failed hand-over is no hand-over.
    const handedOver = pzTasks(record, ctx, 'behandelwensengesprek').find((t) => t.owner && isOpen(t));
    if (handedOver) return null;
    const gp = generalPractitioner(record);
    const since = marking.day !== undefined ? `sinds ${dutchDay(marking.day)} (${ctx.today - marking.day} dagen)` : '';
    return makePrompt(this, record, {
      indicator: 'warning',
      summary: 'Palliatieve fase gemarkeerd, maar geen behandelwensen vastgelegd: voer het behandelwensengesprek of draag het over.',
      detail:
        `De palliatieve fase is gemarkeerd ${since}`.trimEnd() +
        '. Er is geen behandelgrens, wilsverklaring of ACP-gesprek vastgelegd en het gesprek is niet overgedragen. ' +
        `In het ziekenhuis: vraag de huisarts${gp ? ` (${gp.display})` : ''} of er in de eerste lijn al een behandelwensengesprek is gevoerd.`,
      actions: [
        { id: 'record-behandelwensengesprek', label: 'Leg het behandelwensengesprek vast' },
        {
          id: 'handover-behandelwensengesprek',
          label: 'Draag het gesprek over (huisarts/SO)',
          params: gp?.reference ? { owner: gp.reference, ownerDisplay: gp.display ?? '' } : undefined,
        },
      ],
      firedOn: [...marking.evidence].sort(),
    });
  },
};
