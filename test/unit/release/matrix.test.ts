import { describe, expect, it } from 'vitest';
import { answerOf, explainMissing, isUnknown, matrixQueryString, parseMatrixResponse, fixCommands, type MatrixQuery } from '../../../src/release/matrix.js';

const q = (partial: Partial<MatrixQuery>): MatrixQuery => ({ selectors: [{ pacticipant: 'Foo', version: '1' }], target: { kind: 'none' }, ignore: [], ...partial });

describe('matrixQueryString (Rack nested params, as the Ruby client sends them)', () => {
  it.each([
    ['one version to an environment', q({ target: { kind: 'environment', environment: 'production' } }), 'q[][pacticipant]=Foo&q[][version]=1&latestby=cvp&environment=production'],
    ['one version, no target: against the latest of everything', q({}), 'q[][pacticipant]=Foo&q[][version]=1&latestby=cvp&latest=true'],
    [
      'several selectors, no target',
      q({ selectors: [{ pacticipant: 'Foo', version: '1' }, { pacticipant: 'Bar', latest: true, tag: 'prod' }] }),
      'q[][pacticipant]=Foo&q[][version]=1&q[][pacticipant]=Bar&q[][latest]=true&q[][tag]=prod&latestby=cvpv',
    ],
    ['legacy --to tag', q({ target: { kind: 'tag', tag: 'prod' } }), 'q[][pacticipant]=Foo&q[][version]=1&latestby=cvp&latest=true&tag=prod'],
    ['can-i-merge', q({ target: { kind: 'main-branch' } }), 'q[][pacticipant]=Foo&q[][version]=1&latestby=cvp&latest=true&mainBranch=true'],
    [
      'branch / main-branch selectors',
      q({ selectors: [{ pacticipant: 'Foo', latest: true, branch: 'feat/x' }, { pacticipant: 'Bar', latest: true, mainBranch: true }], target: { kind: 'environment', environment: 'test' } }),
      'q[][pacticipant]=Foo&q[][latest]=true&q[][branch]=feat%2Fx&q[][pacticipant]=Bar&q[][latest]=true&q[][mainBranch]=true&latestby=cvpv&environment=test',
    ],
    [
      'ignore and limit; values URL-encoded',
      q({ selectors: [{ pacticipant: 'My App', version: '1.0+b&c' }], ignore: [{ pacticipant: 'Baz' }, { pacticipant: 'Qux', version: '2' }], limit: 20, target: { kind: 'environment', environment: 'prod' } }),
      'q[][pacticipant]=My%20App&q[][version]=1.0%2Bb%26c&latestby=cvp&environment=prod&ignore[][pacticipant]=Baz&ignore[][pacticipant]=Qux&ignore[][version]=2&limit=20',
    ],
  ])('%s', (_name, query, expected) => {
    expect(matrixQueryString(query)).toBe(expected);
  });
});

const row = (o: { cv?: string; pv?: string | null; success?: boolean | null; url?: string; ignored?: boolean; consumer?: string; provider?: string }) => ({
  consumer: { name: o.consumer ?? 'Foo', version: o.cv === undefined ? { number: '1', branch: 'main' } : { number: o.cv } },
  provider: { name: o.provider ?? 'Bar', version: o.pv ? { number: o.pv } : null },
  verificationResult: o.success === null || o.success === undefined ? null : { success: o.success, verifiedAt: '2024-01-01T00:00:00Z', _links: { self: { href: o.url ?? 'http://b/vr/1' } } },
  ...(o.ignored ? { ignored: true } : {}),
});
const body = (deployable: boolean | null, rows: unknown[], extra: Record<string, unknown> = {}) => ({
  summary: { deployable, reason: 'because', success: 0, failed: 0, unknown: deployable === null ? 1 : 0, ...extra },
  notices: [{ type: 'error', text: 'because' }],
  matrix: rows,
});

describe('parseMatrixResponse / answerOf / isUnknown', () => {
  it('reads rows, summary and notices; tolerates missing fields', () => {
    const r = parseMatrixResponse(body(true, [row({ pv: '10', success: true })]));
    expect(r.rows[0]).toEqual({
      consumer: { name: 'Foo', version: { number: '1', branch: 'main', tags: [] } },
      provider: { name: 'Bar', version: { number: '10', tags: [] } },
      verification: { success: true, verifiedAt: '2024-01-01T00:00:00Z', url: 'http://b/vr/1' },
      ignored: false,
    });
    expect(r.notices).toEqual([{ type: 'error', text: 'because' }]);
    expect(parseMatrixResponse({})).toEqual({ summary: { deployable: null, reason: '', success: 0, failed: 0, unknown: 0 }, notices: [], rows: [] });
  });

  it('answers', () => {
    expect(answerOf({ deployable: true, reason: '', success: 1, failed: 0, unknown: 0 })).toBe('yes');
    expect(answerOf({ deployable: false, reason: '', success: 0, failed: 1, unknown: 0 })).toBe('no');
    expect(answerOf({ deployable: null, reason: '', success: 0, failed: 0, unknown: 1 })).toBe('unknown');
    expect(isUnknown({ deployable: false, reason: '', success: 0, failed: 0, unknown: 1 })).toBe(true);
    expect(isUnknown({ deployable: false, reason: '', success: 0, failed: 1, unknown: 0 })).toBe(false);
    expect(isUnknown({ deployable: true, reason: '', success: 1, failed: 0, unknown: 0 })).toBe(false);
  });
});

