// @vitest-environment jsdom
// The role the EHR passes with the launch (token response `pz_role`, see tests/demo/smart-auth.test.ts)
// opens the SMART app in that role; anything else is ignored (the app falls back to its own choice).
import { describe, expect, test } from 'vitest';
import { launchRole } from '../../smart/session';

describe('launchRole', () => {
  test('a pathway role from the token response', () => {
    expect(launchRole({ access_token: 'x', pz_role: 'zaalarts' })).toBe('zaalarts');
    expect(launchRole({ pz_role: 'seh-arts' })).toBe('seh-arts');
  });
  test('unknown, missing or non-string roles are ignored', () => {
    expect(launchRole({ pz_role: 'admin' })).toBeUndefined();
    expect(launchRole({ pz_role: ['zaalarts'] })).toBeUndefined();
    expect(launchRole({})).toBeUndefined();
    expect(launchRole(undefined)).toBeUndefined();
  });
});
