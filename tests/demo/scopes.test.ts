// SMART scope parsing and redirect URI matching: the pure parts of the authorization server.
import { describe, expect, it } from 'vitest';
import { CLIENTS, redirectAllowed } from '../../demo/auth/clients';
import { inPatientCompartment } from '../../demo/auth/compartment';
import { access, grantableScopes, parseResourceScope, parseScopes } from '../../demo/auth/scopes';

describe('SMART scopes', () => {
  it('parses v2 scopes', () => {
    expect(parseResourceScope('patient/Observation.rs')).toEqual({ level: 'patient', type: 'Observation', perms: new Set(['r', 's']) });
    expect(parseResourceScope('user/*.cruds')?.perms).toEqual(new Set(['c', 'r', 'u', 'd', 's']));
    expect(parseResourceScope('system/Patient.r')?.level).toBe('system');
  });

  it('parses v1 scopes', () => {
    expect(parseResourceScope('patient/*.read')?.perms).toEqual(new Set(['r', 's']));
    expect(parseResourceScope('user/Task.write')?.perms).toEqual(new Set(['c', 'u', 'd']));
    expect(parseResourceScope('patient/*.*')?.perms).toEqual(new Set(['c', 'r', 'u', 'd', 's']));
  });

  it('grants nothing for malformed, out-of-order or query-narrowed scopes', () => {
    for (const s of ['patient/Observation.sr', 'patient/Observation.', 'patient/Observation.x', 'doctor/*.rs', 'patient/Observation.rs?category=laboratory', 'launch', 'openid']) {
      expect(parseResourceScope(s), s).toBeUndefined();
    }
  });

  it('tells unrestricted from patient-compartment access', () => {
    const { grants } = parseScopes('launch patient/*.rs user/Practitioner.rs patient/Task.c');
    expect(access(grants, 'Condition', 'r')).toBe('patient');
    expect(access(grants, 'Practitioner', 's')).toBe('unrestricted');
    expect(access(grants, 'Task', 'c')).toBe('patient');
    expect(access(grants, 'Condition', 'c')).toBe('denied');
    expect(access(grants, 'Condition', 'd')).toBe('denied');
  });

  it('grants only scopes it understands', () => {
    expect(grantableScopes('launch openid fhirUser patient/*.rs bogus/scope offline_access patient/X.rs?y=1')).toEqual(['launch', 'openid', 'fhirUser', 'patient/*.rs', 'offline_access']);
  });
});

describe('patient compartment', () => {
  it('recognises the patient and resources pointing at it', () => {
    expect(inPatientCompartment({ resourceType: 'Patient', id: 'a' }, 'a')).toBe(true);
    expect(inPatientCompartment({ resourceType: 'Patient', id: 'b' }, 'a')).toBe(false);
    expect(inPatientCompartment({ resourceType: 'Condition', subject: { reference: 'Patient/a' } }, 'a')).toBe(true);
    expect(inPatientCompartment({ resourceType: 'Consent', patient: { reference: 'http://x/fhir/Patient/a' } }, 'a')).toBe(true);
    expect(inPatientCompartment({ resourceType: 'Task', for: { reference: 'Patient/a/_history/2' } }, 'a')).toBe(true);
    expect(inPatientCompartment({ resourceType: 'Condition', subject: { reference: 'Patient/ab' } }, 'a')).toBe(false);
    expect(inPatientCompartment({ resourceType: 'Practitioner', id: 'a' }, 'a')).toBe(false);
  });
});

describe('redirect URIs', () => {
  const client = CLIENTS[0];
  const origin = 'http://127.0.0.1:8787';
  it('accepts the SMART app and the extension redirect', () => {
    expect(redirectAllowed(client, `${origin}/smart/index.html`, origin)).toBe(true);
    expect(redirectAllowed(client, `${origin}/smart/index.html?x=1`, origin)).toBe(true);
    expect(redirectAllowed(client, 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/', origin)).toBe(true);
    expect(redirectAllowed(client, 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/callback', origin)).toBe(true);
  });
  it('refuses everything else', () => {
    for (const u of [
      `${origin}/smart/index.htmlx`,
      `${origin}/smart/`,
      'http://127.0.0.1:8788/smart/index.html',
      'https://evil.example/smart/index.html',
      'https://abc.chromiumapp.org/',
      'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org.evil.example/',
      'https://x.abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/',
      `${origin}/smart/index.html#frag`,
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(redirectAllowed(client, u, origin), u).toBe(false);
    }
  });
});
