import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/cli/program.js';
import { UsageError } from '../../../src/errors.js';
import { describeSelector, groupSelectors, parseIgnore, type SelectorToken } from '../../../src/release/selectors.js';

const a = (value: string): SelectorToken => ({ flag: 'pacticipant', value });
const e = (value: string): SelectorToken => ({ flag: 'version', value });
const l = (value: string | null = null): SelectorToken => ({ flag: 'latest', value });
const b = (value: string): SelectorToken => ({ flag: 'branch', value });
const mb: SelectorToken = { flag: 'main-branch', value: null };
const ig = (value: string): SelectorToken => ({ flag: 'ignore', value });

describe('groupSelectors: each --pacticipant starts a selector, the flags after it apply to it', () => {
  it.each([
    ['one version', [a('Foo'), e('1')], [{ pacticipant: 'Foo', version: '1' }]],
    ['two selectors', [a('Foo'), e('1'), a('Bar'), l()], [{ pacticipant: 'Foo', version: '1' }, { pacticipant: 'Bar', latest: true }]],
    ['latest with tag', [a('Foo'), l('prod')], [{ pacticipant: 'Foo', latest: true, tag: 'prod' }]],
    ['branch implies latest', [a('Foo'), b('main')], [{ pacticipant: 'Foo', branch: 'main', latest: true }]],
    ['main branch implies latest', [a('Foo'), mb], [{ pacticipant: 'Foo', mainBranch: true, latest: true }]],
    ['branch then --latest is still one way', [a('Foo'), b('main'), l()], [{ pacticipant: 'Foo', branch: 'main', latest: true }]],
    ['same pacticipant twice', [a('Foo'), e('1'), a('Foo'), e('2')], [{ pacticipant: 'Foo', version: '1' }, { pacticipant: 'Foo', version: '2' }]],
  ] as const)('%s', (_name, tokens, expected) => {
    expect(groupSelectors(tokens as unknown as SelectorToken[]).selectors).toEqual(expected);
  });

  it('--ignore takes NAME, NAME@VERSION, or the --version that follows it (Ruby style)', () => {
    expect(groupSelectors([a('Foo'), e('1'), ig('Bar'), e('10'), ig('Baz'), ig('@scope/app@2')]).ignore).toEqual([
      { pacticipant: 'Bar', version: '10' },
      { pacticipant: 'Baz' },
      { pacticipant: '@scope/app', version: '2' },
    ]);
    // The next --pacticipant returns to selectors.
    expect(groupSelectors([ig('Bar'), a('Foo'), e('1')])).toEqual({ selectors: [{ pacticipant: 'Foo', version: '1' }], ignore: [{ pacticipant: 'Bar' }] });
  });

  it.each([
    ['a version before any pacticipant', [e('1'), a('Foo'), e('1')], '--version must follow the --pacticipant it applies to'],
    ['no way to pick the version', [a('Foo')], '--pacticipant Foo: say which version'],
    ['version and latest', [a('Foo'), e('1'), l()], '--version cannot be combined with --latest'],
    ['two versions', [a('Foo'), e('1'), e('2')], "--version given twice ('1', '2')"],
    ['tag and branch', [a('Foo'), l('prod'), b('main')], 'use only one of --latest TAG, --branch and --main-branch'],
    ['nothing at all', [], 'no --pacticipant given'],
    ['--latest after --ignore', [a('Foo'), e('1'), ig('Bar'), l()], '--latest cannot follow --ignore'],
  ] as const)('usage error: %s', (_name, tokens, message) => {
    let error: unknown;
    try {
      groupSelectors(tokens as unknown as SelectorToken[]);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UsageError);
    const e = error as UsageError;
    expect([e.message, ...e.details].join('\n')).toContain(message);
  });

  it('collects every problem, then fails once', () => {
    try {
      groupSelectors([a('Foo'), a('Bar'), e('1'), e('2')]);
      expect.unreachable();
    } catch (error) {
      expect((error as UsageError).details).toHaveLength(2);
    }
  });
});

describe('parseIgnore and describeSelector', () => {
  it('splits on the last @ after the first character', () => {
    expect(parseIgnore(['Foo', 'Foo@1.2.3', '@org/pkg', '@org/pkg@1', ' ', 'Bar@'])).toEqual([
      { pacticipant: 'Foo' },
      { pacticipant: 'Foo', version: '1.2.3' },
      { pacticipant: '@org/pkg' },
      { pacticipant: '@org/pkg', version: '1' },
      { pacticipant: 'Bar' },
    ]);
  });
  it('describes', () => {
    expect(describeSelector({ pacticipant: 'Foo', version: '1' })).toBe('Foo 1');
    expect(describeSelector({ pacticipant: 'Foo', latest: true, branch: 'main' })).toBe('the latest version of Foo from branch main');
    expect(describeSelector({ pacticipant: 'Foo', latest: true, tag: 'prod' })).toBe('the latest version of Foo tagged prod');
  });
});

describe('argv → selector tokens through the commander declaration', () => {
  function parse(argv: string[]): Record<string, unknown> {
    // The real program (program.ts sets positional options), with a runner that only captures.
    let captured: Record<string, unknown> = {};
    const program = buildProgram(async (_load, options) => {
      captured = options as Record<string, unknown>;
    });
    program.parse(argv, { from: 'user' });
    return captured;
  }

  it('keeps the argv order of -a/-e/--latest/--branch/--main-branch/--ignore, long and short forms', () => {
    const o = parse(['can-i-deploy', '-a', 'Foo', '--version', '1', '--pacticipant', 'Bar', '--latest', '-a', 'Baz', '-l', 'prod', '-a', 'Qux', '--main-branch', '--ignore', 'Zed', '-e', '3', '--to-environment', 'production']);
    expect(o.selectorTokens).toEqual([
      a('Foo'), e('1'), a('Bar'), l(), a('Baz'), l('prod'), a('Qux'), mb, ig('Zed'), e('3'),
    ]);
    expect(groupSelectors(o.selectorTokens as SelectorToken[])).toEqual({
      selectors: [
        { pacticipant: 'Foo', version: '1' },
        { pacticipant: 'Bar', latest: true },
        { pacticipant: 'Baz', latest: true, tag: 'prod' },
        { pacticipant: 'Qux', latest: true, mainBranch: true },
      ],
      ignore: [{ pacticipant: 'Zed', version: '3' }],
    });
    expect(o.toEnvironment).toBe('production');
  });

  it('parses retry options (fractions of a second allowed) and rejects bad ones', () => {
    const o = parse(['can-i-deploy', '-a', 'Foo', '-e', '1', '--retry-while-unknown', '3', '--retry-interval', '0.2', '--dry-run']);
    expect(o).toMatchObject({ retryWhileUnknown: 3, retryInterval: 0.2, dryRun: true });
    expect(() => parse(['can-i-deploy', '-a', 'Foo', '-e', '1', '--retry-interval', 'soon'])).toThrow(/--retry-interval must be a number/);
  });

  it('--version after a subcommand is the subcommand option, not pactship --version', () => {
    expect(parse(['record-deployment', '--pacticipant', 'Foo', '--version', '1', '--environment', 'test'])).toMatchObject({ pacticipant: 'Foo', version: '1', environment: 'test' });
  });
});
