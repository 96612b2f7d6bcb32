// The team screen's results URL: the user's access token goes with it, so a configured URL must be
// https (plain http only on the developer's own machine).
import { describe, expect, it } from 'vitest';
import { teamResultsUrl } from '../../smart/team-source';

const page = 'https://zorgpad.ziekenhuis.nl/smart/index.html';

describe('teamResultsUrl', () => {
  it('without configuration: /population/team on the FHIR server', () => {
    expect(teamResultsUrl('https://fhir.ziekenhuis.nl/fhir', undefined, page)).toBe('https://fhir.ziekenhuis.nl/population/team');
  });
  it('takes a configured https URL, also relative to the app page', () => {
    expect(teamResultsUrl('https://fhir.ziekenhuis.nl/fhir', 'https://it.ziekenhuis.nl/team', page)).toBe('https://it.ziekenhuis.nl/team');
    expect(teamResultsUrl('https://fhir.ziekenhuis.nl/fhir', '/team-results', page)).toBe('https://zorgpad.ziekenhuis.nl/team-results');
  });
  it('refuses a configured plain-http URL outside localhost', () => {
    expect(() => teamResultsUrl('https://fhir.ziekenhuis.nl/fhir', 'http://it.ziekenhuis.nl/team', page)).toThrow(/https/);
    expect(() => teamResultsUrl('https://fhir.ziekenhuis.nl/fhir', 'http://10.0.0.5/team', page)).toThrow(/https/);
    expect(() => teamResultsUrl('https://fhir.ziekenhuis.nl/fhir', 'http://localhost.evil.nl/team', page)).toThrow(/https/);
    expect(() => teamResultsUrl('https://fhir.ziekenhuis.nl/fhir', 'ftp://it.ziekenhuis.nl/team', page)).toThrow(/https/);
  });
  it('allows plain http on localhost (development)', () => {
    expect(teamResultsUrl('http://localhost:8103/fhir', 'http://localhost:8200/team', page)).toBe('http://localhost:8200/team');
    expect(teamResultsUrl('http://localhost:8103/fhir', 'http://127.0.0.1:8200/team', page)).toBe('http://127.0.0.1:8200/team');
  });
});
