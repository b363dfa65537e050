import { describe, expect, it } from 'vitest';
import { compileRules, matchBody, matchHeaders, matchQuery, matchResponse, matchStatus, sniffContentType, summarize } from '../../../src/matching/index.js';
import type { Body, HttpResponse, MatchingRules, Mismatch } from '../../../src/pact/index.js';

const enc = (s: string) => new TextEncoder().encode(s);
const jsonBody = (v: unknown): Body => ({ state: 'present', bytes: enc(JSON.stringify(v)), contentType: 'application/json' });
const response = (body: unknown, matchingRules: MatchingRules = {}): HttpResponse => ({
  status: 200,
  headers: { 'Content-Type': ['application/json'] },
  body: jsonBody(body),
  matchingRules,
  generators: {},
});

describe('summarize', () => {
  it('groups mismatches under the compatibility-suite headings, in order of appearance', () => {
    const mismatches: Mismatch[] = [
      { kind: 'status', path: '', expected: 200, actual: 500, message: 'expected 200 but was 500' },
      { kind: 'body', path: '$.a', expected: 1, actual: 2, message: 'Expected 2 (Number) to be equal to 1 (Number)' },
      { kind: 'header', path: 'X', expected: 'a', actual: undefined, message: "Expected a header 'X' but was missing" },
      { kind: 'bodyType', path: '$', expected: 'a', actual: 'b', message: "Expected a body of 'a' but the actual content type was 'b'" },
    ];
    expect(summarize(mismatches)).toEqual([
      'Response status did not match',
      '  expected 200 but was 500',
      'Body had differences',
      '  $.a: Expected 2 (Number) to be equal to 1 (Number)',
      "  $: Expected a body of 'a' but the actual content type was 'b'",
      'Headers had differences',
      "  X: Expected a header 'X' but was missing",
    ]);
    expect(summarize([])).toEqual([]);
  });
});

describe('matchResponse', () => {
  it('collects status, header and body mismatches together', () => {
    const m = matchResponse(response({ a: 1 }), { status: 500, headers: {}, body: jsonBody({ a: 2 }) });
    expect(m.map((x) => x.kind)).toEqual(['status', 'header', 'body']);
  });

  it('uses the rules argument instead of the expected response rules when given', () => {
    const expected = response({ a: 1 });
    const actual = { status: 200, headers: { 'content-type': ['application/json'] }, body: jsonBody({ a: 99 }) };
    expect(matchResponse(expected, actual)).toHaveLength(1);
    expect(matchResponse(expected, actual, { body: { '$.a': { matchers: [{ match: 'integer' }], combine: 'AND' } } })).toEqual([]);
  });

  it('compiles a rules object once', () => {
    const rules: MatchingRules = { body: { '$.a': { matchers: [{ match: 'type' }], combine: 'AND' } } };
    expect(compileRules(rules)).toBe(compileRules(rules));
    expect(compileRules(compileRules(rules))).toBe(compileRules(rules));
  });

  it('reports an invalid rule path instead of ignoring it', () => {
    const m = matchBody(response({ a: 1 }), { headers: {}, body: jsonBody({ a: 1 }) }, { body: { '$.a[': { matchers: [{ match: 'type' }], combine: 'AND' } } });
    expect(m.map((x) => x.message)).toEqual(["Invalid matching rule path '$.a[': unterminated '[' at position 3 in '$.a['"]);
  });

  it('never throws on odd input', () => {
    const odd = { status: Number.NaN, headers: { '': [''] }, body: { state: 'present' as const, bytes: new Uint8Array([0xff, 0xfe, 0x00]) } };
    expect(() => matchResponse(response({ a: [1, { b: null }] }), odd)).not.toThrow();
    expect(matchResponse(response({ a: 1 }), odd).length).toBeGreaterThan(0);
  });

  it('matches a 5 MB array of 10,000 objects under eachLike rules, and still finds the one bad element', () => {
    const item = (i: number) => ({
      id: i,
      uuid: `0000${i}`.padStart(12, '0'),
      name: `name ${i} ${'x'.repeat(300)}`,
      price: i + 0.5,
      tags: ['a', 'b', 'c'],
      address: { street: 'Main St', number: i, city: 'Springfield', zip: '12345' },
      createdAt: '2024-05-01T10:15:30Z',
    });
    const rules: MatchingRules = {
      body: {
        '$.items': { matchers: [{ match: 'type', min: 1 }], combine: 'AND' },
        '$.items[*].id': { matchers: [{ match: 'integer' }], combine: 'AND' },
        '$.items[*].createdAt': { matchers: [{ match: 'timestamp', format: "yyyy-MM-dd'T'HH:mm:ssX" }], combine: 'AND' },
        '$.items[*].tags': { matchers: [{ match: 'type', min: 1 }], combine: 'AND' },
      },
    };
    const items = Array.from({ length: 10_000 }, (_, i) => item(i));
    const text = JSON.stringify({ items });
    expect(text.length).toBeGreaterThan(5_000_000);
    const expected = response({ items: [item(0)] }, rules);
    const actual = { status: 200, headers: { 'content-type': ['application/json'] }, body: { state: 'present' as const, bytes: enc(text) } };
    // Speed is measured by `npm run bench`, not asserted here: this checks correctness at that size.
    expect(matchResponse(expected, actual)).toEqual([]);

    items[9_999] = { ...item(9_999), id: 'oops' as unknown as number };
    const broken = matchResponse(expected, { ...actual, body: { state: 'present', bytes: enc(JSON.stringify({ items })) } });
    expect(broken.map((m) => `${m.path}: ${m.message}`)).toEqual(["$.items[9999].id: Expected 'oops' to be an integer"]);
  });
});

