/** Binary (or unknown) bodies: byte equality, or the rules on `$` (typically `contentType`). */
import { mismatch, type Mismatch } from '../mismatch.js';
import { applyRuleList, bodyCursor, type BodyRules } from '../rules.js';

export function matchBinary(expected: Uint8Array, actual: Uint8Array, rules: BodyRules): Mismatch[] {
  const selected = bodyCursor(rules).best();
  if (selected) {
    const problems = applyRuleList(selected.value, expected, actual, { cascaded: false, distance: 0, stringly: false });
    if (problems !== null) return problems.map((message) => mismatch('body', '$', expected, actual, message));
  }
  const n = Math.min(expected.length, actual.length);
  let diff = -1;
  for (let i = 0; i < n; i++) {
    if (expected[i] !== actual[i]) {
      diff = i;
      break;
    }
  }
  if (diff < 0 && expected.length === actual.length) return [];
  if (diff < 0) diff = n;
  return [
    mismatch(
      'body',
      '$',
      expected,
      actual,
      `Expected binary body of ${expected.length} bytes to equal the actual body of ${actual.length} bytes (first difference at byte ${diff})`,
    ),
  ];
}
