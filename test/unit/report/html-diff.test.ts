import { describe, expect, it } from 'vitest';
import type { Mismatch } from '../../../src/pact/model.js';
import { isUnder, jsonLines, sideBySide } from '../../../src/report/html-diff.js';

const body = (path: string, expected: unknown, actual: unknown): Mismatch => ({ kind: 'body', path, expected, actual, message: 'm' });

describe('jsonLines', () => {
  it('pretty-prints JSON with each line’s path (keys as the engine writes them)', () => {
    expect(jsonLines({ a: [1, { 'b c': null }], e: {} })).toEqual([
      { text: '{', path: '$' },
      { text: '  "a": [', path: '$.a' },
      { text: '    1,', path: '$.a[0]' },
      { text: '    {', path: '$.a[1]' },
      { text: '      "b c": null', path: "$.a[1]['b c']" },
      { text: '    }', path: '$.a[1]' },
      { text: '  ],', path: '$.a' },
      { text: '  "e": {}', path: '$.e' },
      { text: '}', path: '$' },
    ]);
  });
});

describe('isUnder', () => {
  it.each([
    ['$.a', '$', true],
    ['$.a.b', '$.a', true],
    ['$.a[0]', '$.a', true],
    ['$.ab', '$.a', false],
    ['$.a', '$.a', true],
  ])('%s under %s: %s', (p, base, expected) => expect(isUnder(p, base)).toBe(expected));
});

describe('sideBySide', () => {
  it('marks keys only one side has, and the leaves that differ; not the whole document', () => {
    const view = sideBySide([
      body('$', { id: 2, name: 'item 2', tags: ['a'] }, { id: 2, name: 'WRONG', extra: true }),
      body('$.name', 'item 2', 'WRONG'),
    ]);
    const marked = (lines: { text: string; mark?: string }[]) => lines.filter((l) => l.mark).map((l) => `${l.mark}: ${l.text.trim()}`);
    expect(view?.path).toBe('$');
    expect(marked(view?.expected ?? [])).toEqual(['changed: "name": "item 2",', 'missing: "tags": [', 'missing: "a"', 'missing: ]']);
    expect(marked(view?.actual ?? [])).toEqual(['changed: "name": "WRONG",', 'extra: "extra": true']);
  });

  it('marks missing and extra array elements, and a whole container when nothing narrower explains it', () => {
    const arrays = sideBySide([body('$.items', [1, 2, 3], [1])]);
    expect(arrays?.path).toBe('$.items');
    expect(arrays?.expected.filter((l) => l.mark === 'missing').map((l) => l.path)).toEqual(['$.items[1]', '$.items[2]']);
    const typed = sideBySide([body('$', { a: 1 }, { a: 1 })]);
    expect(typed?.expected.every((l) => l.mark === 'changed')).toBe(true);
  });

  it('is undefined for leaf mismatches alone (they are shown as rows)', () => {
    expect(sideBySide([body('$.name', 'a', 'b')])).toBeUndefined();
    expect(sideBySide([{ kind: 'header', path: 'X-Y', expected: 'a', actual: 'b', message: 'm' }])).toBeUndefined();
  });
});

describe('sideBySide with the whole bodies', () => {
  it('shows both documents and marks the leaf that differs', () => {
    const view = sideBySide([body('$.items[1].name', 'b', 'B')], { expected: { items: [{ name: 'a' }, { name: 'b' }] }, actual: { items: [{ name: 'a' }, { name: 'B' }] } });
    expect(view?.path).toBe('$');
    expect(view?.expected.filter((l) => l.mark).map((l) => `${l.mark} ${l.path}`)).toEqual(['changed $.items[1].name']);
    expect(view?.actual.filter((l) => l.mark).map((l) => l.text.trim())).toEqual(['"name": "B"']);
  });
});

describe('jsonBodies', () => {
  it('keeps JSON bodies (both, or neither)', async () => {
    const { jsonBodies } = await import('../../../src/verify/bodies.js');
    const bytes = (s: string) => new TextEncoder().encode(s);
    expect(jsonBodies({ state: 'present', bytes: bytes('{"a":1}') }, bytes('[2]'))).toEqual({ expected: { a: 1 }, actual: [2] });
    expect(jsonBodies({ state: 'present', bytes: bytes('{"a":1}') }, bytes('<xml/>'))).toBeUndefined();
    expect(jsonBodies({ state: 'missing' }, bytes('{}'))).toBeUndefined();
  });
});
