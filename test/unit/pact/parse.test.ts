import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidPactError } from '../../../src/errors.js';
import {
  detectSpecVersion,
  isHttpInteraction,
  parsePact,
  parsePactText,
  type HttpInteraction,
  type Pact,
} from '../../../src/pact/index.js';

const fixture = (path: string): string => readFileSync(new URL(`../../../fixtures/pacts/${path}`, import.meta.url), 'utf8');
const load = (path: string): Pact => parsePactText(fixture(path), path);
const text = (bytes: Uint8Array | undefined): string => new TextDecoder().decode(bytes);
const http = (pact: Pact, i: number): HttpInteraction => {
  const interaction = pact.interactions[i];
  if (!interaction || !isHttpInteraction(interaction)) throw new Error(`interaction ${i} is not HTTP`);
  return interaction;
};

describe('parsePact: V1', () => {
  const pact = load('v1/get-alligator-with-state.json');

  it('reads the version from metadata.pactSpecificationVersion', () => {
    expect(pact.specVersion).toBe('1.0.0');
    expect(pact.specVersionAssumed).toBe(false);
    expect(pact.consumer.name).toBe('Zoo App');
    expect(pact.provider.name).toBe('Animal Service');
  });

  it('turns providerState into one provider state without params and upper-cases the method', () => {
    const i = http(pact, 0);
    expect(i.providerStates).toEqual([{ name: 'there is an alligator named Mary', params: {} }]);
    expect(i.request.method).toBe('GET');
  });

  it('decodes the query string into a multi-map (+, %xx, repeated and bare keys)', () => {
    expect(http(pact, 0).request.query).toEqual({ name: ['Mary Jane'], tag: ['a&b', 'c'], flag: [''] });
  });

  it('keeps header names as written with single-element values and serializes JSON bodies', () => {
    const r = http(pact, 0).response;
    expect(r.headers).toEqual({ 'Content-Type': ['application/json;charset=utf-8'] });
    expect(r.body.state).toBe('present');
    expect(text(r.body.bytes)).toBe('{"name":"Mary","legs":4}');
    expect(r.body.contentType).toBe('application/json;charset=utf-8');
  });

  it('distinguishes an empty body from a missing one', () => {
    const i = http(pact, 1);
    expect(i.response.body).toEqual({ state: 'empty' });
    expect(i.request.body).toEqual({ state: 'missing' });
    expect(i.providerStates).toEqual([]);
  });

  it('gives interactions without _id a short stable id from description and states', () => {
    const again = load('v1/get-alligator-with-state.json');
    expect(http(pact, 0).id).toMatch(/^[0-9a-f]{12}$/);
    expect(http(again, 0).id).toBe(http(pact, 0).id);
    expect(http(pact, 1).id).not.toBe(http(pact, 0).id);
    expect([http(pact, 0).id, http(pact, 1).id]).toEqual(['9c58d0dc0142', 'a9fb423f5f69']); // as published so far
  });

  it('reads 1.1.0 from metadata["pact-specification"] and keeps text bodies as written', () => {
    const v11 = load('v1/v1-1-text-body.json');
    expect(v11.specVersion).toBe('1.1.0');
    expect(text(http(v11, 0).response.body.bytes)).toBe('hello world');
    expect(http(v11, 0).response.body.contentType).toBe('text/plain');
  });
});

describe('parsePact: V2', () => {
  const pact = load('v2/user-with-flat-matching-rules.json');
  const i = http(pact, 0);

  it('converts flat $.body / $.headers / $.path / $.query keys to V3 categories', () => {
    expect(i.response.matchingRules).toEqual({
      header: { 'X-Request-Id': { matchers: [{ match: 'regex', regex: '[a-z]+-\\d+' }], combine: 'AND' } },
      body: {
        '$.id': { matchers: [{ match: 'type' }], combine: 'AND' },
        '$.roles': { matchers: [{ match: 'type', min: 1 }], combine: 'AND' },
        '$.roles[*].name': { matchers: [{ match: 'type' }], combine: 'AND' },
        '$.created': { matchers: [{ match: 'timestamp', timestamp: "yyyy-MM-dd'T'HH:mm:ss" }], combine: 'AND' },
        "$['display name']": { matchers: [{ match: 'type' }], combine: 'AND' },
      },
    });
    expect(i.request.matchingRules).toEqual({
      path: { '': { matchers: [{ match: 'regex', regex: '/users/\\d+' }], combine: 'AND' } },
      query: { fields: { matchers: [{ match: 'regex', regex: '.*' }], combine: 'AND' } },
    });
  });

  it('decodes %2C in a V2 query value without splitting it', () => {
    expect(i.request.query).toEqual({ fields: ['name,email'] });
  });
});

