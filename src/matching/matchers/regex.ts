import { show } from '../mismatch.js';
import { compilePactRegex } from '../pact-regex.js';
import { failing, valueText, type MatcherOptions, type ValueMatcher } from './types.js';

/** The pattern must match the whole value (strings as they are, other values by their text: see valueText). */
export function regex(options: MatcherOptions): ValueMatcher {
  const source = options.regex;
  if (typeof source !== 'string') return failing('regex', 'Invalid regex matcher: "regex" must be a string');
  const re = compilePactRegex(source);
  if ('error' in re) return failing('regex', `Invalid regex matcher: '${source}' is not a usable regular expression - ${re.error}`);
  return {
    name: 'regex',
    describe: () => `matching '${source}'`,
    match(_expected, actual) {
      return actual !== undefined && re.matches(valueText(actual)) ? undefined : `Expected ${show(actual)} to match '${source}'`;
    },
  };
}
