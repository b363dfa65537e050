/** Request query strings (for request matching): every expected parameter, no unexpected ones, values in order. */
import type { MatchingRules, MultiMap } from '../pact/model.js';
import { compareMultiMaps } from './body/multimap.js';
import type { Mismatch } from './mismatch.js';
import { compileRules, type CompiledRules } from './rules.js';

export function matchQuery(expected: MultiMap, actual: MultiMap, rules?: MatchingRules | CompiledRules): Mismatch[] {
  const compiled = compileRules(rules);
  return compareMultiMaps(expected, actual, {
    kind: 'query',
    noun: 'query parameter',
    strict: true,
    ruleFor: (name) => compiled.query.get(name),
    pathFor: (name) => name,
  });
}
