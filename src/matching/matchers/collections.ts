/** Matchers about collections: `values`, `eachKey`, `eachValue`, `arrayContains`, `notEmpty`. */
import { show, typeName } from '../mismatch.js';
import { sameType } from './type.js';
import { failing, kindOf, type MatcherOptions, type ValueMatcher } from './types.js';

const isCollection = (v: unknown): boolean => typeof v === 'object' && v !== null;

function runAll(matchers: readonly ValueMatcher[], expected: unknown, actual: unknown, stringly: boolean): string | undefined {
  const problems: string[] = [];
  for (const m of matchers) {
    const problem = m.match(expected, actual, { cascaded: false, distance: 0, stringly });
    if (problem) problems.push(problem);
  }
  return problems.length ? problems.join('; ') : undefined;
}

/**
 * Any keys; each value is compared with an exemplar (the expected value of that key, else the
 * first) by equality, unless a rule of its own says otherwise (`$.m.*` type), as the reference does.
 */
export const values: ValueMatcher = {
  name: 'values',
  keysIgnored: true,
  structural: true,
  describe: () => 'values like the expected ones, any keys',
  match: (_e, actual) => (isCollection(actual) ? undefined : `Expected ${show(actual)} (${typeName(actual)}) to be a Map or a List`),
};

/** `{match:'eachKey', rules:[...]}`: every actual key passes the rules; keys are otherwise free. */
export function eachKey(options: MatcherOptions, compile: (raw: unknown[]) => ValueMatcher[]): ValueMatcher {
  if (!Array.isArray(options.rules)) return failing('eachKey', 'Invalid eachKey matcher: "rules" must be a list of matchers');
  const inner = compile(options.rules);
  return {
    name: 'eachKey',
    keysIgnored: true,
    valuesFree: true,
    structural: true,
    describe: () => `every key ${inner.map((m) => m.describe()).join(' and ')}`,
    match(_expected, actual, ctx) {
      if (kindOf(actual) !== 'map') return `Expected ${show(actual)} (${typeName(actual)}) to be a Map`;
      const problems: string[] = [];
      for (const key of Object.keys(actual as object)) {
        const problem = runAll(inner, key, key, ctx.stringly);
        if (problem) problems.push(`key '${key}': ${problem}`);
      }
      return problems.length ? problems.join('; ') : undefined;
    },
  };
}

/**
 * `{match:'eachValue', rules:[...]}`: on the collection itself only its kind is checked; each direct
 * child (map value or list item) must pass the rules; deeper levels are compared normally.
 */
export function eachValue(options: MatcherOptions, compile: (raw: unknown[]) => ValueMatcher[]): ValueMatcher {
  if (!Array.isArray(options.rules)) return failing('eachValue', 'Invalid eachValue matcher: "rules" must be a list of matchers');
  const inner = compile(options.rules);
  return {
    name: 'eachValue',
    keysIgnored: true,
    typeLike: true,
    describe: () => `every value ${inner.map((m) => m.describe()).join(' and ')}`,
    match(expected, actual, ctx) {
      if (ctx.distance === 0)
        return isCollection(actual) ? undefined : `Expected ${show(actual)} (${typeName(actual)}) to be a Map or a List`;
      if (ctx.distance === 1) return runAll(inner, expected, actual, ctx.stringly);
      return undefined;
    },
  };
}

export const notEmpty: ValueMatcher = {
  name: 'notEmpty',
  typeLike: true,
  describe: () => 'not empty',
  match(expected, actual, ctx) {
    const empty =
      actual === null ||
      actual === undefined ||
      actual === '' ||
      (Array.isArray(actual) && actual.length === 0) ||
      (kindOf(actual) === 'map' && Object.keys(actual as object).length === 0);
    if (empty && !ctx.cascaded) return `Expected ${show(actual)} (${typeName(actual)}) to not be empty`;
    return expected === undefined ? undefined : sameType(expected, actual, ctx.stringly);
  },
};

/** The variants live on the matcher; the JSON comparison runs them (it owns recursion). */
export interface ArrayContainsMatcher<R> extends ValueMatcher {
  readonly variants: ReadonlyArray<{ index: number; rules: R }>;
}

export function arrayContains<R>(options: MatcherOptions, compileVariantRules: (raw: unknown) => R): ValueMatcher {
  if (!Array.isArray(options.variants)) return failing('arrayContains', 'Invalid arrayContains matcher: "variants" must be a list');
  const variants: Array<{ index: number; rules: R }> = [];
  for (const v of options.variants as unknown[]) {
    const o = (v ?? {}) as Record<string, unknown>;
    if (typeof o.index !== 'number') return failing('arrayContains', 'Invalid arrayContains matcher: each variant needs an "index"');
    variants.push({ index: o.index, rules: compileVariantRules(o.rules) });
  }
  const matcher: ArrayContainsMatcher<R> = {
    name: 'arrayContains',
    structural: true,
    variants,
    describe: () => `a list containing ${variants.length} variant(s)`,
    match: (_e, actual) => (Array.isArray(actual) ? undefined : `Expected ${show(actual)} (${typeName(actual)}) to be a List`),
  };
  return matcher;
}

export function isArrayContains(m: ValueMatcher): m is ArrayContainsMatcher<unknown> {
  return m.name === 'arrayContains' && 'variants' in m;
}