describe('parsePact: V3', () => {
  const pact = load('v3/order-with-states-and-generators.json');
  const i = http(pact, 0);

  it('keeps provider states with params and uses _id as the id', () => {
    expect(i.id).toBe('b0a7d2c6e1');
    expect(i.providerStates).toEqual([
      { name: 'a customer exists', params: { customerId: 42 } },
      { name: 'stock is available', params: {} },
    ]);
  });

  it('reads query maps of lists, generators (path keyed by "") and status rules', () => {
    expect(i.request.query).toEqual({ dryRun: ['false'], tag: ['a', 'b'] });
    expect(i.request.generators.path).toEqual({
      '': { type: 'ProviderState', expression: '/customers/${customerId}/orders', dataType: 'STRING' },
    });
    expect(i.request.generators.body).toEqual({ '$.qty': { type: 'RandomInt', min: 1, max: 5 } });
    expect(i.response.matchingRules.status).toEqual({
      '': { matchers: [{ match: 'statusCode', status: 'success' }], combine: 'AND' },
    });
    expect(i.response.matchingRules.body?.['$.items']).toEqual({ matchers: [{ match: 'type', min: 1 }], combine: 'AND' });
  });

  it('reads V3 messages: contents typed by metaData.contentType, states, metadata', () => {
    const messages = load('v3/message-pact.json');
    expect(messages.interactions).toHaveLength(1);
    const m = messages.interactions[0]!;
    expect(isHttpInteraction(m)).toBe(false);
    if (m.type !== 'Asynchronous/Messages') throw new Error('not a message');
    expect(m.providerStates).toEqual([{ name: 'an order exists', params: {} }]);
    expect(text(m.message.contents.bytes)).toBe('{"orderId":1}');
    expect(m.message.contents.contentType).toBe('application/json');
    expect(m.message.metadata).toEqual({ contentType: 'application/json' });
  });

  it('reads a response without a status as 200, like pact-reference and pact-jvm', () => {
    const pact = parsePact(
      { consumer: { name: 'c' }, provider: { name: 'p' }, interactions: [{ description: 'd', request: { method: 'GET', path: '/' }, response: {} }] },
      'inline',
    );
    expect(http(pact, 0).response.status).toBe(200);
  });

  it('assumes 3.0.0 when no version is declared, and says so', () => {
    const pact = load('v3/no-declared-version.json');
    expect(pact.specVersion).toBe('3.0.0');
    expect(pact.specVersionAssumed).toBe(true);
  });
});

