// The app's own CodeSystem (pathway.md: "publish the CodeSystem resource itself with the app").
// Every `pz#code` the rules read or the write builders write is defined here, with a Dutch display.
import { DEFAULT_PZ_SYSTEM } from './codes';

export const PATHWAY_CODES: ReadonlyArray<{ code: string; display: string; definition: string }> = [
  { code: 'palliatieve-fase', display: 'Palliatieve fase', definition: 'De palliatieve fase is gemarkeerd (S3 Markeren).' },
  { code: 'surprise-question', display: 'Surprise question', definition: 'Zou het u verbazen als deze patiënt in de komende 12 maanden overlijdt? true = zou verbazen, false = zou niet verbazen.' },
  { code: 'centrale-zorgverlener', display: 'Centrale zorgverlener', definition: 'Rol in een CareTeam: het aanspreekpunt dat de zorg coördineert (S3 Coördinatie).' },
  { code: 'mantelzorger', display: 'Mantelzorger', definition: 'Een naaste die mantelzorg geeft.' },
  { code: 'caregiver-burden', display: 'Belasting mantelzorger (CSI)', definition: 'Caregiver Strain Index, score 0–13; 7 of meer = overbelast.' },
  { code: 'caregiver-burden-asked', display: 'Naaste gevraagd naar belasting', definition: 'Gevraagd hoe het met de naaste gaat, zonder meetinstrument.' },
  { code: 'kindcheck', display: 'Kindcheck', definition: 'Of de patiënt minderjarige kinderen heeft (S2).' },
  { code: 'medicatiereview', display: 'Medicatiereview', definition: 'Medicatiereview in de palliatieve fase (S3).' },
  { code: 'nazorg', display: 'Nazorg', definition: 'Wie de nazorg voor de nabestaanden doet (Task.owner).' },
  { code: 'nazorg-contact', display: 'Eerste contact nabestaanden', definition: 'Telefonisch contact na twee à drie weken (S0).' },
  { code: 'nazorggesprek', display: 'Nazorggesprek', definition: 'Het nazorggesprek: volwassenen 4–6 weken, kinderen 6–8 weken na overlijden (S0, S1).' },
  { code: 'nazorg-brochure', display: 'Brochure rouw verstuurd', definition: 'Psycho-educatie over rouw verstuurd als het nazorggesprek niet gewenst is (S0).' },
  { code: 'overlijden-melden', display: 'Overlijden gemeld', definition: 'Huisarts en betrokken zorgverleners zijn geïnformeerd over het overlijden (S3).' },
  { code: 'mdo-verslag', display: 'MDO-verslag', definition: 'Verslag van het multidisciplinair overleg.' },
  { code: 'patz-verslag', display: 'PaTz-verslag', definition: 'Verslag van het PaTz-overleg.' },
  { code: 'vervolgbeleid', display: 'Vervolgbeleid', definition: 'Advies over vervolgbeleid / proactief beleid (CarePlan-categorie).' },
  { code: 'individueel-zorgplan', display: 'Individueel zorgplan', definition: 'Het individuele zorgplan (CarePlan-categorie).' },
  { code: 'lichamelijk', display: 'Lichamelijke dimensie', definition: 'Probleem in de lichamelijke dimensie.' },
  { code: 'psychisch', display: 'Psychische dimensie', definition: 'Probleem in de psychische dimensie.' },
  { code: 'sociaal', display: 'Sociale dimensie', definition: 'Probleem in de sociale dimensie.' },
  { code: 'spiritueel', display: 'Spirituele dimensie', definition: 'Probleem in de spirituele dimensie.' },
  { code: 'behandelwensengesprek', display: 'Behandelwensengesprek', definition: 'Het gesprek over behandelwensen en -grenzen; als Task met owner: overgedragen.' },
  { code: 'behandelwensen-opgevraagd', display: 'Behandelwensen opgevraagd', definition: 'Huisarts of huisartsenpost gevraagd naar de actuele behandelwensen (SEH).' },
  { code: 'topz-consult', display: 'Consult palliatief team', definition: 'Consult van het palliatieve team van het ziekenhuis (TOPZ).' },
  // sections and category of the handover document (lib/handover)
  { code: 'behandeldoel', display: 'Behandeldoel', definition: 'Overdrachtspunt: het belangrijkste behandeldoel, curatief of palliatief (S3).' },
  { code: 'behandelwensen', display: 'Behandelwensen en -grenzen', definition: 'Overdrachtspunt: behandelwensen, behandelgrenzen en wilsverklaringen (S3).' },
  { code: 'medicatieoverzicht', display: 'Medicatieoverzicht', definition: 'Overdrachtspunt: actuele medicatie met reden van elke start en stop tijdens de opname (S3).' },
  { code: 'betrokken-zorgverleners', display: 'Betrokken zorgverleners', definition: 'Overdrachtspunt: de betrokken zorgverleners met telefoonnummer (S3).' },
  { code: 'problemen-4-dimensies', display: 'Problemen in de vier dimensies', definition: 'Overdrachtspunt: huidige en te verwachten problemen, lichamelijk, psychisch, sociaal en spiritueel (S3).' },
  { code: 'naasten', display: 'Naasten en contactpersoon', definition: 'Overdrachtsdocument: de naasten en de contactpersoon van de patiënt (S2, S4).' },
  { code: 'huisarts-hap', display: 'Huisarts en huisartsenpost', definition: 'Overdrachtsdocument: de huisarts en de huisartsenpost (S3).' },
  { code: 'opname', display: 'Opname', definition: 'Overdrachtsdocument: de ziekenhuisopname waarvan de overdracht is.' },
  { code: 'besproken', display: 'Besproken met patiënt en naasten', definition: 'Overdrachtsdocument: wat met de patiënt en naasten is besproken (S3, S4).' },
  { code: 'palliatieve-overdracht', display: 'Palliatieve overdracht', definition: 'Het overdrachtsdocument van Palliatief Zorgpad (Composition/DocumentReference-categorie; type LOINC 18761-7).' },
  // The prompt codes themselves (pathway.md "Prompts"): the CDS Hooks cards code their `source.topic` with them.
  // surprise-question and topz-consult are already defined above (the same code names the prompt).
  { code: 'mark-palliative-phase', display: 'Signaal: palliatieve fase markeren', definition: 'Prompt mark-palliative-phase (pathway.md).' },
  { code: 'behandelwensen-missing', display: 'Signaal: behandelwensen niet vastgelegd', definition: 'Prompt behandelwensen-missing (pathway.md).' },
  { code: 'behandelwensen-known', display: 'Signaal: behandelwensen bekend op de SEH', definition: 'Prompt behandelwensen-known (pathway.md).' },
  { code: 'behandelwensen-unknown-at-seh', display: 'Signaal: behandelwensen onbekend op de SEH', definition: 'Prompt behandelwensen-unknown-at-seh (pathway.md).' },
  { code: 'central-caregiver-missing', display: 'Signaal: geen centrale zorgverlener', definition: 'Prompt central-caregiver-missing (pathway.md).' },
  { code: 'handover-gaps', display: 'Signaal: overdracht onvolledig', definition: 'Prompt handover-gaps (pathway.md).' },
  { code: 'medication-review', display: 'Signaal: medicatiereview', definition: 'Prompt medication-review (pathway.md).' },
  { code: 'naasten-unknown', display: 'Signaal: naasten onbekend', definition: 'Prompt naasten-unknown (pathway.md).' },
  { code: 'death-inform-caregivers', display: 'Signaal: overlijden melden aan zorgverleners', definition: 'Prompt death-inform-caregivers (pathway.md).' },
  { code: 'nazorg-owner-missing', display: 'Signaal: geen eigenaar nazorg', definition: 'Prompt nazorg-owner-missing (pathway.md).' },
  { code: 'nazorg-contact-due', display: 'Signaal: eerste contact nabestaanden', definition: 'Prompt nazorg-contact-due (pathway.md).' },
  { code: 'nazorggesprek-due', display: 'Signaal: nazorggesprek', definition: 'Prompt nazorggesprek-due (pathway.md).' },
];

export function pathwayCodeSystem(url: string = DEFAULT_PZ_SYSTEM) {
  return {
    resourceType: 'CodeSystem' as const,
    id: 'palliatief-zorgpad-pathway',
    url,
    version: '1.0.0',
    name: 'PalliatiefZorgpadPathway',
    title: 'Palliatief Zorgpad: codes van het zorgpad',
    status: 'active' as const,
    experimental: false,
    publisher: 'Palliatief Zorgpad',
    description: 'Codes die Palliatief Zorgpad leest en schrijft (zie pathway.md, Recognised encodings).',
    caseSensitive: true,
    content: 'complete' as const,
    count: PATHWAY_CODES.length,
    concept: PATHWAY_CODES.map((c) => ({ ...c })),
  };
}
