import { describe, expect, it } from 'vitest';
import { findJsonError, JsonTextError, parseJsonText } from '../../../src/pact/json-text.js';

describe('parseJsonText', () => {
  it('parses valid JSON and ignores a BOM', () => {
    expect(parseJsonText('\uFEFF{"a":[1,2]}')).toEqual({ a: [1, 2] });
  });

  it.each([
    ['{"a": tru}', 1, 7, 'unexpected "t"'],
    ['{\n  "a": 1,\n}', 3, 1, 'expected a property name, got "}"'],
    ['[1 2]', 1, 4, "expected ',' or ']' in array, got \"2\""],
    ['{"a": "x', 1, 7, 'unterminated string'],
    ['', 1, 1, 'empty document'],
    ['{} x', 1, 4, 'unexpected "x" after the JSON value'],
    ['{"a": 01}', 1, 8, "expected ',' or '}' in object, got \"1\""],
  ])('%j → line %i column %i', (text, line, column, reason) => {
    let thrown: unknown;
    try {
      parseJsonText(text);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(JsonTextError);
    expect((thrown as JsonTextError).message).toBe(`invalid JSON at line ${line} column ${column}: ${reason}`);
  });

  it('the scanner accepts everything JSON.parse accepts', () => {
    for (const t of ['{"a":"\\u00e9\\n","b":[true,false,null,-1.5e3,{}],"c":[]}', ' 1 ', '"s"']) {
      expect(JSON.parse(t)).toBeDefined();
      expect(findJsonError(t)).toBeUndefined();
    }
  });
});
