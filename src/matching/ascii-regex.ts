/**
 * A fast path for the commonest pact regexes (`^[a-z]+-\d+$`, `^\d{4}-\d{2}-\d{2}$`, a UUID):
 * V8's own engine instead of RE2 (re2js), which costs ~1 µs a test and a few ms to set up its
 * Unicode tables on the first pattern. Only where the two cannot disagree and V8 cannot be slow:
 *
 * - The pattern (RE2 syntax, as pact-regex.ts translates it) is a plain sequence: literals,
 *   classes, `.`, quantifiers, `^` first and `$` last. No groups, no alternation, no flags, no
 *   assertions: anything else stays with RE2.
 * - The text is ASCII. On ASCII text every class is a known set of ASCII characters (`\p{Nd}` is
 *   0-9, `\p{L}` is A-Za-z, …), so the pattern becomes a regex of \xHH sets with the same language.
 *   Whole-text matching is a yes/no question about that language, whatever each engine's
 *   preferences (greedy, lazy, leftmost-first).
 * - Backtracking over a sequence with q variable-length items tries at most (n+1)^q splits of a
 *   text of length n, each checked in at most the pattern's width of steps: texts where that could
 *   exceed BUDGET go to RE2 (linear in n whatever the pattern).
 */

export interface AsciiRegex {
  /** Whether V8 may judge `text` (ASCII, short enough for the pattern's variable items). */
  fits(text: string): boolean;
  test(text: string): boolean;
}

/** Steps V8 may take on one text: (n+1)^q × the pattern's width. */
const BUDGET = 1_000_000;
const MAX_COUNT = 1000; // RE2's own limit on a repeat count
const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** ASCII members of the Unicode general categories the translation uses (others: no fast path). */
const CATEGORY: Record<string, string> = {
  Nd: '0-9',
  N: '0-9',
  Nl: '',
  No: '',
  L: 'A-Za-z',
  Lu: 'A-Z',
  Ll: 'a-z',
  Lt: '',
  Lm: '',
  Lo: '',
  M: '',
  Mn: '',
  Mc: '',
  Me: '',
  Pc: '_',
  Pd: '-',
  Ps: '([{',
  Pe: ')\\]}',
  Po: '!"#%&\'*,./:;?@\\\\',
  P: '!"#%&\'()*,\\-./:;?@[\\\\\\]_{}',
  S: '$+<=>\\^`|~',
  Sm: '+<=>|~',
  Sc: '$',
  Sk: '\\^`',
  Z: ' ',
  Zs: ' ',
  Zl: '',
  Zp: '',
  Cc: '\\x00-\\x1f\\x7f',
};

const CATEGORY_SETS = new Map<string, boolean[]>();
function categorySet(name: string): boolean[] | undefined {
  const spec = CATEGORY[name];
  if (spec === undefined) return undefined;
  let set = CATEGORY_SETS.get(name);
  if (!set) {
    const re = spec === '' ? undefined : new RegExp(`[${spec}]`);
    set = Array.from({ length: 128 }, (_, c) => re !== undefined && re.test(String.fromCharCode(c)));
    CATEGORY_SETS.set(name, set);
  }
  return set;
}

const SIMPLE_ESCAPES: Record<string, number> = { t: 9, n: 10, v: 11, f: 12, r: 13, a: 7 };
const PUNCT = '\\.+*?()|[]{}^$-/#&~!"\',:;<=>@_`%';

class NotSimple extends Error {}

/** The ASCII fast path for an RE2 pattern, or undefined when it is not a plain sequence. */
export function asciiRegex(re2Pattern: string): AsciiRegex | undefined {
  try {
    return compile(re2Pattern);
  } catch (e) {
    if (e instanceof NotSimple) return undefined;
    throw e;
  }
}

function compile(src: string): AsciiRegex {
  const chars = Array.from(src); // code points
  let i = 0;
  let out = '';
  let variable = 0;
  let width = 1;
  const anchoredStart = chars[0] === '^';
  if (anchoredStart) i++;
  const anchoredEnd = chars.length > i && chars[chars.length - 1] === '$' && chars[chars.length - 2] !== '\\';
  const end = anchoredEnd ? chars.length - 1 : chars.length;

  while (i < end) {
    const c = chars[i] as string;
    let set: boolean[];
    if (c === '[') [set, i] = charClass(chars, i, end);
    else if (c === '\\' && (chars[i + 1] === 'p' || chars[i + 1] === 'P')) {
      set = new Array<boolean>(128).fill(false);
      i = category(chars, i, set);
    } else if (c === '\\') {
      const [code, next] = escapedChar(chars, i, end);
      set = single(code);
      i = next;
    } else if (c === '.') {
      set = single(-1).map((_, k) => k !== 10);
      i++;
    } else if ('()|^$*+?{}'.includes(c)) throw new NotSimple();
    else {
      set = single(c.codePointAt(0) as number);
      i++;
    }
    const [quantifier, next, isVariable, count] = quantifierAt(chars, i, end);
    i = next;
    if (isVariable) variable++;
    width += count;
    out += setText(set) + quantifier;
  }
  // Matching is always of the whole text (as RE2's testExact), anchors written or not.
  const re = new RegExp(`^(?:${out})$`);
  const limit = variable === 0 ? Infinity : Math.floor((BUDGET / width) ** (1 / variable)) - 1;
  return {
    fits: (text) => text.length <= limit && ASCII_ONLY.test(text),
    test: (text) => re.test(text),
  };
}

