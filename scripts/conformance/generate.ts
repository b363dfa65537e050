/**
 * Random conformance cases: a pact response (spec V2, V3 or V4; JSON, XML, text, form or binary
 * body; matchers and generators; headers; status) and a provider response that is faithful or
 * mutated in one small way (a type change, a missing key, an extra element, a regex near-miss,
 * a namespace, a header value, a status…). Each case carries tags saying what it holds and what
 * was mutated: reports and the known-differences allow-list use them.
 *
 * The generator writes every part twice — the expected side with its rules, and a faithful actual
 * side — and registers mutations as closures over the actual side; at most one is applied.
 */
import { JsonNumber } from '../../src/pact/json-number.js';
import type { ActualSpec, ConfCase, Spec } from './harness.js';
import { Rand } from './random.js';

interface Mutation {
  tag: string;
  apply(): void;
}

interface RuleList {
  matchers: Array<Record<string, unknown>>;
  combine?: 'OR';
}

class Ctx {
  readonly rules = { body: {} as Record<string, RuleList>, header: {} as Record<string, RuleList>, status: undefined as RuleList | undefined };
  readonly mutations: Mutation[] = [];
  readonly tags = new Set<string>();
  constructor(
    readonly r: Rand,
    readonly v: 2 | 3 | 4,
  ) {}

  rule(path: string, list: RuleList, tag: string): void {
    this.rules.body[path] = list;
    this.tags.add(tag);
  }

  mutate(tag: string, apply: () => void): void {
    this.mutations.push({ tag, apply });
  }
}

interface Slot {
  set(v: unknown): void;
  remove(): void;
}

/** The expected value, and a way to write (another) faithful actual value into a slot. */
interface GenNode {
  expected: unknown;
  actual(slot: Slot): void;
}

const num = (text: string): number | JsonNumber => {
  const n = Number(text);
  return /[.eE]/.test(text) && Number.isInteger(n) ? new JsonNumber(text, n, false) : n;
};

// ---- regexes: a pattern, values that match it, and near-misses --------------------------------

interface Pattern {
  regex: string;
  gen(r: Rand): string;
  miss(r: Rand): string;
}

const PATTERNS: Pattern[] = [
  { regex: '\\d{3}', gen: (r) => r.digits(3), miss: (r) => `invoice-${r.digits(3)}` },
  { regex: '[a-z]{3}-\\d+', gen: (r) => `${r.word(3, 3)}-${r.digits(r.int(1, 4))}`, miss: (r) => `${r.word(3, 3)}-${r.digits(2)}x` },
  { regex: '[A-Z][a-z]+', gen: (r) => `${r.word(1, 1).toUpperCase()}${r.word()}`, miss: (r) => `${r.word()}` },
  { regex: 'ORD-\\d{4}', gen: (r) => `ORD-${r.digits(4)}`, miss: (r) => `ORD-${r.digits(5)}` },
  { regex: '(red|green|blue)', gen: (r) => r.pick(['red', 'green', 'blue']), miss: (r) => r.pick(['reddish', 'dark blue', 'Green']) },
  { regex: '\\w+@\\w+\\.com', gen: (r) => `${r.word()}@${r.word()}.com`, miss: (r) => `${r.word()}@${r.word()}.com.au` },
  { regex: '[0-9a-f]{8}', gen: (r) => r.word(8, 8, '0123456789abcdef'), miss: (r) => r.word(8, 8, '0123456789ABCDEF') + 'g' },
  { regex: 'v\\d+\\.\\d+', gen: (r) => `v${r.int(0, 20)}.${r.int(0, 99)}`, miss: (r) => `v${r.int(0, 20)}.${r.int(0, 99)}.1` },
  { regex: '.{3,10}', gen: (r) => r.word(3, 10), miss: (r) => r.word(11, 14) },
  { regex: '\\d+(\\.\\d{2})?', gen: (r) => (r.chance(0.5) ? r.digits(3) : `${r.digits(2)}.${r.digits(2)}`), miss: (r) => `${r.digits(2)}.${r.digits(1)}` },
  { regex: '^[a-z]+$', gen: (r) => r.word(), miss: (r) => `${r.word()} ${r.word()}` },
  { regex: '\\d{4}-\\d{2}-\\d{2}', gen: (r) => `20${r.digits(2)}-0${r.int(1, 9)}-1${r.int(0, 9)}`, miss: (r) => `20${r.digits(2)}-0${r.int(1, 9)}-1${r.int(0, 9)}T10:00` },
  { regex: '\\h+', gen: (r) => r.word(2, 6, '0123456789abcdef'), miss: (r) => r.word(2, 6, 'ghij') },
  { regex: '[[:alpha:]]+', gen: (r) => r.word(), miss: (r) => `${r.word()}1` },
];

// ---- dates: a format, values in it, and near-misses ---------------------------------------------

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

interface DateFormat {
  format: string | undefined;
  which: 'date' | 'time' | 'timestamp';
  gen(r: Rand): string;
  miss(r: Rand): string;
}

function parts(r: Rand): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  return { y: r.int(1990, 2035), mo: r.int(1, 12), d: r.int(1, 28), h: r.int(0, 23), mi: r.int(0, 59), s: r.int(0, 59) };
}

