/**
 * list-latest-pact-versions, delete-branch, delete-version-tag, describe-version --environment and
 * provider-states through the built binary against the stand-in broker; writes are read back from
 * the broker's state.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBroker, type StandInBroker } from '../support/broker/index.js';
import { runCli } from '../support/cli.js';

let broker: StandInBroker;

const pact = (consumer: string, provider: string, interactions: Record<string, unknown>[], version = '3.0.0') => ({
  consumer: { name: consumer },
  provider: { name: provider },
  interactions,
  metadata: { pactSpecification: { version } },
});
const http = (description: string, states: Record<string, unknown>) => ({ description, ...states, request: { method: 'GET', path: '/' }, response: { status: 200 } });

const cli = (args: string[], b: StandInBroker = broker) => runCli(args, { env: { PACT_BROKER_BASE_URL: b.url, PACT_BROKER_HTTP_RETRIES: '0' } });

beforeAll(async () => {
  broker = await startBroker();
});
afterAll(async () => {
  await broker.close();
});
beforeEach(() => {
  broker.reset();
  broker.publishPact({ pact: pact('web-app', 'user-service', [http('a', { providerState: 'user 1 exists' })], '2.0.0'), consumerVersion: 'w1', branch: 'main', tags: ['prod', 'old'] });
  broker.publishPact({
    pact: pact('mobile', 'user-service', [http('b', { providerStates: [{ name: 'user 1 exists' }, { name: 'user has orders', params: { count: 2 } }] })]),
    consumerVersion: 'm1',
    branch: 'main',
  });
  broker.publishPact({ pact: pact('mobile', 'user-service', [http('c', { providerStates: [{ name: 'beta user exists' }] })]), consumerVersion: 'm2', branch: 'feat/beta' });
  broker.publishPact({ pact: pact('web-app', 'order-service', [http('d', {})]), consumerVersion: 'w2', branch: 'main' });
});

describe('list-latest-pact-versions', () => {
  it('prints the latest pact per integration as a table (text and table alike); -o json is the broker document', async () => {
    for (const output of ['text', 'table']) {
      const r = await cli(['list-latest-pact-versions', '-o', output]);
      expect(r.code).toBe(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines[0]).toMatch(/^CONSUMER\s+\| CONSUMER_VERSION \| PROVIDER\s+\| CREATED_AT$/);
      expect(lines.slice(2).map((l) => l.split('|').slice(0, 3).map((c) => c.trim()))).toEqual([
        ['web-app', 'w1', 'user-service'],
        ['mobile', 'm2', 'user-service'],
        ['web-app', 'w2', 'order-service'],
      ]);
    }
    const j = await cli(['list-latest-pact-versions', '-o', 'json']);
    const doc = JSON.parse(j.stdout);
    expect(doc.pacts).toHaveLength(3);
    expect(doc.pacts[0]._embedded.consumer._embedded.version.number).toBe('w1');
    expect(broker.requests.filter((q) => q.path === '/pacts/latest')).toHaveLength(3);
  });
});

describe('delete-branch', () => {
  it('deletes the branch (the versions stay); a missing branch is an error naming the branches, or not with --no-error-when-not-found', async () => {
    const r = await cli(['delete-branch', '--pacticipant', 'mobile', '--branch', 'feat/beta']);
    expect(r.stdout).toContain('Deleted branch feat/beta of mobile');
    expect(r.code).toBe(0);
    expect(broker.requests.find((q) => q.method === 'DELETE')?.path).toBe('/pacticipants/mobile/branches/feat%2Fbeta');
    expect(broker.state.version('mobile', 'm2')?.branches).toEqual([]);
    expect(broker.state.version('mobile', 'm2')).toBeDefined();

    const again = await cli(['delete-branch', '-a', 'mobile', '--branch', 'feat/beta']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("error: mobile has no branch 'feat/beta'");
    expect(again.stderr).toContain("branches of mobile: 'main'");
    const lenient = await cli(['delete-branch', '-a', 'mobile', '--branch', 'feat/beta', '--no-error-when-not-found', '-o', 'json']);
    expect(lenient.code).toBe(0);
    expect(JSON.parse(lenient.stdout)).toEqual({ pacticipant: 'mobile', branch: 'feat/beta', deleted: false });

    const unknown = await cli(['delete-branch', '-a', 'mobil', '--branch', 'main']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("the Pact Broker has no pacticipant named 'mobil'");
  });

  it('says so when the broker cannot delete branches', async () => {
    const old = await startBroker({ omitRelations: ['pb:pacticipant-branch'] });
    try {
      const r = await cli(['delete-branch', '-a', 'x', '--branch', 'y'], old);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('error: this Pact Broker cannot delete branches (its index has no pb:pacticipant-branch relation)');
      expect(r.stderr).toContain('hint: Deleting branches needs a newer pact_broker');
    } finally {
      await old.close();
    }
  });
});

describe('delete-version-tag', () => {
  it('removes one tag; an unknown tag names the tags there; an unknown version names the versions', async () => {
    const r = await cli(['delete-version-tag', '-a', 'web-app', '-e', 'w1', '-t', 'old']);
    expect(r.stdout).toContain("Deleted tag 'old' from web-app version w1");
    expect(r.code).toBe(0);
    expect(broker.state.version('web-app', 'w1')?.tags).toEqual(['prod']);

    const again = await cli(['delete-version-tag', '-a', 'web-app', '-e', 'w1', '-t', 'old']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("error: web-app version w1 has no tag 'old'");
    expect(again.stderr).toContain("tags of web-app version w1: 'prod'");
    const version = await cli(['delete-version-tag', '-a', 'web-app', '-e', 'w9', '-t', 'prod']);
    expect(version.code).toBe(2);
    expect(version.stderr).toContain("web-app has no version 'w9'");
    expect(broker.state.version('web-app', 'w1')?.tags).toEqual(['prod']);
  });
});

describe('describe-version --environment', () => {
  it('lists the versions deployed and released there; --deployed / --released narrow it; errors name what exists', async () => {
    broker.recordDeployment({ pacticipant: 'mobile', version: 'm1', environment: 'production', applicationInstance: 'eu' });
    const rel = await cli(['record-release', '-a', 'mobile', '-e', 'm2', '--environment', 'production']);
    expect(rel.code).toBe(0);

    const r = await cli(['describe-version', '-a', 'mobile', '--environment', 'production']);
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n').slice(2).map((l) => l.split('|').slice(0, 4).map((c) => c.trim()));
    expect(rows).toEqual([
      ['m1', 'deployed', 'production', 'eu'],
      ['m2', 'released', 'production', ''],
    ]);
    const deployed = JSON.parse((await cli(['describe-version', '-a', 'mobile', '--environment', 'production', '--deployed', '-o', 'json'])).stdout);
    expect(deployed.versions.map((v: { version: string; status: string }) => [v.version, v.status])).toEqual([['m1', 'deployed']]);
    const released = await cli(['describe-version', '-a', 'mobile', '--environment', 'production', '--released', '-o', 'id']);
    expect(released.stdout).toBe('m2\n');
    const none = await cli(['describe-version', '-a', 'web-app', '--environment', 'test', '-o', 'text']);
    expect(none.stdout).toContain('web-app is not currently deployed or released in test.');
    expect(none.code).toBe(0);

    const env = await cli(['describe-version', '-a', 'mobile', '--environment', 'prod']);
    expect(env.code).toBe(2);
    expect(env.stderr).toContain("the Pact Broker has no environment 'prod'");
    const both = await cli(['describe-version', '-a', 'mobile', '--environment', 'production', '--latest']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('use one of --version, --latest [TAG] or --environment');
    const alone = await cli(['describe-version', '-a', 'mobile', '--released']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--deployed and --released go with --environment');
    // The classic forms still work.
    expect((await cli(['describe-version', '-a', 'web-app', '-e', 'w1', '-o', 'text'])).stdout).toContain('Tags:        prod, old');
  });
});

describe('provider-states', () => {
  it("lists the states of each consumer's latest main-branch pact, with their consumers, from the broker's resource", async () => {
    const r = await cli(['provider-states', '--provider', 'user-service']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Provider states of user-service (the latest pacts from each consumer's main branch):");
    const rows = r.stdout.trim().split('\n').slice(4).map((l) => l.split('|').map((c) => c.trim()));
    expect(rows).toEqual([
      ['user 1 exists', 'web-app, mobile', ''],
      ['user has orders', 'mobile', '{"count":2}'],
    ]);
    expect(broker.requests.some((q) => q.path === '/pacts/provider/user-service/provider-states')).toBe(true);
    const branch = JSON.parse((await cli(['provider-states', 'list', '--provider', 'user-service', '--branch', 'feat/beta', '-o', 'json'])).stdout);
    expect(branch).toMatchObject({ source: 'broker', scope: { kind: 'branch', branch: 'feat/beta' }, providerStates: [{ name: 'beta user exists', consumers: ['mobile'] }] });
  });

  it('computes the same list from the pacts for verification when the broker has no provider-states resource', async () => {
    const old = await startBroker({ providerStatesResource: false });
    try {
      old.publishPact({ pact: pact('web-app', 'user-service', [http('a', { providerState: 'user 1 exists' })], '2.0.0'), consumerVersion: 'w1', branch: 'main' });
      old.publishPact({
        pact: { ...pact('mobile', 'user-service', []), messages: [{ description: 'e', providerStates: [{ name: 'user has orders', params: { count: 2 } }], contents: {} }] },
        consumerVersion: 'm1',
        branch: 'main',
      });
      old.recordDeployment({ pacticipant: 'mobile', version: 'm1', environment: 'test' });
      const r = await cli(['provider-states', '--provider', 'user-service', '-o', 'json', '--verbose'], old);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({
        provider: 'user-service',
        scope: { kind: 'main-branch' },
        source: 'pacts',
        providerStates: [
          { name: 'user 1 exists', consumers: ['web-app'] },
          { name: 'user has orders', params: { count: 2 }, consumers: ['mobile'] },
        ],
      });
      expect(r.stderr).toContain('the broker has no provider-states resource');
      const fv = old.requests.find((q) => q.path.endsWith('/for-verification'));
      expect(fv?.json).toEqual({ consumerVersionSelectors: [{ mainBranch: true }], includePendingStatus: false });

      const env = JSON.parse((await cli(['provider-states', '--provider', 'user-service', '--environment', 'test', '-o', 'json'], old)).stdout);
      expect(env.providerStates.map((s: { name: string }) => s.name)).toEqual(['user has orders']);
    } finally {
      await old.close();
    }
  });

  it('unknown provider, unknown environment, branch and environment together: exit 2', async () => {
    const p = await cli(['provider-states', '--provider', 'nobody']);
    expect(p.code).toBe(2);
    expect(p.stderr).toContain("the Pact Broker has no pacticipant named 'nobody'");
    const e = await cli(['provider-states', '--provider', 'user-service', '--environment', 'staging']);
    expect(e.code).toBe(2);
    expect(e.stderr).toContain("the Pact Broker has no environment 'staging'");
    const both = await cli(['provider-states', '--provider', 'user-service', '--environment', 'test', '--branch', 'main']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('use --branch or --environment, not both');
  });
});

describe('help', () => {
  it.each([
    'create-webhook',
    'create-or-update-webhook',
    'test-webhook',
    'delete-webhook',
    'list-webhooks',
    'generate-uuid',
    'list-latest-pact-versions',
    'delete-branch',
    'delete-version-tag',
    'provider-states',
    'describe-version',
    'diff',
  ])('%s --help has an example and the text/table/json outputs', async (name) => {
    const r = await runCli([name, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Example/);
    const output = /-o, --output <format>\s+output format \(choices: ([^)]*)\)/.exec(r.stdout.replace(/\s+/g, ' '))?.[1] ?? '';
    for (const format of ['"text"', '"table"', '"json"']) expect(output).toContain(format);
  });
});
