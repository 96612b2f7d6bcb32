// The OAuth 2.0 authorization server behind SMART App Launch: @node-oauth/oauth2-server with an
// in-memory model. The library does the protocol (codes, PKCE verification, refresh); this model
// decides clients, redirect URIs, scopes and what the token response carries (SMART launch context).
import OAuth2Server from '@node-oauth/oauth2-server';
import type { AuthorizationCode, AuthorizationCodeModel, Client, RefreshToken, RefreshTokenModel, Token } from '@node-oauth/oauth2-server';
import { findClient, redirectAllowed } from './clients';
import { signJwt, type SigningKey } from './jwt';
import { grantableScopes } from './scopes';
import { ACCESS_TOKEN_TTL_S, getAccessGrant, randomToken, saveAccessToken } from './store';

/** Who authorized, and the launch context the token will carry. */
export interface DemoUser {
  /** Practitioner id */
  id: string;
  name?: string;
  patient?: string;
  encounter?: string;
  /** false after an EHR launch (the EHR already shows the patient), true for standalone */
  needPatientBanner: boolean;
  /** the user's pathway role (pathway.md roles); goes out as `pz_role` so the app opens in that role */
  role?: string;
  /** launched from a ward list: that Location's id (token response fhirContext, SMART 2.0) */
  location?: string;
}

export interface OAuthDeps {
  origin: () => string;
  fhirBase: () => string;
  signingKey: SigningKey;
}

const scopeList = (scope: string | string[] | undefined): string[] => (Array.isArray(scope) ? scope : String(scope ?? '').split(/\s+/)).filter(Boolean);

export function createOAuthServer(deps: OAuthDeps): OAuth2Server {
  const codes = new Map<string, AuthorizationCode>();
  const refreshTokens = new Map<string, RefreshToken>();

  const toClient = (id: string): Client | undefined => {
    const c = findClient(id);
    // the library insists on a non-empty list before it asks validateRedirectUri (which matches the patterns)
    return c ? { id: c.id, grants: c.grants, redirectUris: c.redirectPatterns } : undefined;
  };

  /** SMART launch context for the token response, limited to what the scopes asked for. */
  function contextFor(scope: string[], user: DemoUser) {
    const has = (s: string) => scope.includes(s);
    const fhirUser = has('fhirUser') || has('openid') ? `Practitioner/${user.id}` : undefined;
    const patient = user.patient && (has('launch') || has('launch/patient')) ? user.patient : undefined;
    const encounter = user.encounter && (has('launch') || has('launch/encounter')) ? user.encounter : undefined;
    const location = user.location && has('launch') ? user.location : undefined;
    return { patient, encounter, fhirUser, location };
  }

  const model: AuthorizationCodeModel & RefreshTokenModel & { validateRedirectUri(uri: string, client: Client): Promise<boolean> } = {
    async getClient(clientId: string) {
      return toClient(clientId) ?? false;
    },
    async validateRedirectUri(uri: string, client: Client) {
      const c = findClient(client.id);
      return !!c && redirectAllowed(c, uri, deps.origin());
    },
    async validateScope(_user, _client, scope) {
      const granted = grantableScopes(scope ?? []);
      return granted.length ? granted : false;
    },
    async generateAccessToken() {
      return randomToken();
    },
    async generateRefreshToken() {
      return randomToken();
    },
    async generateAuthorizationCode() {
      return randomToken();
    },
    async saveAuthorizationCode(code, client, user) {
      const saved: AuthorizationCode = { ...code, client, user };
      codes.set(code.authorizationCode, saved);
      return saved;
    },
    async getAuthorizationCode(code: string) {
      return codes.get(code) ?? false;
    },
    async revokeAuthorizationCode(code: AuthorizationCode) {
      // one use only: a replayed code is refused
      return codes.delete(code.authorizationCode);
    },
    async saveToken(token: Token, client: Client, user: DemoUser) {
      const scope = scopeList(token.scope);
      const ctx = contextFor(scope, user);
      saveAccessToken(token.accessToken, {
        scope,
        context: ctx,
        expiresAt: token.accessTokenExpiresAt?.getTime() ?? Date.now() + ACCESS_TOKEN_TTL_S * 1000,
        clientId: client.id,
        // a login (or its refresh): acts for a user or patient, never a Backend Services system
        grantType: 'authorization_code',
      });
      if (token.refreshToken) {
        refreshTokens.set(token.refreshToken, { refreshToken: token.refreshToken, refreshTokenExpiresAt: token.refreshTokenExpiresAt, scope, client, user });
      }
      const now = Math.floor(Date.now() / 1000);
      const idToken = scope.includes('openid')
        ? signJwt(
            {
              iss: deps.fhirBase(),
              sub: user.id,
              aud: client.id,
              iat: now,
              exp: now + ACCESS_TOKEN_TTL_S,
              fhirUser: `${deps.fhirBase()}/Practitioner/${user.id}`,
              ...(user.name ? { name: user.name } : {}),
            },
            deps.signingKey,
          )
        : undefined;
      // Extended attributes (allowExtendedTokenAttributes) become fields of the token response: list
      // them explicitly (the library hands in e.g. the authorization code, which must not echo back).
      return {
        accessToken: token.accessToken,
        accessTokenExpiresAt: token.accessTokenExpiresAt,
        refreshToken: token.refreshToken,
        refreshTokenExpiresAt: token.refreshTokenExpiresAt,
        scope,
        client,
        user,
        ...(ctx.patient ? { patient: ctx.patient } : {}),
        ...(ctx.encounter ? { encounter: ctx.encounter } : {}),
        ...(ctx.location ? { fhirContext: [{ reference: `Location/${ctx.location}` }] } : {}),
        ...(ctx.fhirUser ? { fhirUser: ctx.fhirUser } : {}),
        need_patient_banner: user.needPatientBanner,
        // extra launch context (SMART allows more token-response fields): the EHR user's role
        ...(user.role ? { pz_role: user.role } : {}),
        ...(idToken ? { id_token: idToken } : {}),
      };
    },
    async getAccessToken(accessToken: string) {
      const g = getAccessGrant(accessToken);
      if (!g) return false;
      const client = toClient(g.clientId) ?? { id: g.clientId, grants: [] };
      return { accessToken, accessTokenExpiresAt: new Date(g.expiresAt), scope: g.scope, client, user: { id: g.context.fhirUser ?? 'unknown' } };
    },
    async getRefreshToken(refreshToken: string) {
      const t = refreshTokens.get(refreshToken);
      if (!t) return false;
      if (t.refreshTokenExpiresAt && t.refreshTokenExpiresAt.getTime() < Date.now()) {
        refreshTokens.delete(refreshToken);
        return false;
      }
      return t;
    },
    async revokeToken(token: RefreshToken) {
      return refreshTokens.delete(token.refreshToken);
    },
  };

  return new OAuth2Server({
    model,
    allowExtendedTokenAttributes: true,
    requireClientAuthentication: { authorization_code: false, refresh_token: false },
    allowEmptyState: false,
    accessTokenLifetime: ACCESS_TOKEN_TTL_S,
    refreshTokenLifetime: 8 * 3600,
    authorizationCodeLifetime: 120,
    alwaysIssueNewRefreshToken: true,
  });
}
