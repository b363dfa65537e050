import { describe, expect, it } from 'vitest';
import { clockCheck, evaluateDoctor, relationChecks, type DoctorFacts } from '../../../src/release/doctor.js';

const ALL = [
  'self', 'pb:publish-contracts', 'pb:publish-pact', 'pb:provider-pacts-for-verification', 'pb:pacticipants', 'pb:pacticipant',
  'pb:pacticipant-version', 'pb:pacticipant-version-tag', 'pb:pacticipant-branch-version', 'pb:latest-version', 'pb:environments', 'pb:environment',
];
const NOW = Date.parse('2024-05-01T12:00:00Z');
const healthy = (): DoctorFacts => ({
  config: { baseUrl: 'http://broker', baseUrlSource: 'env PACT_BROKER_BASE_URL', auth: { kind: 'none' } },
  index: { ok: true, status: 200, brokerVersion: '2.110.0', date: new Date(NOW).toUTCString(), selfHref: 'http://broker/', relations: ALL, receivedAt: NOW, elapsedMs: 12 },
});
const status = (facts: DoctorFacts) => Object.fromEntries(evaluateDoctor(facts).checks.map((c) => [c.id, c.status]));

describe('evaluateDoctor (pure: facts → checks)', () => {
  it('healthy: everything ok, anonymous is info, and ok overall', () => {
    const report = evaluateDoctor(healthy());
    expect(report.ok).toBe(true);
    expect(status(healthy())).toEqual({ config: 'ok', reachable: 'ok', auth: 'info', 'broker-version': 'ok', self: 'ok', relations: 'ok', clock: 'ok' });
  });

  it('wrong self href fails (trailing slashes do not matter)', () => {
    const f = healthy();
    if (f.index?.ok) f.index.selfHref = 'http://elsewhere:9292';
    const report = evaluateDoctor(f);
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.id === 'self')?.message).toContain('the broker says its base URL is http://elsewhere:9292, but it was called as http://broker');
  });

  it('401 without credentials: auth fails with a hint on how to give them; the rest is skipped', () => {
    const f: DoctorFacts = { ...healthy(), index: { ok: false, kind: 'http', status: 401, message: 'Pact Broker answered 401' } };
    const report = evaluateDoctor(f);
    expect(report.ok).toBe(false);
    const auth = report.checks.find((c) => c.id === 'auth');
    expect(auth).toMatchObject({ status: 'fail', message: 'the broker requires credentials and none were given' });
    expect(auth?.hint).toContain('PACT_BROKER_TOKEN');
    expect(status(f)).toMatchObject({ reachable: 'ok', relations: 'skip', clock: 'skip', self: 'skip' });
  });

  it('401 with credentials says they were rejected, naming where they came from', () => {
    const f: DoctorFacts = { config: { baseUrl: 'http://broker', auth: { kind: 'bearer', source: 'flag --broker-token' } }, index: { ok: false, kind: 'http', status: 401, message: 'x' } };
    expect(evaluateDoctor(f).checks.find((c) => c.id === 'auth')?.message).toBe('the broker rejected the bearer token (from flag --broker-token)');
  });

  it('unreachable: reachability fails, every other broker check skipped', () => {
    const f: DoctorFacts = { ...healthy(), index: { ok: false, kind: 'network', message: 'could not reach the Pact Broker at http://broker: connection refused' } };
    expect(status(f)).toEqual({ config: 'ok', reachable: 'fail', auth: 'skip', 'broker-version': 'skip', self: 'skip', relations: 'skip', clock: 'skip' });
  });

  it('a non-index answer (404, HTML): the index check fails', () => {
    const f: DoctorFacts = { ...healthy(), index: { ok: false, kind: 'http', status: 404, message: 'Pact Broker answered 404' } };
    expect(status(f)).toMatchObject({ reachable: 'ok', index: 'fail' });
  });

  it('no base URL / invalid config fail the config check', () => {
    expect(status({ config: { auth: { kind: 'none' } } })).toMatchObject({ config: 'fail', reachable: 'skip' });
    const bad = evaluateDoctor({ config: { auth: { kind: 'none' }, error: { message: 'invalid configuration', details: ['env PACT_BROKER_TIMEOUT_MS: not a number'] } } });
    expect(bad.checks[0]).toMatchObject({ id: 'config', status: 'fail', details: ['env PACT_BROKER_TIMEOUT_MS: not a number'] });
  });

  it('missing X-Pact-Broker-Version is a warning, not a failure', () => {
    const f = healthy();
    if (f.index?.ok) delete f.index.brokerVersion;
    const report = evaluateDoctor(f);
    expect(report.ok).toBe(true);
    expect(report.checks.find((c) => c.id === 'broker-version')?.status).toBe('warn');
  });

  it('provider: ok when it answers; warn when down; info when verify will start it', () => {
    const base = healthy();
    base.config.provider = { baseUrl: 'http://localhost:8080', source: '.pactrc.json' };
    expect(status({ ...base, provider: { reachable: true, status: 404 } }).provider).toBe('ok');
    expect(status({ ...base, provider: { reachable: false, message: 'connection refused' } }).provider).toBe('warn');
    const started = { ...base, config: { ...base.config, provider: { ...base.config.provider, start: 'npm start' } }, provider: { reachable: false as const, message: 'connection refused' } };
    expect(status(started).provider).toBe('info');
  });
});

describe('relationChecks: which features need missing relations', () => {
  it('names blocked features and their commands', () => {
    const [c] = relationChecks(ALL.filter((r) => r !== 'pb:environments' && r !== 'pb:provider-pacts-for-verification'));
    expect(c?.status).toBe('fail');
    expect(c?.details).toEqual(
      expect.arrayContaining([
        'fetch pacts for verification (verify): missing pb:provider-pacts-for-verification',
        expect.stringContaining('record deployments and releases (record-deployment, record-undeployment, record-release, record-support-ended): missing pb:environments'),
        expect.stringContaining('environments (create-environment'),
      ]),
    );
  });

  it('old publish relation is enough for publishing (noted), neither is not', () => {
    const [old] = relationChecks(ALL.filter((r) => r !== 'pb:publish-contracts'));
    expect(old?.status).toBe('ok');
    expect(old?.details?.[0]).toBe('publish pacts: no pb:publish-contracts, using pb:publish-pact (older broker)');
    const [none] = relationChecks(ALL.filter((r) => !r.startsWith('pb:publish')));
    expect(none?.details?.[0]).toBe('publish pacts (publish): missing one of pb:publish-contracts / pb:publish-pact');
  });
});

describe('clockCheck', () => {
  const date = (offsetMs: number) => new Date(NOW + offsetMs).toUTCString();
  it.each([
    [0, 'ok', 'local clock agrees with the broker'],
    [-30_000, 'ok', 'local clock is 30 s ahead of the broker'],
    [-300_000, 'warn', "local clock is 300 s ahead of the broker's"],
    [120_000, 'warn', "local clock is 120 s behind the broker's"],
  ])('broker clock %i ms from ours → %s', (offset, expected, message) => {
    const c = clockCheck(date(offset), NOW);
    expect(c.status).toBe(expected);
    expect(c.message).toBe(message);
  });
  it('no or unreadable Date header', () => {
    expect(clockCheck(undefined, NOW).status).toBe('skip');
    expect(clockCheck('yesterday-ish', NOW).status).toBe('warn');
  });
});
