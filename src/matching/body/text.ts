/** Plain text bodies: equal, or judged by the rules on `$` (typically a regex). */
import { mismatch, show, type Mismatch } from '../mismatch.js';
import { applyRuleList, bodyCursor, type BodyRules } from '../rules.js';

export function matchText(expected: string, actual: string, rules: BodyRules): Mismatch[] {
  const selected = bodyCursor(rules).best();
  if (selected) {
    const problems = applyRuleList(selected.value, expected, actual, { cascaded: false, distance: 0, stringly: true });
    if (problems !== null) return problems.map((message) => mismatch('body', '$', expected, actual, message));
  }
  return expected === actual ? [] : [mismatch('body', '$', expected, actual, `Expected body ${show(actual)} to be equal to ${show(expected)}`)];
}