describe('parsePact: V4', () => {
  const pact = load('v4/http-and-message-interactions.json');

  it('reads key, pending, comments and list-valued headers', () => {
    const i = http(pact, 0);
    expect(i.id).toBe('f00dcafe');
    expect(i.pending).toBe(true);
    expect(i.comments).toEqual({ text: ['logo is a tiny PNG'] });
    expect(i.request.headers).toEqual({ Accept: ['image/png', 'image/*'] });
  });

  it('decodes base64 bodies to exact bytes and keeps the declared content type', () => {
    const body = http(pact, 0).response.body;
    expect(body.contentType).toBe('image/png');
    expect(Array.from(body.bytes ?? [])).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  it('serializes JSON content and reads V3-style body rules under "$"', () => {
    const i = http(pact, 1);
    expect(text(i.response.body.bytes)).toBe('{"theme":"dark","beta":false}');
    expect(i.response.body.contentType).toBe('application/json');
    expect(http(pact, 0).response.matchingRules.body?.['$']?.matchers).toEqual([{ match: 'contentType', value: 'image/png' }]);
    expect(pact.interactions[1]?.pending).toBe(false);
  });

  it('reads Asynchronous/Messages with the contents type as expected metadata', () => {
    const m = pact.interactions[2];
    if (m?.type !== 'Asynchronous/Messages') throw new Error('not a message');
    expect(m.id).toBe('m1');
    expect(text(m.message.contents.bytes)).toBe('{"theme":"light"}');
    expect(m.message.metadata).toEqual({ contentType: 'application/json' });
  });
});

describe('parsePactText: invalid pacts name every problem', () => {
  const cases: Array<[file: string, problems: string[]]> = [
    ['bad-json-trailing-comma.json', ['invalid JSON at line 5 column 27: expected a property name, got "}"']],
    ['bad-json-truncated.json', ["invalid JSON at line 3 column 29: expected ',' or '}' in object, got end of input"]],
    ['missing-consumer-name.json', ['consumer.name: missing']],
    ['missing-provider-name.json', ['provider.name: missing']],
    ['no-interactions.json', ['no interactions or messages']],
    ['not-an-object.json', ['a pact must be a JSON object, got an array']],
    [
      'unknown-spec-version.json',
      ["metadata.pactSpecification.version: unknown spec version '5.0.0' (known: 1.0.0, 1.1.0, 2.0.0, 3.0.0, 4.0.0)"],
    ],
    ['status-is-a-string.json', ['interactions[2] ("get user"): response.status: must be an integer, got "200"']],
    [
      'v4-interaction-without-type.json',
      [
        'interactions[0] ("ping"): type: missing (expected one of "Synchronous/HTTP", "Asynchronous/Messages", "Synchronous/Messages")',
        'interactions[0] ("ping"): response.body.encoded: unknown encoding "rot13" (expected "base64", "json" or false)',
      ],
    ],
    [
      'many-problems-at-once.json',
      [
        'consumer.name: must not be empty',
        'provider.name: must be a string, got 7',
        'interactions[0]: description: missing',
        'interactions[0]: request.path: must be a string, got 3',
        'interactions[0]: request.headers.Accept: must be a string or a list of strings, got an object',
        'interactions[0]: response.status: must be between 100 and 599, got 1000',
        'interactions[1] ("no response"): response: missing',
        "interactions[2] (\"bad rules\"): response.matchingRules['$.bodyx']: unknown rule path (expected $.body…, $.headers…, $.query…, $.path)",
        "interactions[2] (\"bad rules\"): response.matchingRules.body['$.a'].matchers[0].match: must be a string, got 5",
      ],
    ],
  ];

  it.each(cases)('%s', (file, problems) => {
    const path = `fixtures/pacts/invalid/${file}`;
    let thrown: unknown;
    try {
      parsePactText(fixture(`invalid/${file}`), path);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidPactError);
    const error = thrown as InvalidPactError;
    expect(error.file).toBe(path);
    expect(error.problems).toEqual(problems);
    expect(error.message).toBe(problems.length === 1 ? `${path}: ${problems[0]}` : `${path}: ${problems.length} problems`);
  });
});

describe('detectSpecVersion', () => {
  const meta = (metadata: unknown) => ({ metadata });
  it.each([
    [meta({ pactSpecification: { version: '2.0.0' } }), '2.0.0', false],
    [meta({ pactSpecification: { version: '3' } }), '3.0.0', false],
    [meta({ 'pact-specification': { version: '1.1' } }), '1.1.0', false],
    [meta({ pactSpecificationVersion: '1.0.0' }), '1.0.0', false],
    [meta({ pactSpecification: { version: '4.0' } }), '4.0.0', false],
    [meta({}), '3.0.0', true],
    [{}, '3.0.0', true],
  ])('%j → %s (assumed %s)', (json, version, assumed) => {
    expect(detectSpecVersion(json)).toEqual({ version, assumed });
  });

  it('prefers pactSpecification.version over the older keys', () => {
    expect(detectSpecVersion(meta({ pactSpecification: { version: '4.0.0' }, pactSpecificationVersion: '2.0.0' })).version).toBe('4.0.0');
  });

  it('throws InvalidPactError for an unknown version', () => {
    expect(() => detectSpecVersion(meta({ pactSpecification: { version: 'x' } }), 'p.json')).toThrow(
      "p.json: metadata.pactSpecification.version: unknown spec version 'x' (known: 1.0.0, 1.1.0, 2.0.0, 3.0.0, 4.0.0)",
    );
  });
});

describe('parsePact: details', () => {
  const base = (interaction: Record<string, unknown>, version = '3.0.0') => ({
    consumer: { name: 'c' },
    provider: { name: 'p' },
    interactions: [{ description: 'd', request: { method: 'GET', path: '/' }, response: { status: 200 }, ...interaction }],
    metadata: { pactSpecification: { version } },
  });

  it('treats a non-JSON string body with a JSON content type as a JSON string', () => {
    const pact = parsePact(base({ response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: 'hi' } }), 'x');
    expect(text(http(pact, 0).response.body.bytes)).toBe('"hi"');
  });

  it('keeps an explicit null body apart from a missing one', () => {
    const pact = parsePact(base({ response: { status: 200, body: null } }), 'x');
    expect(http(pact, 0).response.body.state).toBe('null');
  });

  it('defaults a missing method to GET and a missing path to /', () => {
    const pact = parsePact(base({ request: {} }), 'x');
    expect(http(pact, 0).request.method).toBe('GET');
    expect(http(pact, 0).request.path).toBe('/');
  });

  it('V2 matchers implied by their options get a match', () => {
    const pact = parsePact(
      base({ response: { status: 200, matchingRules: { '$.body.a': { max: 2 }, "$.headers['X-Y']": { regex: 'a' } } } }, '2.0.0'),
      'x',
    );
    expect(http(pact, 0).response.matchingRules).toEqual({
      body: { '$.a': { matchers: [{ match: 'type', max: 2 }], combine: 'AND' } },
      header: { 'X-Y': { matchers: [{ match: 'regex', regex: 'a' }], combine: 'AND' } },
    });
  });

  it('V4 text bodies are kept byte for byte, empty content is an empty body', () => {
    const pact = parsePact(
      base(
        {
          type: 'Synchronous/HTTP',
          request: { method: 'GET', path: '/', body: { content: '', contentType: 'text/plain' } },
          response: { status: 200, body: { content: 'a,b\n', contentType: 'text/csv', encoded: false } },
        },
        '4.0.0',
      ),
      'x',
    );
    expect(http(pact, 0).request.body).toEqual({ state: 'empty', contentType: 'text/plain' });
    expect(text(http(pact, 0).response.body.bytes)).toBe('a,b\n');
  });

  it('reports combine values other than AND/OR', () => {
    expect(() =>
      parsePact(base({ response: { status: 200, matchingRules: { body: { $: { matchers: [{ match: 'type' }], combine: 'XOR' } } } } }), 'x'),
    ).toThrow('interactions[0] ("d"): response.matchingRules.body[\'$\'].combine: must be "AND" or "OR", got "XOR"');
  });
});

describe('values nested too deep to print (found by npm run fuzz)', () => {
  // Refused at the interaction's own depth check, before any reader walks them (the reference's JSON reader
  // refuses a document nested deeper than 128 levels outright).
  // The text is built around a marker: JSON.stringify itself cannot write such a value.
  const DEEP = '"__deep__"';
  const pactWith = (interaction: Record<string, unknown>, version = '3.0.0') =>
    JSON.stringify({ consumer: { name: 'c' }, provider: { name: 'p' }, interactions: [interaction], metadata: { pactSpecification: { version } } }).replace(
      DEEP,
      `${'['.repeat(50_000)}1${']'.repeat(50_000)}`,
    );

  it('a rule list whose combine is a 50,000-deep array is a located problem, not a stack overflow', () => {
    const text = pactWith({
      description: 'x',
      request: { method: 'GET', path: '/' },
      response: { status: 200, matchingRules: { body: { '$.a': { combine: '__deep__', matchers: [{ match: 'type' }] } } } },
    });
    expect(() => parsePactText(text, 'deep.json')).toThrow(/interactions\[0\] \("x"\): response\.matchingRules: is nested deeper than 135 levels/);
  });

  it('a V4 body whose encoded is a 50,000-deep array is a located problem', () => {
    const text = pactWith(
      { type: 'Synchronous/HTTP', description: 'x', request: { method: 'GET', path: '/' }, response: { status: 200, body: { content: 'x', encoded: '__deep__' } } },
      '4.0',
    );
    expect(() => parsePactText(text, 'deep.json')).toThrow(/interactions\[0\] \("x"\): response\.body: is nested deeper than/);
  });

  it('provider state params too deep to serialize are a located problem', () => {
    const text = pactWith({ description: 'x', providerStates: [{ name: 's', params: { a: '__deep__' } }], request: { method: 'GET', path: '/' }, response: { status: 200 } });
    expect(() => parsePactText(text, 'deep.json')).toThrow(/interactions\[0\] \("x"\): providerStates: is nested deeper than 135 levels/);
  });
});
