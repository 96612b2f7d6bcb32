// The SMART app's security headers as the demo serves them (and a hospital's web server should).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type DemoServer } from '../../demo/server';
import { smartCsp } from '../../demo/smart-csp';

const directives = (csp: string) => Object.fromEntries(csp.split(/;\s*/).map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

describe('smartCsp', () => {
  it('strict script, object and base; connect only to the configured servers; framed only by the EHR origins', () => {
    const d = directives(smartCsp({ connect: ['https://fhir.ziekenhuis.example/r4', 'https://auth.ziekenhuis.example/oauth/token'], frameAncestors: ['https://epd.ziekenhuis.example/chart'] }));
    expect(d['script-src']).toEqual(["'self'"]);
    expect(d['object-src']).toEqual(["'none'"]);
    expect(d['base-uri']).toEqual(["'none'"]);
    expect(d['default-src']).toEqual(["'none'"]);
    expect(d['connect-src']).toEqual(["'self'", 'https://fhir.ziekenhuis.example', 'https://auth.ziekenhuis.example']);
    expect(d['frame-ancestors']).toEqual(['https://epd.ziekenhuis.example']);
    expect(JSON.stringify(d)).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });

  it('no EHR origin: the app cannot be framed at all', () => {
    expect(directives(smartCsp({ connect: [], frameAncestors: [] }))['frame-ancestors']).toEqual(["'none'"]);
  });
});

describe('the demo serves /smart with them', () => {
  let demo: DemoServer;
  beforeAll(async () => {
    demo = await startDemo({ port: 0, seed: false, fixturesDir: false, buildSmart: false });
  });
  afterAll(async () => demo?.close());

  it('CSP with the demo FHIR server and the demo EHR as the only frame parent, and Referrer-Policy: no-referrer', async () => {
    const res = await fetch(`${demo.url}/smart/index.html`);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const d = directives(res.headers.get('content-security-policy') ?? '');
    expect(d['script-src']).toEqual(["'self'"]);
    expect(d['connect-src']).toEqual(["'self'", demo.url]);
    expect(d['frame-ancestors']).toEqual([demo.url]);
    // the EHR pages themselves are not the app: no app CSP there
    expect((await fetch(`${demo.url}/ehr/`)).headers.get('content-security-policy') ?? '').not.toContain('frame-ancestors ' + demo.url);
  });
});
