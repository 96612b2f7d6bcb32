// Input handling shared by the auditor CLIs (npm run evaluate, npm run handover): files and
// directories of FHIR JSON/XML, a config file, and the usage error that exits with 2.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Fhir } from 'fhir';
import { parseConfig, type PathwayConfig } from '../lib/pathway/index';

import { UsageError } from './cli-options';

export { UsageError };

export interface Failure {
  source: string;
  message: string;
}

export function listInputs(paths: string[], failures: Failure[]): string[] {
  const files: string[] = [];
  const walk = (p: string) => {
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      failures.push({ source: p, message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      return;
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        const child = join(p, name);
        // inside a directory only FHIR files are taken; a file named explicitly is always tried
        if (statSync(child).isDirectory() || ['.json', '.xml'].includes(extname(name).toLowerCase())) walk(child);
      }
    } else files.push(p);
  };
  for (const p of paths) walk(p);
  return files;
}

let fhir: Fhir | undefined;
export function readResource(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  const trimmed = text.trimStart();
  if (trimmed.startsWith('<')) {
    // The `fhir` converter is lenient and turns a truncated document into a partial resource; refuse
    // one whose root element is never closed, so that lost data is reported instead of evaluated.
    const root = /<([A-Za-z][\w.-]*)[\s>/]/.exec(trimmed.replace(/^<\?xml[^>]*\?>\s*/, '').replace(/^(<!--[\s\S]*?-->\s*)+/, ''));
    const end = text.trimEnd();
    if (!root || !(end.endsWith(`</${root[1]}>`) || (end.endsWith('/>') && !end.includes(`</`)))) {
      throw new Error('XML document is incomplete (root element not closed)');
    }
    fhir ??= new Fhir();
    const obj = fhir.xmlToObj(text);
    if (!obj || typeof obj.resourceType !== 'string') throw new Error('not a FHIR XML resource');
    return obj;
  }
  const json = JSON.parse(text) as unknown;
  if (typeof json !== 'object' || json === null || typeof (json as { resourceType?: unknown }).resourceType !== 'string') {
    throw new Error('not a FHIR resource or Bundle (no resourceType)');
  }
  return json;
}

/**
 * --config <file>: the pathway config, optionally with a "handover" object (hospitalName) that the
 * handover document uses; the rest is validated as the pathway config.
 */
export function readConfigFile(file: string): { config: PathwayConfig; extra: Record<string, unknown> } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`--config: cannot read ${file}: ${(e as Error).message}`);
  }
  const { handover, ...rest } = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  try {
    return { config: parseConfig(typeof json === 'object' && json !== null ? rest : json), extra: handover === undefined ? {} : { handover } };
  } catch (e) {
    throw new UsageError(`--config: ${(e as Error).message}`);
  }
}