describe('compiled rules', () => {
  const typeRule = (path: string, match: string): MatchingRules => ({ body: { [path]: { matchers: [{ match }], combine: 'AND' } } });

  it('are shared by rule sets with the same content, and never mixed up with others', () => {
    expect(compileRules(typeRule('$.a', 'type'))).toBe(compileRules(typeRule('$.a', 'type')));
    expect(compileRules(typeRule('$.a', 'type'))).not.toBe(compileRules(typeRule('$.a', 'integer')));
    const actual = { status: 200, headers: { 'content-type': ['application/json'] }, body: jsonBody({ a: 'text' }) };
    expect(matchResponse(response({ a: 'x' }, typeRule('$.a', 'type')), actual)).toEqual([]);
    expect(matchResponse(response({ a: 'x' }, typeRule('$.a', 'integer')), actual)).toHaveLength(1);
    expect(matchResponse(response({ a: 'x' }, typeRule('$.a', 'type')), actual)).toEqual([]);
  });

  it('still compile rules that are not JSON (built by hand)', () => {
    const rules = typeRule('$.a', 'type') as MatchingRules & { self?: unknown };
    rules.self = rules;
    expect(compileRules(rules).body).toHaveLength(1);
  });
});

describe('pieces', () => {
  it('matchStatus without rules compares codes', () => {
    expect(matchStatus(200, 200)).toEqual([]);
    expect(matchStatus(200, 201)[0]?.message).toBe('expected 200 but was 201');
  });

  it('matchHeaders merges actual headers spelled in different cases', () => {
    expect(matchHeaders({ Accept: ['a, b'] }, { accept: ['a'], ACCEPT: ['b'] })).toEqual([]);
  });

  it('matchQuery requires every parameter, rejects unexpected ones and applies rules', () => {
    const rules: MatchingRules = { query: { id: { matchers: [{ match: 'regex', regex: '\\d+' }], combine: 'AND' } } };
    expect(matchQuery({ id: ['1'], q: ['a b'] }, { id: ['99'], q: ['a b'] }, rules)).toEqual([]);
    expect(matchQuery({ id: ['1'] }, { id: ['x'], extra: ['1'] }, rules).map((m) => m.message)).toEqual([
      "Expected query parameter 'id': Expected 'x' to match '\\d+'",
      "Unexpected query parameter 'extra' received",
    ]);
    expect(matchQuery({ a: ['1', '2'] }, { a: ['1'] }).map((m) => m.message)).toEqual([
      "Expected query parameter 'a' with 2 values but received 1 value",
    ]);
  });

  it.each([
    [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'image/png'],
    [[0xff, 0xd8, 0xff, 0xdb], 'image/jpeg'],
    [[...enc('GIF87a')], 'image/gif'],
    [[...enc('%PDF-1.4')], 'application/pdf'],
    [[...enc(' {"a": [1]} ')], 'application/json'],
    [[...enc('<?xml version="1.0"?><a/>')], 'application/xml'],
    [[...enc('<note>hi</note>')], 'application/xml'],
    [[...enc('<!DOCTYPE html><html></html>')], 'text/html'],
    [[...enc('{not json')], 'text/plain'],
    [[...enc('hello')], 'text/plain'],
    [[0x00, 0x01, 0x02], 'application/octet-stream'],
  ])('sniffs %j as %s', (bytes, type) => {
    expect(sniffContentType(new Uint8Array(bytes))).toBe(type);
  });
});
