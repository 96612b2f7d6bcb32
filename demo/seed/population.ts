// N synthetic Dutch patients for scale runs (`npm run demo -- --population N`, PZ_POPULATION=N):
// deterministic per seed, dates relative to the demo's `now`, a mix that makes the rules fire the
// way a hospital's population does: frail elderly for the surprise question, new and documented
// palliative patients, the SEH, discharges tomorrow, and deaths 0–70 days ago with nazorg tasks at
// every stage. Ids `pop-000001…`, BSNs 999xxxxxx (not real). Built with the seed's PatientBuilder,
// so the encodings are exactly those of pathway.md.
import { Clock, icd10, PatientBuilder, snomed, V3_ROLE, type Coding, type Json } from './build';
import { GP_ID, HOSPITAL_ORG, SEH_LOCATION, WARDS, WIJKVPK_ID } from './people';
import { prng as random } from '../../lib/prng'; // the same seed gives the same population

const GIVEN_M = ['Jan', 'Kees', 'Henk', 'Piet', 'Gerrit', 'Wim', 'Theo', 'Bram', 'Ruud', 'Sjaak', 'Mohamed', 'Joost', 'Arie', 'Hans', 'Dirk', 'Ahmet', 'Ton', 'Frans'];
const GIVEN_F = ['Maria', 'Anna', 'Johanna', 'Riet', 'Truus', 'Ans', 'Els', 'Wilma', 'Ingrid', 'Fatima', 'Sanne', 'Lies', 'Greet', 'Corrie', 'Naima', 'Henny', 'Joke', 'Marga'];
const FAMILY: [string | undefined, string][] = [
  [undefined, 'Jansen'], ['de', 'Jong'], [undefined, 'Visser'], ['van', 'Leeuwen'], [undefined, 'Smits'], ['de', 'Boer'], [undefined, 'Mulder'], ['van der', 'Meer'],
  [undefined, 'Bos'], [undefined, 'Vos'], [undefined, 'Peters'], ['van', 'Dam'], [undefined, 'Hendriks'], ['van den', 'Heuvel'], [undefined, 'Dekker'], [undefined, 'Brouwer'],
  ['de', 'Wit'], [undefined, 'Dijkstra'], [undefined, 'Koster'], ['El', 'Idrissi'], [undefined, 'Kaya'], ['van', 'Wijk'], [undefined, 'Postma'], [undefined, 'Kuipers'],
];
const SERIOUS: Coding[] = [
  snomed('254637007', 'Niet-kleincellig longcarcinoom'), icd10('C25.9', 'Pancreascarcinoom'), icd10('C50.9', 'Mammacarcinoom, gemetastaseerd'), icd10('J44.9', 'COPD'),
  snomed('84114007', 'Hartfalen'), icd10('C18.9', 'Coloncarcinoom, gemetastaseerd'), snomed('52448006', 'Dementie'), icd10('N18.5', 'Chronische nierziekte stadium 5'),
];
const OTHER: Coding[] = [snomed('44054006', 'Diabetes mellitus type 2'), snomed('38341003', 'Hypertensie'), snomed('195967001', 'Astma'), snomed('233604007', 'Pneumonie')];
const REANIMATIE = snomed('89666000', 'Reanimatie');
const IC_OPNAME = snomed('305351004', 'Opname op intensive care');
const ACP = snomed('713603004', 'Advance care planning');
const MEDICATION_REVIEW = snomed('182836005', 'Medicatiereview');
const RELATIONS = [
  { system: V3_ROLE, code: 'DAU', display: 'Dochter' },
  { system: V3_ROLE, code: 'SON', display: 'Zoon' },
  { system: V3_ROLE, code: 'WIFE', display: 'Echtgenote' },
  { system: V3_ROLE, code: 'HUSB', display: 'Echtgenoot' },
  { system: V3_ROLE, code: 'DOMPART', display: 'Partner' },
];
const OWNER = { reference: `Organization/${HOSPITAL_ORG}`, display: 'Spaarnestad Ziekenhuis' };
const CENTRAL = [
  { ref: `Practitioner/${GP_ID}`, display: 'dr. Jan Visser (huisarts)' },
  { ref: `Practitioner/${WIJKVPK_ID}`, display: 'Esra Demir (wijkverpleegkundige)' },
];

type Scenario = 'healthy' | 'frail' | 'sq-answered' | 'new-palliative' | 'documented' | 'seh' | 'discharge' | 'deceased';
const WEIGHTS: [Scenario, number][] = [['healthy', 25], ['frail', 15], ['sq-answered', 8], ['new-palliative', 10], ['documented', 10], ['seh', 7], ['discharge', 5], ['deceased', 20]];

export interface PopulationPatient {
  id: string;
  scenario: Scenario;
  resources: Json[];
}

