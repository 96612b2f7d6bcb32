// The handover document (lib/handover): every item from the record, exactly the gaps handover-gaps
// reports, both encodings where pathway.md recognises two, the Nictiz fixtures, malformed input.
// @ts-expect-error jsdom ships no types here; only its DOMParser is used
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { buildHandover, handoverFhir, handoverHtml, handoverText, type HandoverDocument } from '../../lib/handover/index';
import { buildRecord, HANDOVER_ITEMS, type PatientRecord } from '../../lib/pathway/index';
import { loadNictizAll } from '../support/fixtures';
import {
  MANTELZORGER,
  NOW,
  PZ,
  SNOMED,
  carePlan,
  careTeam,
  cc,
  condition,
  daysAgo,
  docRef,
  encounter,
  goal,
  hoursAhead,
  hoursAgo,
  medication,
  palliative,
  patient,
  pz,
  promptFor,
  relatedPerson,
  snomed,
  treatmentDirective,
  advanceDirective,
} from '../pathway/support/builders';

type Json = Record<string, any>;

function recordOf(resources: unknown[], id = 'p1'): PatientRecord {
  const r = buildRecord(resources).records.find((x) => x.patient === `Patient/${id}`);
  if (!r) throw new Error(`no record for ${id}`);
  return r;
}
const docOf = (resources: unknown[], now = NOW) => buildHandover(recordOf(resources), { now, handover: { hospitalName: 'Spaarne Gasthuis' } });
const section = (doc: HandoverDocument, id: string) => [...doc.items, ...doc.context].find((s) => s.id === id)!;
const text = (doc: HandoverDocument, id: string) => section(doc, id).lines.map((l) => l.text).join('\n');

const stay = () => encounter('IMP', 'in-progress', { start: daysAgo(5), end: hoursAhead(20) }, { id: 'stay1', serviceProvider: { reference: 'Organization/zh', display: 'Spaarne Gasthuis' } });
const base = () => [patient({ gp: 'Dr. E. de Huisarts' }), palliative(daysAgo(40)), stay()];
const dim = (d: string, name: string) => condition(snomed('1', name), { category: [pz(d)] });

/** Encoding A of every item: Goal, treatment directive Consent, MedicationRequest, DocumentReference MDO, pz#centrale-zorgverlener, … */
function everythingA(): Json[] {
  return [
    ...base(),
    goal('713148004'),
    treatmentDirective('89666000', 'deny', { id: 'td-rea' }),
    treatmentDirective('40617009', 'permit', { id: 'td-bea' }),
    medication('active', 'Morfine retard 20 mg', { reason: true }),
    medication('active', 'Haloperidol 1 mg', { authoredOn: daysAgo(2), reason: true, encounter: 'stay1' }),
    medication('stopped', 'Simvastatine 40 mg', { statusReason: true, encounter: 'stay1' }),
    { ...docRef('mdo-verslag', daysAgo(3)), description: 'MDO oncologie: palliatief beleid afgesproken' },
    careTeam([{ role: [pz('centrale-zorgverlener')], member: { reference: 'Practitioner/wv', display: 'Marja Wijkverpleegkundige', type: 'Practitioner' } }], { name: 'Thuiszorg Zuid, team Noord' }),
    carePlan('vervolgbeleid'),
    carePlan('individueel-zorgplan'),
    dim('lichamelijk', 'Pijn'),
    dim('psychisch', 'Angst'),
    relatedPerson([MANTELZORGER], { name: 'Rob Dijkstra' }),
  ];
}

/** Encoding B of each item with two: advance directive document, case manager SNOMED, GP only, Composition MDO, MedicationStatement, Patient.contact. */
function everythingB(): Json[] {
  return [
    { ...patient({ gp: 'Dr. E. de Huisarts' }), contact: [{ relationship: [cc({ system: 'http://terminology.hl7.org/CodeSystem/v2-0131', code: 'C', display: 'Contactpersoon' })], name: { text: 'Els Jansen' }, telecom: [{ system: 'phone', value: '06-12345678' }] }] },
    palliative(daysAgo(40)),
    stay(),
    goal('385987000'),
    { resourceType: 'DocumentReference', id: 'ad-doc', status: 'current', type: cc({ system: 'http://loinc.org', code: '42348-3' }), subject: { reference: 'Patient/p1' }, date: daysAgo(50), description: 'Schriftelijke euthanasieverklaring' },
    medication('active', 'Oxycodon 5 mg', { kind: 'statement' }),
    { resourceType: 'Composition', id: 'patz1', status: 'final', type: cc(pz('patz-verslag')), subject: { reference: 'Patient/p1' }, date: daysAgo(10), title: 'PaTz-bespreking', author: [{ display: 'PaTz-groep Noord' }] },
    careTeam([{ role: [snomed('768832004')], member: { display: 'Karin Casemanager' } }]),
    carePlan('vervolgbeleid'),
    carePlan('individueel-zorgplan'),
    dim('sociaal', 'Eenzaamheid'),
  ];
}

