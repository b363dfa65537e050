/**
 * application/x-www-form-urlencoded bodies: compared like query maps; rules on `$.name` (or
 * `$.name[n]`). Unexpected parameters are reported, in responses too (as the reference does).
 */
import { parseQueryString } from '../../pact/http-parts.js';
import type { Mismatch } from '../mismatch.js';
import { formatSegment } from '../path.js';
import { bodyCursor, type BodyRules } from '../rules.js';
import { compareMultiMaps } from './multimap.js';

export function matchForm(expected: string, actual: string, rules: BodyRules): Mismatch[] {
  const root = bodyCursor(rules);
  return compareMultiMaps(parseQueryString(expected), parseQueryString(actual), {
    kind: 'body',
    noun: 'form post parameter',
    strict: true,
    ruleFor: (name, index) => root.child(name).child(index).best()?.value,
    pathFor: (name) => `$${formatSegment(name)}`,
  });
}
