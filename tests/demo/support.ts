// Shared helpers for the demo server tests: one server per file (fast: no fixtures, no SMART build),
// FHIR JSON fetches, and PKCE done by hand the way a SMART client does it.
import { createHash, randomBytes } from 'node:crypto';
import { startDemo, type DemoOptions, type DemoServer } from '../../demo/server';

export const FHIR_JSON = 'application/fhir+json';

export function startTestDemo(opts: DemoOptions = {}): Promise<DemoServer> {
  return startDemo({ port: 0, fixturesDir: false, buildSmart: false, now: new Date('2024-06-15T10:00:00+02:00'), ...opts });
}

export async function fhir(demo: DemoServer, path: string, init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { accept: FHIR_JSON, ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let body: string | undefined;
  if (init.body !== undefined) {
    body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    headers['content-type'] ??= FHIR_JSON;
  }
  const res = await fetch(`${demo.fhirBase}/${path.replace(/^\//, '')}`, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

export function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export const issueAll = (demo: DemoServer) => demo.issueToken('user/*.cruds');
