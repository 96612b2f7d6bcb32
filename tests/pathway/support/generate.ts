// Deterministic synthetic records for speed measurements (tests and `npm run bench`): Bundles shaped like
// real hospital records (Synthea-like volume: encounters, observations, medication, conditions), with
// pathway-relevant facts mixed in so every rule has work to do. Same (n, seed) → same output.
import { DEFAULT_CODE_SYSTEM } from '../../../lib/pathway/config';
import { prng } from '../../support/prng';

type Json = Record<string, unknown>;


const SNOMED = 'http://snomed.info/sct';
const CONDITIONS = ['13645005', '88805009', '26929004', '254637007', '44054006', '38341003', '195967001', '40055000', '162864005', '10509002'];
const TREATMENTS = ['89666000', '40617009', '305351004', '32485007'];
const PZ_TASKS = ['nazorg', 'nazorg-contact', 'nazorggesprek', 'overlijden-melden', 'behandelwensengesprek'];

export interface GenerateOptions {
  /** the instant the dates are relative to (default 2024-06-15T10:00+02:00) */
  now?: Date;
  /** vital-sign/lab observations per record (default 90, as in the Synthea fixtures) */
  observations?: number;
  /**
   * Resources no rule reads (Claim, ExplanationOfBenefit, Immunization, DiagnosticReport) per record.
   * Real records carry them and they cost parsing; the default 40 matches the Synthea fixtures' mix.
   */
  unread?: number;
}

