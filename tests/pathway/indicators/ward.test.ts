// The ward an indicator counts a patient at (indicator.ts wardOf / wardNameOf): a zib-style Encounter
// lists ward, room and bed; the ward is the location marked physicalType 'wa', else the one up the
// bed's partOf chain; a Location the export does not hold falls back to the encounter's inline display.
import { describe, expect, it } from 'vitest';
import { locationDisplays, wardNameOf, wardOf, type WardLocation } from '../../../lib/pathway/indicators/indicator';
import type { Encounter } from '../../../lib/pathway/schemas/resources';

const PT = 'http://terminology.hl7.org/CodeSystem/location-physical-type';
const type = (code: string) => ({ coding: [{ system: PT, code }] });
const enc = (location: object[]) => ({ resourceType: 'Encounter', id: 'e1', status: 'in-progress', location }) as unknown as Encounter;
const zib = (withTypes: boolean) =>
  enc([
    { location: { reference: 'Location/b3', display: 'Interne B3' }, ...(withTypes ? { physicalType: type('wa') } : {}) },
    { location: { reference: 'Location/b3-k3', display: 'Interne B3, kamer 3' }, ...(withTypes ? { physicalType: type('ro') } : {}) },
    { location: { reference: 'Location/b3-k3-12', display: 'Interne B3, kamer 3, bed 3.12' }, ...(withTypes ? { physicalType: type('bd') } : {}) },
  ]);
const LOCATIONS = new Map<string, WardLocation>([
  ['Location/b3', { name: 'Interne B3', ward: true }],
  ['Location/b3-k3', { name: 'Kamer 3', ward: false, partOf: 'Location/b3' }],
  ['Location/b3-k3-12', { name: 'Bed 3.12', ward: false, partOf: 'Location/b3-k3' }],
]);
const locate = (ref: string) => LOCATIONS.get(ref);

describe('the ward of an encounter', () => {
  it('a zib ward/room/bed list with physicalType: the ward entry', () => {
    expect(wardOf(zib(true))).toBe('Location/b3');
    expect(wardNameOf('Location/b3', locate)).toBe('Interne B3');
  });

  it('without physicalType on the encounter: the bed, named by the ward up its partOf chain', () => {
    const w = wardOf(zib(false));
    expect(w).toBe('Location/b3-k3-12');
    expect(wardNameOf(w!, locate)).toBe('Interne B3');
  });

  it('a Location the export does not hold: the inline display; neither: undefined', () => {
    const e = zib(true);
    const displays = locationDisplays([e]);
    expect(wardNameOf(wardOf(e)!, () => undefined, displays.get(wardOf(e)!))).toBe('Interne B3');
    expect(wardNameOf('Location/elders', () => undefined)).toBeUndefined();
  });

  it('a Location without a ward up its chain (or a cycle): its own name', () => {
    const cyc = new Map<string, WardLocation>([
      ['Location/a', { name: 'A', ward: false, partOf: 'Location/b' }],
      ['Location/b', { name: 'B', ward: false, partOf: 'Location/a' }],
    ]);
    expect(wardNameOf('Location/a', (r) => cyc.get(r))).toBe('A');
  });

  it('a display only: the display', () => {
    expect(wardOf(enc([{ location: { display: 'SEH' } }]))).toBe('SEH');
  });
});
