import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shellCommand, shellQuote } from '../../../src/report/shell.js';
import { shellWords } from '../../support/shell-words.js';

const HOSTILE = ['', 'plain', 'my app', "it's", "''", '$HOME', '`id`', '$(id)', '*.json', '~/x', 'a\nb', 'a\\b', '"q"', '-x', 'x=1', 'é ünïcode', '!bang', '#not a comment', 'tab\there', '^get item 1$'];

describe('shellQuote', () => {
  it('leaves words of harmless characters bare and single-quotes the rest', () => {
    expect(shellQuote('http://127.0.0.1:8080/a,b@c%20+d=e')).toBe('http://127.0.0.1:8080/a,b@c%20+d=e');
    expect(shellQuote('my app')).toBe("'my app'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('')).toBe("''");
    expect(shellCommand(['pactship', 'verify', '--filter-description', '^a b$'])).toBe("pactship verify --filter-description '^a b$'");
  });

  it('round-trips through a POSIX word splitter', () => {
    for (const word of HOSTILE) expect(shellWords(shellQuote(word))).toEqual([word]);
    expect(shellWords(shellCommand(HOSTILE))).toEqual(HOSTILE);
  });

  it.skipIf(!existsSync('/bin/sh'))('and through a real /bin/sh, each word arriving intact', () => {
    const out = execFileSync('/bin/sh', ['-c', `printf '%s\\0' ${shellCommand(HOSTILE)}`], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent' } });
    expect(out.split('\0').slice(0, -1)).toEqual(HOSTILE);
  });
});
