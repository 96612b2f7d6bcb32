// The extension's fixed identity. Chromium derives an extension's id from the public key in the
// manifest's `key`: the first 128 bits of SHA-256 over the DER (SubjectPublicKeyInfo), each hex digit
// 0-f written as a-p. With the key in the manifest, every build (unpacked, e2e, self-hosted CRX) has the
// same id, so hospital policies (ExtensionSettings, 3rdparty) and the SMART redirect URI can name it.
// Only the public key is here; the private key never enters the repository (docs/hospital-it.md).
// tests/extension/extension-id.test.ts recomputes the id from the key.

/** base64 DER SubjectPublicKeyInfo of the RSA-2048 signing key (manifest `key`). */
export const EXTENSION_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtAczwCX4/eHivP/s8oDFJktWgNRK+moyfgMoMnZLfEutln4auL9thGGy2TK3oj9VsoH2eFwvdCxM9yE4XZVk+MuaaiLNflRond2TXSZhBxNqTYeLsoHhknXr0dGLwwglHeKnx3FYjaTk/Ku0sMX0VNsmnhuxYqEQsecdcY01aRDM4MSv1S+JAFH/YCcyT9b25Sgodh2H9gHdvcplQqqkbu61a41QxJcJxkMCRCoCBJEer85Dk/Pjx2ycj34mgnKyILRn5MVhyBL1G5SZE1H/MRkBur0geXP+22ia2E7/toZMPieAgX0S3SseupuyZuv/Us2oxFEE0XTnIjb05k8bPQIDAQAB';

/** The id Chromium gives the extension with EXTENSION_PUBLIC_KEY. */
export const EXTENSION_ID = 'oohdeanldkblnibopfodgllodjdpefdk';

/** chrome.identity.getRedirectURL(): the redirect URI the authorization server must register. */
export const EXTENSION_REDIRECT_URI = `https://${EXTENSION_ID}.chromiumapp.org/`;
