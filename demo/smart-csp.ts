// The headers a hospital's web server sends with the SMART app (dist/smart), and the demo sends too:
// a strict Content-Security-Policy (no inline or foreign script, no plugins, no <base> rewriting,
// network only to the FHIR and authorization servers, framed only by the EHR) and no Referer, because
// the launch URL carries `code` and `state`. docs/hospital-it.md gives the same lines for nginx/Apache.
// The vite build has no inline script (tests/e2e/smart-csp.e2e.test.ts checks dist/smart), so
// `script-src 'self'` needs no hash or nonce.

export interface SmartCspConfig {
  /** origins the app talks to: the FHIR server(s) and the authorization server (authorize is a navigation, token a fetch) */
  connect: string[];
  /** origins of the EHR pages that embed the app in a frame; [] = not framable */
  frameAncestors: string[];
}

const origin = (u: string) => new URL(u).origin;

/** The Content-Security-Policy value for the SMART app. */
export function smartCsp(config: SmartCspConfig): string {
  const connect = [...new Set(config.connect.map(origin))];
  const ancestors = [...new Set(config.frameAncestors.map(origin))];
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${connect.join(' ')}`.trim(),
    "object-src 'none'",
    "base-uri 'none'",
    // the login (authorize) and the EHR launch navigate the frame or window: no form posts elsewhere
    "form-action 'self'",
    `frame-ancestors ${ancestors.length ? ancestors.join(' ') : "'none'"}`,
  ].join('; ');
}

/** Every header the SMART app is served with. */
export function smartSecurityHeaders(config: SmartCspConfig): Record<string, string> {
  return {
    'Content-Security-Policy': smartCsp(config),
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
  };
}
