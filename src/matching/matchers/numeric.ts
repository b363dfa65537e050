import { show } from '../mismatch.js';
import type { ValueMatcher } from './types.js';

const INTEGER_TEXT = /^-?\d+$/;
const DECIMAL_TEXT = /^-?(\d+\.\d*|\.\d+)([eE][+-]?\d+)?$/;
const NUMBER_TEXT = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** `integer`, `decimal`, `number`. JSON numbers by value; text (headers, XML, forms) by its form. */
function numeric(
  name: string,
  what: string,
  ofNumber: (n: number, decimalLiteral: boolean) => boolean,
  ofText: RegExp,
): ValueMatcher {
  return {
    name,
    describe: () => what,
    match(_e, actual, ctx) {
      const decimalLiteral = ctx.decimalLiteral === true;
      const ok =
        typeof actual === 'number'
          ? ofNumber(actual, decimalLiteral)
          : ctx.stringly && typeof actual === 'string' && ofText.test(actual.trim());
      const shown = typeof actual === 'number' && decimalLiteral ? actual.toFixed(1) : show(actual);
      return ok ? undefined : `Expected ${shown} to be ${what}`;
    },
  };
}

// `10.0` in the provider's JSON is a decimal, not an integer (the parse keeps that; see json-decimals.ts).
export const integer = numeric('integer', 'an integer', (n, dec) => Number.isInteger(n) && !dec, INTEGER_TEXT);
export const decimal = numeric('decimal', 'a decimal number', (n, dec) => Number.isFinite(n) && (dec || !Number.isInteger(n)), DECIMAL_TEXT);
export const number = numeric('number', 'a number', Number.isFinite, NUMBER_TEXT);

export const boolean: ValueMatcher = {
  name: 'boolean',
  describe: () => 'a boolean',
  match(_e, actual, ctx) {
    const ok = typeof actual === 'boolean' || (ctx.stringly && (actual === 'true' || actual === 'false'));
    return ok ? undefined : `Expected ${show(actual)} to be a boolean`;
  },
};

export const nullMatcher: ValueMatcher = {
  name: 'null',
  describe: () => 'null',
  match: (_e, actual) => (actual === null ? undefined : `Expected ${show(actual)} to be a null value`),
};
