// Serious-illness conditions that signal the surprise question (pathway.md "Signals for
// surprise-question"; S3 Signaleren: "een niet curatieve aandoening … met beperkte levensverwachting").
// Data, not code: add a group or a code here and the rule picks it up.

export interface IllnessGroup {
  id: string;
  /** Dutch label used in prompt details */
  label: string;
  snomed: readonly string[];
  /** ICD-10 code prefixes (dots ignored), e.g. "I50", "N18.4"; ranges as [from, to] on 3 characters */
  icd10Prefixes: readonly string[];
  icd10Ranges?: readonly (readonly [string, string])[];
  /** ICPC-1 codes (prefix match, so "R95" also matches "R95.01") */
  icpc: readonly string[];
  source: string;
}

const CONTRACT = 'pathway.md, Signals for surprise-question';

export const SERIOUS_ILLNESS: readonly IllnessGroup[] = [
  {
    id: 'cancer',
    label: 'maligniteit',
    snomed: ['363346000', '254637007', '424132000', '254632001', '67811000119102', '363406005', '109838007', '93761005', '94260004', '314994000'],
    icd10Prefixes: [],
    icd10Ranges: [['C00', 'C97']],
    // ICPC-1: A79 maligniteit NAO; R84 maligniteit bronchus/long; D75 maligniteit colon/rectum;
    // X76 maligniteit borst; Y77 maligniteit prostaat (NHG-tabel ICPC-1).
    icpc: ['A79', 'R84', 'D75', 'X76', 'Y77'],
    source: `${CONTRACT}; ICPC-1 chapter codes for malignancies (NHG-tabel ICPC)`,
  },
  { id: 'copd', label: 'COPD/emfyseem', snomed: ['13645005', '185086009', '87433001'], icd10Prefixes: ['J43', 'J44'], icpc: ['R95'], source: CONTRACT },
  { id: 'heart-failure', label: 'hartfalen', snomed: ['84114007', '88805009', '42343007'], icd10Prefixes: ['I50'], icpc: ['K77'], source: CONTRACT },
  {
    id: 'dementia',
    label: 'dementie',
    snomed: ['52448006', '26929004', '230265002'],
    icd10Prefixes: ['F00', 'F01', 'F02', 'F03', 'G30'],
    icpc: ['P70'],
    source: CONTRACT,
  },
  {
    id: 'ckd-4-5',
    label: 'chronische nierschade stadium 4-5 / eindstadium',
    snomed: ['431857002', '433146000', '46177005'],
    icd10Prefixes: ['N18.4', 'N18.5', 'N18.6'],
    icpc: [],
    source: CONTRACT,
  },
  { id: 'cirrhosis', label: 'levercirrose', snomed: ['19943007'], icd10Prefixes: ['K70.3', 'K74.6'], icpc: [], source: CONTRACT },
  { id: 'als-mnd', label: 'ALS/motorneuronziekte', snomed: ['86044005'], icd10Prefixes: ['G12.2'], icpc: [], source: CONTRACT },
  // ICPC-1 N87 is "parkinsonisme" (NHG-tabel ICPC).
  { id: 'parkinson', label: 'ziekte van Parkinson', snomed: ['49049000'], icd10Prefixes: ['G20'], icpc: ['N87'], source: CONTRACT },
];

/**
 * Suspected or in-situ findings are never signals, even if a broad code were added above
 * (pathway.md: SNOMED 162573006 suspected lung cancer, 92691004 carcinoma in situ; ICD-10 D00-D09 in situ).
 */
export const NOT_A_SIGNAL_SNOMED: readonly string[] = ['162573006', '92691004'];
