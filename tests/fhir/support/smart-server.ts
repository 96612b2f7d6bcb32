// A minimal SMART authorization server for unit tests of the launch code (real HTTP, because
// fhirclient fetches the well-known document with its own fetch). It verifies PKCE S256 at the token
// endpoint, so a test passes only when the client really sent a matching code_verifier.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';

export interface SmartTestServer {
  iss: string;
  authorize: string;
  close(): Promise<void>;
  /** code issued for an authorize URL (what the login page would redirect with) */
  issueCode(authorizeUrl: string): string;
  tokenRequests: URLSearchParams[];
}

/** `token`: replaces the token response's context fields (e.g. a ward launch: no patient, fhirContext, user scopes) */
export async function startSmartTestServer(opts: { authorizeEndpoint?: boolean; s256?: boolean; patient?: string; token?: Record<string, unknown> } = {}): Promise<SmartTestServer> {
  const codes = new Map<string, { challenge: string; redirect: string }>();
  const tokenRequests: URLSearchParams[] = [];
  let origin = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', '*');
    if (req.method === 'OPTIONS') return void res.end();
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/fhir/.well-known/smart-configuration') {
      if (opts.authorizeEndpoint === false) return json(404, {});
      return json(200, {
        authorization_endpoint: `${origin}/auth/authorize`,
        token_endpoint: `${origin}/auth/token`,
        code_challenge_methods_supported: opts.s256 === false ? ['plain'] : ['S256'],
        capabilities: ['launch-ehr', 'launch-standalone', 'client-public', 'context-ehr-patient', 'permission-v2'],
      });
    }
    if (url.pathname === '/fhir/metadata') return json(200, { resourceType: 'CapabilityStatement', rest: [{ mode: 'server' }] });
    if (url.pathname === '/auth/token' && req.method === 'POST') {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const p = new URLSearchParams(body);
        tokenRequests.push(p);
        const issued = codes.get(p.get('code') ?? '');
        const verifier = p.get('code_verifier') ?? '';
        const s256 = createHash('sha256').update(verifier).digest('base64url');
        if (!issued || issued.challenge !== s256 || issued.redirect !== p.get('redirect_uri')) return json(400, { error: 'invalid_grant' });
        codes.delete(p.get('code')!);
        json(200, {
          access_token: 'at-secret',
          token_type: 'Bearer',
          expires_in: 3600,
          ...(opts.token ?? { scope: 'launch openid', patient: opts.patient ?? 'pat-1', encounter: 'enc-9' }),
          need_patient_banner: false,
        });
      });
      return;
    }
    json(404, {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address() as { port: number };
  origin = `http://127.0.0.1:${addr.port}`;
  return {
    iss: `${origin}/fhir`,
    authorize: `${origin}/auth/authorize`,
    tokenRequests,
    issueCode(authorizeUrl) {
      const u = new URL(authorizeUrl);
      const code = `code-${codes.size + 1}-${Math.random().toString(36).slice(2)}`;
      codes.set(code, { challenge: u.searchParams.get('code_challenge')!, redirect: u.searchParams.get('redirect_uri')! });
      return code;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
