/**
 * Regexes from pacts, judged the way the reference verifier judges them: the pattern must match
 * the WHOLE value (`\d{3}` fails `invoice-987`), with the reference's dialect (Oniguruma, Ruby
 * syntax: `\d`, `\w`, `\s` are Unicode, `\h` is a hex digit, `(?m)` lets `.` match newlines,
 * `{,n}` is `{0,n}`).
 *
 * Matching runs on RE2 (re2js): linear in the input whatever the pattern, so `^(a+)+$` against
 * `aaaa…X` cannot hang the verifier. Constructs that need backtracking (look-around,
 * back-references, atomic groups, possessive quantifiers) are rejected with a clear message, and
 * so are the few where RE2 would read a pattern differently from the reference (`(?s)`, `\Q…\E`,
 * `\pL`, class intersection `&&`, nested classes): the interaction then fails, it never passes on
 * a pattern the reference reads otherwise. Plain patterns on ASCII text take a faster road with
 * the same answers (ascii-regex.ts); RE2 is then compiled only when a text needs it.
 */
import { RE2JS } from 're2js';
import { asciiRegex } from './ascii-regex.js';

export interface PactRegex {
  readonly source: string;
  /** The whole text matches. */
  matches(text: string): boolean;
}

const WORD = '\\p{L}\\p{M}\\p{N}\\p{Pc}';
const SPACE = '\\t-\\r\\x{85}\\p{Z}';
const HEX = '0-9A-Fa-f';

/** Class contents (without brackets) for the shorthands and POSIX-style properties the reference knows. */
const SETS: Record<string, string> = {
  d: '\\p{Nd}',
  w: WORD,
  s: SPACE,
  h: HEX,
  Alpha: '\\p{L}\\p{Nl}',
  Digit: '\\p{Nd}',
  Alnum: '\\p{L}\\p{Nl}\\p{Nd}',
  Upper: '\\p{Lu}',
  Lower: '\\p{Ll}',
  Space: SPACE,
  XDigit: HEX,
  Punct: '\\p{P}',
  Word: WORD,
  Blank: '\\t\\p{Zs}',
  Cntrl: '\\p{Cc}',
};

class Unsupported extends Error {}

const cache = new Map<string, PactRegex | { error: string }>();

export function compilePactRegex(source: string): PactRegex | { error: string } {
  let compiled = cache.get(source);
  if (!compiled) {
    compiled = build(source);
    if (cache.size > 2000) cache.clear();
    cache.set(source, compiled);
  }
  return compiled;
}

/**
 * Longer patterns are refused: compiling one costs time in proportion (a 4 MB pattern took 5 s), and
 * the reference's engine refuses programs past its size limit too. Real patterns are far shorter.
 */
export const MAX_PATTERN_LENGTH = 65_536;

function build(source: string): PactRegex | { error: string } {
  if (source.length > MAX_PATTERN_LENGTH) return { error: `the pattern is ${source.length} characters long; pactship accepts up to ${MAX_PATTERN_LENGTH}` };
  let translated: string;
  try {
    translated = translate(source);
  } catch (e) {
    if (e instanceof Unsupported) return { error: e.message };
    throw e;
  }
  const fast = asciiRegex(translated);
  if (fast) {
    // A plain sequence is valid RE2 (ascii-regex.ts accepts nothing RE2 would reject).
    let re: RE2JS | undefined;
    return { source, matches: (text) => (fast.fits(text) ? fast.test(text) : (re ??= RE2JS.compile(translated)).testExact(text)) };
  }
  try {
    const re = RE2JS.compile(translated);
    return { source, matches: (text) => re.testExact(text) };
  } catch (e) {
    const reason = (e as Error).message.replace(/^error parsing regexp: /, '');
    const hint = /Perl syntax|escape sequence: `\\[1-9k]`|nested repetition/.test(reason)
      ? ' (look-around, back-references, atomic groups and possessive quantifiers need a backtracking engine; pactship matches in linear time)'
      : '';
    return { error: `${reason}${hint}` };
  }
}