const DATE_FORMATS: DateFormat[] = [
  { format: undefined, which: 'date', gen: (r) => { const p = parts(r); return `${p.y}-${pad(p.mo)}-${pad(p.d)}`; }, miss: (r) => { const p = parts(r); return r.pick([`${p.y}-${pad(p.mo)}-${pad(p.d)}T00:00:00`, `1${p.y}-${pad(p.mo)}-${pad(p.d)}`, `${pad(p.d)}/${pad(p.mo)}/${p.y}`, `${p.y}-13-${pad(p.d)}`]); } },
  { format: undefined, which: 'time', gen: (r) => { const p = parts(r); return `${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}`; }, miss: (r) => { const p = parts(r); return r.pick([`${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}.${r.digits(3)}`, `${pad(p.h)}:${pad(p.mi)}`, `24:${pad(p.mi)}:${pad(p.s)}`, `${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}Z`]); } },
  { format: undefined, which: 'timestamp', gen: (r) => { const p = parts(r); return `${p.y}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}${r.pick(['Z', '+01:00', '-08:00'])}`; }, miss: (r) => { const p = parts(r); return r.pick([`${p.y}-${pad(p.mo)}-${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}`, `${p.y}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}-0800`, `${p.y}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}.${r.digits(3)}Z`, `${p.y}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}`]); } },
  { format: 'yyyy-MM-dd', which: 'date', gen: (r) => { const p = parts(r); return `${p.y}-${pad(p.mo)}-${r.chance(0.2) ? p.d : pad(p.d)}`; }, miss: (r) => { const p = parts(r); return r.pick([`${p.y}-02-30`, `1${p.y}-${pad(p.mo)}-${pad(p.d)}`, `${p.y}/${pad(p.mo)}/${pad(p.d)}`]); } },
  { format: 'dd.MM.yyyy', which: 'date', gen: (r) => { const p = parts(r); return `${pad(p.d)}.${r.chance(0.3) ? p.mo : pad(p.mo)}.${p.y}`; }, miss: (r) => { const p = parts(r); return r.pick([`${pad(p.d)}.${pad(p.mo)}.1${p.y}`, `${pad(p.d)}-${pad(p.mo)}-${p.y}`, `32.${pad(p.mo)}.${p.y}`]); } },
  { format: 'HH:mm', which: 'time', gen: (r) => { const p = parts(r); return `${pad(p.h)}:${pad(p.mi)}`; }, miss: (r) => { const p = parts(r); return r.pick([`${pad(p.h)}:${pad(p.mi)}:00`, `${pad(p.h)}:60`, `${pad(p.h)}h${pad(p.mi)}`]); } },
  { format: "yyyy-MM-dd'T'HH:mm:ssXXX", which: 'timestamp', gen: (r) => { const p = parts(r); return `${p.y}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}${r.pick(['Z', '+02:00', '-05:30', '+01:0'])}`; }, miss: (r) => { const p = parts(r); return r.pick([`${p.y}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}+0200`, `${p.y}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}+19:00`, `${p.y}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}`]); } },
  { format: "yyyy-MM-dd'T'HH:mm:ss.SSSX", which: 'timestamp', gen: (r) => { const p = parts(r); return `${p.y}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}.${r.digits(r.int(1, 3))}${r.pick(['Z', '+02', '+0200'])}`; }, miss: (r) => { const p = parts(r); return `${p.y}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}.${r.digits(4)}Z`; } },
  { format: 'EEE, dd MMM yyyy HH:mm:ss z', which: 'timestamp', gen: (r) => { const p = parts(r); return `${r.pick(['Mon', 'Tue', 'wed'])}, ${pad(p.d)} ${r.pick(['Jan', 'Feb', 'jun', 'Sep'])} ${p.y} ${pad(p.h)}:${pad(p.mi)}:${pad(p.s)} ${r.pick(['GMT', 'PST', 'CET'])}`; }, miss: (r) => { const p = parts(r); return `${r.pick(['Mon', 'Tue'])}, ${pad(p.d)} ${r.pick(['Sept', 'June'])} ${p.y} ${pad(p.h)}:${pad(p.mi)}:${pad(p.s)} GMT`; } },
  { format: 'h:mm a', which: 'time', gen: (r) => `${r.int(1, 12)}:${pad(r.int(0, 59))} ${r.pick(['AM', 'PM', 'am'])}`, miss: (r) => `${r.int(13, 23)}:${pad(r.int(0, 59))} PM` },
];

// ---- JSON -----------------------------------------------------------------------------------------

type Leaf = 'string' | 'integer' | 'decimal' | 'boolean' | 'null';

function scalar(r: Rand, kind: Leaf): unknown {
  switch (kind) {
    case 'string':
      return r.word();
    case 'integer':
      return r.int(-50, 100_000);
    case 'decimal':
      return r.chance(0.15) ? num(`${r.int(1, 999)}.0`) : Number(`${r.int(0, 999)}.${r.digits(r.int(1, 2))}`);
    case 'boolean':
      return r.chance(0.5);
    case 'null':
      return null;
  }
}

function otherType(r: Rand, value: unknown): unknown {
  if (typeof value === 'string') return r.pick([r.int(1, 99), true, null, [value], { v: value }]);
  if (typeof value === 'number' || value instanceof JsonNumber) return r.pick([String(value instanceof JsonNumber ? value.text : value), null, false]);
  if (typeof value === 'boolean') return r.pick([String(value), 1, null]);
  if (value === null) return r.pick(['null', 0, '']);
  return r.word();
}

