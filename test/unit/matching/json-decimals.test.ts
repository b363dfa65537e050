import { describe, expect, it } from 'vitest';
import { parsePact } from '../../../src/pact/index.js';
import { matchResponse } from '../../../src/matching/index.js';
import { parseJsonKeepingDecimals } from '../../../src/matching/body/json-decimals.js';

describe('parseJsonKeepingDecimals', () => {
  it.each([
    '{"a":1,"b":[1,2.5,"x"],"c":{"d":null,"e":true,"f":false}}',
    '{"price":10.0,"n":[1.0,2,3e2,-4.50],"s":"1.0 in a string","esc":"q\\"1.0\\"","u":"\\u00e9"}',
    '[]',
    '  {"nested":[[1.0],[{"x":0.0}]]}  ',
    '{"dup":1.0,"dup":2}',
    '-0.0',
  ])('gives the same value as JSON.parse for %s', (text) => {
    expect(parseJsonKeepingDecimals(text).value).toEqual(JSON.parse(text));
  });

  it('records which members were written as integral decimals', () => {
    const { value, decimals } = parseJsonKeepingDecimals('{"price":10.0,"qty":3,"list":[1,2.0,1e3],"s":"5.0"}');
    const v = value as { list: unknown[] };
    expect([...(decimals!.get(value as object) ?? [])]).toEqual(['price']);
    expect([...(decimals!.get(v.list) ?? [])]).toEqual([1, 2]);
  });

  it('takes the native path when there is nothing to keep', () => {
    expect(parseJsonKeepingDecimals('{"a":1.5,"b":2}').decimals).toBeUndefined();
  });

  it('rejects invalid JSON like JSON.parse', () => {
    expect(() => parseJsonKeepingDecimals('{"a":1.0,}')).toThrow(SyntaxError);
    expect(() => parseJsonKeepingDecimals('{"a":1.0} x')).toThrow(SyntaxError);
  });
});

describe('decimal and integer matchers see how the provider wrote the number', () => {
  const expected = parsePact(
    {
      consumer: { name: 'c' },
      provider: { name: 'p' },
      metadata: { pactSpecification: { version: '3.0.0' } },
      interactions: [
        {
          description: 'd',
          request: { method: 'GET', path: '/' },
          response: {
            status: 200,
            headers: { 'Content-Type': 'application/json' },
            body: { price: 1.5, count: 1 },
            matchingRules: {
              body: { '$.price': { matchers: [{ match: 'decimal' }] }, '$.count': { matchers: [{ match: 'integer' }] } },
            },
          },
        },
      ],
    },
    'inline',
  ).interactions[0] as { response: Parameters<typeof matchResponse>[0] };
  const actual = (text: string) => ({
    status: 200,
    headers: { 'Content-Type': ['application/json'] },
    body: { state: 'present' as const, bytes: new TextEncoder().encode(text), contentType: 'application/json' },
  });

  it('10.0 is a decimal', () => {
    expect(matchResponse(expected.response, actual('{"price":10.0,"count":2}'))).toEqual([]);
  });

  it('2.0 is not an integer', () => {
    const m = matchResponse(expected.response, actual('{"price":10.5,"count":2.0}'));
    expect(m.map((x) => x.message)).toEqual(['Expected 2.0 to be an integer']);
  });

  it('10 is still not a decimal', () => {
    expect(matchResponse(expected.response, actual('{"price":10,"count":2}')).map((x) => x.path)).toEqual(['$.price']);
  });
});
