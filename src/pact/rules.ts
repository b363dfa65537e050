/**
 * Matching rules and generators → the V3 category shape of model.ts.
 * V2 writes one flat map keyed by `$.body.a`, `$.headers.X`, `$.query.x`, `$.path`; V3/V4 write
 * categories. Both are accepted whatever the declared version (writers mix them in the wild).
 */
import type { Category, Generator, Generators, Matcher, MatchingRules, RuleList } from './model.js';
import { describeJson, isObject, type Problems } from './describe.js';

const CATEGORY_NAMES: Record<string, Category> = {
  body: 'body',
  header: 'header',
  headers: 'header',
  query: 'query',
  path: 'path',
  status: 'status',
  metadata: 'metadata',
  method: 'method',
};

/** Categories whose rules apply to the whole value: the key is always `''`. */
const SINGLE: ReadonlySet<Category> = new Set(['path', 'status', 'method']);

/**
 * Rules already read, by their JSON text: the interactions of a pact mostly repeat the same rules,
 * and one shared object is also compiled once (the engine keeps compiled rules per object).
 * Only rules read without a problem are kept (problems name the interaction they were found in).
 */
const interned = new Map<string, MatchingRules>();
const MAX_INTERNED = 1000;

export function readMatchingRules(
  raw: unknown,
  problems: Problems,
  where: string,
  field: string,
): MatchingRules {
  if (raw === undefined || raw === null) return {};
  const key = isObject(raw) ? jsonText(raw) : undefined;
  const known = key === undefined ? undefined : interned.get(key);
  if (known) return known;
  const before = problems.list.length;
  const rules = readRules(raw, problems, where, field);
  if (key !== undefined && problems.list.length === before) {
    if (interned.size >= MAX_INTERNED) interned.clear();
    interned.set(key, rules);
  }
  return rules;
}

function jsonText(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

function readRules(raw: unknown, problems: Problems, where: string, field: string): MatchingRules {
  const rules: MatchingRules = {};
  if (!isObject(raw)) {
    problems.wrongType(where, field, 'an object', raw);
    return rules;
  }
  const put = (category: Category, key: string, list: RuleList): void => {
    const target = (rules[category] ??= {});
    target[key] = list;
  };
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith('$')) {
      const converted = convertV2Key(key);
      if (!converted) {
        problems.add(where, `${field}['${key}']`, 'unknown rule path (expected $.body…, $.headers…, $.query…, $.path)');
        continue;
      }
      const list = readRuleList(value, problems, where, `${field}['${key}']`);
      if (list) put(converted.category, converted.key, list);
      continue;
    }
    const category = CATEGORY_NAMES[key];
    if (!category) {
      problems.add(where, `${field}.${key}`, `unknown matching rule category (known: ${Object.keys(CATEGORY_NAMES).join(', ')})`);
      continue;
    }
    if (!isObject(value)) {
      problems.wrongType(where, `${field}.${key}`, 'an object', value);
      continue;
    }
    // V3 writes path (and some writers status) as one rule list, not a map of them.
    if (SINGLE.has(category) && (Array.isArray(value.matchers) || typeof value.match === 'string')) {
      const list = readRuleList(value, problems, where, `${field}.${key}`);
      if (list) put(category, '', list);
      continue;
    }
    for (const [path, entry] of Object.entries(value)) {
      const list = readRuleList(entry, problems, where, `${field}.${key}['${path}']`);
      if (!list) continue;
      put(category, SINGLE.has(category) && (path === '$' || path === '') ? '' : path, list);
    }
  }
  return rules;
}

/** `$.body.a[0]` → body `$.a[0]`; `$.headers.Accept` / `$.headers['X-Y']` → header name; `$.path` → path ''. */
export function convertV2Key(key: string): { category: Category; key: string } | undefined {
  const m = /^\$\.(body|headers|header|query|path|status|method)(.*)$/.exec(key);
  if (!m) return undefined;
  const head = m[1] as string;
  const rest = m[2] ?? '';
  if (head === 'body') {
    if (rest !== '' && !rest.startsWith('.') && !rest.startsWith('[')) return undefined;
    return { category: 'body', key: `$${rest}` };
  }
  if (head === 'path' || head === 'status' || head === 'method') {
    return rest === '' ? { category: head, key: '' } : undefined;
  }
  const name = nameAfter(rest);
  if (name === undefined) return undefined;
  return { category: head === 'query' ? 'query' : 'header', key: name };
}

