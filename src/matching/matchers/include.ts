import { show } from '../mismatch.js';
import { failing, kindOf, valueText, type MatcherOptions, type ValueMatcher } from './types.js';

export function include(options: MatcherOptions): ValueMatcher {
  const value = options.value;
  if (typeof value !== 'string') return failing('include', 'Invalid include matcher: "value" must be a string');
  return {
    name: 'include',
    describe: () => `including '${value}'`,
    match(_e, actual) {
      // Only scalars: a collection's JSON text is not what anyone means by "includes".
      const scalar = actual !== null && actual !== undefined && kindOf(actual) !== 'map' && kindOf(actual) !== 'list';
      return scalar && valueText(actual).includes(value) ? undefined : `Expected ${show(actual)} to include '${value}'`;
    },
  };
}