export function generateRecords(n: number, seed: number, opts: GenerateOptions = {}): Json[] {
  const rnd = prng(seed);
  const now = (opts.now ?? new Date('2024-06-15T10:00:00+02:00')).getTime();
  const nObs = opts.observations ?? 90;
  const nUnread = opts.unread ?? 40;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const iso = (daysBack: number) => new Date(now - daysBack * 86_400_000 - Math.floor(rnd() * 86_400_000)).toISOString();
  const date = (daysBack: number) => iso(daysBack).slice(0, 10);
  const cc = (system: string, code: string) => ({ coding: [{ system, code }] });
  const out: Json[] = [];

  for (let i = 0; i < n; i++) {
    const pid = `gen-${seed}-${i}`;
    const subject = { reference: `urn:uuid:${pid}` };
    let k = 0;
    const entry: { fullUrl: string; resource: Json }[] = [];
    const add = (resource: Json) => {
      const id = `${pid}-${k++}`;
      entry.push({ fullUrl: `urn:uuid:${id}`, resource: { id, ...resource } });
    };
    const dead = rnd() < 0.15;
    const age = 10 + Math.floor(rnd() * 85);
    entry.push({
      fullUrl: `urn:uuid:${pid}`,
      resource: {
        resourceType: 'Patient',
        id: pid,
        name: [{ family: `Jansen-${i}`, given: ['Test'] }],
        birthDate: date(age * 365.25),
        ...(dead ? { deceasedDateTime: iso(Math.floor(rnd() * 200)) } : {}),
        generalPractitioner: [{ reference: 'Practitioner/gp', display: 'Huisarts Bakker' }],
      },
    });
    if (rnd() < 0.4)
      add({ resourceType: 'Condition', clinicalStatus: cc('http://terminology.hl7.org/CodeSystem/condition-clinical', 'active'), code: cc(SNOMED, '103735009'), subject, onsetDateTime: iso(rnd() * 300) });
    for (let c = 0; c < 1 + Math.floor(rnd() * 6); c++)
      add({
        resourceType: 'Condition',
        clinicalStatus: cc('http://terminology.hl7.org/CodeSystem/condition-clinical', rnd() < 0.7 ? 'active' : 'resolved'),
        code: cc(SNOMED, pick(CONDITIONS)),
        subject,
        onsetDateTime: iso(rnd() * 3000),
      });
    for (let e = 0; e < 5 + Math.floor(rnd() * 15); e++) {
      const cls = pick(['AMB', 'AMB', 'AMB', 'EMER', 'IMP']);
      const start = rnd() * 800;
      const active = e === 0 && rnd() < 0.2;
      add({
        resourceType: 'Encounter',
        status: active ? 'in-progress' : 'finished',
        class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: active ? pick(['EMER', 'IMP']) : cls },
        subject,
        period: active ? { start: iso(0.5), end: new Date(now + rnd() * 72 * 3_600_000).toISOString() } : { start: iso(start), end: iso(Math.max(0, start - 1)) },
        serviceProvider: { reference: 'Organization/sg', display: 'Spaarne Gasthuis' },
      });
    }
    for (let m = 0; m < Math.floor(rnd() * 9); m++)
      add({ resourceType: 'MedicationRequest', status: pick(['active', 'active', 'stopped']), intent: 'order', medicationCodeableConcept: { text: `Middel ${m}` }, subject, authoredOn: iso(rnd() * 400) });
    for (let o = 0; o < nObs; o++)
      add({
        resourceType: 'Observation',
        status: 'final',
        code: cc('http://loinc.org', pick(['8302-2', '29463-7', '39156-5', '8867-4', '2339-0'])),
        subject,
        effectiveDateTime: iso(rnd() * 1500),
        valueQuantity: { value: Math.round(rnd() * 1000) / 10, unit: 'x' },
      });
    if (rnd() < 0.3)
      add({ resourceType: 'Observation', status: 'final', code: cc(DEFAULT_CODE_SYSTEM, 'surprise-question'), subject, effectiveDateTime: iso(rnd() * 250), valueBoolean: rnd() < 0.5 });
    if (rnd() < 0.3)
      add({
        resourceType: 'Consent',
        status: 'active',
        scope: cc('http://terminology.hl7.org/CodeSystem/consentscope', 'treatment'),
        category: [cc(SNOMED, '129125009')],
        // ppc-1: a Consent names its policy; a validating server refuses one without
        policyRule: cc('http://terminology.hl7.org/CodeSystem/v3-ActCode', 'OPTIN'),
        patient: subject,
        dateTime: date(rnd() * 300),
        provision: { type: pick(['permit', 'deny']), code: [cc(SNOMED, pick(TREATMENTS))] },
      });
    if (rnd() < 0.3) add({ resourceType: 'RelatedPerson', patient: subject, relationship: [cc('urn:oid:2.16.840.1.113883.2.4.3.11.60.40.4.23.1', '100001')], name: [{ text: 'Naaste' }] });
    if (rnd() < 0.2)
      add({ resourceType: 'CareTeam', status: 'active', name: rnd() < 0.5 ? 'TOPZ' : 'Thuiszorg', subject, participant: [{ role: [cc(DEFAULT_CODE_SYSTEM, 'centrale-zorgverlener')], member: { reference: 'Practitioner/wv', display: 'Wijkverpleegkundige' } }] });
    if (dead && rnd() < 0.6)
      add({ resourceType: 'Task', status: pick(['completed', 'requested', 'cancelled']), intent: 'order', code: cc(DEFAULT_CODE_SYSTEM, pick(PZ_TASKS)), for: subject, owner: rnd() < 0.5 ? { display: 'Afdeling' } : undefined, statusReason: rnd() < 0.3 ? { text: 'geen behoefte' } : undefined });
    for (let u = 0; u < nUnread; u++) {
      const kind = pick(['Claim', 'ExplanationOfBenefit', 'Immunization', 'DiagnosticReport']);
      const when = iso(rnd() * 2000);
      if (kind === 'Immunization')
        add({ resourceType: kind, status: 'completed', vaccineCode: { coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '140', display: 'Influenza, seasonal, injectable' }] }, patient: subject, occurrenceDateTime: when });
      else if (kind === 'DiagnosticReport')
        add({ resourceType: kind, status: 'final', code: cc('http://loinc.org', '51990-0'), subject, effectiveDateTime: when, result: Array.from({ length: 6 }, (_, x) => ({ reference: `urn:uuid:${pid}-obs-${x}` })) });
      else
        add({
          resourceType: kind,
          status: 'active',
          use: 'claim',
          patient: subject,
          billablePeriod: { start: when, end: when },
          provider: { reference: 'Organization/sg', display: 'Spaarne Gasthuis' },
          insurance: [{ sequence: 1, focal: true, coverage: { display: 'Zorgverzekeraar' } }],
          item: Array.from({ length: 3 + Math.floor(rnd() * 4) }, (_, x) => ({
            sequence: x + 1,
            productOrService: { coding: [{ system: SNOMED, code: pick(CONDITIONS), display: 'Encounter for check up (procedure)' }], text: 'Encounter for check up' },
            encounter: [{ reference: `urn:uuid:${pid}-enc` }],
            net: { value: Math.round(rnd() * 50000) / 100, currency: 'EUR' },
          })),
          total: { value: Math.round(rnd() * 100000) / 100, currency: 'EUR' },
        });
    }
    out.push({ resourceType: 'Bundle', type: 'collection', entry });
  }
  return out;
}