function leafKind(r: Rand): Leaf {
  return r.weighted<Leaf>([[5, 'string'], [3, 'integer'], [2, 'decimal'], [1, 'boolean'], [1, 'null']]);
}

/** A value with no rule: equal (or, under a cascaded type rule, of the same type). */
function literal(c: Ctx, cascade: boolean): GenNode {
  const { r } = c;
  const kind = leafKind(r);
  const expected = scalar(r, kind);
  return {
    expected,
    actual(slot) {
      const value = cascade && kind !== 'null' ? scalar(r, kind) : expected;
      slot.set(value);
      c.mutate('json:value-change', () => slot.set(kind === 'null' ? r.word() : scalar(r, kind)));
      c.mutate('json:type-change', () => slot.set(otherType(r, value)));
      if (kind === 'integer') c.mutate('json:integer-as-decimal', () => slot.set(num(`${value as number}.0`)));
      if (kind === 'decimal') c.mutate('json:decimal-as-integer', () => slot.set(Math.trunc(value instanceof JsonNumber ? value.value : (value as number))));
    },
  };
}

function ruled(c: Ctx, path: string): GenNode {
  const { r, v } = c;
  const options: Array<readonly [number, string]> = [
    [4, 'type'],
    [5, 'regex'],
    ...(v >= 3
      ? ([
          [2, 'integer'],
          [2, 'decimal'],
          [1, 'number'],
          [2, 'boolean'],
          [1, 'null'],
          [4, 'date'],
          [2, 'include'],
          [2, 'or'],
          [1, 'equality'],
          [1, 'regex-number'],
        ] as const)
      : []),
    ...(v >= 4 ? ([[1, 'semver'], [1, 'notEmpty']] as const) : []),
  ];
  const which = r.weighted(options);
  const m = (matchers: Array<Record<string, unknown>>, combine?: 'OR'): RuleList => (combine ? { matchers, combine } : { matchers });
  switch (which) {
    case 'type': {
      const kind = r.pick<Leaf>(['string', 'integer', 'decimal', 'boolean']);
      c.rule(path, m([{ match: 'type' }]), 'matcher:type');
      return {
        expected: scalar(r, kind),
        actual(slot) {
          const value = scalar(r, kind);
          slot.set(value);
          c.mutate('json:type-change', () => slot.set(otherType(r, value)));
        },
      };
    }
    case 'regex': {
      const p = r.pick(PATTERNS);
      c.rule(path, m([{ match: 'regex', regex: p.regex }]), 'matcher:regex');
      return {
        expected: p.gen(r),
        actual(slot) {
          slot.set(p.gen(r));
          c.mutate('regex:near-miss', () => slot.set(p.miss(r)));
          c.mutate('json:type-change', () => slot.set(r.pick([null, 12, true])));
        },
      };
    }
    case 'regex-number': {
      c.rule(path, m([{ match: 'regex', regex: r.pick(['\\d+', '-?\\d+', '\\d{1,5}']) }]), 'matcher:regex-on-number');
      return {
        expected: r.int(1, 9999),
        actual(slot) {
          slot.set(r.int(1, 9999));
          c.mutate('json:integer-as-decimal', () => slot.set(num(`${r.int(1, 99)}.0`)));
          c.mutate('regex:near-miss', () => slot.set(Number(`${r.int(1, 99)}.5`)));
        },
      };
    }
    case 'integer':
    case 'decimal':
    case 'number': {
      c.rule(path, m([{ match: which }]), `matcher:${which}`);
      const kind: Leaf = which === 'decimal' ? 'decimal' : which === 'integer' ? 'integer' : r.pick<Leaf>(['integer', 'decimal']);
      return {
        expected: scalar(r, kind),
        actual(slot) {
          slot.set(scalar(r, kind));
          c.mutate('json:number-kind', () => slot.set(kind === 'integer' ? num(`${r.int(1, 50)}.0`) : r.int(1, 50)));
          c.mutate('json:type-change', () => slot.set(String(r.int(1, 50))));
        },
      };
    }
    case 'boolean':
      c.rule(path, m([{ match: 'boolean' }]), 'matcher:boolean');
      return {
        expected: true,
        actual(slot) {
          slot.set(r.chance(0.5));
          c.mutate('json:boolean-as-string', () => slot.set(r.pick(['true', 'false', 'True', 'yes'])));
          c.mutate('json:type-change', () => slot.set(r.pick([1, 0, null])));
        },
      };
    case 'null':
      c.rule(path, m([{ match: 'null' }]), 'matcher:null');
      return {
        expected: null,
        actual(slot) {
          slot.set(null);
          c.mutate('json:type-change', () => slot.set(r.pick([0, '', 'null', false])));
        },
      };
    case 'date': {
      const f = r.pick(DATE_FORMATS);
      const matcher: Record<string, unknown> = { match: f.which === 'timestamp' && r.chance(0.3) ? 'datetime' : f.which };
      if (f.format) matcher.format = f.format;
      c.rule(path, m([matcher]), `matcher:${f.which}${f.format ? '' : ':default'}`);
      return {
        expected: f.gen(r),
        actual(slot) {
          slot.set(f.gen(r));
          c.mutate('date:near-miss', () => slot.set(f.miss(r)));
        },
      };
    }
    case 'include': {
      const part = r.word(3, 4);
      c.rule(path, m([{ match: 'include', value: part }]), 'matcher:include');
      return {
        expected: `${r.word()}${part}`,
        actual(slot) {
          slot.set(`${r.word(0, 3)}${part}${r.word(0, 3)}`);
          c.mutate('include:missing', () => slot.set(r.word()));
        },
      };
    }
    case 'or': {
      const [a, b] = [r.pick(PATTERNS), r.pick(PATTERNS)] as [Pattern, Pattern];
      c.rule(path, m([{ match: 'regex', regex: a.regex }, { match: 'regex', regex: b.regex }], 'OR'), 'combine:or');
      return {
        expected: a.gen(r),
        actual(slot) {
          slot.set(r.chance(0.5) ? a.gen(r) : b.gen(r));
          c.mutate('regex:near-miss', () => slot.set(a.miss(r)));
        },
      };
    }
    case 'equality': {
      // An equality rule under a cascaded type rule keeps the value fixed.
      const value = r.word();
      c.rule(path, m([{ match: 'equality' }]), 'matcher:equality');
      return {
        expected: value,
        actual(slot) {
          slot.set(value);
          c.mutate('json:value-change', () => slot.set(r.word()));
        },
      };
    }
    case 'semver':
      c.rule(path, m([{ match: 'semver' }]), 'matcher:semver');
      return {
        expected: '1.2.3',
        actual(slot) {
          slot.set(`${r.int(0, 9)}.${r.int(0, 20)}.${r.int(0, 99)}${r.chance(0.3) ? `-rc.${r.int(1, 5)}` : ''}`);
          c.mutate('semver:invalid', () => slot.set(r.pick(['1.2', 'v1.2.3', '01.2.3', '1.2.3.4'])));
        },
      };
    default:
      c.rule(path, m([{ match: 'notEmpty' }]), 'matcher:notEmpty');
      return {
        expected: r.word(),
        actual(slot) {
          slot.set(r.word());
          c.mutate('notEmpty:empty', () => slot.set(''));
        },
      };
  }
}

