/** Response status: equality, or the `statusCode` (or any other) rule of the status category. */
import type { MatchingRules } from '../pact/model.js';
import { mismatch, type Mismatch } from './mismatch.js';
import { applyRuleList, compileRules, type CompiledRules } from './rules.js';

export function matchStatus(expected: number, actual: number, rules?: MatchingRules | CompiledRules): Mismatch[] {
  const rule = compileRules(rules).status;
  if (rule) {
    const problems = applyRuleList(rule, expected, actual, { cascaded: false, distance: 0, stringly: false });
    if (problems !== null) return problems.map((message) => mismatch('status', '', expected, actual, message));
  }
  return expected === actual ? [] : [mismatch('status', '', expected, actual, `expected ${expected} but was ${actual}`)];
}
