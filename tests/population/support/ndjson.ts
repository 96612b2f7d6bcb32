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

/** Streams resources into <dir>/<Type>.ndjson (1 MiB per write); returns the files written. */
export function writeNdjson(dir: string, resources: Iterable<Json>): string[] {
  return writeNdjsonLines(dir, (function* () {
    for (const r of resources) yield { type: r.resourceType as string, line: `${JSON.stringify(r)}\n` };
  })());
}

/**
 * The NDJSON lines of the bundles, as `bundleResources` + `writeNdjson` would write them, without the
 * deep copy: each resource is stringified once and its urn:uuid `reference` values replaced in the
 * text (JSON.stringify escapes quotes inside strings, so `"reference":"` only matches a key).
 */
export function* bundleLines(bundles: Json[]): Generator<{ type: string; line: string }> {
  for (const b of bundles) {
    const entries = (b.entry as { fullUrl?: string; resource: Json }[] | undefined) ?? [];
    const urls = new Map<string, string>();
    for (const e of entries) {
      const id = (e.resource.id as string | undefined) ?? e.fullUrl?.replace(/^urn:uuid:/, '');
      if (e.fullUrl && id) urls.set(e.fullUrl, `${e.resource.resourceType as string}/${id}`);
    }
    for (const e of entries) {
      const id = (e.resource.id as string | undefined) ?? e.fullUrl?.replace(/^urn:uuid:/, '');
      const text = JSON.stringify({ ...e.resource, id }).replace(/"reference":"((?:[^"\\]|\\.)*)"/g, (m, ref: string) => {
        const to = urls.get(JSON.parse(`"${ref}"`) as string);
        return to === undefined ? m : `"reference":${JSON.stringify(to)}`;
      });
      yield { type: e.resource.resourceType as string, line: `${text}\n` };
    }
  }
}

/** Lines into <dir>/<type><suffix>.ndjson, 1 MiB per write; returns the files written. */
export function writeNdjsonLines(dir: string, lines: Iterable<{ type: string; line: string }>, suffix = ''): string[] {
  mkdirSync(dir, { recursive: true });
  const files = new Map<string, { fd: number; pending: string[]; size: number }>();
  const flush = (f: { fd: number; pending: string[]; size: number }) => {
    if (f.pending.length > 0) writeSync(f.fd, f.pending.join(''));
    f.pending = [];
    f.size = 0;
  };
  for (const { type, line } of lines) {
    let f = files.get(type);
    if (f === undefined) files.set(type, (f = { fd: openSync(join(dir, `${type}${suffix}.ndjson`), 'w'), pending: [], size: 0 }));
    f.pending.push(line);
    f.size += line.length;
    if (f.size >= 1 << 20) flush(f);
  }
  for (const f of files.values()) {
    flush(f);
    closeSync(f.fd);
  }
  return [...files.keys()].map((t) => join(dir, `${t}${suffix}.ndjson`));
}
