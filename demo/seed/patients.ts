// The synthetic Dutch demo patients. Together they make every prompt code of pathway.md fire at least
// once (tests/demo/seed.test.ts runs the real rules over them and checks `prompts` exactly), and a few
// fire none. All dates are relative to `now`; BSNs start with 9990 and are not real.
import type { PromptCode } from '../../lib/pathway/types';
import { Clock, icd10, PatientBuilder, snomed, V3_ROLE, type Json } from './build';
import { GP_ID, HOSPITAL_ORG, SEH_LOCATION, TOPZ_TEAM_ID, WIJKVPK_ID } from './people';

export interface SeedPatient {
  id: string;
  /** exactly the prompts this patient shows at `now` (default config) */
  prompts: PromptCode[];
  resources: Json[];
}

const GP = { ref: `Practitioner/${GP_ID}`, display: 'dr. Jan Visser (huisarts)' };
const WIJKVPK = { ref: `Practitioner/${WIJKVPK_ID}`, display: 'Esra Demir (wijkverpleegkundige)' };
const HOSPITAL_OWNER = { reference: `Organization/${HOSPITAL_ORG}`, display: 'Spaarnestad Ziekenhuis, afdeling Interne Geneeskunde' };

const LUNG_CANCER = snomed('254637007', 'Niet-kleincellig longcarcinoom');
const PANCREAS_CANCER = icd10('C25.9', 'Pancreascarcinoom');
const BREAST_CANCER_METASTASIS = icd10('C50.9', 'Mammacarcinoom, gemetastaseerd');
const COPD = icd10('J44.9', 'COPD');
const HEART_FAILURE = snomed('84114007', 'Hartfalen');
const DIABETES = snomed('44054006', 'Diabetes mellitus type 2');
const REANIMATIE = snomed('89666000', 'Reanimatie');
const IC_OPNAME = snomed('305351004', 'Opname op intensive care');
const ANTIBIOTICA = snomed('281789004', 'Antibiotica');
const BEADEMING = snomed('40617009', 'Beademing');
const ACP = snomed('713603004', 'Advance care planning');
const SYMPTOOMGERICHT = snomed('713148004', 'Symptoomgericht beleid');
const MEDICATION_REVIEW = snomed('182836005', 'Medicatiereview');
const DAUGHTER = { system: V3_ROLE, code: 'DAU', display: 'Dochter' };
const SON = { system: V3_ROLE, code: 'SON', display: 'Zoon' };
const WIFE = { system: V3_ROLE, code: 'WIFE', display: 'Echtgenote' };
const HUSBAND = { system: V3_ROLE, code: 'HUSB', display: 'Echtgenoot' };
const PARTNER = { system: V3_ROLE, code: 'DOMPART', display: 'Partner' };
const MOTHER = { system: V3_ROLE, code: 'MTH', display: 'Moeder' };

/** The "well documented palliative patient" parts, so that only the intended gaps show. */
function documented(b: PatientBuilder, opts: { central?: 'gp' | 'wijkvpk'; naaste?: [string, typeof DAUGHTER, boolean?]; directives?: boolean } = {}) {
  if (opts.directives !== false) b.treatmentDirective(REANIMATIE, 'deny', 45).procedure(ACP, 45);
  if (opts.central) b.careTeam('Zorgteam thuis', [{ ...(opts.central === 'gp' ? GP : WIJKVPK), central: true }, opts.central === 'gp' ? WIJKVPK : GP]);
  if (opts.naaste) b.relatedPerson(opts.naaste[0], opts.naaste[1], { mantelzorger: opts.naaste[2] ?? false, phone: '06 5555 0' + String(100 + b.id.length) });
  return b;
}