function key(r: Rand, taken: Set<string>): string {
  let k = r.word(2, 7);
  while (taken.has(k)) k = r.word(2, 7);
  taken.add(k);
  return k;
}

function object(c: Ctx, path: string, depth: number, cascade: boolean): GenNode {
  const { r } = c;
  const taken = new Set<string>();
  const children = Array.from({ length: r.int(1, 4) }, () => {
    const k = key(r, taken);
    return [k, json(c, `${path}.${k}`, depth + 1, cascade)] as const;
  });
  const expected: Record<string, unknown> = {};
  for (const [k, n] of children) expected[k] = n.expected;
  return {
    expected,
    actual(slot) {
      const obj: Record<string, unknown> = {};
      slot.set(obj);
      for (const [k, n] of children) n.actual({ set: (v) => (obj[k] = v), remove: () => delete obj[k] });
      const [k] = r.pick(children);
      c.mutate('json:missing-key', () => delete obj[k]);
      c.mutate('json:extra-key', () => (obj[key(r, new Set(Object.keys(obj)))] = r.word()));
    },
  };
}

function array(c: Ctx, path: string, depth: number, cascade: boolean): GenNode {
  const { r } = c;
  const items = Array.from({ length: r.int(1, 3) }, (_, i) => json(c, `${path}[${i}]`, depth + 1, cascade));
  return {
    expected: items.map((n) => n.expected),
    actual(slot) {
      const arr: unknown[] = [];
      slot.set(arr);
      items.forEach((n, i) => n.actual({ set: (v) => (arr[i] = v), remove: () => arr.splice(i, 1) }));
      c.mutate('json:extra-element', () => arr.push(arr[0]));
      c.mutate('json:missing-element', () => arr.pop());
      if (arr.length > 1) c.mutate('json:reordered', () => arr.reverse());
    },
  };
}

/** `eachLike`: a type rule with a minimum (V2: `{match: type, min}`), elements like the template. */
function eachLike(c: Ctx, path: string, depth: number): GenNode {
  const { r } = c;
  const min = r.int(0, 2);
  const max = r.chance(0.25) ? min + r.int(1, 3) : undefined;
  // V3+ writers also spell it {match: min} / {match: max}.
  const spelled = c.v >= 3 && r.chance(0.3) ? (max !== undefined && r.chance(0.5) ? { match: 'max', max } : { match: 'min', min }) : undefined;
  c.rule(path, { matchers: [spelled ?? { match: 'type', min, ...(max !== undefined ? { max } : {}) }] }, spelled ? `matcher:${spelled.match}` : 'matcher:eachLike');
  const template = json(c, `${path}[*]`, depth + 1, true);
  return {
    expected: [template.expected],
    actual(slot) {
      const arr: unknown[] = [];
      slot.set(arr);
      const n = Math.min(max ?? 99, Math.max(min, 1) + r.int(0, 2));
      for (let i = 0; i < n; i++) template.actual({ set: (v) => (arr[i] = v), remove: () => arr.splice(i, 1) });
      if (min > 0) c.mutate('json:below-min', () => arr.splice(min - 1));
      if (max !== undefined) c.mutate('json:above-max', () => arr.push(...Array.from({ length: max + 1 - arr.length }, () => arr[0])));
    },
  };
}

