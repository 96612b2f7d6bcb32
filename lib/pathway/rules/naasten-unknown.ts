// naasten-unknown | alive, palliative, no contact person / naaste recorded | info | verpleegkundige,
// specialist | ask "Wie zijn uw naasten?", record → RelatedPerson | S2 aanbevelingen
import { SOURCES } from '../sources';
import { palliativeMarking } from '../facts/palliative';
import { isAlive } from '../facts/patient';
import { naasten } from '../facts/people';
import { makePrompt, type Rule } from './rule';

export const naastenUnknown: Rule = {
  code: 'naasten-unknown',
  source: [SOURCES.n3Naasten],
  roles: ['verpleegkundige', 'specialist'],
  evaluate(record, ctx) {
    const marking = palliativeMarking(record, ctx);
    if (!isAlive(record, ctx) || !marking || naasten(record).count > 0) return null;
    return makePrompt(this, record, {
      indicator: 'info',
      summary: 'Geen naasten vastgelegd: vraag "Wie zijn uw naasten?"',
      detail: 'De palliatieve fase is gemarkeerd en er is geen contactpersoon of naaste vastgelegd. Vraag wie de naasten zijn en wie er zorgt (mantelzorger).',
      actions: [{ id: 'record-naaste', label: 'Leg een naaste vast', params: { question: 'Wie zijn uw naasten?' } }],
      firedOn: [...marking.evidence].sort(),
    });
  },
};