describe('handover document: items filled from the record', () => {
  it('everything present (encoding A): no gaps, every item with its facts, handover-gaps silent', () => {
    const doc = docOf(everythingA());
    expect(doc.missing).toEqual([]);
    expect(doc.items.map((i) => [i.id, i.present])).toEqual(HANDOVER_ITEMS.map((i) => [i, true]));
    expect(promptFor('handover-gaps', everythingA())).toBeUndefined();
    expect(text(doc, 'behandeldoel')).toMatch(/^713148004|symptoom|713148004/i);
    expect(text(doc, 'behandelwensen')).toContain('Behandelgrens Reanimatie: niet uitvoeren');
    expect(text(doc, 'behandelwensen')).toContain('Behandelgrens Beademing: wel uitvoeren');
    expect(text(doc, 'medicatieoverzicht')).toContain('Haloperidol 1 mg — reden: pijn');
    expect(text(doc, 'medicatieoverzicht')).toContain('Gestopt: Simvastatine 40 mg — reden: niet meer zinvol');
    expect(text(doc, 'mdo-verslag')).toContain('MDO oncologie: palliatief beleid afgesproken');
    expect(text(doc, 'centrale-zorgverlener')).toContain('Marja Wijkverpleegkundige');
    expect(text(doc, 'centrale-zorgverlener')).toContain('Thuiszorg Zuid, team Noord');
    expect(text(doc, 'betrokken-zorgverleners')).toContain('Huisarts: Dr. E. de Huisarts');
    expect(text(doc, 'problemen-4-dimensies')).toContain('Lichamelijk: Pijn');
    expect(text(doc, 'problemen-4-dimensies')).toContain('Niets vastgelegd in: sociaal, spiritueel (zingeving).');
    expect(text(doc, 'naasten')).toContain('Rob Dijkstra');
    expect(text(doc, 'opname')).toContain('Ziekenhuis: Spaarne Gasthuis');
    expect(section(doc, 'behandelwensen').entries).toEqual(expect.arrayContaining(['Consent/td-rea', 'Consent/td-bea']));
  });

  it('everything present (encoding B, the second recognised encoding of each item)', () => {
    const doc = docOf(everythingB());
    expect(doc.missing).toEqual([]);
    expect(text(doc, 'behandelwensen')).toContain('Wilsverklaring (document): Schriftelijke euthanasieverklaring');
    expect(text(doc, 'medicatieoverzicht')).toContain('Oxycodon 5 mg');
    expect(text(doc, 'mdo-verslag')).toContain('PaTz-bespreking');
    expect(text(doc, 'centrale-zorgverlener')).toContain('Karin Casemanager');
    expect(text(doc, 'betrokken-zorgverleners')).toBe('Huisarts: Dr. E. de Huisarts, geen telefoonnummer vastgelegd');
    expect(text(doc, 'naasten')).toBe('Els Jansen (Contactpersoon), tel. 06-12345678');
    expect(section(doc, 'mdo-verslag').entries).toEqual(['Composition/patz1']);
  });

  it('everything missing: each item shown as missing with where to record it, nothing invented; same gaps as the prompt', () => {
    const resources = [patient(), palliative(daysAgo(40)), stay()];
    const doc = docOf(resources);
    expect(doc.missing).toEqual([...HANDOVER_ITEMS]);
    expect(promptFor('handover-gaps', resources)?.missing).toEqual(doc.missing);
    for (const item of doc.items) {
      expect(item.present).toBe(false);
      expect(item.where).toBeTruthy();
      expect(item.entries).toEqual([]);
    }
    expect(text(doc, 'medicatieoverzicht')).toBe('Geen actuele medicatie vastgelegd.');
    const comp = (handoverFhir(doc, recordOf(resources)).bundle.entry as Json[])[0].resource;
    for (const s of comp.section.slice(0, 9)) {
      expect(s.emptyReason.coding[0].code).toBe('unavailable');
      expect(s.entry).toBeUndefined();
      expect(s.text.div).toContain('Vastleggen in:');
    }
  });

  it('a medication started during the stay without a reason makes the item missing, and the document says which', () => {
    const resources = [...everythingA(), medication('active', 'Dexamethason 4 mg', { authoredOn: daysAgo(1) })];
    const doc = docOf(resources);
    expect(doc.missing).toEqual(['medicatieoverzicht']);
    expect(promptFor('handover-gaps', resources)?.missing).toEqual(['medicatieoverzicht']);
    expect(section(doc, 'medicatieoverzicht').lines).toContainEqual({ text: 'Gestart zonder reden: Dexamethason 4 mg.', gap: true });
  });

  it('for seeded random records the document lists exactly the gaps handover-gaps reports', () => {
    let seed = 20261201;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const pieces = everythingA().slice(3);
    for (let run = 0; run < 60; run++) {
      const resources = [...base(), ...pieces.filter(() => rnd() < 0.5)];
      const doc = docOf(resources);
      expect(doc.missing).toEqual(promptFor('handover-gaps', resources)?.missing ?? []);
    }
  });

  it('every directive appears with wel/niet, SpecificationOther text and date; an ended one is marked', () => {
    const resources = [
      ...base(),
      treatmentDirective('89666000', 'deny'),
      treatmentDirective('305351004', 'permit', { specificationOther: 'Alleen na overleg met de echtgenote' }),
      treatmentDirective('281789004', 'deny', { end: daysAgo(3) }),
      { ...treatmentDirective('40617009', 'deny'), provision: { type: 'deny', code: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-NullFlavor', code: 'OTH' }], text: 'ICD uitzetten' }] } },
      advanceDirective('NR'),
    ];
    const t = text(docOf(resources), 'behandelwensen');
    expect(t).toContain('Behandelgrens Reanimatie: niet uitvoeren');
    expect(t).toContain('Behandelgrens Opname op intensive care: anders — Alleen na overleg met de echtgenote');
    expect(t).toMatch(/Behandelgrens Antibiotica: niet uitvoeren \([^)]*\) — niet meer geldig/);
    expect(t).toContain('Behandelgrens ICD uitzetten [ICD-deactivatie]: niet uitvoeren');
    expect(t).toContain('Wilsverklaring Niet-reanimerenverklaring: niet uitvoeren');
    expect(t).toMatch(/\(\d{1,2} \w+ 2024\)/);
  });
});

describe('handover document: the Nictiz zib2020 fixtures', () => {
  const all = loadNictizAll();
  const { records } = buildRecord(all);
  const docs = records.map((r) => buildHandover(r, { now: NOW }));
  const byPatient = (id: string) => docs.find((d) => d.patient === `Patient/${id}`)!;

  it('the AdvanceDirective patient: every directive with wel/niet and the contact persons by name', () => {
    const doc = byPatient('nl-core-Patient-01');
    const t = text(doc, 'behandelwensen');
    expect(t).toContain('Wilsverklaring Niet-reanimerenverklaring: niet uitvoeren');
    expect(t).toContain('Wilsverklaring Volmacht');
    expect(t).toContain('Behandelgrens Opname op intensive care: wel uitvoeren');
    expect(text(doc, 'naasten')).toContain('J.P.M. Pietersen');
    expect(text(doc, 'naasten')).toContain('+31611234567');
  });

  it('TreatmentDirective2-02: SpecificationOther overrides wel/niet and its text is shown', () => {
    expect(text(byPatient('nl-core-TreatmentDirective2-02-Patient-01'), 'behandelwensen')).toMatch(/Reanimatie: anders — .+/);
  });

  it('the CareTeam patient: involved caregivers by name, never a FHIR id', () => {
    const doc = byPatient('nl-core-CareTeam-01-Patient-01');
    expect(doc.missing).not.toContain('betrokken-zorgverleners');
    expect(text(doc, 'betrokken-zorgverleners')).toContain('W. Klaasen');
    for (const d of docs) expect(handoverText(d)).not.toMatch(/\b(Patient|Practitioner|PractitionerRole|Organization|Encounter|Consent|CareTeam|RelatedPerson)\/[A-Za-z0-9.-]+/);
  });
});

describe('handover document: bad input and versions', () => {
  it('a malformed resource is reported and skipped; the rest of the document is still made', () => {
    const bad = { resourceType: 'Goal', id: 'broken', lifecycleStatus: 'active', subject: { reference: 'Patient/p1' } }; // no description
    const doc = docOf([...everythingA(), bad]);
    expect(doc.errors).toEqual([expect.objectContaining({ resourceType: 'Goal', id: 'broken' })]);
    expect(doc.missing).toEqual([]);
    expect(text(doc, 'behandelwensen')).toContain('Reanimatie');
  });

  it('the same data later is the same version (no duplicate); new data a new version that replaces the earlier DocumentReference', () => {
    const resources = everythingA();
    const a = handoverFhir(docOf(resources), recordOf(resources));
    const b = handoverFhir(docOf(resources, new Date(NOW.getTime() + 3_600_000)), recordOf(resources));
    expect(b.version).toBe(a.version);
    expect(b.setId).toBe(a.setId);
    const earlier = { ...a.documentReference, id: 'old-doc' };
    const changed = [...resources, dim('spiritueel', 'Zingevingsvragen'), earlier];
    const c = handoverFhir(docOf(changed), recordOf(changed));
    expect(c.version).not.toBe(a.version);
    expect(c.setId).toBe(a.setId);
    expect(c.documentReference.relatesTo).toEqual([{ code: 'replaces', target: { reference: 'DocumentReference/old-doc' } }]);
  });

  it('the FHIR document: Composition first, LOINC 18761-7, one section per item coded in our CodeSystem, references resolve in the Bundle', () => {
    const resources = everythingA();
    const { bundle, documentReference } = handoverFhir(docOf(resources), recordOf(resources));
    expect(bundle.type).toBe('document');
    const entries = bundle.entry as Json[];
    const comp = entries[0].resource;
    expect(comp.resourceType).toBe('Composition');
    expect(comp.type.coding[0]).toMatchObject({ system: 'http://loinc.org', code: '18761-7' });
    expect(comp.section.map((s: Json) => s.code.coding[0].code)).toEqual([...HANDOVER_ITEMS, 'naasten', 'huisarts-hap', 'opname', 'besproken']);
    for (const s of comp.section) expect(s.code.coding[0].system).toBe(PZ);
    const urls = new Set(entries.map((e) => e.fullUrl));
    for (const s of comp.section) for (const e of s.entry ?? []) expect(urls.has(e.reference)).toBe(true);
    expect(urls.has(comp.subject.reference)).toBe(true);
    // every narrative is a well-formed XHTML div (FHIR txt-1/txt-2), text escaped
    const parser = new new JSDOM('').window.DOMParser();
    for (const div of [comp.text.div, ...comp.section.map((s: Json) => s.text.div)]) {
      const xml = parser.parseFromString(div, 'application/xml');
      expect(xml.getElementsByTagName('parsererror')).toHaveLength(0);
      expect(xml.documentElement.localName).toBe('div');
      expect(xml.documentElement.namespaceURI).toBe('http://www.w3.org/1999/xhtml');
      expect(xml.documentElement.textContent?.trim()).toBeTruthy();
    }
    expect(documentReference.type).toEqual(comp.type);
    expect(documentReference.subject).toMatchObject({ reference: 'Patient/p1' });
    expect(SNOMED).toBeTruthy();
  });

  it('the letter: A4 print CSS, the hospital name, gaps highlighted; the plain text names every item', () => {
    const resources = [patient(), palliative(daysAgo(40)), stay(), goal('713148004')];
    const doc = docOf(resources);
    const html = handoverHtml(doc);
    expect(html).toContain('@page { size: A4');
    expect(html).toContain('Spaarne Gasthuis');
    for (const item of doc.items) expect(html).toContain(`<section class="item${item.present ? '' : ' missing'}" data-section="${item.id}">`);
    expect(doc.items.filter((i) => !i.present)).toHaveLength(8);
    const plain = handoverText(doc);
    for (const item of doc.items) expect(plain).toContain(item.title);
    expect(plain).toContain('Let op: 8 van 9 overdrachtspunten ontbreken.');
    expect(hoursAgo(1)).toBeTruthy();
  });
});