/** `.Accept` → Accept, `['X-Y.z']` → X-Y.z, `.a[0]` → a (V2 query arrays index is not a name). */
function nameAfter(rest: string): string | undefined {
  const quoted = /^\[['"](.+)['"]\]/.exec(rest);
  if (quoted) return quoted[1];
  const dotted = /^\.([^[]+)/.exec(rest);
  return dotted ? dotted[1] : undefined;
}

function readRuleList(raw: unknown, problems: Problems, where: string, field: string): RuleList | undefined {
  if (!isObject(raw)) {
    problems.wrongType(where, field, 'an object', raw);
    return undefined;
  }
  const combine = raw.combine === undefined ? 'AND' : raw.combine;
  if (combine !== 'AND' && combine !== 'OR') {
    problems.add(where, `${field}.combine`, `must be "AND" or "OR", got ${describeJson(combine)}`);
    return undefined;
  }
  if (raw.matchers === undefined) {
    // V2 (and early V3 writers): the rule object itself is the one matcher.
    const matcher = readMatcher(raw, problems, where, field);
    return matcher ? { matchers: [matcher], combine: 'AND' } : undefined;
  }
  if (!Array.isArray(raw.matchers)) {
    problems.wrongType(where, `${field}.matchers`, 'an array', raw.matchers);
    return undefined;
  }
  const matchers: Matcher[] = [];
  raw.matchers.forEach((m, i) => {
    const matcher = readMatcher(m, problems, where, `${field}.matchers[${i}]`);
    if (matcher) matchers.push(matcher);
  });
  return { matchers, combine };
}

/** V2 allowed the matcher kind to be implied by its option: `{regex}`, `{min}`, `{timestamp}`. */
function readMatcher(raw: unknown, problems: Problems, where: string, field: string): Matcher | undefined {
  if (!isObject(raw)) {
    problems.wrongType(where, field, 'an object', raw);
    return undefined;
  }
  const { combine: _ignored, ...rest } = raw;
  if (typeof rest.match === 'string') return rest as Matcher;
  if (rest.match !== undefined) {
    problems.wrongType(where, `${field}.match`, 'a string', rest.match);
    return undefined;
  }
  for (const implied of ['regex', 'timestamp', 'date', 'time'] as const) {
    if (rest[implied] !== undefined) return { ...rest, match: implied };
  }
  if (rest.min !== undefined || rest.max !== undefined) return { ...rest, match: 'type' };
  problems.add(where, field, 'matcher has no "match" (and none is implied by regex/min/max/timestamp)');
  return undefined;
}

export function readGenerators(raw: unknown, problems: Problems, where: string, field: string): Generators {
  const generators: Generators = {};
  if (raw === undefined || raw === null) return generators;
  if (!isObject(raw)) {
    problems.wrongType(where, field, 'an object', raw);
    return generators;
  }
  for (const [key, value] of Object.entries(raw)) {
    const category = CATEGORY_NAMES[key];
    if (!category) {
      problems.add(where, `${field}.${key}`, 'unknown generator category');
      continue;
    }
    if (!isObject(value)) {
      problems.wrongType(where, `${field}.${key}`, 'an object', value);
      continue;
    }
    const target: Record<string, Generator> = (generators[category] ??= {});
    if (SINGLE.has(category) && typeof value.type === 'string') {
      target[''] = value as Generator;
      continue;
    }
    for (const [path, gen] of Object.entries(value)) {
      if (!isObject(gen) || typeof gen.type !== 'string') {
        problems.add(where, `${field}.${key}['${path}']`, 'generator must be an object with a "type"');
        continue;
      }
      target[SINGLE.has(category) && (path === '$' || path === '') ? '' : path] = gen as Generator;
    }
  }
  return generators;
}
