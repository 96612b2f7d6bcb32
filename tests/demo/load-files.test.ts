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
import { engineEvaluate } from '../../components/engine';
import { generateRecords } from '../pathway/support/generate';
import { NICTIZ_DIR } from '../support/fixtures';
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
  report = await loadFiles(demo.repo, [dir, join(NICTIZ_DIR, 'nl-core-Patient-01.xml'), join(dir, 'missing.json')]);
});
afterAll(() => demo?.close());

describe('own records into the demo', () => {
  it('loads every readable file, reports the unreadable ones by name, ignores what is not FHIR JSON/XML', () => {
    expect(report.loaded.map((l) => l.file.split('/').pop()).sort()).toEqual(['collection-0.json', 'collection-1.json', 'collection-2.json', 'nl-core-Patient-01.xml', 'transaction.json']);
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
