import { show } from '../mismatch.js';
import { failing, scalarText, type MatcherOptions, type ValueMatcher } from './types.js';

/**
 * Java/Rust regex syntax → JavaScript. Inline `(?i)`, `\A`, `\z`, possessive quantifiers and POSIX
 * classes are translated. Not anchored: like pact-reference (`Regex::is_match`), which the consumer
 * libraries' mock servers also use, a match anywhere in the value passes; patterns anchor themselves
 * with `^…$` when they mean the whole value.
 */
export function compileJavaRegex(source: string): RegExp | { error: string } {
  let body = source;
  let flags = '';
  const inline = /^\(\?([imsx]+)\)/.exec(body);
  if (inline) {
    body = body.slice(inline[0].length);
    if (inline[1]?.includes('i')) flags += 'i';
    if (inline[1]?.includes('s')) flags += 's';
  }
  body = body
    .replace(/\\A/g, '^')
    .replace(/\\[zZ]/g, '$')
    .replace(/([*+?}])\+/g, '$1')
    .replace(/\\p\{(Alpha|Digit|Alnum|Upper|Lower|Punct|Space|XDigit)\}/g, (_, name: string) => POSIX[name] ?? _)
    .replace(/\\h/g, '[ \\t]');
  for (const extra of ['u', '']) {
    try {
      return new RegExp(body, flags + extra);
    } catch (e) {
      if (extra === '') return { error: (e as Error).message };
    }
  }
  return { error: 'invalid regular expression' };
}

const POSIX: Record<string, string> = {
  Alpha: '[A-Za-z]',
  Digit: '[0-9]',
  Alnum: '[A-Za-z0-9]',
  Upper: '[A-Z]',
  Lower: '[a-z]',
  Punct: '[!-\\/:-@\\[-`{-~]',
  Space: '\\s',
  XDigit: '[0-9a-fA-F]',
};

export function regex(options: MatcherOptions): ValueMatcher {
  const source = options.regex;
  if (typeof source !== 'string') return failing('regex', 'Invalid regex matcher: "regex" must be a string');
  const re = compileJavaRegex(source);
  if (!(re instanceof RegExp)) return failing('regex', `Invalid regex matcher: '${source}' is not a valid regular expression - ${re.error}`);
  return {
    name: 'regex',
    describe: () => `matching '${source}'`,
    match(_expected, actual) {
      const text = scalarText(actual);
      return text !== undefined && actual !== null && re.test(text) ? undefined : `Expected ${show(actual)} to match '${source}'`;
    },
  };
}
