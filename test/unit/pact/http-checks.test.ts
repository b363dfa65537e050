import { describe, expect, it } from 'vitest';
import { InvalidPactError } from '../../../src/errors.js';
import { parsePact, parsePactText } from '../../../src/pact/index.js';

function pact(request: Record<string, unknown>, response: Record<string, unknown> = { status: 200 }, version = '3.0.0'): Record<string, unknown> {
  return {
    consumer: { name: 'c' },
    provider: { name: 'p' },
    interactions: [{ description: 'get it', ...(version === '4.0.0' ? { type: 'Synchronous/HTTP' } : {}), request: { path: '/', ...request }, response }],
    metadata: { pactSpecification: { version } },
  };
}

function problems(json: unknown): string[] {
  try {
    parsePact(json, 'pact.json');
  } catch (e) {
    if (e instanceof InvalidPactError) return e.problems;
    throw e;
  }
  return [];
}

describe('what a request will send is checked when the pact is read', () => {
  it.each([
    [{ method: 'G ET' }, 'interactions[0] ("get it"): request.method: "G ET" is not an HTTP method'],
    [{ headers: { 'X Trace': 'a' } }, 'interactions[0] ("get it"): request.headers["X Trace"]: is not a valid header name'],
    [{ headers: { '': 'a' } }, 'request.headers[""]: is not a valid header name'],
    [{ headers: { 'X-A': 'one\r\nX-Injected: two' } }, 'request.headers["X-A"]: contains a character a header value cannot carry'],
    [{ headers: { 'X-A': ['ok', 'bad\n'] } }, 'request.headers["X-A"][1]: contains a character'],
    [{ headers: { 'X-A': 'a\u0000b' } }, 'request.headers["X-A"]: contains a character'],
  ])('%j is reported', (request, message) => {
    expect(problems(pact(request)).join('\n')).toContain(message);
  });

  it('accepts ordinary methods, names and values (tabs, Latin-1)', () => {
    expect(problems(pact({ method: 'PATCH', headers: { 'X-Request-Id': 'a\tb', 'Accept-Language': 'fr-FR, é' } }))).toEqual([]);
  });

  it('leaves response headers alone (they are compared, not sent)', () => {
    expect(problems(pact({}, { status: 200, headers: { 'X Odd': 'v' } }))).toEqual([]);
  });
});

describe('bodies nested too deep are a located problem, not a stack overflow', () => {
  const deep = (n: number): unknown => {
    let v: unknown = 1;
    for (let i = 0; i < n; i++) v = [v];
    return v;
  };

  it.each([
    ['a V3 response', pact({}, { status: 200, body: deep(10_000) }), 'interactions[0] ("get it"): response.body: is nested deeper than 127 levels'],
    ['a V3 request', pact({ method: 'POST', body: deep(128) }), 'request.body: is nested deeper than 127 levels'],
    ['a V4 response', pact({}, { status: 200, body: { content: deep(10_000), contentType: 'application/json' } }, '4.0.0'), 'response.body: is nested deeper'],
  ])('%s', (_name, json, message) => {
    expect(problems(json).join('\n')).toContain(message);
  });

  it('127 levels are fine', () => {
    expect(problems(pact({}, { status: 200, body: deep(127) }))).toEqual([]);
  });

  it('from a pact file 10,000 deep, with or without decimal literals', () => {
    for (const leaf of ['1', '1.0']) {
      const text = JSON.stringify(pact({}, { status: 200, body: '@' })).replace('"@"', `${'['.repeat(10_000)}${leaf}${']'.repeat(10_000)}`);
      expect(() => parsePactText(text, 'deep.json')).toThrow(InvalidPactError);
    }
  });
});

describe('nesting anywhere in an interaction', () => {
  it('provider-state params, matching rules or metadata 5,000 deep are a located problem, not a stack overflow', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = { d: deep };
    const pact = (interaction: Record<string, unknown>, metadata: Record<string, unknown> = { pactSpecification: { version: '3.0.0' } }) => ({
      consumer: { name: 'c' },
      provider: { name: 'p' },
      interactions: [{ description: 'x', request: { method: 'GET', path: '/' }, response: { status: 200 }, ...interaction }],
      metadata,
    });
    expect(() => parsePact(pact({ providerStates: [{ name: 's', params: { id: deep } }] }), 'deep.json')).toThrow(/interactions\[0\] \("x"\): providerStates: is nested deeper than 135 levels/);
    expect(() => parsePact(pact({ response: { status: 200, matchingRules: { body: deep } } }), 'deep.json')).toThrow(/response\.matchingRules: is nested deeper than 135 levels/);
    expect(() => parsePact(pact({}, { pactSpecification: { version: '3.0.0' }, x: deep }), 'deep.json')).toThrow(/metadata: is nested deeper than 135 levels/);
  });
});
