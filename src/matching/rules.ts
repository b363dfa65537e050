/**
 * Matching rules compiled once per distinct rule set: path keys parsed into tokens, matchers built,
 * header names lower-cased. The walkers then only ask a RuleCursor for the best rule at each node.
 * Compiled rules are pure data and closures over their options, so interactions that carry the
 * same rules (most of a pact, typically) share one compiled set.
 */
import type { MatchingRules, RuleList } from '../pact/model.js';
import { compileMatcher, isArrayContains, type ArrayContainsMatcher, type MatchContext, type ValueMatcher } from './matchers/index.js';
import { parsePath, RuleCursor, type PathRule } from './path.js';

export interface CompiledRuleList {
  /** The rule's key as written (`$.items[*].id`, a header name, `''`). */
  path: string;
  combine: 'AND' | 'OR';
  matchers: readonly ValueMatcher[];
  typeLike: boolean;
  keysIgnored: boolean;
  /** eachKey without values/eachValue: map values are not compared (as the reference). */
  valuesFree: boolean;
  terminal: boolean;
  arrayContains: ArrayContainsMatcher<BodyRules> | undefined;
}

export type BodyRules = readonly PathRule<CompiledRuleList>[];

const COMPILED: unique symbol = Symbol('pactship.compiledRules');

export interface CompiledRules {
  readonly [COMPILED]: true;
  body: BodyRules;
  metadata: BodyRules;
  /** Keyed by lower-cased header name. */
  header: ReadonlyMap<string, CompiledRuleList>;
  query: ReadonlyMap<string, CompiledRuleList>;
  status: CompiledRuleList | undefined;
  path: CompiledRuleList | undefined;
  method: CompiledRuleList | undefined;
  /** Rule keys that are not valid path expressions: reported as mismatches, never silently ignored. */
  invalidPaths: ReadonlyArray<{ key: string; error: string }>;
}

const cache = new WeakMap<MatchingRules, CompiledRules>();
/** By content (the rules' JSON text): the same rules read from another interaction. */
const byContent = new Map<string, CompiledRules>();
const MAX_BY_CONTENT = 1000;

export function isCompiledRules(value: unknown): value is CompiledRules {
  return typeof value === 'object' && value !== null && COMPILED in value;
}

/** Compiles (once per rules object) the categories the engine uses. */
export function compileRules(rules: MatchingRules | CompiledRules | undefined): CompiledRules {
  if (isCompiledRules(rules)) return rules;
  const source = rules ?? {};
  const cached = cache.get(source);
  if (cached) return cached;
  const key = contentKey(source);
  const same = key === undefined ? undefined : byContent.get(key);
  if (same) {
    cache.set(source, same);
    return same;
  }
  const invalidPaths: Array<{ key: string; error: string }> = [];
  const compiled: CompiledRules = {
    [COMPILED]: true,
    body: compileBodyRules(source.body, invalidPaths),
    metadata: compileBodyRules(source.metadata, invalidPaths),
    header: byName(source.header, (k) => k.toLowerCase()),
    query: byName(source.query, (k) => k),
    status: single(source.status),
    path: single(source.path),
    method: single(source.method),
    invalidPaths,
  };
  cache.set(source, compiled);
  if (key !== undefined) {
    if (byContent.size >= MAX_BY_CONTENT) byContent.clear();
    byContent.set(key, compiled);
  }
  return compiled;
}

/** Rules built by hand (the library API) may not be JSON: those are compiled on their own. */
function contentKey(rules: MatchingRules): string | undefined {
  try {
    return JSON.stringify(rules);
  } catch {
    return undefined;
  }
}

export function compileBodyRules(
  rules: Record<string, RuleList> | undefined,
  invalid: Array<{ key: string; error: string }> = [],
): BodyRules {
  const out: Array<PathRule<CompiledRuleList>> = [];
  for (const [key, list] of Object.entries(rules ?? {})) {
    const parsed = parsePath(key);
    if ('error' in parsed) {
      invalid.push({ key, error: parsed.error });
      continue;
    }
    out.push({ text: key, tokens: parsed.tokens, value: compileRuleList(key, list) });
  }
  return out;
}

