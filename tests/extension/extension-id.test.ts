// The fixed extension id is the one Chromium derives from the manifest `key`: SHA-256 over the DER
// public key, first 32 hex digits, 0-f as a-p. If someone replaces the key, the id, the redirect URI,
// the policy examples and the hospitals' registrations must change with it: this test says so.
import { createHash, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLIENTS, redirectAllowed } from '../../demo/auth/clients';
import { EXTENSION_ID, EXTENSION_PUBLIC_KEY, EXTENSION_REDIRECT_URI } from '../../lib/extension/extension-id';

const idOf = (b64: string) =>
  createHash('sha256')
    .update(Buffer.from(b64, 'base64'))
    .digest('hex')
    .slice(0, 32)
    .replace(/[0-9a-f]/g, (c) => String.fromCharCode(97 + parseInt(c, 16)));

describe('the fixed extension id', () => {
  it('is derived from the committed public key, an RSA SubjectPublicKeyInfo of 2048 bits', () => {
    const key = createPublicKey({ key: Buffer.from(EXTENSION_PUBLIC_KEY, 'base64'), format: 'der', type: 'spki' });
    expect(key.asymmetricKeyType).toBe('rsa');
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(idOf(EXTENSION_PUBLIC_KEY)).toBe(EXTENSION_ID);
    expect(EXTENSION_REDIRECT_URI).toBe(`https://${EXTENSION_ID}.chromiumapp.org/`);
  });

  it('another key gives another id (the e2e test managed-policy checks Chromium itself gives EXTENSION_ID)', () => {
    // any change of one byte gives another id
    const other = Buffer.from(EXTENSION_PUBLIC_KEY, 'base64');
    other[other.length - 1] ^= 1;
    expect(idOf(other.toString('base64'))).not.toBe(EXTENSION_ID);
    expect(EXTENSION_ID).toMatch(/^[a-p]{32}$/);
  });

  it('the demo registers its redirect URI for the extension client', () => {
    const client = CLIENTS.find((c) => c.id === 'palliatief-zorgpad')!;
    expect(client.redirectPatterns).toContain(EXTENSION_REDIRECT_URI);
    expect(redirectAllowed(client, EXTENSION_REDIRECT_URI, 'http://127.0.0.1:8787')).toBe(true);
  });

  it('no private key is in the repository', () => {
    const files = (readFileSync('.gitignore', 'utf8') + '').split('\n');
    expect(files).toContain('*.pem');
    expect(readFileSync('lib/extension/extension-id.ts', 'utf8')).not.toMatch(/PRIVATE KEY/);
  });
});
