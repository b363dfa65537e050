import { describe, expect, it } from 'vitest';
import { formatPath, parsePath, RuleCursor, type PathRule } from '../../../src/matching/path.js';

const tokens = (text: string) => {
  const parsed = parsePath(text);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.tokens;
};

describe('parsePath', () => {
  it.each([
    ['$', [{ kind: 'root' }]],
    ['$.a.b', [{ kind: 'root' }, { kind: 'field', name: 'a' }, { kind: 'field', name: 'b' }]],
    ["$['a b'].c", [{ kind: 'root' }, { kind: 'field', name: 'a b' }, { kind: 'field', name: 'c' }]],
    ['$["x.y"]', [{ kind: 'root' }, { kind: 'field', name: 'x.y' }]],
    ['$.items[2]', [{ kind: 'root' }, { kind: 'field', name: 'items' }, { kind: 'index', index: 2 }]],
    ['$.items[*].id', [{ kind: 'root' }, { kind: 'field', name: 'items' }, { kind: 'starIndex' }, { kind: 'field', name: 'id' }]],
    ['$.*', [{ kind: 'root' }, { kind: 'star' }]],
    ['$.a.@id', [{ kind: 'root' }, { kind: 'field', name: 'a' }, { kind: 'field', name: '@id' }]],
  ])('%s', (text, expected) => {
    expect(tokens(text)).toEqual(expected);
  });

  it.each(['$.a[', '$.[1]', '$.a[x]', "$['a"])('rejects %s', (text) => {
    expect('error' in parsePath(text)).toBe(true);
  });
});

describe('RuleCursor: best rule by weight', () => {
  const rule = (text: string): PathRule<string> => ({ text, tokens: tokens(text), value: text });
  const at = (rules: string[], path: Array<string | number>) => {
    let c = RuleCursor.start(rules.map(rule));
    for (const s of path) c = c.child(s);
    return c.best();
  };

  it('prefers an exact field over a star, and an index over [*]', () => {
    expect(at(['$.*.id', '$.a.id'], ['a', 'id'])?.value).toBe('$.a.id');
    expect(at(['$.xs[*]', '$.xs[1]'], ['xs', 1])?.value).toBe('$.xs[1]');
    expect(at(['$.xs[*]', '$.xs[1]'], ['xs', 0])?.value).toBe('$.xs[*]');
  });

  it('a parent rule cascades to descendants and says so', () => {
    const best = at(['$.items'], ['items', 3, 'name']);
    expect(best).toMatchObject({ value: '$.items', cascaded: true, distance: 2 });
    expect(at(['$.items'], ['items'])).toMatchObject({ cascaded: false, distance: 0 });
  });

  it('a deeper specific rule beats a cascading parent', () => {
    expect(at(['$.items', '$.items[*].name'], ['items', 0, 'name'])?.value).toBe('$.items[*].name');
  });

  it('[*] does not match a field and a rule on another branch does not apply', () => {
    expect(at(['$.a[*]'], ['a', 'b'])).toBeUndefined();
    expect(at(['$.b'], ['a'])).toBeUndefined();
  });

  it('formats paths with brackets where needed', () => {
    expect(formatPath(['a', 0, 'first name', '@id'])).toBe("$.a[0]['first name'].@id");
  });
});
