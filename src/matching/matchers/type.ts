import { show, typeName } from '../mismatch.js';
import { failing, kindOf, type MatcherOptions, type ValueMatcher } from './types.js';

/** Same JSON type as the expected value (any number for a number); in text contexts anything goes. */
export function sameType(expected: unknown, actual: unknown, stringly: boolean): string | undefined {
  if (stringly && typeof actual === 'string' && typeof expected !== 'object') return undefined;
  return kindOf(expected) === kindOf(actual)
    ? undefined
    : `Expected ${show(actual)} (${typeName(actual)}) to be the same type as ${show(expected)} (${typeName(expected)})`;
}

function size(value: unknown): number | undefined {
  if (Array.isArray(value)) return value.length;
  if (kindOf(value) === 'map') return Object.keys(value as object).length;
  return undefined;
}

/** `type`, `min`, `max` and `type` with min/max (V2 `{match:'type', min:1}`): type plus size bounds. */
export function typeMatcher(name: string, options: MatcherOptions): ValueMatcher {
  const min = options.min;
  const max = options.max;
  if (min !== undefined && (typeof min !== 'number' || min < 0))
    return failing(name, `Invalid ${name} matcher: "min" must be a non-negative number`);
  if (max !== undefined && (typeof max !== 'number' || max < 0))
    return failing(name, `Invalid ${name} matcher: "max" must be a non-negative number`);
  if (name === 'min' && min === undefined) return failing(name, 'Invalid min matcher: "min" is missing');
  if (name === 'max' && max === undefined) return failing(name, 'Invalid max matcher: "max" is missing');
  const bounds = [min !== undefined ? `at least ${min}` : '', max !== undefined ? `at most ${max}` : ''].filter(Boolean).join(' and ');
  return {
    name,
    typeLike: true,
    describe: () => (bounds ? `same type, with ${bounds} elements` : 'same type'),
    match(expected, actual, ctx) {
      const typed = sameType(expected, actual, ctx.stringly);
      if (typed) return typed;
      if (ctx.cascaded) return undefined; // size bounds belong to the collection they were written for
      const n = size(actual);
      if (n === undefined) return undefined;
      if (typeof min === 'number' && n < min)
        return `Expected ${show(actual)} (size ${n}) to have minimum size of ${min}`;
      if (typeof max === 'number' && n > max)
        return `Expected ${show(actual)} (size ${n}) to have maximum size of ${max}`;
      return undefined;
    },
  };
}

