// Name-based UUIDs (RFC 9562 version 5, SHA-1): the same name always gives the same UUID. A card's uuid
// is the UUID of its prompt's acknowledgement key, so "the same card" means the same prompt on the same
// data, across calls, restarts and machines; the feedback store counts it once.
import { createHash } from 'node:crypto';

// a fixed namespace of our own (random once, never to change: it would re-key every stored card)
const NAMESPACE = Buffer.from('6f3e2b9c1d7a4e58a0c4b2f19d83e7a5', 'hex');

export function uuidFor(name: string): string {
  const h = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}
