import { describe, expect, it } from 'vitest';
import { asciiRegex } from '../../../src/matching/ascii-regex.js';
import { compilePactRegex, re2Matcher } from '../../../src/matching/pact-regex.js';
import { generateFromRegex } from '../../../src/matching/regex-gen.js';

/** A seeded generator of patterns in the reference's dialect: mostly plain sequences, some not. */
function patterns(count: number, seed: number): string[] {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const atoms = [
    'a', 'b', 'Z', '0', '7', '-', '_', ' ', '\\.', '\\-', '\\$', '\\^', '\\[', '\\\\', '\\/', '\\t', '\\n', 'é', '\\u0041',
    '.', '\\d', '\\D', '\\w', '\\W', '\\s', '\\S', '\\h', '\\H', '\\e',
    '[a-c]', '[^x-z]', '[\\d_]', '[A-Fa-f0-9]', '[-a]', '[a-]', '[^\\s]', '[.]', '[\\p{Lu}\\d]', '[^\\p{L}]', '[é-ü]', '[\\t-\\r ]',
    '\\p{L}', '\\p{Lu}', '\\p{Ll}', '\\P{Nd}', '\\p{N}', '\\p{Pc}', '\\p{P}', '\\p{S}', '\\p{Zs}', '\\p{Cc}', '\\p{Greek}', '\\p{Alpha}',
    '(ab)', '(?:a|b)', 'a|b', '\\b', '(?i)a', '[[:alpha:]]', '\\x41', '\\x{42}', '[z-a]',
  ];
  const quantifiers = ['', '', '', '*', '+', '?', '{2}', '{1,3}', '{2,}', '{,2}', '*?', '+?', '{0}', '{3,1}', '{1001}', '**'];
  return Array.from({ length: count }, () => {
    let p = rnd() < 0.5 ? '^' : '';
    const n = 1 + Math.floor(rnd() * 6);
    for (let i = 0; i < n; i++) p += pick(atoms) + pick(quantifiers);
    return p + (rnd() < 0.5 ? '$' : '');
  });
}

function texts(pattern: string, seed: number): string[] {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const alphabet = 'abcZ07-_ .$^[\\/\t\n\r\u000bAB!~xyzé\u0085';
  const out: string[] = ['', 'a', 'aa', '0', ' ', '\n'];
  for (let k = 0; k < 6; k++) {
    const made = generateFromRegex(pattern, rnd);
    if (made === undefined) continue;
    out.push(made);
    const at = Math.floor(rnd() * (made.length + 1));
    const c = alphabet[Math.floor(rnd() * alphabet.length)] as string;
    out.push(made.slice(0, at) + c + made.slice(at), made.slice(0, at) + made.slice(at + 1), made.slice(0, at) + c + made.slice(at + 1));
  }
  for (let k = 0; k < 6; k++) {
    let t = '';
    const n = Math.floor(rnd() * 8);
    for (let i = 0; i < n; i++) t += alphabet[Math.floor(rnd() * alphabet.length)];
    out.push(t);
  }
  return out;
}

describe('the ASCII fast path of pact regexes', () => {
  it('gives RE2’s answers: the same errors, the same matches, on thousands of patterns and texts', () => {
    let fast = 0;
    let checked = 0;
    for (const [n, pattern] of patterns(1200, 11).entries()) {
      const re2 = re2Matcher(pattern);
      const ours = compilePactRegex(pattern);
      if (typeof re2 !== 'function') {
        expect('error' in ours, `${pattern} is not valid RE2, so it must not be usable`).toBe(true);
        continue;
      }
      if ('error' in ours) continue; // rejected before RE2 (constructs the reference reads otherwise)
      if (asciiRegex(pattern.replace(/\\d/g, '[\\p{Nd}]')) !== undefined) fast++;
      for (const text of texts(pattern, n)) {
        checked++;
        expect(ours.matches(text), `${JSON.stringify(pattern)} on ${JSON.stringify(text)}`).toBe(re2(text));
      }
    }
    expect(checked).toBeGreaterThan(12_000);
    expect(fast).toBeGreaterThan(120);
  });

  it('knows every ASCII character’s Unicode category as RE2 does', () => {
    const names = ['Nd', 'N', 'Nl', 'No', 'L', 'Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'M', 'Mn', 'Mc', 'Me', 'Pc', 'Pd', 'Ps', 'Pe', 'Po', 'P', 'S', 'Sm', 'Sc', 'Sk', 'Z', 'Zs', 'Zl', 'Zp', 'Cc'];
    for (const name of names) {
      for (const pattern of [`\\p{${name}}`, `\\P{${name}}`, `[^\\p{${name}}x]`]) {
        const re2 = re2Matcher(pattern);
        const ours = compilePactRegex(pattern);
        if (typeof re2 !== 'function' || 'error' in ours) throw new Error(`${pattern} does not compile`);
        expect(asciiRegex(pattern), pattern).toBeDefined();
        for (let c = 0; c < 128; c++) expect(ours.matches(String.fromCharCode(c)), `${pattern} on ${c}`).toBe(re2(String.fromCharCode(c)));
      }
    }
  });

  it('takes plain sequences only', () => {
    for (const plain of ['^[a-z]+-[\\p{Nd}]+$', '[\\p{Nd}]{4}-[\\p{Nd}]{2}', '^[0-9a-f]{8}-[0-9a-f]{4}$', 'a.b*c?', '^$', '\\x{41}\\.\\$']) {
      expect(asciiRegex(plain), plain).toBeDefined();
    }
    for (const other of ['(a)', 'a|b', '(?i)a', '\\ba', 'a^', '$a', 'a**', 'a{2}{3}', 'x{1001}', '[z-a]', '[[:alpha:]]', '\\p{Greek}', '\\d', 'a{,2}']) {
      expect(asciiRegex(other), other).toBeUndefined();
    }
  });

  it('leaves texts to RE2 that are not ASCII or long enough to make backtracking costly', () => {
    const two = asciiRegex('^[a-z]+[a-z]+$');
    expect(two?.fits('abc')).toBe(true);
    expect(two?.fits('é')).toBe(false);
    expect(two?.fits('a'.repeat(10_000))).toBe(false);
    expect(asciiRegex('^[a-z]{4}-[0-9]{2}$')?.fits('a'.repeat(1_000_000))).toBe(true); // fixed length: no backtracking
    const matcher = compilePactRegex('^[a-z]+[a-z]+$');
    if ('error' in matcher) throw new Error(matcher.error);
    expect(matcher.matches(`${'a'.repeat(100_000)}!`)).toBe(false);
    expect(matcher.matches('a'.repeat(100_000))).toBe(true);
  });
});

describe('pattern length', () => {
  it('a pattern longer than the limit is an error for its interaction, not seconds of compiling', () => {
    const r = compilePactRegex('%'.repeat(4_000_000));
    expect(r).toEqual({ error: 'the pattern is 4000000 characters long; pactship accepts up to 65536' });
    expect('matches' in compilePactRegex('a'.repeat(1000))).toBe(true);
  });
});
