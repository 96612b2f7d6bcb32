// `npm run demo -- <file|dir>...` (demo/seed/load-files.ts): the user's own records into the running
// demo. A collection Bundle with urn:uuid references, a FHIR XML resource and a transaction load; a
// truncated file is reported and the rest still loads; what the server then holds evaluates to the
// same prompts as the file itself.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFiles, type LoadReport } from '../../demo/seed/load-files';
import type { DemoServer } from '../../demo/server';
import { buildRecord, evaluateRecord } from '../../lib/pathway/index';
import { createFhirGateway } from '../../lib/fhir/load-record';
import { engineEvaluate } from '../../lib/host/engine';
import { generateRecords } from '../pathway/support/generate';
import { NICTIZ_DIR } from '../support/fixtures';
import { HAP_ORG } from '../../demo/seed/people';
import { startTestDemo } from './support';

const NOW = new Date('2024-06-15T10:00:00+02:00');
let demo: DemoServer;
let report: LoadReport;
const dir = mkdtempSync(join(tmpdir(), 'pz-own-records-'));
const generated = generateRecords(3, 7, { now: NOW, observations: 2, unread: 1 });

beforeAll(async () => {
  demo = await startTestDemo({ fixturesDir: false });
  generated.forEach((b, i) => writeFileSync(join(dir, `collection-${i}.json`), JSON.stringify(b)));
  writeFileSync(join(dir, 'truncated.json'), JSON.stringify(generated[0]).slice(0, 300));
  writeFileSync(join(dir, 'README.txt'), 'not a record');
  writeFileSync(
    join(dir, 'transaction.json'),
    JSON.stringify({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: 'urn:uuid:0b6b6e1c-3f35-4c43-9a43-1f5d1d1f4a11', resource: { resourceType: 'Patient', name: [{ family: 'Transactie' }] }, request: { method: 'POST', url: 'Patient' } },
        {
          fullUrl: 'urn:uuid:9e0c3a52-98c4-4b4e-8d0f-4d3c0a0c2b22',
          resource: { resourceType: 'Condition', subject: { reference: 'urn:uuid:0b6b6e1c-3f35-4c43-9a43-1f5d1d1f4a11' }, code: { text: 'x' } },
          request: { method: 'POST', url: 'Condition' },
        },
      ],
    }),
  );
  // two files using the same example ids, and files reusing an id the seed already has
  const shared = (family: string, condition: string) => ({
    resourceType: 'Bundle',
    type: 'collection',
    entry: [
      { fullUrl: 'http://example.org/fhir/Patient/example', resource: { resourceType: 'Patient', id: 'example', name: [{ family }] } },
      { fullUrl: 'http://example.org/fhir/Condition/example', resource: { resourceType: 'Condition', id: 'example', subject: { reference: 'Patient/example' }, code: { text: condition } } },
      { resource: { resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: 'http://example.org/fhir/Patient/example' } } },
    ],
  });
  writeFileSync(join(dir, 'shared-a.json'), JSON.stringify(shared('Aaa', 'longkanker')));
  writeFileSync(join(dir, 'shared-b.json'), JSON.stringify(shared('Bbb', 'hartfalen')));
  writeFileSync(join(dir, 'org-hap.json'), JSON.stringify({ resourceType: 'Organization', id: HAP_ORG, name: 'Andere organisatie' }));
  writeFileSync(
    join(dir, 'transaction-put.json'),
    JSON.stringify({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: `http://example.org/fhir/Organization/${HAP_ORG}`, resource: { resourceType: 'Organization', id: HAP_ORG, name: 'Via PUT' }, request: { method: 'PUT', url: `Organization/${HAP_ORG}` } },
        {
          resource: { resourceType: 'Patient', id: 'put-patient', name: [{ family: 'Put' }], managingOrganization: { reference: `Organization/${HAP_ORG}` } },
          request: { method: 'PUT', url: 'Patient/put-patient' },
        },
      ],
    }),
  );
  report = await loadFiles(demo.repo, [dir, join(NICTIZ_DIR, 'nl-core-Patient-01.xml'), join(dir, 'missing.json')]);
});
afterAll(() => demo?.close());

