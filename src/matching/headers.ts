/**
 * Headers: names case-insensitive; every expected header present (extra ones are fine); values
 * compared as lists (comma-split, whitespace after commas ignored) except for headers whose values
 * contain commas by nature (dates, cookies); Content-Type by media type and parameters, and so each
 * media range of Accept (as pact-reference, which treats both as parameterised headers).
 */
import type { MatchingRules, MultiMap } from '../pact/model.js';
import { parseMediaType } from './content-type.js';
import { mismatch, type Mismatch } from './mismatch.js';
import { applyRuleList, compileRules, type CompiledRules } from './rules.js';

/** Headers never split on commas (their values contain commas: HTTP dates, cookie attributes, …). */
const SINGLE_VALUE = new Set([
  'date',
  'expires',
  'last-modified',
  'if-modified-since',
  'if-unmodified-since',
  'if-range',
  'retry-after',
  'set-cookie',
  'cookie',
  'accept-datetime',
  'user-agent',
  'sunset',
  'www-authenticate',
  'proxy-authenticate',
  'authorization',
]);

export function splitHeaderValues(name: string, values: readonly string[]): string[] {
  if (SINGLE_VALUE.has(name.toLowerCase())) return values.map((v) => v.trim());
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v, _i, all) => v !== '' || all.length === 1);
}

/** All values of a header by lower-cased name (several spellings of one name are merged). */
function index(headers: MultiMap): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [name, values] of Object.entries(headers)) {
    const key = name.toLowerCase();
    const known = map.get(key);
    if (known) known.push(...values);
    else map.set(key, [...values]);
  }
  return map;
}

export function matchHeaders(expected: MultiMap, actual: MultiMap, rules?: MatchingRules | CompiledRules): Mismatch[] {
  const compiled = compileRules(rules);
  const actualByName = index(actual);
  const out: Mismatch[] = [];
  for (const [name, expectedValues] of Object.entries(expected)) {
    const lower = name.toLowerCase();
    const actualValues = actualByName.get(lower);
    const shown = expectedValues.join(', ');
    if (actualValues === undefined) {
      out.push(mismatch('header', name, shown, undefined, `Expected a header '${name}' but was missing`));
      continue;
    }
    const rule = compiled.header.get(lower);
    if (rule) {
      // A rule judges each value as sent (a regex may well contain commas).
      let judged = true;
      actualValues.forEach((value, i) => {
        const problems = applyRuleList(rule, expectedValues[i] ?? expectedValues[0], value.trim(), { cascaded: false, distance: 0, stringly: true });
        if (problems === null) judged = false;
        for (const message of problems ?? []) out.push(mismatch('header', name, shown, value, `Mismatch with header '${name}': ${message}`));
      });
      if (judged) continue;
    }
    const problem =
      lower === 'content-type'
        ? compareContentType(shown, actualValues.join(', '))
        : lower === 'accept'
          ? compareMediaRanges(name, expectedValues, actualValues)
          : compareValues(name, expectedValues, actualValues);
    if (problem) out.push(mismatch('header', name, shown, actualValues.join(', '), `Expected header '${name}' to have value '${shown}' but was '${actualValues.join(', ')}'`));
  }
  return out;
}

function compareValues(name: string, expected: readonly string[], actual: readonly string[]): boolean {
  const e = splitHeaderValues(name, expected);
  const a = splitHeaderValues(name, actual);
  return e.length !== a.length || e.some((v, i) => v !== a[i]);
}

/** Accept: the same media ranges in the same order, each compared as a media type. */
function compareMediaRanges(name: string, expected: readonly string[], actual: readonly string[]): boolean {
  const e = splitHeaderValues(name, expected);
  const a = splitHeaderValues(name, actual);
  return e.length !== a.length || e.some((v, i) => compareContentType(v, a[i] as string));
}

/** Same base type; every expected parameter present with the same value (charset case-insensitively). */
function compareContentType(expected: string, actual: string): boolean {
  const e = parseMediaType(expected);
  const a = parseMediaType(actual);
  if (!e || !a) return expected.trim() !== actual.trim();
  if (e.base !== a.base) return true;
  for (const [param, value] of Object.entries(e.params)) {
    const other = a.params[param];
    if (other === undefined) return true;
    if (param === 'charset' ? other.toLowerCase() !== value.toLowerCase() : other !== value) return true;
  }
  return false;
}
