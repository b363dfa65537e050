/** Messages as the engine judges them: contents by content type, metadata by rules, content type, equality. */
import { describe, expect, it } from 'vitest';
import { matchMessage, matchMessages, type ActualMessage } from '../../../src/matching/message.js';
import { matchMetadata } from '../../../src/matching/metadata.js';
import type { Body, Message, MatchingRules } from '../../../src/pact/index.js';

const enc = (s: string) => new TextEncoder().encode(s);
const body = (text: string, contentType?: string): Body => ({ state: 'present', bytes: enc(text), ...(contentType ? { contentType } : {}) });
const message = (contents: Body, metadata: Record<string, unknown> = {}, matchingRules: MatchingRules = {}): Message => ({ contents, metadata, matchingRules, generators: {} });
const actual = (contents: Body, metadata: Record<string, unknown> = {}): ActualMessage => ({ contents, metadata });
const regex = (r: string): MatchingRules => ({ metadata: { Origin: { matchers: [{ match: 'regex', regex: r }], combine: 'AND' } } });

describe('matchMessage', () => {
  it('passes a JSON message with extra keys and its content type as metadata', () => {
    const e = message(body('{"a":1}', 'application/json'), { contentType: 'application/json' });
    expect(matchMessage(e, actual(body('{"a":1,"b":2}', 'application/json'), { contentType: 'application/json' }))).toEqual([]);
  });

  it('reports body and metadata differences together', () => {
    const e = message(body('{"a":1}', 'application/json'), { Origin: 'shop' });
    const found = matchMessage(e, actual(body('{"a":2}', 'application/json'), { Origin: 'till' }));
    expect(found.map((m) => [m.kind, m.path])).toEqual([
      ['body', '$.a'],
      ['metadata', 'Origin'],
    ]);
  });

  it('a different content type is a bodyType mismatch (and a metadata one when the metadata says so)', () => {
    const e = message(body('%PDF-1.4', 'application/pdf'), { contentType: 'application/pdf' });
    const found = matchMessage(e, actual(body('\u00ff\u00d8\u00ff', 'image/jpeg'), { contentType: 'image/jpeg' }));
    expect(found.map((m) => m.kind)).toEqual(['bodyType', 'metadata']);
    expect(found[1]?.message).toBe("Expected metadata 'contentType' to have value 'application/pdf' but was 'image/jpeg'");
  });

  it('text and XML by content type', () => {
    expect(matchMessage(message(body('Hello World')), actual(body('Hello World', 'text/plain')))).toEqual([]);
    expect(matchMessage(message(body('Hello Jupiter')), actual(body('Hello World', 'text/plain')))).toHaveLength(1);
    const xml = '<?xml version="1.0"?><a><b>1</b></a>';
    expect(matchMessage(message(body(xml, 'application/xml')), actual(body(xml, 'application/xml')))).toEqual([]);
    expect(matchMessage(message(body(xml, 'application/xml')), actual(body('<a><b>2</b></a>', 'application/xml')))[0]?.kind).toBe('body');
  });

  it('an empty actual message fails a message with contents', () => {
    expect(matchMessage(message(body('{"a":1}', 'application/json')), actual({ state: 'empty' }))[0]?.kind).toBe('body');
  });
});

describe('matchMessages (synchronous responses)', () => {
  it('needs as many responses as the pact has', () => {
    const e = [message(body('a', 'text/plain')), message(body('b', 'text/plain'))];
    expect(matchMessages(e, [actual(body('a', 'text/plain'))])[0]?.message).toBe('Expected a message with 2 responses, but the actual response had 1');
    expect(matchMessages(e, [actual(body('a', 'text/plain')), actual(body('c', 'text/plain'))])[0]?.message).toMatch(/^response 2: /);
  });
});

describe('matchMetadata', () => {
  it('every expected key must be there; extra keys are fine', () => {
    expect(matchMetadata({ a: 'x' }, { a: 'x', b: 'y' })).toEqual([]);
    expect(matchMetadata({ a: 'x' }, {})).toEqual([{ kind: 'metadata', path: 'a', expected: 'x', actual: undefined, message: "Expected message metadata 'a' but was missing" }]);
  });

  it('compares values without rules by equality, JSON values too (no extra keys inside them)', () => {
    expect(matchMetadata({ t: { ID: '100', w: 100.5 } }, { t: { ID: '100', w: 100.5 } })).toEqual([]);
    expect(matchMetadata({ t: { ID: '100' } }, { t: { ID: 'abc' } })).toHaveLength(1);
    expect(matchMetadata({ t: { x: 1 } }, { t: { x: 1, y: 2 } })).toHaveLength(1);
    expect(matchMetadata({ n: '100' }, { n: 100 })[0]?.message).toBe("Expected metadata key 'n' to have value '100' but was 100");
  });

  it('applies metadata rules by key (also written as $.key)', () => {
    expect(matchMetadata({ Origin: 'AXP-1' }, { Origin: 'AAA-123' }, regex('^[A-Z]{3}-\\d+$'))).toEqual([]);
    const found = matchMetadata({ Origin: 'AXP-1' }, { Origin: 'AAAB-123' }, regex('^[A-Z]{3}-\\d+$'));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'metadata', path: 'Origin' });
    const typed: MatchingRules = { metadata: { '$.n': { matchers: [{ match: 'type' }], combine: 'AND' } } };
    expect(matchMetadata({ n: 5 }, { n: 77 }, typed)).toEqual([]);
    expect(matchMetadata({ n: 5 }, { n: 'x' }, typed)).toHaveLength(1);
  });

  it('compares the content type as a Content-Type: parameters the pact names must match, others may be added', () => {
    expect(matchMetadata({ contentType: 'application/json' }, { contentType: 'application/json; charset=utf-8' })).toEqual([]);
    expect(matchMetadata({ contentType: 'application/json; charset=utf-8' }, { contentType: 'application/json' })).toHaveLength(1);
    expect(matchMetadata({ 'content-type': 'text/plain' }, { contentType: 'text/plain' })).toEqual([]);
  });
});
