import { isJsonNumeric, numbersEqual } from '../../pact/json-number.js';
import { show, typeName } from '../mismatch.js';
import { kindOf, type ValueMatcher } from './types.js';

/** Scalars are equal with the same value and type (an Integer never equals a Decimal). */
export function sameScalar(expected: unknown, actual: unknown): boolean {
  if (isJsonNumeric(expected) && isJsonNumeric(actual)) return numbersEqual(expected, actual);
  return expected === actual;
}

/** Scalars by value; for collections only the kind — their contents are compared one by one. */
export const equality: ValueMatcher = {
  name: 'equality',
  describe: () => 'equal to the expected value',
  match(expected, actual) {
    const ek = kindOf(expected);
    const same = ek === 'map' || ek === 'list' ? ek === kindOf(actual) : sameScalar(expected, actual);
    return same ? undefined : `Expected ${show(actual)} (${typeName(actual)}) to be equal to ${show(expected)} (${typeName(expected)})`;
  },
};