/** values (V3+), eachKey / eachValue (V4): free keys. */
function map(c: Ctx, path: string): GenNode {
  const { r, v } = c;
  const kind = v >= 4 ? r.pick(['values', 'eachKey', 'eachValue', 'both']) : 'values';
  const keyRule = { match: 'regex', regex: '[a-z]+' };
  const matchers: Array<Record<string, unknown>> = [];
  if (kind === 'values') matchers.push({ match: 'values' });
  if (kind === 'eachKey' || kind === 'both') matchers.push({ match: 'eachKey', rules: [keyRule] });
  if (kind === 'eachValue' || kind === 'both') matchers.push({ match: 'eachValue', rules: [{ match: 'type' }] });
  c.rule(path, { matchers }, `matcher:${kind === 'both' ? 'eachKey+eachValue' : kind}`);
  if (kind === 'values' && r.chance(0.5)) c.rule(`${path}.*`, { matchers: [{ match: 'type' }] }, 'matcher:values+type');
  const exemplar = scalar(r, r.pick<Leaf>(['string', 'integer']));
  const k0 = r.word(2, 6);
  return {
    expected: { [k0]: exemplar },
    actual(slot) {
      const obj: Record<string, unknown> = {};
      slot.set(obj);
      const n = r.int(1, 3);
      for (let i = 0; i < n; i++) obj[r.word(2, 6)] = r.chance(0.5) ? exemplar : typeof exemplar === 'string' ? r.word() : r.int(1, 999);
      c.mutate('map:bad-key', () => (obj[`${r.word(2, 4).toUpperCase()}_${r.int(1, 9)}`] = exemplar));
      c.mutate('json:type-change', () => (obj[r.word(2, 6)] = otherType(r, exemplar)));
      c.mutate('map:empty', () => Object.keys(obj).forEach((k) => delete obj[k]));
    },
  };
}

/** arrayContains (V4): variants found anywhere in the actual list. */
function arrayContains(c: Ctx, path: string): GenNode {
  const { r } = c;
  const variants = [{ kind: 'a', n: r.int(1, 9) }, { kind: 'b', n: r.int(10, 99) }];
  c.rule(path, { matchers: [{ match: 'arrayContains', variants: variants.map((_, index) => ({ index, rules: index === 1 ? { '$.n': { matchers: [{ match: 'integer' }] } } : {} })) }] }, 'matcher:arrayContains');
  return {
    expected: variants,
    actual(slot) {
      const arr: unknown[] = [{ kind: 'other', n: 0 }, { ...variants[1], n: r.int(1, 500) }, { ...variants[0] }];
      if (r.chance(0.5)) arr.reverse();
      slot.set(arr);
      c.mutate('arrayContains:variant-missing', () => arr.splice(arr.findIndex((x) => (x as { kind: string }).kind === 'a'), 1));
      c.mutate('arrayContains:variant-wrong', () => ((arr.find((x) => (x as { kind: string }).kind === 'b') as { n: unknown }).n = 'text'));
    },
  };
}

function json(c: Ctx, path: string, depth: number, cascade: boolean): GenNode {
  const { r, v } = c;
  const containers = depth < 3 ? 1 : 0;
  const choice = r.weighted<string>([
    [5, 'literal'],
    [6, 'ruled'],
    [3 * containers, 'object'],
    [1 * containers, 'array'],
    [2 * containers, 'eachLike'],
    [v >= 3 && !cascade ? 1 * containers : 0, 'map'],
    [v >= 4 && !cascade ? 1 * containers : 0, 'arrayContains'],
  ]);
  switch (choice) {
    case 'object':
      return object(c, path, depth, cascade);
    case 'array':
      return array(c, path, depth, cascade);
    case 'eachLike':
      return eachLike(c, path, depth);
    case 'map':
      return map(c, path);
    case 'arrayContains':
      return arrayContains(c, path);
    case 'ruled':
      return ruled(c, path);
    default:
      return literal(c, cascade);
  }
}

// ---- XML ------------------------------------------------------------------------------------------

interface El {
  name: string;
  ns?: { prefix: string; uri: string; declare: boolean };
  attrs: Array<[string, string]>;
  text?: string;
  children: El[];
}

function xmlText(el: El): string {
  const q = el.ns?.prefix ? `${el.ns.prefix}:${el.name}` : el.name;
  const decl = el.ns?.declare ? ` xmlns${el.ns.prefix ? `:${el.ns.prefix}` : ''}="${el.ns.uri}"` : '';
  const attrs = el.attrs.map(([k, v]) => ` ${k}="${v}"`).join('');
  const inner = (el.text ?? '') + el.children.map(xmlText).join('');
  return inner ? `<${q}${decl}${attrs}>${inner}</${q}>` : `<${q}${decl}${attrs}/>`;
}

const cloneEl = (el: El): El => ({ ...el, ...(el.ns ? { ns: { ...el.ns } } : {}), attrs: el.attrs.map(([k, v]) => [k, v]), children: el.children.map(cloneEl) });

