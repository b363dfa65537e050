import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffPactContent, formatPath, sameInteractions } from '../../../src/diff/compare.js';
import { normalizeInteraction } from '../../../src/diff/normalize.js';
import { rawInteractions, type Obj } from '../../../src/diff/raw.js';
import { ROOT } from '../../support/cli.js';

const load = (which: 'main' | 'pr', provider: string): Obj =>
  JSON.parse(readFileSync(path.join(ROOT, 'fixtures/diff', which, `web-app-${provider}.json`), 'utf8')) as Obj;

describe('diffPactContent', () => {
  it('V2 → V2: added, removed, changed (field by field), unchanged', () => {
    const d = diffPactContent(load('main', 'user-service'), load('pr', 'user-service'));
    expect(d.added).toEqual([{ kind: 'http', description: 'create a user', providerStates: [], summary: 'POST /users' }]);
    expect(d.removed).toEqual([{ kind: 'http', description: 'delete user 1', providerStates: ['user 1 exists'], summary: 'DELETE /users/1' }]);
    expect(d.unchanged).toBe(1); // "list users": same rules, keys in another order
    expect(d.changed).toHaveLength(1);
    expect(d.changed[0]?.interaction.description).toBe('get user 1');
    expect(d.changed[0]?.changes).toEqual([
      { path: 'request.headers.accept', change: 'changed', before: 'application/json', after: 'application/hal+json' },
      { path: 'response.body.email', change: 'added', after: 'mary@example.com' },
      { path: 'response.matchingRules.body["$.name"].matchers[0].match', change: 'changed', before: 'type', after: 'regex' },
      { path: 'response.matchingRules.body["$.name"].matchers[0].regex', change: 'added', after: '^[A-Z][a-z]+$' },
    ]);
    expect(d.specVersion).toBeUndefined();
  });

  it('V3 → V4: a rewrite in V4 form is not a change; real changes are', () => {
    const d = diffPactContent(load('main', 'order-service'), load('pr', 'order-service'));
    expect(d.unchanged).toBe(1);
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    expect(d.changed.map((c) => [c.interaction.description, c.changes])).toEqual([
      [
        'cancel order 1',
        [
          { path: 'providerStates[0].params.status', change: 'added', after: 'open' },
          { path: 'response.status', change: 'changed', before: 200, after: 204 },
        ],
      ],
    ]);
    expect(d.specVersion).toEqual({ from: '3.0.0', to: '4.0' });
  });

  it('V3 messages → V4 asynchronous and synchronous messages', () => {
    const d = diffPactContent(load('main', 'order-events'), load('pr', 'order-events'));
    expect(d.added.map((i) => [i.kind, i.description])).toEqual([
      ['message', 'an order shipped event'],
      ['sync-message', 'get order status'],
    ]);
    expect(d.unchanged).toBe(1);
    expect(d.changed[0]?.changes.map((c) => `${c.change} ${c.path}`)).toEqual([
      'removed contents.total',
      'added contents.amount',
      'changed metadata.topic',
      'removed matchingRules.body["$.total"]',
      'added matchingRules.body["$.amount"]',
    ]);
  });

  it('ignores interaction order, key order, broker _id and V4 key/comments; tells repeated identities apart', () => {
    const i = (status: number, extra: Obj = {}) => ({ description: 'd', request: { method: 'GET', path: '/' }, response: { status }, ...extra });
    const a = { interactions: [i(200), i(201), { description: 'e', request: { path: '/e', method: 'GET' }, response: { status: 200 } }] };
    const b = { interactions: [{ description: 'e', response: { status: 200 }, request: { method: 'get', path: '/e' }, _id: 'x', key: 'k', comments: { testname: 't' } }, i(200), i(202)] };
    const d = diffPactContent(a, b);
    expect(d.unchanged).toBe(2);
    expect(d.changed.map((c) => c.changes)).toEqual([[{ path: 'response.status', change: 'changed', before: 201, after: 202 }]]);
  });

  it('V2 flat matching rules land in V3 categories; header names are case-insensitive', () => {
    const [v2] = rawInteractions({
      interactions: [
        {
          description: 'x',
          request: { method: 'GET', path: '/', headers: { 'X-Id': '1' }, matchingRules: { '$.headers.X-Id': { match: 'regex', regex: '\\d+' }, '$.path': { match: 'regex', regex: '/.*' } } },
          response: { status: 200, matchingRules: { '$.body[0].id': { match: 'type' }, '$.body': { min: 1 } } },
        },
      ],
    });
    const n = normalizeInteraction(v2!);
    expect(n).toEqual({
      providerStates: [],
      request: {
        method: 'GET',
        path: '/',
        headers: { 'x-id': '1' },
        matchingRules: { header: { 'x-id': { matchers: [{ match: 'regex', regex: '\\d+' }], combine: 'AND' } }, path: { '': { matchers: [{ match: 'regex', regex: '/.*' }], combine: 'AND' } } },
      },
      response: { status: 200, matchingRules: { body: { '$[0].id': { matchers: [{ match: 'type' }], combine: 'AND' }, $: { matchers: [{ min: 1 }], combine: 'AND' } } } },
    });
  });

  it('sameInteractions: equal contracts in any order and spec form', () => {
    expect(sameInteractions(load('main', 'order-service'), load('main', 'order-service'))).toBe(true);
    expect(sameInteractions(load('main', 'order-service'), load('pr', 'order-service'))).toBe(false);
    const reordered = { ...load('main', 'user-service'), interactions: [...(load('main', 'user-service').interactions as Obj[])].reverse() };
    expect(sameInteractions(load('main', 'user-service'), reordered)).toBe(true);
  });
});

describe('formatPath', () => {
  it('reads like a property path', () => {
    expect(formatPath(['response', 'body', 'items', 0, 'id'])).toBe('response.body.items[0].id');
    expect(formatPath(['response', 'matchingRules', 'body', '$.items[*]'])).toBe('response.matchingRules.body["$.items[*]"]');
    expect(formatPath(['request', 'headers', 'content-type'])).toBe('request.headers.content-type');
  });
});
