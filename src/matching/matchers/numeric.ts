import { show } from '../mismatch.js';
import type { ValueMatcher } from './types.js';

const INTEGER_TEXT = /^-?\d+$/;
const DECIMAL_TEXT = /^-?(\d+\.\d*|\.\d+)([eE][+-]?\d+)?$/;
const NUMBER_TEXT = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** `integer`, `decimal`, `number`. JSON numbers by value; text (headers, XML, forms) by its form. */
function numeric(name: string, what: string, ofNumber: (n: number) => boolean, ofText: RegExp): ValueMatcher {
  return {
    name,
    describe: () => what,
    match(_e, actual, ctx) {
      const ok =
        typeof actual === 'number' ? ofNumber(actual) : ctx.stringly && typeof actual === 'string' && ofText.test(actual.trim());
      return ok ? undefined : `Expected ${show(actual)} to be ${what}`;
    },
  };
}

export const integer = numeric('integer', 'an integer', Number.isInteger, INTEGER_TEXT);
// JSON.parse cannot tell 1.0 from 1, so an integral JSON number is not taken as a decimal.
export const decimal = numeric('decimal', 'a decimal number', (n) => Number.isFinite(n) && !Number.isInteger(n), DECIMAL_TEXT);
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
