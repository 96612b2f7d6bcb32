// Writes FHIR Bundles (Synthea transaction bundles, generated records) as Bulk Data NDJSON: one file per
// resource type, one resource a line, urn:uuid references rewritten to Type/id as a server's export has them.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

type Json = Record<string, unknown>;

function rewrite(value: unknown, urls: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => rewrite(v, urls));
  if (value && typeof value === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(value as Json)) out[k] = k === 'reference' && typeof v === 'string' && urls.has(v) ? urls.get(v) : rewrite(v, urls);
    return out;
  }
  return value;
}

/** Flattened resources of the bundles, references resolved; ids taken from fullUrl where missing. */
export function bundleResources(bundles: Json[]): Json[] {
  const out: Json[] = [];
  for (const b of bundles) {
    const entries = (b.entry as { fullUrl?: string; resource: Json }[] | undefined) ?? [];
    const urls = new Map<string, string>();
    for (const e of entries) {
      const id = (e.resource.id as string | undefined) ?? e.fullUrl?.replace(/^urn:uuid:/, '');
      if (e.fullUrl && id) urls.set(e.fullUrl, `${e.resource.resourceType as string}/${id}`);
    }
    for (const e of entries) {
      const id = (e.resource.id as string | undefined) ?? e.fullUrl?.replace(/^urn:uuid:/, '');
      out.push(rewrite({ ...e.resource, id }, urls) as Json);
    }
  }
  return out;
}

/** Streams resources into <dir>/<Type>.ndjson; returns the files written. */
export function writeNdjson(dir: string, resources: Iterable<Json>): string[] {
  mkdirSync(dir, { recursive: true });
  const fds = new Map<string, number>();
  for (const r of resources) {
    const type = r.resourceType as string;
    let fd = fds.get(type);
    if (fd === undefined) fds.set(type, (fd = openSync(join(dir, `${type}.ndjson`), 'w')));
    writeSync(fd, `${JSON.stringify(r)}\n`);
  }
  for (const fd of fds.values()) closeSync(fd);
  return [...fds.keys()].map((t) => join(dir, `${t}.ndjson`));
}
