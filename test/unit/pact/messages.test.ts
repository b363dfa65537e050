/** Message interactions in the model: V3 `messages`, V4 Asynchronous/Messages and Synchronous/Messages. */
import { describe, expect, it } from 'vitest';
import { InvalidPactError } from '../../../src/errors.js';
import { parsePact, type Interaction, type Pact } from '../../../src/pact/index.js';

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);
const v3 = (messages: unknown[]): Pact =>
  parsePact({ consumer: { name: 'c' }, provider: { name: 'p' }, messages, metadata: { pactSpecification: { version: '3.0.0' } } }, 'inline');
const v4 = (interactions: unknown[]): Pact =>
  parsePact({ consumer: { name: 'c' }, provider: { name: 'p' }, interactions, metadata: { pactSpecification: { version: '4.0' } } }, 'inline');
function only<T extends Interaction['type']>(pact: Pact, type: T): Extract<Interaction, { type: T }> {
  const i = pact.interactions[0];
  if (i?.type !== type) throw new Error(`expected ${type}, got ${i?.type}`);
  return i as Extract<Interaction, { type: T }>;
}
const problems = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidPactError) return error.problems;
    throw error;
  }
  return [];
};

describe('V3 messages', () => {
  it('types the contents by metadata.contentType and keeps the metadata as written', () => {
    const m = only(v3([{ description: 'd', contents: '<a/>', metadata: { contentType: 'application/xml', Origin: 'x' } }]), 'Asynchronous/Messages');
    expect(text(m.message.contents.bytes)).toBe('<a/>');
    expect(m.message.contents.contentType).toBe('application/xml');
    expect(m.message.metadata).toEqual({ contentType: 'application/xml', Origin: 'x' });
  });

  it('decodes base64 contents of a binary content type (as the reference verifier does), not of text types', () => {
    const bin = only(v3([{ description: 'd', contents: Buffer.from([1, 2, 250]).toString('base64'), metadata: { contentType: 'image/png' } }]), 'Asynchronous/Messages');
    expect(Array.from(bin.message.contents.bytes ?? [])).toEqual([1, 2, 250]);
    const txt = only(v3([{ description: 'd', contents: 'QUJD', metadata: { contentType: 'text/plain' } }]), 'Asynchronous/Messages');
    expect(text(txt.message.contents.bytes)).toBe('QUJD');
  });

  it('reads pact-jvm\'s metaData spelling, and text without a content type as it is', () => {
    const m = only(v3([{ description: 'd', contents: 'Hello', metaData: { key: 'v' } }]), 'Asynchronous/Messages');
    expect(m.message.metadata).toEqual({ key: 'v' });
    expect(m.message.contents).toEqual({ state: 'present', bytes: new TextEncoder().encode('Hello') });
  });

  it('reads body and metadata rules', () => {
    const m = only(
      v3([{ description: 'd', contents: { a: 1 }, matchingRules: { body: { '$.a': { matchers: [{ match: 'integer' }] } }, metadata: { Origin: { matchers: [{ match: 'regex', regex: '^x' }] } } } }]),
      'Asynchronous/Messages',
    );
    expect(m.message.matchingRules.body?.['$.a']).toEqual({ matchers: [{ match: 'integer' }], combine: 'AND' });
    expect(m.message.matchingRules.metadata?.['Origin']).toEqual({ matchers: [{ match: 'regex', regex: '^x' }], combine: 'AND' });
  });
});

describe('V4 messages', () => {
  it('reads Asynchronous/Messages contents like a V4 body, base64 included, and adds the content type to the metadata', () => {
    const m = only(
      v4([{ type: 'Asynchronous/Messages', description: 'd', contents: { content: 'SGk=', contentType: 'text/plain', encoded: 'base64' }, metadata: { k: 'v' } }]),
      'Asynchronous/Messages',
    );
    expect(text(m.message.contents.bytes)).toBe('Hi');
    expect(m.message.metadata).toEqual({ k: 'v', contentType: 'text/plain' });
  });

  it('reads the `content` rule and generator category as `body`', () => {
    const m = only(
      v4([
        {
          type: 'Asynchronous/Messages',
          description: 'd',
          contents: { content: { id: 1 }, contentType: 'application/json' },
          matchingRules: { content: { '$.id': { matchers: [{ match: 'type' }] } } },
          generators: { content: { '$.id': { type: 'RandomInt' } } },
        },
      ]),
      'Asynchronous/Messages',
    );
    expect(m.message.matchingRules.body?.['$.id']?.matchers).toEqual([{ match: 'type' }]);
    expect(m.message.generators.body?.['$.id']).toEqual({ type: 'RandomInt' });
  });

  it('reads Synchronous/Messages: the request and a list of responses', () => {
    const m = only(
      v4([
        {
          type: 'Synchronous/Messages',
          description: 'd',
          request: { contents: { content: { q: 1 }, contentType: 'application/json' }, metadata: { r: 1 } },
          response: [{ contents: { content: 'ok', contentType: 'text/plain' } }, { contents: { content: { a: 2 }, contentType: 'application/json' } }],
        },
      ]),
      'Synchronous/Messages',
    );
    expect(text(m.request.contents.bytes)).toBe('{"q":1}');
    expect(m.request.metadata).toEqual({ r: 1, contentType: 'application/json' });
    expect(m.response.map((r) => text(r.contents.bytes))).toEqual(['ok', '{"a":2}']);
  });

  it('reads comments: text and testname', () => {
    const m = only(v4([{ type: 'Asynchronous/Messages', description: 'd', comments: { text: ['one', 'two'], testname: 'suite' } }]), 'Asynchronous/Messages');
    expect(m.comments).toEqual({ text: ['one', 'two'], testname: 'suite' });
  });

  it('rejects an unknown interaction type with its location, and bad message parts', () => {
    expect(problems(() => v4([{ type: 'Synchronous/HTTPS', description: 'secure', request: {}, response: {} }]))).toEqual([
      'interactions[0] ("secure"): type: unknown interaction type "Synchronous/HTTPS" (known: "Synchronous/HTTP", "Asynchronous/Messages", "Synchronous/Messages")',
    ]);
    expect(problems(() => v4([{ type: 'Synchronous/Messages', description: 's', response: 'x', comments: { text: [1] } }]))).toEqual([
      'interactions[0] ("s"): comments.text[0]: must be a string, got 1',
      'interactions[0] ("s"): request: missing',
      'interactions[0] ("s"): response: must be a list of messages, got "x"',
    ]);
    expect(problems(() => v4([{ type: 'Asynchronous/Messages', description: 'a', contents: { content: 'x', encoded: 'rot13' }, metadata: 'no' }]))).toEqual([
      'interactions[0] ("a"): metadata: must be an object, got "no"',
      'interactions[0] ("a"): contents.encoded: unknown encoding "rot13" (expected "base64", "json" or false)',
    ]);
  });
});
