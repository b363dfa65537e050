import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import type { HttpRequest } from '../../../src/pact/model.js';
import { applyHeaderOverrides, buildRequest, encodeQuery, joinUrl, parseHeaderFlags } from '../../../src/verify/request.js';

const enc = new TextEncoder();
const req = (over: Partial<HttpRequest> = {}): HttpRequest => ({
  method: 'get',
  path: '/items/1',
  query: {},
  headers: {},
  body: { state: 'missing' },
  matchingRules: {},
  generators: {},
  ...over,
});

describe('joinUrl', () => {
  it('keeps the base path of the provider base URL', () => {
    expect(joinUrl('http://localhost:8080/api/', '/items/1')).toBe('http://localhost:8080/api/items/1');
    expect(joinUrl('http://localhost:8080', '/items/1')).toBe('http://localhost:8080/items/1');
    expect(joinUrl('http://localhost:8080/api', '')).toBe('http://localhost:8080/api/');
  });

  it('encodes what must be encoded in the path and keeps existing escapes', () => {
    expect(joinUrl('http://h', '/a b/%2F/ü')).toBe('http://h/a%20b/%2F/%C3%BC');
  });

  it('writes repeated query values in order, encoded', () => {
    expect(encodeQuery({ a: ['1', '2'], 'b c': ['x&y'] })).toBe('a=1&a=2&b%20c=x%26y');
    expect(joinUrl('http://h/base', '/p', { q: ['1'] })).toBe('http://h/base/p?q=1');
  });
});

describe('buildRequest', () => {
  it('uppercases the method, flattens single header values and sends the body bytes', () => {
    const bytes = enc.encode('{"a":1}');
    const built = buildRequest(
      req({ method: 'post', headers: { Accept: ['application/json'], 'X-Multi': ['a', 'b'] }, body: { state: 'present', bytes, contentType: 'application/json' } }),
      'http://h:1/api',
    );
    expect(built).toEqual({
      method: 'POST',
      url: 'http://h:1/api/items/1',
      headers: { Accept: 'application/json', 'X-Multi': ['a', 'b'], 'Content-Type': 'application/json' },
      body: bytes,
    });
  });

  it('does not add a content type when the pact gave one as a header', () => {
    const built = buildRequest(req({ headers: { 'content-type': ['text/plain'] }, body: { state: 'present', bytes: enc.encode('x'), contentType: 'text/plain' } }), 'http://h');
    expect(Object.keys(built.headers)).toEqual(['content-type']);
  });

  it('sends an empty body for `empty` and none for `missing`', () => {
    expect(buildRequest(req({ body: { state: 'empty' } }), 'http://h').body).toBe('');
    expect('body' in buildRequest(req(), 'http://h')).toBe(false);
  });
});

describe('header overrides', () => {
  it('parses Name: value flags and replaces same-named headers in any case', () => {
    const overrides = parseHeaderFlags(['Authorization: Bearer abc', 'X-Empty:']);
    expect(overrides).toEqual([
      { name: 'Authorization', value: 'Bearer abc' },
      { name: 'X-Empty', value: '' },
    ]);
    const out = applyHeaderOverrides({ method: 'GET', url: 'http://h/', headers: { authorization: 'Bearer old', Accept: 'a' } }, overrides);
    expect(out.headers).toEqual({ Accept: 'a', Authorization: 'Bearer abc', 'X-Empty': '' });
  });

  it('reports every malformed header at once', () => {
    expect(() => parseHeaderFlags(['nocolon', ': novalue', 'Ok: 1'])).toThrow(UsageError);
    try {
      parseHeaderFlags(['nocolon', ': novalue']);
    } catch (error) {
      expect((error as UsageError).details).toHaveLength(2);
    }
  });
});
