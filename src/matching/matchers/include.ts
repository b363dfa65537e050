import { show } from '../mismatch.js';
import { failing, scalarText, type MatcherOptions, type ValueMatcher } from './types.js';

export function include(options: MatcherOptions): ValueMatcher {
  const value = options.value;
  if (typeof value !== 'string') return failing('include', 'Invalid include matcher: "value" must be a string');
  return {
    name: 'include',
    describe: () => `including '${value}'`,
    match(_e, actual) {
      const text = scalarText(actual);
      return text !== undefined && actual !== null && text.includes(value) ? undefined : `Expected ${show(actual)} to include '${value}'`;
    },
  };
}
