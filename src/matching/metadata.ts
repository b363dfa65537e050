/**
 * Message metadata, as pact-reference's match_message_metadata judges it: every expected key must
 * be there (extra keys are fine); a key with `metadata` rules (at `$.key` or below it) is judged by
 * the rules, as a JSON document; the content type key as a Content-Type (same media type, expected
 * parameters present); any other value must be equal, JSON values included.
 */
import { isDeepStrictEqual } from 'node:util';
import { isContentTypeKey } from '../pact/message-parts.js';
import type { MatchingRules, Mismatch } from '../pact/model.js';
import { compareJsonValues } from './body/json.js';
import { matchHeaders } from './headers.js';
import { mismatch, show } from './mismatch.js';
import { compileRules, type BodyRules, type CompiledRules } from './rules.js';

/** The actual value of a key; the content type may be spelled `contentType` or `content-type`. */
function lookup(actual: Record<string, unknown>, key: string): { found: boolean; value?: unknown } {
  if (Object.hasOwn(actual, key)) return { found: true, value: actual[key] };
  if (isContentTypeKey(key)) {
    const other = Object.keys(actual).find(isContentTypeKey);
    if (other !== undefined) return { found: true, value: actual[other] };
  }
  return { found: false };
}

/** Rules written for this key or below it (`$.key`, `$['key']`, `$.key.id`, `$.*`). */
function rulesFor(rules: BodyRules, key: string): BodyRules {
  return rules.filter((r) => {
    const first = r.tokens[1];
    return first === undefined || first.kind === 'star' || (first.kind === 'field' && first.name === key);
  });
}

const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

export function matchMetadata(
  expected: Record<string, unknown>,
  actual: Record<string, unknown>,
  rules?: MatchingRules | CompiledRules,
): Mismatch[] {
  // Invalid rule paths are reported once, by the body matcher.
  const compiled = compileRules(rules);
  const out: Mismatch[] = [];
  for (const [key, value] of Object.entries(expected)) {
    const got = lookup(actual, key);
    if (!got.found) {
      out.push(mismatch('metadata', key, value, undefined, `Expected message metadata '${key}' but was missing`));
      continue;
    }
    const keyRules = rulesFor(compiled.metadata, key);
    if (keyRules.length > 0) {
      for (const m of compareJsonValues({ [key]: value }, { [key]: got.value }, keyRules)) {
        const path = m.path.replace(/^\$\./, '').replace(/^\$\[['"](.*?)['"]\]/, '$1');
        out.push(mismatch('metadata', path, m.expected, m.actual, `Expected metadata key '${key}' to match: ${m.message}`));
      }
      continue;
    }
    if (isContentTypeKey(key)) {
      const differs =
        typeof value !== 'string' || typeof got.value !== 'string'
          ? !isDeepStrictEqual(value, got.value)
          : matchHeaders({ 'Content-Type': [value] }, { 'Content-Type': [got.value] }).length > 0;
      if (differs) {
        out.push(mismatch('metadata', key, value, got.value, `Expected metadata '${key}' to have value '${text(value)}' but was '${text(got.value)}'`));
      }
      continue;
    }
    if (!isDeepStrictEqual(value, got.value)) {
      out.push(mismatch('metadata', key, value, got.value, `Expected metadata key '${key}' to have value ${show(value)} but was ${show(got.value)}`));
    }
  }
  return out;
}