function single(code: number): boolean[] {
  const set = new Array<boolean>(128).fill(false);
  if (code >= 0 && code < 128) set[code] = true;
  return set;
}

/** `\x{41}`, `\x41`, `\t`, `\.`: one character; class escapes (`\d`, `\p{..}`) only inside classes. */
function escapedChar(chars: string[], at: number, end: number): [number, number] {
  const e = chars[at + 1];
  if (e === undefined || at + 1 >= end) throw new NotSimple();
  if (e in SIMPLE_ESCAPES) return [SIMPLE_ESCAPES[e] as number, at + 2];
  if (e === 'x') {
    if (chars[at + 2] === '{') {
      const close = chars.indexOf('}', at + 3);
      const hex = close < 0 ? '' : chars.slice(at + 3, close).join('');
      if (!/^[0-9A-Fa-f]{1,6}$/.test(hex) || Number.parseInt(hex, 16) > 0x10ffff) throw new NotSimple();
      return [Number.parseInt(hex, 16), close + 1];
    }
    const hex = chars.slice(at + 2, at + 4).join('');
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new NotSimple();
    return [Number.parseInt(hex, 16), at + 4];
  }
  if (PUNCT.includes(e)) return [e.codePointAt(0) as number, at + 2];
  throw new NotSimple();
}

/** `[...]` from `at`: literals, ranges, \p{Category}, escapes; `^` negates (within ASCII). */
function charClass(chars: string[], at: number, end: number): [boolean[], number] {
  let i = at + 1;
  let negated = false;
  if (chars[i] === '^') {
    negated = true;
    i++;
  }
  const set = new Array<boolean>(128).fill(false);
  let first = true;
  for (;;) {
    if (i >= end) throw new NotSimple();
    const c = chars[i] as string;
    if (c === ']' && !first) break;
    first = false;
    if (c === '[' || c === ']') throw new NotSimple();
    if (c === '\\' && (chars[i + 1] === 'p' || chars[i + 1] === 'P')) {
      i = category(chars, i, set);
      continue;
    }
    let lo: number;
    [lo, i] = classChar(chars, i, end);
    if (chars[i] === '-' && chars[i + 1] !== ']' && i + 1 < end) {
      let hi: number;
      [hi, i] = classChar(chars, i + 1, end);
      if (hi < lo) throw new NotSimple();
      for (let k = lo; k <= Math.min(hi, 127); k++) set[k] = true;
    } else if (lo < 128) set[lo] = true;
  }
  if (negated) for (let k = 0; k < 128; k++) set[k] = !set[k];
  return [set, i + 1];
}

/** `\p{Name}` / `\P{Name}` at `at`: adds its ASCII members to `set`; returns the index after it. */
function category(chars: string[], at: number, set: boolean[]): number {
  if (chars[at + 2] !== '{') throw new NotSimple();
  const close = chars.indexOf('}', at + 3);
  const members = close < 0 ? undefined : categorySet(chars.slice(at + 3, close).join(''));
  if (!members) throw new NotSimple();
  const complement = chars[at + 1] === 'P';
  for (let k = 0; k < 128; k++) if (members[k] !== complement) set[k] = true;
  return close + 1;
}

function classChar(chars: string[], at: number, end: number): [number, number] {
  const c = chars[at] as string;
  if (c === '\\') return escapedChar(chars, at, end);
  if (c === '-' && at !== end) return [45, at + 1];
  return [c.codePointAt(0) as number, at + 1];
}

/**
 * `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}` (each maybe lazy) → JS text, whether its length varies and
 * how many steps one try of the item may take (its largest finite count).
 */
function quantifierAt(chars: string[], at: number, end: number): [string, number, boolean, number] {
  const c = chars[at];
  if (at >= end || c === undefined) return ['', at, false, 1];
  let text: string;
  let next: number;
  let variable: boolean;
  let count = 1;
  if (c === '*' || c === '+' || c === '?') {
    text = c;
    next = at + 1;
    variable = true;
  } else if (c === '{') {
    const close = chars.indexOf('}', at + 1);
    const body = close < 0 || close >= end ? '' : chars.slice(at + 1, close).join('');
    const m = /^(\d{1,4})(,(\d{1,4})?)?$/.exec(body);
    if (!m) throw new NotSimple(); // RE2 reads a malformed `{` as a literal: not worth the fast path
    const min = Number(m[1]);
    const max = m[3] === undefined ? (m[2] ? Infinity : min) : Number(m[3]);
    if (min > MAX_COUNT || (max !== Infinity && (max > MAX_COUNT || max < min))) throw new NotSimple();
    text = `{${body}}`;
    next = close + 1;
    variable = max !== min;
    count = Math.max(1, max === Infinity ? min : max);
  } else return ['', at, false, 1];
  if (chars[next] === '?' && next < end) next++; // lazy: the same language
  if (next < end && '*+?{'.includes(chars[next] as string)) throw new NotSimple(); // RE2 rejects a double repeat
  return [text, next, variable, count];
}

function setText(set: boolean[]): string {
  let out = '[';
  for (let k = 0; k < 128; k++) if (set[k]) out += `\\x${k.toString(16).padStart(2, '0')}`;
  return `${out}]`;
}