describe('own records into the demo', () => {
  it('loads every readable file, reports the unreadable ones by name, ignores what is not FHIR JSON/XML', () => {
    expect(report.loaded.map((l) => l.file.split('/').pop()).sort()).toEqual([
      'collection-0.json',
      'collection-1.json',
      'collection-2.json',
      'nl-core-Patient-01.xml',
      'org-hap.json',
      'shared-a.json',
      'shared-b.json',
      'transaction-put.json',
      'transaction.json',
    ]);
    expect(report.skipped).toHaveLength(2);
    expect(report.skipped.find((s) => s.includes('truncated.json'))).toMatch(/JSON/);
    expect(report.skipped.find((s) => s.includes('missing.json'))).toMatch(/ENOENT/);
    expect(report.loaded.find((l) => l.file.endsWith('.xml'))!.patients).toEqual(['nl-core-Patient-01']);
  });

  it('a collection with urn:uuid references: on the server the record is the whole patient, with the same prompts as the file', async () => {
    const token = demo.issueToken('user/*.rs');
    const gateway = createFhirGateway({ serverUrl: demo.fhirBase, fetch: (u, i) => fetch(u, i), getAuthHeader: async () => `Bearer ${token}` });
    let compared = 0;
    for (const [i, bundle] of generated.entries()) {
      const [patientId] = report.loaded.find((l) => l.file.endsWith(`collection-${i}.json`))!.patients;
      const fromFile = buildRecord([JSON.parse(readFileSync(join(dir, `collection-${i}.json`), 'utf8'))]).records[0];
      const want = evaluateRecord(fromFile, { now: NOW }).map((p) => p.code).sort();
      const record = await gateway.loadPatientRecord(patientId);
      const got = engineEvaluate()(record.resources, { now: NOW, role: 'specialist', patientId }).prompts.map((p) => p.code as string).sort();
      expect(got, `collection-${i}`).toEqual(want);
      // the Conditions came along: their subject now points at the stored Patient
      const conditions = (bundle.entry as { resource: { resourceType: string } }[]).filter((e) => e.resource.resourceType === 'Condition').length;
      expect(record.resources.filter((r) => r.resourceType === 'Condition')).toHaveLength(conditions);
      compared += want.length;
    }
    expect(compared).toBeGreaterThan(0);
  });

  it('a transaction resolves its urn:uuid references to the new Patient', async () => {
    const [patientId] = report.loaded.find((l) => l.file.endsWith('transaction.json'))!.patients;
    const token = demo.issueToken('user/*.rs');
    const res = await fetch(`${demo.fhirBase}/Condition?subject=Patient/${patientId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await res.json()) as { entry?: unknown[] }).entry).toHaveLength(1);
  });
});

describe('ids already on the server are never overwritten', () => {
  const token = () => demo.issueToken('user/*.rs');
  const get = async (path: string) => (await fetch(`${demo.fhirBase}/${path}`, { headers: { authorization: `Bearer ${token()}` } })).json() as Promise<any>;
  const newId = (file: string, key: string) => {
    const line = report.renamed.find((r) => r.includes(file) && r.includes(`${key} → `));
    return line?.split(' → ')[1]?.split('/')[1];
  };

  it('two files sharing Patient/example: two patients, each with its own Condition (and Observation)', async () => {
    const a = report.loaded.find((l) => l.file.endsWith('shared-a.json'))!.patients;
    const b = report.loaded.find((l) => l.file.endsWith('shared-b.json'))!.patients;
    expect(a).toEqual(['example']); // the first one keeps its id
    expect(b).toHaveLength(1);
    expect(b[0]).not.toBe('example');
    expect(newId('shared-b.json', 'Patient/example')).toBe(b[0]);
    const families = await Promise.all([a[0], b[0]].map(async (id) => (await demo.repo.readResource('Patient', id)) as { name: { family: string }[] }));
    expect(families.map((p) => p.name[0].family)).toEqual(['Aaa', 'Bbb']);
    for (const [id, text] of [[a[0], 'longkanker'], [b[0], 'hartfalen']]) {
      const conditions = await get(`Condition?subject=Patient/${id}`);
      expect(conditions.entry.map((e: any) => e.resource.code.text)).toEqual([text]);
      const observations = await get(`Observation?subject=Patient/${id}`);
      expect(observations.entry).toHaveLength(1); // the fullUrl reference followed the rename too
    }
  });

  it("a file with the seed's Organization/org-hap leaves the huisartsenpost as it was", async () => {
    const hap = (await demo.repo.readResource('Organization', HAP_ORG)) as { name: string };
    expect(hap.name).toBe('Huisartsenpost Kennemerland (avond, nacht, weekend)');
    const id = newId('org-hap.json', `Organization/${HAP_ORG}`);
    expect(id).toBeTruthy();
    expect(((await demo.repo.readResource('Organization', id!)) as { name: string }).name).toBe('Andere organisatie');
  });

  it('a transaction PUT to an existing id gets a fresh id too, and its references follow', async () => {
    const id = newId('transaction-put.json', `Organization/${HAP_ORG}`);
    expect(id).toBeTruthy();
    expect(((await demo.repo.readResource('Organization', id!)) as { name: string }).name).toBe('Via PUT');
    const p = (await demo.repo.readResource('Patient', 'put-patient')) as { managingOrganization: { reference: string } };
    expect(p.managingOrganization.reference).toBe(`Organization/${id}`);
    expect(report.renamed.some((r) => r.includes('transaction-put.json') && r.includes('Patient/put-patient'))).toBe(false);
  });

  it('the report lists every rename, with the file', () => {
    expect(report.renamed).toHaveLength(4);
    expect(report.renamed.filter((r) => r.includes('shared-b.json')).map((r) => r.split(' → ')[0].split(': ')[1]).sort()).toEqual(['Condition/example', 'Patient/example']);
    expect(report.renamed.every((r) => /^.+: [A-Za-z]+\/[^ ]+ → [A-Za-z]+\/[0-9a-f-]{36}$/.test(r))).toBe(true);
  });

  it('loading stores without validation per call: the server keeps validating other requests meanwhile', async () => {
    let value = demo.repo.validate;
    let switchedOff = 0;
    Object.defineProperty(demo.repo, 'validate', {
      configurable: true,
      get: () => value,
      set: (v: boolean) => {
        if (!v) switchedOff++;
        value = v;
      },
    });
    const file = join(dir, '..', `${dir.split('/').pop()}-invalid.json`);
    // not valid FHIR (Observation needs status and code), as real systems sometimes send: still loaded
    writeFileSync(file, JSON.stringify({ resourceType: 'Observation', id: 'obs-invalid', valueString: 'x' }));
    const r = await loadFiles(demo.repo, [file]);
    expect(r.loaded[0].resources).toBe(1);
    expect(switchedOff).toBe(0);
    expect(demo.repo.validate).toBe(true);
    await expect(demo.repo.createResource({ resourceType: 'Observation', valueString: 'x' } as never)).rejects.toThrow();
  });
});
