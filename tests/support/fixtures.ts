// Real fixtures in the repository's fixtures/ (see fixtures/SOURCES.md): zib2020 examples in FHIR XML,
// converted with the `fhir` package, and Synthea R4 transaction bundles.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Fhir } from 'fhir';

// from this file's path as a string: under jsdom the global URL is jsdom's, which fileURLToPath refuses
export const FIXTURES_DIR = process.env.PZ_FIXTURES_DIR ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures');
export const NICTIZ_DIR = join(FIXTURES_DIR, 'nictiz-zib2020');
export const SYNTHEA_DIR = join(FIXTURES_DIR, 'synthea');

const fhir = new Fhir();
const cache = new Map<string, unknown>();

// Each call returns a fresh copy so a test can never change what the next one sees.
const copy = <T>(x: T): T => structuredClone(x);

/** A zib2020 example by file name without extension, e.g. "nl-core-TreatmentDirective2-02", as JSON. */
export function loadNictiz(name: string): Record<string, unknown> & { resourceType: string } {
  const key = `nictiz:${name}`;
  if (!cache.has(key)) cache.set(key, fhir.xmlToObj(readFileSync(join(NICTIZ_DIR, `${name}.xml`), 'utf8')));
  return copy(cache.get(key)) as Record<string, unknown> & { resourceType: string };
}

/** All zib2020 examples whose file name starts with the prefix. */
export function loadNictizAll(prefix = ''): (Record<string, unknown> & { resourceType: string })[] {
  return readdirSync(NICTIZ_DIR)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.xml'))
    .sort()
    .map((f) => loadNictiz(f.slice(0, -4)));
}

export function syntheaPath(prefix: string): string {
  const file = readdirSync(SYNTHEA_DIR).find((f) => f.startsWith(prefix) && f.endsWith('.json'));
  if (!file) throw new Error(`no Synthea fixture starting with ${prefix}`);
  return join(SYNTHEA_DIR, file);
}

/** A Synthea bundle by name prefix, e.g. "Michele_Wolf". */
export function loadSynthea(prefix: string): { resourceType: 'Bundle'; type: string; entry: { fullUrl?: string; resource: Record<string, unknown> }[] } {
  const key = `synthea:${prefix}`;
  if (!cache.has(key)) cache.set(key, JSON.parse(readFileSync(syntheaPath(prefix), 'utf8')));
  return copy(cache.get(key)) as ReturnType<typeof loadSynthea>;
}