describe('explainMissing: what is missing and the command that fixes it', () => {
  const env = q({ target: { kind: 'environment', environment: 'production' } });

  it('nothing when deployable', () => {
    expect(explainMissing(parseMatrixResponse(body(true, [row({ pv: '10', success: true })])), env)).toEqual([]);
  });

  it('a failed verification: fix the provider and verify again, with the failed result', () => {
    const m = explainMissing(parseMatrixResponse(body(false, [row({ pv: '10', success: false, url: 'http://b/vr/9' })])), env);
    expect(m).toEqual([
      expect.objectContaining({ kind: 'verification-failed', consumer: 'Foo', consumerVersion: '1', provider: 'Bar', providerVersion: '10', message: 'Bar 10 failed to verify the pact from Foo 1' }),
    ]);
    expect(m[0]?.fixes.join('\n')).toContain('pactship verify --provider Bar --publish-verification-results');
    expect(m[0]?.fixes.join('\n')).toContain('http://b/vr/9');
  });

  it('deploying a consumer, nothing in the environment verified it: verify, or record the deployment', () => {
    const [m] = explainMissing(parseMatrixResponse(body(null, [row({ pv: null, success: null })])), env);
    expect(m?.kind).toBe('not-deployed-or-not-verified');
    expect(m?.message).toBe('no version of Bar recorded as deployed to production has verified the pact from Foo 1');
    expect(m?.fixes[0]).toContain("pactship verify --provider Bar --provider-app-version '<version in production>' --publish-verification-results");
    expect(m?.fixes[1]).toContain("pactship record-deployment --pacticipant Bar --version '<that version>' --environment production");
  });

  it('with the provider versions in the environment looked up: names them, and verifies that pact by URL', () => {
    const withPact = { ...row({ pv: null, success: null }), pact: { _links: { self: { href: 'http://b/pacts/provider/Bar/consumer/Foo/version/1' } } } };
    const [m] = explainMissing(parseMatrixResponse(body(null, [withPact])), env, new Map([['Bar', ['10', '12']]]));
    expect(m).toMatchObject({ kind: 'not-verified', message: 'Bar 10, 12 (in production) has not verified the pact from Foo 1' });
    expect(m?.fixes).toEqual([
      'verify the pact from Foo 1 with Bar 10 and publish the results: pactship verify --pact-url http://b/pacts/provider/Bar/consumer/Foo/version/1 --provider-app-version 10 --publish-verification-results',
      'verify the pact from Foo 1 with Bar 12 and publish the results: pactship verify --pact-url http://b/pacts/provider/Bar/consumer/Foo/version/1 --provider-app-version 12 --publish-verification-results',
    ]);
  });

  it('with no provider version in the environment: deploy the provider first', () => {
    const [m] = explainMissing(parseMatrixResponse(body(null, [row({ pv: null, success: null })])), env, new Map([['Bar', []]]));
    expect(m?.message).toBe('Bar has no version deployed or released in production, and Foo 1 needs it there');
    expect(m?.fixes[0]).toContain("pactship record-deployment --pacticipant Bar --version '<version>' --environment production");
  });

  it('deploying a provider version: that version must verify the consumer version in the environment', () => {
    const query = q({ selectors: [{ pacticipant: 'Bar', version: '11' }], target: { kind: 'environment', environment: 'production' } });
    const [m] = explainMissing(parseMatrixResponse(body(null, [row({ cv: '7', pv: null, success: null })])), query);
    expect(m).toMatchObject({ kind: 'not-verified', providerVersion: '11', message: 'Bar 11 has not verified the pact from Foo 7' });
    expect(m?.fixes[0]).toContain('pactship verify --provider Bar --provider-app-version 11 --publish-verification-results');
  });

  it('legacy --to tag: verify, or tag a verified version', () => {
    const [m] = explainMissing(parseMatrixResponse(body(null, [row({ pv: null, success: null })])), q({ target: { kind: 'tag', tag: 'prod' } }));
    expect(m?.message).toBe('the latest version of Bar tagged prod has not verified the pact from Foo 1');
    expect(m?.fixes[1]).toContain('pactship create-version-tag --pacticipant Bar');
  });

  it('can-i-merge: the main-branch version must verify', () => {
    const [m] = explainMissing(parseMatrixResponse(body(null, [row({ pv: null, success: null })])), q({ target: { kind: 'main-branch' } }));
    expect(m?.message).toBe('the latest version of Bar from its main branch has not verified the pact from Foo 1');
  });

  it('ignored and successful rows are not missing; duplicates are reported once', () => {
    const rows = [row({ pv: '10', success: true }), row({ pv: null, success: null, ignored: true, provider: 'Baz' }), row({ pv: '10', success: false }), row({ pv: '10', success: false })];
    expect(explainMissing(parseMatrixResponse(body(false, rows)), env).map((m) => m.provider)).toEqual(['Bar']);
  });

  it('no rows to explain: the broker\'s own error notices (or its reason), without a command', () => {
    const r = parseMatrixResponse({ summary: { deployable: false, reason: 'No version with number 11 exists for Bar' }, notices: [{ type: 'error', text: 'No version with number 11 exists for Bar' }, { type: 'info', text: 'fyi' }], matrix: [] });
    expect(explainMissing(r, env)).toEqual([{ kind: 'broker-says', message: 'No version with number 11 exists for Bar', fixes: [] }]);
    const reasonOnly = parseMatrixResponse({ summary: { deployable: false, reason: 'nope' }, matrix: [] });
    expect(explainMissing(reasonOnly, env)).toEqual([{ kind: 'broker-says', message: 'nope', fixes: [] }]);
  });

  it('shell-quotes values in the suggested commands', () => {
    expect(fixCommands.recordDeployment('Bar', 'my app', "it's")).toBe("pactship record-deployment --pacticipant Bar --version 'my app' --environment 'it'\\''s'");
  });
});