export function seedPatients(now: Date): SeedPatient[] {
  const t = new Clock(now);
  const out: SeedPatient[] = [];
  const make = (id: string, prompts: PromptCode[], fill: (b: PatientBuilder) => void) => {
    const b = new PatientBuilder(id, t);
    fill(b);
    out.push({ id, prompts, resources: b.resources });
  };

  // surprise-question (warning: COPD and heart failure, aged 78 with 3 active conditions)
  make('pz-henk-jansen', ['surprise-question'], (b) => {
    b.patient({ given: 'Henk', family: 'Jansen', gender: 'male', age: 78, bsn: '999010017' })
      .condition(COPD, { onsetDaysAgo: 2000 })
      .condition(HEART_FAILURE, { onsetDaysAgo: 700 })
      .condition(DIABETES, { onsetDaysAgo: 3000 })
      .encounter('IMP', 'in-progress', { start: t.daysAgo(3) }, { location: 'ward-interne', bed: '3.12', priority: 'EM' })
      .medications(['Tiotropium inhalatie', 'Furosemide 40 mg', 'Metformine 500 mg']);
  });

  // mark-palliative-phase (surprise question answered "not surprised" 5 days ago, phase not yet marked)
  make('pz-gerda-de-vries', ['mark-palliative-phase'], (b) => {
    b.patient({ given: 'Gerda', prefix: 'de', family: 'Vries', gender: 'female', age: 71, bsn: '999010029' })
      .condition(LUNG_CANCER, { onsetDaysAgo: 240 })
      .surpriseAnswer(false, 5)
      .encounter('IMP', 'in-progress', { start: t.daysAgo(6) }, { location: 'ward-longziekten', bed: '2.04' })
      .relatedPerson('Peter de Vries', HUSBAND);
  });

  // behandelwensen-missing, central-caregiver-missing, medication-review, naasten-unknown, kindcheck (newly palliative, nothing arranged yet)
  make('pz-willem-bakker', ['behandelwensen-missing', 'central-caregiver-missing', 'medication-review', 'naasten-unknown', 'kindcheck'], (b) => {
    b.patient({ given: 'Willem', family: 'Bakker', gender: 'male', age: 66, bsn: '999010030' })
      .condition(PANCREAS_CANCER, { onsetDaysAgo: 150 })
      .palliative(10)
      .encounter('IMP', 'in-progress', { start: t.daysAgo(8) }, { location: 'ward-interne', bed: '3.07' })
      .medications(['Oxycodon 10 mg', 'Macrogol', 'Metoclopramide', 'Pantoprazol 40 mg', 'Dexamethason 4 mg', 'Pancreatine']);
  });

  // behandelwensen-known (critical: NIET reanimeren, NIET naar de IC) and topz-consult, at the SEH
  make('pz-joke-smit', ['behandelwensen-known', 'topz-consult'], (b) => {
    b.patient({ given: 'Joke', family: 'Smit', gender: 'female', age: 82, bsn: '999010042' })
      .condition(HEART_FAILURE, { onsetDaysAgo: 900 })
      .palliative(60)
      .treatmentDirective(REANIMATIE, 'deny', 60)
      .treatmentDirective(IC_OPNAME, 'deny', 60)
      .treatmentDirective(ANTIBIOTICA, 'permit', 60)
      .encounter('EMER', 'in-progress', { start: t.hoursAgo(1) }, { location: SEH_LOCATION.id })
      .careTeam('TOPZ palliatief team', [
        { ref: 'Practitioner/prac-topz-arts', display: 'Pieter Mulder (arts palliatieve geneeskunde, TOPZ)' },
        { ref: 'Practitioner/prac-topz-vpk', display: 'Ingrid Smit (verpleegkundig specialist, TOPZ)' },
      ]);
    documented(b, { central: 'gp', naaste: ['Carla Smit', DAUGHTER], directives: false });
    b.procedure(ACP, 60);
  });

  // behandelwensen-missing and behandelwensen-unknown-at-seh (palliative, at the SEH, nothing recorded, GP/HAP not yet called)
  make('pz-kees-meijer', ['behandelwensen-missing', 'behandelwensen-unknown-at-seh'], (b) => {
    b.patient({ given: 'Kees', family: 'Meijer', gender: 'male', age: 74, bsn: '999010054' })
      .condition(snomed('13645005', 'COPD'), { onsetDaysAgo: 2500 })
      .palliative(50)
      .encounter('EMER', 'triaged', { start: t.hoursAgo(2) }, { location: SEH_LOCATION.id });
    documented(b, { central: 'wijkvpk', naaste: ['Wim Meijer', SON], directives: false });
  });

  // handover-gaps (warning: discharge planned tomorrow; MDO report, vervolgbeleid, problems in 4 dimensions and care plan missing)
  make('pz-ans-dijkstra', ['handover-gaps'], (b) => {
    b.patient({ given: 'Ans', family: 'Dijkstra', gender: 'female', age: 58, bsn: '999010066' })
      .condition(BREAST_CANCER_METASTASIS, { onsetDaysAgo: 800 })
      .palliative(40)
      .goal(SYMPTOOMGERICHT)
      .encounter('IMP', 'in-progress', { start: t.daysAgo(5), end: t.hoursAhead(20) }, { location: 'ward-interne', bed: '3.02' })
      .observation('kindcheck', 'Kindcheck', { valueBoolean: true, note: [{ text: 'Twee kinderen (16 en 19), op de hoogte' }] }, 30)
      .observation('caregiver-burden', 'Belasting mantelzorger (CSI)', { valueInteger: 5 }, 12)
      .medications(['Morfine retard 20 mg', 'Paracetamol 1 g', 'Lactulose']);
    documented(b, { central: 'wijkvpk', naaste: ['Rob Dijkstra', HUSBAND, true] });
  });

  // caregiver-burden (wife is mantelzorger, burden never asked)
  make('pz-piet-mulder', ['caregiver-burden'], (b) => {
    b.patient({ given: 'Piet', family: 'Mulder', gender: 'male', age: 80, bsn: '999010078' })
      .condition(HEART_FAILURE, { onsetDaysAgo: 1200 })
      .palliative(90)
      .encounter('IMP', 'in-progress', { start: t.daysAgo(2) }, { location: 'ward-longziekten', bed: '2.11' })
      .medications(['Bumetanide 1 mg', 'Spironolacton 25 mg']);
    documented(b, { central: 'gp', naaste: ['Riet Mulder', WIFE, true] });
  });

  // kindcheck (aged 52, palliative, nothing recorded about children)
  make('pz-ayse-yilmaz', ['kindcheck'], (b) => {
    b.patient({ given: 'Ayşe', family: 'Yılmaz', gender: 'female', age: 52, bsn: '999010081' })
      .condition(icd10('C18.9', 'Coloncarcinoom, gemetastaseerd'), { onsetDaysAgo: 500 })
      .palliative(25)
      .encounter('IMP', 'in-progress', { start: t.daysAgo(4) }, { location: 'ward-interne', bed: '3.15' });
    documented(b, { central: 'gp', naaste: ['Mehmet Yılmaz', PARTNER] });
  });

  // death-inform-caregivers and nazorg-owner-missing (died yesterday on the ward, nothing done yet)
  make('pz-cor-hendriks', ['death-inform-caregivers', 'nazorg-owner-missing'], (b) => {
    b.patient({ given: 'Cor', family: 'Hendriks', gender: 'male', age: 76, bsn: '999010093', deceasedDaysAgo: 1 })
      .condition(LUNG_CANCER, { onsetDaysAgo: 400 })
      .palliative(30)
      .encounter('IMP', 'finished', { start: t.daysAgo(9), end: t.daysAgo(1) }, { location: 'ward-longziekten', bed: '2.06', dischargeDisposition: 'exp' })
      .relatedPerson('Annie Hendriks', WIFE);
  });

  // nazorg-owner-missing (critical: died 10 days ago, GP informed, nobody owns the nazorg)
  make('pz-maria-van-dijk', ['nazorg-owner-missing'], (b) => {
    b.patient({ given: 'Maria', prefix: 'van', family: 'Dijk', gender: 'female', age: 69, bsn: '999010108', deceasedDaysAgo: 10 })
      .condition(icd10('C56', 'Ovariumcarcinoom'), { onsetDaysAgo: 700 })
      .encounter('IMP', 'finished', { start: t.daysAgo(14), end: t.daysAgo(10) }, { location: 'ward-interne', dischargeDisposition: 'exp' })
      .task('overlijden-melden', 'Overlijden gemeld aan huisarts en betrokken zorgverleners', 'completed', { daysAgo: 10 })
      .relatedPerson('Sandra van Dijk', DAUGHTER);
  });

  // nazorg-contact-due (warning: day 16, first call to the bereaved not yet made)
  make('pz-gerrit-bos', ['nazorg-contact-due'], (b) => {
    b.patient({ given: 'Gerrit', family: 'Bos', gender: 'male', age: 81, bsn: '999010111', deceasedDaysAgo: 16 })
      .condition(HEART_FAILURE, { onsetDaysAgo: 1500 })
      .task('overlijden-melden', 'Overlijden gemeld', 'completed', { daysAgo: 16 })
      .task('nazorg', 'Nazorg', 'in-progress', { daysAgo: 15, owner: HOSPITAL_OWNER })
      .relatedPerson('Els Bos', WIFE);
  });

  // nazorg-contact-due (critical: day 25, overdue)
  make('pz-truus-peters', ['nazorg-contact-due'], (b) => {
    b.patient({ given: 'Truus', family: 'Peters', gender: 'female', age: 77, bsn: '999010123', deceasedDaysAgo: 25 })
      .condition(snomed('52448006', 'Dementie'), { onsetDaysAgo: 1800 })
      .task('overlijden-melden', 'Overlijden gemeld', 'completed', { daysAgo: 25 })
      .task('nazorg', 'Nazorg', 'in-progress', { daysAgo: 24, owner: HOSPITAL_OWNER })
      .relatedPerson('Jan Peters', SON);
  });

  // nazorggesprek-due (adult, day 33: in the 28–42 day window)
  make('pz-hans-koster', ['nazorggesprek-due'], (b) => {
    b.patient({ given: 'Hans', family: 'Koster', gender: 'male', age: 63, bsn: '999010135', deceasedDaysAgo: 33 })
      .condition(icd10('C71.9', 'Glioblastoom'), { onsetDaysAgo: 300 })
      .task('overlijden-melden', 'Overlijden gemeld', 'completed', { daysAgo: 33 })
      .task('nazorg', 'Nazorg', 'in-progress', { daysAgo: 32, owner: HOSPITAL_OWNER })
      .task('nazorg-contact', 'Telefonisch contact met nabestaande', 'completed', { daysAgo: 17 })
      .relatedPerson('Marja Koster', WIFE);
  });

  // nazorggesprek-due (child aged 9, day 45: in the 42–56 day window for parents)
  make('pz-lotte-de-graaf', ['nazorggesprek-due'], (b) => {
    b.patient({ given: 'Lotte', prefix: 'de', family: 'Graaf', gender: 'female', age: 9, bsn: '999010147', deceasedDaysAgo: 45 })
      .condition(icd10('C92.0', 'Acute myeloïde leukemie'), { onsetDaysAgo: 400 })
      .task('overlijden-melden', 'Overlijden gemeld', 'completed', { daysAgo: 45 })
      .task('nazorg', 'Nazorg', 'in-progress', { daysAgo: 44, owner: { reference: `Organization/${HOSPITAL_ORG}`, display: 'Spaarnestad Ziekenhuis, kinderafdeling' } })
      .task('nazorg-contact', 'Telefonisch contact met ouders', 'completed', { daysAgo: 30 })
      .relatedPerson('Sanne de Graaf', MOTHER);
  });

  // nazorg-brochure (nazorggesprek declined, grief brochure not yet sent)
  make('pz-ria-brouwer', ['nazorg-brochure'], (b) => {
    b.patient({ given: 'Ria', family: 'Brouwer', gender: 'female', age: 84, bsn: '999010159', deceasedDaysAgo: 50 })
      .condition(COPD, { onsetDaysAgo: 3000 })
      .task('overlijden-melden', 'Overlijden gemeld', 'completed', { daysAgo: 50 })
      .task('nazorg', 'Nazorg', 'in-progress', { daysAgo: 49, owner: HOSPITAL_OWNER })
      .task('nazorg-contact', 'Telefonisch contact met nabestaande', 'completed', { daysAgo: 35 })
      .task('nazorggesprek', 'Nazorggesprek', 'cancelled', { daysAgo: 35, reason: 'Nabestaande wil geen nazorggesprek' })
      .relatedPerson('Kees Brouwer', SON);
  });

  // no prompt: young, no serious illness, at the outpatient clinic
  make('pz-daan-vos', [], (b) => {
    b.patient({ given: 'Daan', family: 'Vos', gender: 'male', age: 34, bsn: '999010160' })
      .condition(snomed('195967001', 'Astma'), { onsetDaysAgo: 5000 })
      .encounter('AMB', 'finished', { start: t.daysAgo(20), end: t.daysAgo(20) });
  });

  // no prompt: admitted with pneumonia, no serious illness
  make('pz-emma-kok', [], (b) => {
    b.patient({ given: 'Emma', family: 'Kok', gender: 'female', age: 45, bsn: '999010172' })
      .condition(snomed('233604007', 'Pneumonie'), { onsetDaysAgo: 4 })
      .encounter('IMP', 'in-progress', { start: t.daysAgo(3) }, { location: 'ward-longziekten', bed: '2.01' })
      .medications(['Amoxicilline/clavulaanzuur 625 mg']);
  });

  // no prompt: palliative and fully arranged at home (behandelwensen, wijkverpleegkundige as centrale zorgverlener, naasten, medication review, burden asked)
  make('pz-frans-de-boer', [], (b) => {
    b.patient({ given: 'Frans', prefix: 'de', family: 'Boer', gender: 'male', age: 88, bsn: '999010184' })
      .condition(snomed('49049000', 'Ziekte van Parkinson'), { onsetDaysAgo: 4000 })
      .palliative(120)
      .treatmentDirective(BEADEMING, 'deny', 100)
      .medications(['Levodopa/carbidopa', 'Macrogol', 'Paracetamol 500 mg', 'Domperidon', 'Melatonine'])
      .procedure(MEDICATION_REVIEW, 40)
      .observation('caregiver-burden', 'Belasting mantelzorger (CSI)', { valueInteger: 8 }, 30);
    documented(b, { central: 'wijkvpk', naaste: ['Greet de Boer', WIFE, true] });
  });

  return out;
}

/** The hospital's TOPZ team itself (no subject): who the per-patient TOPZ care teams draw from. */
export function topzTeam(): Json {
  return {
    resourceType: 'CareTeam',
    id: TOPZ_TEAM_ID,
    status: 'active',
    name: 'TOPZ (Team Ondersteuning Palliatieve Zorg)',
    managingOrganization: [{ reference: `Organization/${HOSPITAL_ORG}` }],
    participant: [
      { member: { reference: 'Practitioner/prac-topz-arts', display: 'Pieter Mulder' } },
      { member: { reference: 'Practitioner/prac-topz-vpk', display: 'Ingrid Smit' } },
    ],
  };
}
