// The five Dutch sources the pathway is drawn from (the project's pathway contract, "Sources"; the texts are not in the repository, titles and public links below).
// Rules cite them by seed id, section and, where the seed gives one, the public link.
import type { SourceCitation } from './types';

const S0_TITLE = 'Handreiking nazorggesprek (Kwaliteitskader palliatieve zorg, domein 8 verlies en rouw)';
const S1_TITLE = 'Handreiking voor zorgverleners: het nazorggesprek (ouders na overlijden van een kind)';
const S2_TITLE = 'N3 position paper "Altijd oog voor naasten en nabestaanden"';
const S3_TITLE = 'Palliatieve zorgkaart Netwerk Palliatieve Zorg Noord-Holland Zuid (transmuraal zorgpad)';
const S4_TITLE = 'Verkenningen transmurale palliatieve zorg Utrecht: acht aanbevelingen';

/** S3 gives its own address on its first page. */
const S3_URL = 'https://palliaweb.nl/netwerk-noordhollandzuid/zorg-in-de-regio';
/** S4 names its source page (without scheme) on its first page. */
const S4_URL = 'https://palliaweb.nl/netwerk-utrechtstadenzuidoost/hulpverleners/verbetering-transmurale-zorg';
/** S2 refers to the Oog voor naasten pages on palliaweb as its home. */
const S2_URL = 'https://palliaweb.nl/oog-voor-naasten';

const s0 = (section: string): SourceCitation => ({ seed: 'S0', title: S0_TITLE, section });
const s1 = (section: string): SourceCitation => ({ seed: 'S1', title: S1_TITLE, section });
const s2 = (section: string): SourceCitation => ({ seed: 'S2', title: S2_TITLE, section, url: S2_URL });
const s3 = (section: string): SourceCitation => ({ seed: 'S3', title: S3_TITLE, section, url: S3_URL });
const s4 = (section: string): SourceCitation => ({ seed: 'S4', title: S4_TITLE, section, url: S4_URL });

export const SOURCES = {
  signaleren: s3('Signaleren; hulpmiddel surprise question'),
  markeren: s3('Markeren'),
  behandelwensengesprek: s3('Behandelwensengesprek'),
  ziekenhuisSeh: s3('Acties in ziekenhuis t.b.v. SEH en kliniek'),
  coordinatie: s3('Coördinatie (centrale zorgverlener)'),
  informatieoverdracht: s3('Acties m.b.t. informatieoverdracht'),
  medicatiereview: s3('Medicatiereview'),
  overlijdenNazorg: s3('Overlijden en nazorg'),
  n3Aanspreekpunt: s2('Aanbevelingen voor zorg- en hulpverleners: één aanspreekpunt'),
  n3Naasten: s2('"Wie zijn uw naasten?"; aanbevelingen voor zorg- en hulpverleners'),
  n3Kindcheck: s2('Tips voor zorgprofessionals: "Doe de kindcheck"'),
  n3Overbelasting: s2('Meetinstrument voor overbelasting (Caregiver Strain Index)'),
  utrechtWarmeOverdracht: s4('Aanbeveling 3 Warme overdracht'),
  utrechtConsultatie: s4('Aanbeveling 5 Consultatie experts'),
  utrechtCoordinatie: s4('Aanbeveling 8 Coördinatie'),
  nazorgInitiatief: s0('Wie neemt het initiatief tot het uitnodigen van de nabestaande?'),
  nazorgContact: s0('Richtlijnen voor de uitvoering van het nazorggesprek: na twee à drie weken telefonisch contact'),
  nazorgGesprek: s0('Richtlijnen voor de uitvoering van het nazorggesprek: vier tot zes weken na overlijden, maximaal een uur'),
  nazorgBrochure: s0('Richtlijnen: indien de nabestaande geen gebruik wenst te maken van het nazorggesprek (brochure psycho-educatie rouw)'),
  nazorgKind: s1('Timing: in het ziekenhuis doorgaans zes tot acht weken na het overlijden'),
} as const satisfies Record<string, SourceCitation>;
