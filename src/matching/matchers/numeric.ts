import { isInteger, isJsonNumeric } from '../../pact/json-number.js';
import { show } from '../mismatch.js';
import type { ValueMatcher } from './types.js';

const INTEGER_TEXT = /^-?\d+$/;
const DECIMAL_TEXT = /^-?(\d+\.\d*|\.\d+)([eE][+-]?\d+)?$/;
const NUMBER_TEXT = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * `integer`, `decimal`, `number`. JSON numbers by how they were written (`10.0` is a decimal, see
 * json-number.ts); text (headers, XML, forms) by its form.
 */
function numeric(name: string, what: string, ofNumber: (integer: boolean) => boolean, ofText: RegExp): ValueMatcher {
  return {
    name,
    describe: () => what,
    match(_e, actual, ctx) {
      const ok = isJsonNumeric(actual)
        ? ofNumber(isInteger(actual))
        : ctx.stringly && typeof actual === 'string' && ofText.test(actual.trim());
      return ok ? undefined : `Expected ${show(actual)} to be ${what}`;
    },
  };
}

export const integer = numeric('integer', 'an integer', (int) => int, INTEGER_TEXT);
export const decimal = numeric('decimal', 'a decimal number', (int) => !int, DECIMAL_TEXT);
export const number = numeric('number', 'a number', () => true, NUMBER_TEXT);

/** Booleans, and the strings `true`/`false` (the reference accepts those in JSON too). */
export const boolean: ValueMatcher = {
  name: 'boolean',
  describe: () => 'a boolean',
  match(_e, actual) {
    const ok = typeof actual === 'boolean' || actual === 'true' || actual === 'false';
    return ok ? undefined : `Expected ${show(actual)} to be a boolean`;
  },
};

export const nullMatcher: ValueMatcher = {
  name: 'null',
  describe: () => 'null',
  match: (_e, actual) => (actual === null ? undefined : `Expected ${show(actual)} to be a null value`),
};
