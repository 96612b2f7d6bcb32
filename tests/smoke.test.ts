import { expect, test } from 'vitest';
import { PROMPT_CODES, HANDOVER_ITEMS } from '../lib/pathway';

test('the contract lists the 17 prompt codes and 9 handover items of pathway.md', () => {
  expect(PROMPT_CODES).toHaveLength(17);
  expect(HANDOVER_ITEMS).toHaveLength(9);
});
