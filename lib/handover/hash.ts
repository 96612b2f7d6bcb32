// A deterministic content hash for the handover document's version identifier: the same data gives
// the same identifier (a re-save is no duplicate), new data a new one (a new version). Pure JS
// (FNV-1a, four 32-bit lanes = 128 bits) because lib/handover may use no crypto API or I/O; it is an
// idempotency key, not a security measure.
function fnv1a(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** 32 hex characters. */
export function contentHash(text: string): string {
  return [0, 0x9e3779b9, 0x85ebca6b, 0xc2b2ae35].map((s) => fnv1a(text, s).toString(16).padStart(8, '0')).join('');
}

/** A UUID-shaped (version 5-like, deterministic) id from any text, for urn:uuid fullUrls. */
export function uuidFrom(text: string): string {
  const h = contentHash(text);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