/** The expected document, and `actual()`: a faithful copy (mutations registered), rendered when called. */
function xmlBody(c: Ctx): { expected: string; actual: () => () => string } {
  const { r } = c;
  const rootName = r.word(3, 6);
  const namespaced = r.chance(0.25);
  const root: El = { name: rootName, attrs: [], children: [], ...(namespaced ? { ns: { prefix: r.pick(['', 'n', 'ns1']), uri: `urn:${r.word()}`, declare: true } } : {}) };
  const rootPath = `$.${namespaced && root.ns?.prefix ? `${root.ns.prefix}:${rootName}` : rootName}`;
  const texts: Array<{ el: El; gen: () => string; miss: () => string }> = [];
  if (r.chance(0.5)) {
    const p = r.pick(PATTERNS.slice(0, 8));
    const attr = r.word(2, 5);
    root.attrs.push([attr, p.gen(r)]);
    if (c.v >= 2 && r.chance(0.6)) c.rule(`${rootPath}['@${attr}']`, { matchers: [{ match: 'regex', regex: p.regex }] }, 'xml:attribute-rule');
  }
  const childName = r.word(3, 6);
  const repeated = r.chance(0.35);
  const childCount = repeated ? r.int(1, 2) : r.int(1, 3);
  for (let i = 0; i < childCount; i++) {
    const name = repeated ? childName : r.word(3, 6);
    const p = r.pick(PATTERNS.slice(0, 8));
    const child: El = { name, attrs: [], children: [], text: p.gen(r) };
    if (!repeated && r.chance(0.4)) c.rule(`${rootPath}.${name}['#text']`, { matchers: [{ match: 'regex', regex: p.regex }] }, 'xml:text-rule');
    else if (repeated) texts.push({ el: child, gen: () => p.gen(r), miss: () => p.miss(r) });
    root.children.push(child);
  }
  if (repeated) {
    c.rule(`${rootPath}.${childName}`, { matchers: [{ match: 'type', min: 1 }] }, 'xml:eachLike');
    root.children = root.children.slice(0, 1);
  }
  const expected = `<?xml version="1.0" encoding="UTF-8"?>${xmlText(root)}`;
  return {
    expected,
    actual: () => {
      const a = cloneEl(root);
      if (repeated) {
        const template = a.children[0] as El;
        a.children = Array.from({ length: r.int(1, 3) }, () => ({ ...cloneEl(template), text: r.word(3, 6) }));
      }
      c.mutate('xml:namespace-added', () => (a.ns ? (a.ns.uri = `${a.ns.uri}x`) : (a.ns = { prefix: '', uri: `urn:${r.word()}`, declare: true })));
      if (a.ns) {
        c.mutate('xml:namespace-removed', () => delete a.ns);
        c.mutate('xml:namespace-prefix', () => (a.ns!.prefix = a.ns!.prefix ? '' : 'p'));
      }
      c.mutate('xml:child-namespaced', () => {
        const ch = a.children[0];
        if (ch) ch.ns = { prefix: 'q', uri: `urn:${r.word()}`, declare: true };
      });
      if (a.attrs.length) {
        c.mutate('xml:attribute-value', () => ((a.attrs[0] as [string, string])[1] = r.word()));
        c.mutate('xml:attribute-missing', () => a.attrs.pop());
      }
      c.mutate('xml:child-missing', () => a.children.pop());
      c.mutate('xml:child-extra', () => a.children.push({ name: r.word(3, 6), attrs: [], children: [], text: r.word() }));
      c.mutate('xml:text-change', () => {
        const ch = a.children[0];
        if (ch) ch.text = `${ch.text ?? ''}${r.word(1, 2)}`;
      });
      c.mutate('xml:element-renamed', () => (a.name = `${a.name}x`));
      return () => `<?xml version="1.0" encoding="UTF-8"?>${xmlText(a)}`;
    },
  };
}

// ---- the case ---------------------------------------------------------------------------------------

/** Generators of the kinds pactship supports (response ones are for consumers' mock servers). */
const GENERATORS: Array<Record<string, unknown>> = [
  { type: 'RandomInt', min: 1, max: 100 },
  { type: 'RandomDecimal', digits: 5 },
  { type: 'RandomString', size: 8 },
  { type: 'RandomHexadecimal', digits: 6 },
  { type: 'RandomBoolean' },
  { type: 'Uuid' },
  { type: 'Regex', regex: '[a-z]{4}-\\d{2}' },
  { type: 'Date', format: 'yyyy-MM-dd' },
  { type: 'Time', format: 'HH:mm:ss' },
  { type: 'DateTime', format: "yyyy-MM-dd'T'HH:mm:ss" },
];

const J = 'application/json';

function toV2Rules(rules: Ctx['rules']): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, list] of Object.entries(rules.body)) out[`$.body${path.slice(1)}`] = list.matchers[0];
  for (const [name, list] of Object.entries(rules.header)) out[`$.headers.${name}`] = list.matchers[0];
  return out;
}

function bodyRulesOk(c: Ctx): boolean {
  // V2 knows regex and type (min/max) only, one matcher per path.
  if (c.v !== 2) return true;
  return Object.values(c.rules.body).every((l) => l.matchers.length === 1 && ['type', 'regex'].includes(String(l.matchers[0]?.match)) && !l.combine);
}

