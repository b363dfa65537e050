import { describe, expect, it } from 'vitest';
import { applyGenerators } from '../../../src/matching/index.js';
import { evaluateDateExpression } from '../../../src/matching/generators.js';
import { compilePactRegex } from '../../../src/matching/pact-regex.js';
import { generateFromRegex } from '../../../src/matching/regex-gen.js';
import type { Generators, HttpRequest } from '../../../src/pact/index.js';

const json = (value: unknown) => ({ state: 'present' as const, bytes: new TextEncoder().encode(JSON.stringify(value)), contentType: 'application/json' });
const bodyOf = (r: HttpRequest): unknown => JSON.parse(new TextDecoder().decode(r.body.bytes));

function request(generators: Generators, body: unknown = { id: 0, name: 'x' }): HttpRequest {
  return {
    method: 'POST',
    path: '/users/1',
    query: { page: ['1'] },
    headers: { 'X-Trace': ['t'] },
    body: json(body),
    matchingRules: {},
    generators,
  };
}

/** A deterministic sequence so tests can pin values. */
const seq = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length] as number;
};

describe('applyGenerators', () => {
  it('substitutes provider state values, keeping the type of a whole-string expression', () => {
    const out = applyGenerators(
      request({
        path: { '': { type: 'ProviderState', expression: '/users/${userId}' } },
        body: { '$.id': { type: 'ProviderState', expression: '${userId}' }, '$.name': { type: 'ProviderState', expression: 'user ${userId}' } },
        header: { 'x-trace': { type: 'ProviderState', expression: '${trace}' } },
        query: { page: { type: 'ProviderState', expression: '${page}', dataType: 'STRING' } },
      }),
      { providerState: { userId: 42, trace: 'abc', page: 3 } },
    );
    expect(out.path).toBe('/users/42');
    expect(bodyOf(out)).toEqual({ id: 42, name: 'user 42' });
    expect(out.headers).toEqual({ 'X-Trace': ['abc'] });
    expect(out.query).toEqual({ page: ['3'] });
  });

  it('keeps the original value when the provider state lacks the name', () => {
    const out = applyGenerators(request({ body: { '$.id': { type: 'ProviderState', expression: '${missing}' } } }), { providerState: {} });
    expect(bodyOf(out)).toEqual({ id: 0, name: 'x' });
  });

  it('does not change the input request', () => {
    const input = request({ body: { '$.id': { type: 'RandomInt', min: 5, max: 5 } } });
    const before = new TextDecoder().decode(input.body.bytes);
    applyGenerators(input, {});
    expect(new TextDecoder().decode(input.body.bytes)).toBe(before);
  });

  it('applies body generators to every element a wildcard selects', () => {
    const out = applyGenerators(request({ body: { '$.items[*].n': { type: 'RandomInt', min: 7, max: 7 } } }, { items: [{ n: 1 }, { n: 2 }] }), {});
    expect(bodyOf(out)).toEqual({ items: [{ n: 7 }, { n: 7 }] });
  });

  it('makes random values within their bounds and formats', () => {
    const random = seq(0.1, 0.9, 0.5, 0.3, 0.7);
    const out = applyGenerators(
      request(
        {
          body: {
            '$.int': { type: 'RandomInt', min: 10, max: 20 },
            '$.dec': { type: 'RandomDecimal', digits: 6 },
            '$.hex': { type: 'RandomHexadecimal', digits: 8 },
            '$.str': { type: 'RandomString', size: 12 },
            '$.bool': { type: 'RandomBoolean' },
            '$.uuid': { type: 'Uuid' },
            '$.urn': { type: 'Uuid', format: 'URN' },
            '$.upper': { type: 'Uuid', format: 'upper-case-hyphenated' },
            '$.simple': { type: 'Uuid', format: 'simple' },
          },
        },
        { int: 0, dec: 0, hex: '', str: '', bool: false, uuid: '', urn: '', upper: '', simple: '' },
      ),
      { random },
    );
    const b = bodyOf(out) as Record<string, unknown>;
    expect(b.int).toBeGreaterThanOrEqual(10);
    expect(b.int).toBeLessThanOrEqual(20);
    expect(String(b.dec).replace('.', '')).toHaveLength(6);
    expect(String(b.dec)).toContain('.');
    expect(b.hex).toMatch(/^[0-9a-f]{8}$/);
    expect(b.str).toMatch(/^[A-Za-z0-9]{12}$/);
    expect(typeof b.bool).toBe('boolean');
    expect(b.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(b.urn).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(b.upper).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
    expect(b.simple).toMatch(/^[0-9a-f]{32}$/);
  });

  it('makes dates, times and datetimes from formats and expressions', () => {
    const now = new Date(Date.UTC(2024, 0, 31, 10, 30, 0));
    const out = applyGenerators(
      request(
        {
          body: {
            '$.d': { type: 'Date', format: 'yyyy-MM-dd', expression: '+1 month' },
            '$.t': { type: 'Time', format: 'HH:mm', expression: 'now - 2 hours' },
            '$.dt': { type: 'DateTime', format: "yyyy-MM-dd'T'HH:mm:ss", expression: 'tomorrow @ midnight' },
            '$.plain': { type: 'Date' },
          },
        },
        { d: '', t: '', dt: '', plain: '' },
      ),
      { now },
    );
    expect(bodyOf(out)).toEqual({ d: '2024-02-29', t: '08:30', dt: '2024-02-01T00:00:00', plain: '2024-01-31' });
  });

  it('generates strings that match a regex', () => {
    for (const source of ['\\d{3}-[A-Z]{2}', '(foo|bar)+baz?', '[a-f0-9]{8}', '\\w+@\\w+\\.(com|org)', '[^,]{4}', 'ab{2,4}c*']) {
      for (let k = 0; k < 20; k++) {
        const value = generateFromRegex(source, Math.random);
        const re = compilePactRegex(source);
        if ('error' in re) throw new Error(re.error);
        expect(re.matches(value ?? ''), `${source} <- ${value}`).toBe(true);
      }
    }
    expect(generateFromRegex('(?=x)y', Math.random)).toBeUndefined();
  });
});

describe('date expressions', () => {
  const now = new Date(Date.UTC(2024, 1, 28, 12, 0, 0));
  it.each([
    ['now', '2024-02-28T12:00:00.000Z'],
    ['today', '2024-02-28T12:00:00.000Z'],
    ['tomorrow', '2024-02-29T12:00:00.000Z'],
    ['yesterday', '2024-02-27T12:00:00.000Z'],
    ['+1 day', '2024-02-29T12:00:00.000Z'],
    ['-2 hours', '2024-02-28T10:00:00.000Z'],
    ['now + 1 week - 30 minutes', '2024-03-06T11:30:00.000Z'],
    ['+1 year', '2025-02-28T12:00:00.000Z'],
    ['+1 month', '2024-03-28T12:00:00.000Z'],
    ['today @ 09:15', '2024-02-28T09:15:00.000Z'],
  ])('%s', (expression, iso) => {
    expect(evaluateDateExpression(expression, now)?.toISOString()).toBe(iso);
  });

  it('rejects what it does not understand', () => {
    expect(evaluateDateExpression('next blue moon', now)).toBeUndefined();
  });
});

describe('regex generation cannot hang', () => {
  it.each([
    ['a{1000000000}'],
    ['(a{1000}){1000}'],
    [`${'('.repeat(10_000)}a${')'.repeat(10_000)}`],
    ['(a+)+b{999}c{999}d{999}e{999}f{999}g{999}h{999}i{999}j{999}k{999}l{999}'],
  ])('%s gives up (undefined) or yields a bounded value', (source) => {
    const value = generateFromRegex(source.slice(0, 20_100), Math.random);
    expect(value === undefined || value.length <= 10_001).toBe(true);
  });
});

describe('generated request bodies keep the numbers as written', () => {
  it('a generator elsewhere in the body leaves 10.0 a decimal', () => {
    const r = request({ body: { '$.id': { type: 'RandomInt', min: 5, max: 5 } } });
    r.body = { state: 'present', bytes: new TextEncoder().encode('{"id":0,"price":10.0}'), contentType: 'application/json' };
    const out = applyGenerators(r, {});
    expect(new TextDecoder().decode(out.body.bytes)).toBe('{"id":5,"price":10.0}');
  });
});
