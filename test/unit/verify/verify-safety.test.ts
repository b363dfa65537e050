/** Pure parts of issue #9's verify side: reading the for-verification answer, what a failed POST means, lossless pretty JSON, filters. */
import { describe, expect, it } from 'vitest';
import { BrokerDeadlineError, BrokerForbiddenError, BrokerHttpError, BrokerNotFoundError, BrokerOutcomeUnknownError, BrokerUnauthorizedError } from '../../../src/broker/errors.js';
import { HalResource } from '../../../src/broker/hal.js';
import { NetworkError } from '../../../src/errors.js';
import { parseJsonText } from '../../../src/pact/json-text.js';
import { prettyJson } from '../../../src/verify/pacts-list.js';
import { mayHaveArrived, willNotHeal } from '../../../src/verify/publish-results.js';
import { compileFilter } from '../../../src/verify/selection.js';
import { readSelection } from '../../../src/verify/sources.js';
import { fsReason } from '../../../src/verify/unsent.js';

const URL_ = 'http://broker.test/pacts/provider/P/for-verification';
const answer = (data: unknown) => new HalResource(URL_, data as never);

describe('readSelection', () => {
  it('reads self as one link or an array of links, with name, notices, pending and wip', () => {
    const got = readSelection(
      answer({
        _embedded: {
          pacts: [
            { shortDescription: 'latest from main', verificationProperties: { pending: true, notices: [{ when: 'before_verification', text: 'why' }, { text: 5 }] }, _links: { self: { href: 'http://b/p/1', name: 'Pact one' } } },
            { verificationProperties: { wip: true }, _links: { self: [{ href: 'http://b/p/2' }, { href: 'http://b/p/2b' }] } },
          ],
        },
      }),
    );
    expect(got).toEqual([
      { href: 'http://b/p/1', name: 'Pact one', shortDescription: 'latest from main', pending: true, wip: false, notices: [{ when: 'before_verification', text: 'why' }] },
      { href: 'http://b/p/2', pending: false, wip: true, notices: [] },
    ]);
  });

  it('an empty list is a valid "nothing selected"', () => {
    expect(readSelection(answer({ _embedded: { pacts: [] } }))).toEqual([]);
  });

  it.each([[{}], [[]], [{ _embedded: { pacts: null } }], [{ _embedded: 'x' }]])('%j is not a for-verification answer', (data) => {
    expect(() => readSelection(answer(data))).toThrow(/has no _embedded\.pacts list/);
  });

  it('lists every unreadable entry and reads none', () => {
    try {
      readSelection(answer({ _embedded: { pacts: [{ _links: { self: { href: 'http://b/p/1' } } }, null, { _links: { self: { href: 'not a url' } } }] } }));
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toContain('has 2 of 3 entries pactship cannot read');
      expect((error as { details: string[] }).details).toEqual([
        'skipped _embedded.pacts[1]: expected an object, got null',
        'skipped _embedded.pacts[2]: no _links.self with an absolute href (got an object)',
        `from POST ${URL_}`,
      ]);
    }
  });
});

describe('what a failed results POST means', () => {
  const http = (status: number, Cls = BrokerHttpError) => new Cls(status, 'POST', 'http://b/r', []);
  it('may have arrived: an unknown outcome, or the deadline cutting it in flight', () => {
    expect(mayHaveArrived(new BrokerOutcomeUnknownError('POST', 'http://b/r', 'reset'))).toBe(true);
    expect(mayHaveArrived(new BrokerDeadlineError('POST', 'http://b/r', 1000, 'stalled', true))).toBe(true);
    expect(mayHaveArrived(new BrokerDeadlineError('POST', 'http://b/r', 1000, 'refused', false))).toBe(false);
    expect(mayHaveArrived(http(404, BrokerNotFoundError))).toBe(false);
  });
  it('will not heal for the next pact: credentials, a rejected payload, an unreachable broker, the deadline', () => {
    expect(willNotHeal(http(401, BrokerUnauthorizedError))).toBe(true);
    expect(willNotHeal(http(403, BrokerForbiddenError))).toBe(true);
    expect(willNotHeal(http(400))).toBe(true);
    expect(willNotHeal(new NetworkError('refused', 'http://b/r'))).toBe(true);
    expect(willNotHeal(new BrokerDeadlineError('POST', 'http://b/r', 1000))).toBe(true);
    expect(willNotHeal(http(404, BrokerNotFoundError))).toBe(false);
    expect(willNotHeal(http(409))).toBe(false);
    expect(willNotHeal(new BrokerOutcomeUnknownError('POST', 'http://b/r', 'answered 500'))).toBe(false);
  });
});

describe('prettyJson', () => {
  it('writes numbers the lossless reader kept as they were read, indented', () => {
    const value = parseJsonText('{"a":{"body":{"x":677.0,"y":12345678901234567891,"z":-0,"s":"677.0"}},"n":1.5}');
    expect(prettyJson(value)).toBe('{\n  "a": {\n    "body": {\n      "x": 677.0,\n      "y": 12345678901234567891,\n      "z": -0,\n      "s": "677.0"\n    }\n  },\n  "n": 1.5\n}');
  });
  it('is JSON.stringify when nothing was kept', () => {
    expect(prettyJson({ a: [1, 'b'] })).toBe(JSON.stringify({ a: [1, 'b'] }, null, 2));
  });
});

describe('compileFilter', () => {
  it('finds the pattern anywhere (as the reference), linear in the text', () => {
    const f = compileFilter('item [12]', '--filter-description');
    expect([f.test('get item 1'), f.test('get item 3')]).toEqual([true, false]);
    expect(compileFilter('^(a+)+$', 'x').test(`${'a'.repeat(5000)}!`)).toBe(false);
  });
  it('an invalid pattern names where it came from', () => {
    expect(() => compileFilter('a(', 'PACT_DESCRIPTION')).toThrow("PACT_DESCRIPTION: invalid regular expression 'a(': missing closing ): `a(`");
  });
});

it('fsReason says what is wrong with the path in words', () => {
  const e = (code: string) => Object.assign(new Error(`${code}: x`), { code });
  expect(['EISDIR', 'ENOTDIR', 'ENOSPC', 'EACCES', 'EROFS', 'EIO'].map((c) => fsReason(e(c)))).toEqual([
    'it is a directory',
    'a parent of it is a file, not a directory',
    'no space left on the device',
    'permission denied',
    'the file system is read-only',
    'EIO: x',
  ]);
});