export function generateCase(seed: number, index: number): ConfCase {
  const r = new Rand((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  for (let attempt = 0; ; attempt++) {
    const spec = r.weighted<Spec>([[2, '2.0.0'], [4, '3.0.0'], [4, '4.0.0']]);
    const c = new Ctx(r, Number(spec[0]) as 2 | 3 | 4);
    const built = build(c, index);
    if (bodyRulesOk(c) || attempt > 20) return { ...built, spec };
  }
}

function build(c: Ctx, index: number): Omit<ConfCase, 'spec'> {
  const { r, v } = c;
  const bodyKind = r.weighted<string>([[60, 'json'], [12, 'xml'], [8, 'text'], [8, 'form'], [7, 'binary'], [5, 'none']]);
  const headers: Record<string, string> = {};
  const actualHeaders: Record<string, string | string[]> = {};
  let expectedBody: unknown;
  let contentType: string | undefined;
  let actualBody: () => unknown = () => undefined;
  let actualBase64: (() => string) | undefined;

  if (bodyKind === 'json') {
    contentType = J;
    const top = r.chance(0.85) ? object(c, '$', 0, false) : json(c, '$', 0, false);
    expectedBody = top.expected;
    let holder: unknown;
    top.actual({ set: (val) => (holder = val), remove: () => (holder = undefined) });
    actualBody = () => holder;
    c.tags.add('body:json');
  } else if (bodyKind === 'xml') {
    contentType = r.pick(['application/xml', 'text/xml']);
    const x = xmlBody(c);
    expectedBody = x.expected;
    const render = x.actual();
    actualBody = () => render();
    c.tags.add('body:xml');
  } else if (bodyKind === 'text') {
    contentType = 'text/plain';
    const p = r.pick(PATTERNS);
    expectedBody = `${p.gen(r)}`;
    let text = expectedBody as string;
    if (v >= 2 && r.chance(0.6)) {
      c.rule('$', { matchers: [{ match: 'regex', regex: p.regex }] }, 'text:regex');
      text = p.gen(r);
      c.mutate('regex:near-miss', () => (text = p.miss(r)));
    }
    c.mutate('text:change', () => (text = `${text} `));
    actualBody = () => text;
    c.tags.add('body:text');
  } else if (bodyKind === 'form') {
    contentType = 'application/x-www-form-urlencoded';
    const params: Array<[string, string]> = Array.from({ length: r.int(1, 3) }, (_, i) => [`${r.word(2, 5)}${i}`, r.word()]);
    expectedBody = params.map(([k, val]) => `${k}=${val}`).join('&');
    const actual = params.map(([k, val]) => [k, val] as [string, string]);
    if (v >= 3 && r.chance(0.5)) {
      const p = r.pick(PATTERNS.slice(0, 8));
      const first = actual[0] as [string, string];
      c.rule(`$.${first[0]}`, { matchers: [{ match: 'regex', regex: p.regex }] }, 'form:rule');
      first[1] = encodeURIComponent(p.gen(r));
      (params[0] as [string, string])[1] = first[1];
      expectedBody = params.map(([k, val]) => `${k}=${val}`).join('&');
    }
    c.mutate('form:extra-parameter', () => actual.push([r.word(2, 5), r.word()]));
    c.mutate('form:missing-parameter', () => actual.pop());
    c.mutate('form:value-change', () => ((actual[0] as [string, string])[1] = r.word()));
    if (actual.length > 1) c.mutate('form:reordered', () => actual.reverse());
    actualBody = () => actual.map(([k, val]) => `${k}=${val}`).join('&');
    c.tags.add('body:form');
  } else if (bodyKind === 'binary') {
    const png = r.chance(0.5);
    contentType = png ? 'image/png' : r.pick(['application/octet-stream', 'application/pdf', 'application/zip']);
    const bytes = Buffer.from([...(png ? [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] : [0x25, 0x50, 0x44, 0x46, 0x2d]), ...Array.from({ length: r.int(4, 40) }, () => r.int(0, 255))]);
    expectedBody = bytes.toString('base64');
    const actual = Buffer.from(bytes);
    let sendText = false;
    if (v >= 4 && png && r.chance(0.5)) {
      c.rule('$', { matchers: [{ match: 'contentType', value: 'image/png' }] }, 'matcher:contentType');
      actual[actual.length - 1] = (actual.at(-1) ?? 0) ^ 0xff;
    }
    c.mutate('binary:byte-flip', () => (actual[actual.length - 1] = (actual.at(-1) ?? 0) ^ 0x01));
    c.mutate('binary:base64-text-sent', () => (sendText = true));
    actualBase64 = () => (sendText ? Buffer.from(bytes.toString('base64')) : actual).toString('base64');
    c.tags.add('body:binary');
  }

  // Headers: a Content-Type for the body (V4 sometimes only in body.contentType), and others.
  if (contentType) {
    const charset = contentType !== 'image/png' && !contentType.startsWith('application/') ? r.chance(0.3) : false;
    const declared = charset ? `${contentType}; charset=utf-8` : contentType;
    if (v < 4 || r.chance(0.6)) headers['Content-Type'] = declared;
    actualHeaders['Content-Type'] = declared;
    c.mutate('header:content-type-charset', () => (actualHeaders['Content-Type'] = `${contentType}; charset=${r.pick(['iso-8859-1', 'UTF-8'])}`));
    c.mutate('header:content-type-changed', () => (actualHeaders['Content-Type'] = contentType === J ? 'text/plain' : J));
  }
  if (r.chance(0.5)) {
    const p = r.pick(PATTERNS.slice(0, 8));
    headers['X-Request-Id'] = p.gen(r);
    actualHeaders['X-Request-Id'] = headers['X-Request-Id'];
    if (r.chance(0.6)) {
      c.rules.header['X-Request-Id'] = { matchers: [{ match: 'regex', regex: p.regex }] };
      c.tags.add('header:rule');
      actualHeaders['X-Request-Id'] = p.gen(r);
      c.mutate('header:regex-near-miss', () => (actualHeaders['X-Request-Id'] = p.miss(r)));
    }
    c.mutate('header:value-change', () => (actualHeaders['X-Request-Id'] = `${String(actualHeaders['X-Request-Id'])}0`));
    c.mutate('header:missing', () => delete actualHeaders['X-Request-Id']);
    c.mutate('header:name-case', () => {
      actualHeaders['x-request-ID'] = actualHeaders['X-Request-Id'] as string;
      delete actualHeaders['X-Request-Id'];
    });
  }
  if (r.chance(0.3)) {
    headers['Cache-Control'] = 'no-cache, no-store';
    actualHeaders['Cache-Control'] = r.pick(['no-cache, no-store', 'no-cache,no-store']);
    c.mutate('header:list-order', () => (actualHeaders['Cache-Control'] = 'no-store, no-cache'));
    c.mutate('header:list-shorter', () => (actualHeaders['Cache-Control'] = 'no-cache'));
  }

  // Status: usually exact; V4 sometimes a statusCode class.
  let status = r.weighted<number>([[6, 200], [2, 201], [1, 202], [1, 404], [1, 400]]);
  let actualStatus = status;
  if (v >= 4 && r.chance(0.15)) {
    const cls = r.pick(['success', 'clientError', 'nonError', 'error']);
    c.rules.status = { matchers: [{ match: 'statusCode', status: cls }] };
    c.tags.add('matcher:statusCode');
    if (cls === 'success' || cls === 'nonError') actualStatus = r.pick([200, 201, 204]);
    else actualStatus = r.pick([400, 404, 422]);
    status = actualStatus;
  }
  c.mutate('status:changed', () => (actualStatus = actualStatus === 200 ? r.pick([201, 500, 404]) : 200));

  // At most one mutation (about half the cases are faithful).
  if (c.mutations.length > 0 && r.chance(0.55)) {
    const m = r.pick(c.mutations);
    m.apply();
    c.tags.add(`mutation:${m.tag}`);
  } else c.tags.add('faithful');

  const response: Record<string, unknown> = { status };
  if (Object.keys(headers).length) response.headers = headers;
  if (expectedBody !== undefined) {
    response.body = v >= 4 ? { content: expectedBody, contentType, encoded: bodyKind === 'binary' ? 'base64' : false } : expectedBody;
  }
  const bodyRules = Object.keys(c.rules.body).length > 0;
  if (bodyRules || Object.keys(c.rules.header).length || c.rules.status) {
    response.matchingRules =
      v === 2
        ? toV2Rules(c.rules)
        : {
            ...(bodyRules ? { body: c.rules.body } : {}),
            ...(Object.keys(c.rules.header).length ? { header: c.rules.header } : {}),
            ...(c.rules.status ? { status: c.rules.status } : {}),
          };
  }
  // Generators in the response are for consumers' mock servers: verifiers must ignore them.
  if (v >= 3 && bodyKind === 'json' && typeof expectedBody === 'object' && expectedBody !== null && r.chance(0.15)) {
    const paths = Object.keys(expectedBody).slice(0, 2);
    response.generators = {
      body: Object.fromEntries(paths.map((k) => [`$.${k}`, r.pick(GENERATORS)])),
      ...(headers['X-Request-Id'] ? { header: { 'X-Request-Id': { type: 'Uuid' } } } : {}),
    };
    c.tags.add('generators');
  }
  const request: Record<string, unknown> = {};
  if (r.chance(0.3)) request.query = v === 2 ? `page=${r.int(1, 9)}&q=${r.word()}` : { page: [String(r.int(1, 9))], q: [r.word()] };
  if (r.chance(0.2)) request.headers = { Accept: J, 'X-Trace': r.word() };
  // Request generators change what is sent (the provider here ignores requests): both must cope.
  if (v >= 3 && r.chance(0.15)) {
    request.generators = {
      ...(request.query ? { query: { page: { type: 'RandomInt', min: 1, max: 9 } } } : {}),
      ...(request.headers ? { header: { 'X-Trace': r.pick(GENERATORS.filter((g) => g.type !== 'RandomInt' && g.type !== 'RandomDecimal')) } } : {}),
      path: { type: 'ProviderState', expression: '/case/${id}' },
    };
    c.tags.add('generators:request');
  }

  const body = actualBody();
  const actual: ActualSpec = { status: actualStatus, headers: actualHeaders };
  if (actualBase64) actual.bodyBase64 = actualBase64();
  else if (body !== undefined) actual.body = typeof body === 'string' ? body : serialize(body);
  return { id: String(index), response, ...(Object.keys(request).length ? { request } : {}), actual, tags: [...c.tags].sort() };
}

/** JSON text of the actual body, JsonNumbers as written (`7.0`). */
function serialize(value: unknown): string {
  if (value instanceof JsonNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map(serialize).join(',')}]`;
  if (typeof value === 'object' && value !== null) return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${serialize(v)}`).join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

export function generateCases(seed: number, n: number): ConfCase[] {
  return Array.from({ length: n }, (_, i) => generateCase(seed, i));
}
