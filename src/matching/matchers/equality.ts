import { show, typeName } from '../mismatch.js';
import { kindOf, type ValueMatcher } from './types.js';

/** Scalars by value (numbers numerically); for collections only the kind — their contents are compared one by one. */
export const equality: ValueMatcher = {
  name: 'equality',
  describe: () => 'equal to the expected value',
  match(expected, actual) {
    const ek = kindOf(expected);
    const same = ek === 'map' || ek === 'list' ? ek === kindOf(actual) : expected === actual;
    return same ? undefined : `Expected ${show(actual)} (${typeName(actual)}) to be equal to ${show(expected)} (${typeName(expected)})`;
  },
};