/** The population, one patient at a time (a generator, so a bench can stream 100,000 without holding them). */
export function* populationPatients(n: number, now: Date, seed = 1): Generator<PopulationPatient> {
  const rnd = random(seed);
  const t = new Clock(now);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const total = WEIGHTS.reduce((s, [, w]) => s + w, 0);
  for (let i = 1; i <= n; i++) {
    let r = rnd() * total;
    const scenario = WEIGHTS.find(([, w]) => (r -= w) < 0)?.[0] ?? 'healthy';
    const id = `pop-${String(i).padStart(6, '0')}`;
    const b = new PatientBuilder(id, t);
    const female = rnd() < 0.5;
    const [prefix, family] = pick(FAMILY);
    const age = scenario === 'healthy' ? int(18, 60) : scenario === 'deceased' && rnd() < 0.05 ? int(2, 16) : int(55, 95);
    const ward = pick(WARDS).id;
    const bed = `${int(1, 4)}.${String(int(1, 20)).padStart(2, '0')}`;
    const naaste = () => b.relatedPerson(`${pick(rnd() < 0.5 ? GIVEN_F : GIVEN_M)} ${prefix ? `${prefix} ` : ''}${family}`, pick(RELATIONS), { mantelzorger: rnd() < 0.5, phone: `06 5${String(int(0, 9999999)).padStart(7, '0')}` });
    b.patient({ given: pick(female ? GIVEN_F : GIVEN_M), prefix, family, gender: female ? 'female' : 'male', age, bsn: `999${String(200000 + i).padStart(6, '0')}`, deceasedDaysAgo: scenario === 'deceased' ? int(0, 70) : undefined });
    const deceasedDays = scenario === 'deceased' ? Math.round((now.getTime() - Date.parse(String(b.resources[0].deceasedDateTime))) / 86_400_000) : 0;

    switch (scenario) {
      case 'healthy':
        b.condition(pick(OTHER), { onsetDaysAgo: int(10, 4000) }).encounter('AMB', 'finished', { start: t.daysAgo(int(1, 300)), end: t.daysAgo(0) });
        break;
      case 'frail':
        b.condition(pick(SERIOUS), { onsetDaysAgo: int(100, 3000) }).condition(pick(OTHER), { onsetDaysAgo: int(100, 5000) });
        if (rnd() < 0.6) b.condition(pick(SERIOUS), { onsetDaysAgo: int(100, 3000) });
        b.encounter('IMP', 'in-progress', { start: t.daysAgo(int(0, 10)) }, { location: ward, bed }).medications(['Furosemide 40 mg', 'Metoprolol 50 mg', 'Omeprazol 20 mg']);
        break;
      case 'sq-answered':
        b.condition(pick(SERIOUS), { onsetDaysAgo: int(60, 900) })
          .surpriseAnswer(rnd() < 0.2, int(0, 20))
          .encounter('IMP', 'in-progress', { start: t.daysAgo(int(1, 14)) }, { location: ward, bed });
        break;
      case 'new-palliative':
        b.condition(pick(SERIOUS), { onsetDaysAgo: int(60, 900) }).palliative(int(0, 30)).encounter('IMP', 'in-progress', { start: t.daysAgo(int(0, 14)) }, { location: ward, bed });
        b.medications(['Oxycodon 10 mg', 'Macrogol', 'Metoclopramide', 'Pantoprazol 40 mg', 'Dexamethason 4 mg'].slice(0, int(2, 5)));
        break;
      case 'documented':
      case 'discharge': {
        b.condition(pick(SERIOUS), { onsetDaysAgo: int(100, 1500) }).palliative(int(10, 200)).treatmentDirective(REANIMATIE, 'deny', int(5, 60)).procedure(ACP, int(5, 60));
        b.careTeam('Zorgteam thuis', [{ ...pick(CENTRAL), central: true }]);
        naaste();
        if (rnd() < 0.5) b.procedure(MEDICATION_REVIEW, int(5, 90));
        if (rnd() < 0.6) b.observation('caregiver-burden', 'Belasting mantelzorger (CSI)', { valueInteger: int(0, 13) }, int(1, 60));
        if (scenario === 'discharge') b.encounter('IMP', 'in-progress', { start: t.daysAgo(int(2, 10)), end: t.hoursAhead(int(6, 30)) }, { location: ward, bed });
        else b.encounter('AMB', 'finished', { start: t.daysAgo(int(1, 60)), end: t.daysAgo(0) });
        break;
      }
      case 'seh':
        b.condition(pick(SERIOUS), { onsetDaysAgo: int(100, 2000) }).palliative(int(10, 300)).encounter('EMER', rnd() < 0.5 ? 'in-progress' : 'triaged', { start: t.hoursAgo(int(0, 5)) }, { location: SEH_LOCATION.id });
        if (rnd() < 0.5) b.treatmentDirective(REANIMATIE, 'deny', int(5, 200)).treatmentDirective(IC_OPNAME, 'deny', int(5, 200));
        if (rnd() < 0.5) naaste();
        break;
      case 'deceased': {
        b.condition(pick(SERIOUS), { onsetDaysAgo: int(100, 1500) });
        if (rnd() < 0.7) b.palliative(int(deceasedDays + 1, deceasedDays + 120));
        b.encounter('IMP', 'finished', { start: t.daysAgo(deceasedDays + int(1, 14)), end: t.daysAgo(deceasedDays) }, { location: ward, bed, dischargeDisposition: 'exp' });
        naaste();
        // nazorg at a random stage: each step done (or not) the way wards actually leave gaps
        const informed = deceasedDays > 0 && rnd() < 0.85;
        if (informed) b.task('overlijden-melden', 'Overlijden gemeld aan huisarts en betrokken zorgverleners', 'completed', { daysAgo: deceasedDays });
        const owned = informed && rnd() < 0.8;
        if (owned) b.task('nazorg', 'Nazorg', 'in-progress', { daysAgo: Math.max(0, deceasedDays - 1), owner: OWNER });
        if (owned && deceasedDays > 14 && rnd() < 0.7) b.task('nazorg-contact', 'Telefonisch contact met nabestaande', 'completed', { daysAgo: Math.max(0, deceasedDays - int(7, 21)) });
        if (owned && deceasedDays > 35 && rnd() < 0.5) {
          if (rnd() < 0.3) b.task('nazorggesprek', 'Nazorggesprek', 'cancelled', { daysAgo: deceasedDays - 30, reason: 'Nabestaande wil geen nazorggesprek' });
          else b.task('nazorggesprek', 'Nazorggesprek', 'completed', { daysAgo: deceasedDays - 30 });
        }
        break;
      }
    }
    yield { id, scenario, resources: b.resources };
  }
}