function byName(rules: Record<string, RuleList> | undefined, norm: (k: string) => string): Map<string, CompiledRuleList> {
  const map = new Map<string, CompiledRuleList>();
  for (const [key, list] of Object.entries(rules ?? {})) {
    // Some writers key header/query rules as `$.name` or `$['name']`; the name is what counts.
    const name = /^\$\[['"](.*)['"]\]$/.exec(key)?.[1] ?? /^\$\.(.*)$/.exec(key)?.[1] ?? key;
    map.set(norm(name), compileRuleList(key, list));
  }
  return map;
}

function single(rules: Record<string, RuleList> | undefined): CompiledRuleList | undefined {
  if (!rules) return undefined;
  const [key, list] = Object.entries(rules)[0] ?? [];
  return list ? compileRuleList(key ?? '', list) : undefined;
}

/** arrayContains variants carry their own body rules, relative to the element (`$` is the element). */
const hooks = {
  variantRules: (raw: unknown): BodyRules =>
    compileBodyRules(
      typeof raw === 'object' && raw !== null ? (normalizeVariantRules(raw as Record<string, unknown>) as Record<string, RuleList>) : {},
    ),
};

/** Variant rules may be `{ "$.a": {matchers:[…]} }` or `{ "$.a": {match:…} }`. */
function normalizeVariantRules(raw: Record<string, unknown>): Record<string, RuleList> {
  const out: Record<string, RuleList> = {};
  for (const [k, v] of Object.entries(raw)) {
    const o = (v ?? {}) as Record<string, unknown>;
    if (Array.isArray(o.matchers)) out[k] = { matchers: o.matchers as RuleList['matchers'], combine: o.combine === 'OR' ? 'OR' : 'AND' };
    else if (typeof o.match === 'string') out[k] = { matchers: [o as RuleList['matchers'][number]], combine: 'AND' };
  }
  return out;
}

export function compileRuleList(path: string, list: RuleList): CompiledRuleList {
  const matchers = list.matchers.map((m) => compileMatcher(m, hooks));
  const contains = matchers.find(isArrayContains) as ArrayContainsMatcher<BodyRules> | undefined;
  return {
    path,
    combine: list.combine,
    matchers,
    typeLike: matchers.some((m) => m.typeLike === true),
    keysIgnored: matchers.some((m) => m.keysIgnored === true),
    valuesFree: matchers.some((m) => m.valuesFree === true) && !matchers.some((m) => m.keysIgnored === true && m.valuesFree !== true),
    terminal: matchers.some((m) => m.terminal === true),
    arrayContains: contains,
  };
}

const PASSED: readonly string[] = Object.freeze([]);

/**
 * Runs a rule list. `null` means nothing applied (every matcher was structural and inherited), so
 * the caller compares as if there were no rule. OR lists pass when any matcher passes. A pass
 * allocates nothing (this runs for every node of a body under rules).
 */
export function applyRuleList(list: CompiledRuleList, expected: unknown, actual: unknown, ctx: MatchContext): readonly string[] | null {
  let problems: string[] | undefined;
  let applied = 0;
  let passed = false;
  const matchers = list.matchers;
  for (let i = 0; i < matchers.length; i++) {
    const m = matchers[i] as ValueMatcher;
    if (ctx.cascaded && m.structural) continue;
    applied++;
    const problem = m.match(expected, actual, ctx);
    if (problem === undefined) passed = true;
    else (problems ??= []).push(problem);
  }
  if (applied === 0) return null;
  if (problems === undefined || (list.combine === 'OR' && passed)) return PASSED;
  return problems;
}

/** One root cursor per rule set: cursors are immutable and keep what they learn (see path.ts). */
const roots = new WeakMap<BodyRules, RuleCursor<CompiledRuleList>>();

export function bodyCursor(rules: BodyRules): RuleCursor<CompiledRuleList> {
  let root = roots.get(rules);
  if (!root) {
    root = RuleCursor.start(rules);
    roots.set(rules, root);
  }
  return root;
}