/** RE2 alone, without the ASCII fast path (tests hold the two to the same answers). */
export function re2Matcher(source: string): ((text: string) => boolean) | { error: string } {
  try {
    const re = RE2JS.compile(translate(source));
    return (text) => re.testExact(text);
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** The reference's dialect → RE2 syntax; throws Unsupported where the two would disagree. */
function translate(src: string): string {
  let out = '';
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i] as string;
    if (c === '\\') {
      const [text, next] = escape(src, i, false);
      out += text;
      i = next;
    } else if (c === '[') {
      const [text, next] = charClass(src, i);
      out += text;
      i = next;
    } else if (c === '(' && src[i + 1] === '?') {
      const m = /^\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])/.exec(src.slice(i));
      if (m && (m[1] || m[2] !== undefined)) {
        out += `(?${flags(m[1] ?? '')}${m[2] !== undefined ? `-${flags(m[2])}` : ''}${m[3]}`;
        i += m[0].length;
      } else {
        out += c;
        i++;
      }
    } else if (c === '{' && /^\{,\d+\}/.test(src.slice(i))) {
      out += '{0';
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Ruby's inline flags: i, m (dot matches newline, RE2's s), x (RE2 has none: left to fail). */
function flags(f: string): string {
  let out = '';
  for (const ch of f) {
    if (ch === 'i') out += 'i';
    else if (ch === 'm') out += 's';
    else if (ch === 'x') out += 'x';
    else throw new Unsupported(`inline flag '${ch}' is not supported (the reference accepts only i, m and x)`);
  }
  return out;
}

/** One escape at `i` (a backslash); inside a class the result is class contents. */
function escape(src: string, i: number, inClass: boolean): [string, number] {
  const e = src[i + 1];
  if (e === undefined) throw new Unsupported('trailing backslash');
  const set = (body: string, negated: boolean): string => {
    if (inClass && negated) throw new Unsupported(`'\\${e}' inside a character class is not supported`);
    if (inClass) return body;
    return `[${negated ? '^' : ''}${body}]`;
  };
  switch (e) {
    case 'd':
    case 'w':
    case 's':
    case 'h':
      return [set(SETS[e] as string, false), i + 2];
    case 'D':
    case 'W':
    case 'S':
    case 'H':
      return [set(SETS[e.toLowerCase()] as string, true), i + 2];
    case 'Z':
      if (inClass) throw new Unsupported("'\\Z' inside a character class");
      return ['(?:\\n?\\z)', i + 2];
    case 'e':
      return ['\\x{1B}', i + 2];
    case 'Q':
      throw new Unsupported("'\\Q…\\E' quoting is not supported by the reference");
    case 'u': {
      const hex = /^[0-9a-fA-F]{4}/.exec(src.slice(i + 2));
      if (!hex) throw new Unsupported("'\\u' must be followed by four hex digits");
      return [`\\x{${hex[0]}}`, i + 6];
    }
    case 'p':
    case 'P': {
      if (src[i + 2] !== '{') throw new Unsupported(`'\\${e}' needs a property name in braces, like \\${e}{L}`);
      const close = src.indexOf('}', i + 3);
      if (close < 0) throw new Unsupported(`unterminated '\\${e}{'`);
      const name = src.slice(i + 3, close);
      const mapped = SETS[name];
      if (mapped) return [set(mapped, e === 'P'), close + 1];
      return [src.slice(i, close + 1), close + 1]; // Unicode categories and scripts: the same in both
    }
    default:
      return [src.slice(i, i + 2), i + 2];
  }
}

/** A bracketed class from `[` at `i`: contents translated; nesting and `&&` rejected. */
function charClass(src: string, start: number): [string, number] {
  let i = start + 1;
  let out = '[';
  if (src[i] === '^') {
    out += '^';
    i++;
  }
  if (src[i] === ']') {
    out += '\\]';
    i++;
  }
  while (i < src.length) {
    const c = src[i] as string;
    if (c === ']') return [`${out}]`, i + 1];
    if (c === '\\') {
      const [text, next] = escape(src, i, true);
      out += text;
      i = next;
    } else if (c === '[') {
      const posix = /^\[:\^?[a-z]+:\]/.exec(src.slice(i));
      if (!posix) throw new Unsupported('nested character classes are not supported');
      out += posix[0];
      i += posix[0].length;
    } else if (c === '&' && src[i + 1] === '&') {
      throw new Unsupported("character class intersection '&&' is not supported");
    } else {
      out += c;
      i++;
    }
  }
  throw new Unsupported('missing closing ]');
}
