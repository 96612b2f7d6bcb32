// kindcheck | alive, palliative, patient aged 18 to 69, and no record either way of minor children |
// info | verpleegkundige, specialist | ask whether there are children and whether they are involved →
// Observation | S2 "Doe de kindcheck"
import { SOURCES } from '../sources';
import { palliativeMarking } from '../facts/palliative';
import { ageToday, isAlive } from '../facts/patient';
import { childrenKnown } from '../facts/people';
import { makePrompt, type Rule } from './rule';

export const kindcheck: Rule = {
  code: 'kindcheck',
  source: [SOURCES.n3Kindcheck],
  roles: ['verpleegkundige', 'specialist'],
  evaluate(record, ctx) {
    const marking = palliativeMarking(record, ctx);
    if (!isAlive(record, ctx) || !marking) return null;
    const age = ageToday(record, ctx);
    const t = ctx.config.thresholds;
    // Without a birth date the age range cannot be checked; the prompt stays absent rather than guessed.
    if (age === undefined || age < t.kindcheckMinAge || age > t.kindcheckMaxAge) return null;
    if (childrenKnown(record, ctx)) return null;
    return makePrompt(this, record, {
      indicator: 'info',
      summary: 'Doe de kindcheck: heeft de patiënt (minderjarige) kinderen, en zijn zij betrokken?',
      detail: `Patiënt is ${age} jaar, de palliatieve fase is gemarkeerd en er is niet vastgelegd of er (minderjarige) kinderen zijn.`,
      actions: [{ id: 'record-kindcheck', label: 'Leg de kindcheck vast' }],
      firedOn: [...marking.evidence].sort(),
    });
  },
};
