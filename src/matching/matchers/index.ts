/** The registry: a matcher as written in the pact → a ValueMatcher. Unknown names become failing matchers. */
import type { Matcher } from '../../pact/model.js';
import { arrayContains, eachKey, eachValue, notEmpty, values } from './collections.js';
import { contentType } from './content-type.js';
import { dateMatcher } from './dates.js';
import { equality } from './equality.js';
import { include } from './include.js';
import { boolean, decimal, integer, nullMatcher, number } from './numeric.js';
import { regex } from './regex.js';
import { semver } from './semver.js';
import { statusCode } from './status-code.js';
import { typeMatcher } from './type.js';
import { failing, type ValueMatcher } from './types.js';

export type { MatchContext, ValueMatcher } from './types.js';
export { isArrayContains, type ArrayContainsMatcher } from './collections.js';

export const KNOWN_MATCHERS = [
  'equality', 'regex', 'type', 'min', 'max', 'include', 'integer', 'decimal', 'number', 'boolean', 'null',
  'date', 'time', 'timestamp', 'datetime', 'contentType', 'values', 'arrayContains', 'eachKey', 'eachValue',
  'notEmpty', 'semver', 'statusCode',
] as const;

export interface CompileHooks {
  /** Compiles arrayContains variant rules (body paths relative to the element). */
  variantRules: (raw: unknown) => unknown;
}

export function compileMatcher(m: Matcher, hooks: CompileHooks): ValueMatcher {
  const inner = (raw: unknown[]): ValueMatcher[] =>
    raw.map((r) =>
      typeof r === 'object' && r !== null && typeof (r as Matcher).match === 'string'
        ? compileMatcher(r as Matcher, hooks)
        : failing('invalid', 'Invalid matcher: expected an object with "match"'),
    );
  switch (m.match) {
    case 'equality':
      return equality;
    case 'regex':
      return regex(m);
    case 'type':
    case 'min':
    case 'max':
      return typeMatcher(m.match, m);
    case 'include':
      return include(m);
    case 'integer':
      return integer;
    case 'decimal':
      return decimal;
    case 'number':
      return number;
    case 'boolean':
      return boolean;
    case 'null':
      return nullMatcher;
    case 'date':
    case 'time':
    case 'timestamp':
    case 'datetime':
      return dateMatcher(m.match, m);
    case 'contentType':
      return contentType(m);
    case 'values':
      return values;
    case 'eachKey':
      return eachKey(m, inner);
    case 'eachValue':
      return eachValue(m, inner);
    case 'arrayContains':
      return arrayContains(m, hooks.variantRules);
    case 'notEmpty':
      return notEmpty;
    case 'semver':
      return semver;
    case 'statusCode':
      return statusCode(m);
    default:
      return failing(m.match, `Unknown matcher '${m.match}' (known: ${KNOWN_MATCHERS.join(', ')})`);
  }
}
