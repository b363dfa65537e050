/**
 * Deployments, releases, environments, pacticipants and versions through the built binary against
 * the stand-in broker; every write is read back through the broker (the CLI or the broker's state).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBroker, type StandInBroker } from '../support/broker/index.js';
import { runCli } from '../support/cli.js';

let broker: StandInBroker;

const pact = (consumer: string, provider: string) => ({
  consumer: { name: consumer },
  provider: { name: provider },
  interactions: [{ description: 'get a thing', request: { method: 'GET', path: '/thing' }, response: { status: 200 } }],
  metadata: { pactSpecification: { version: '2.0.0' } },
});

const cli = (args: string[], env: Record<string, string | undefined> = {}) =>
  runCli(args, { env: { PACT_BROKER_BASE_URL: broker.url, PACT_BROKER_HTTP_RETRIES: '0', ...env } });
const json = async (args: string[]) => {
  const r = await cli([...args, '--output', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};

beforeAll(async () => {
  broker = await startBroker();
});
afterAll(async () => {
  await broker.close();
});
beforeEach(() => {
  broker.reset();
  broker.publishPact({ pact: pact('Foo', 'Bar'), consumerVersion: '1', branch: 'main' });
  broker.publishPact({ pact: pact('Foo', 'Bar'), consumerVersion: '2', branch: 'main' });
});

const deployed = (pacticipant: string) => broker.state.deployedVersions.filter((d) => d.pacticipant === pacticipant && d.currentlyDeployed);

describe('record-deployment / record-undeployment', () => {
  it('round trip, with application instances, read back through the broker', async () => {
    const r = await cli(['record-deployment', '--pacticipant', 'Foo', '--version', '1', '--environment', 'test']);
    expect.soft(r.stdout).toContain('Recorded deployment of Foo version 1 to test environment');
    expect(r.code).toBe(0);
    const post = broker.requests.find((q) => q.method === 'POST');
    expect.soft(post?.json).toEqual({});
    expect.soft(deployed('Foo').map((d) => d.version)).toEqual(['1']);

    // A new deployment to the same environment replaces the old one.
    const j = await json(['record-deployment', '-a', 'Foo', '-e', '2', '--environment', 'test']);
    expect.soft(j).toMatchObject({ pacticipant: 'Foo', version: '2', environment: 'test', currentlyDeployed: true });
    expect.soft(deployed('Foo').map((d) => d.version)).toEqual(['2']);

    await json(['record-deployment', '-a', 'Foo', '-e', '1', '--environment', 'test', '--application-instance', 'blue']);
    expect.soft(deployed('Foo').map((d) => [d.version, d.applicationInstance])).toEqual([['2', null], ['1', 'blue']]);

    // can-i-deploy sees the deployment: Bar's deployment check is against Foo 2 and Foo 1 in test.
    const u = await cli(['record-undeployment', '-a', 'Foo', '--environment', 'test', '--application-instance', 'blue']);
    expect.soft(u.stdout).toContain('Recorded undeployment of Foo version 1 from test environment (application instance blue)');
    expect(u.code).toBe(0);
    expect.soft(deployed('Foo').map((d) => d.version)).toEqual(['2']);
    const patch = broker.requests.find((q) => q.method === 'PATCH');
    expect.soft(patch?.headers['content-type']).toContain('application/merge-patch+json');
    expect.soft(patch?.json).toEqual({ currentlyDeployed: false });

    const all = await json(['record-undeployment', '-a', 'Foo', '--environment', 'test']);
    expect.soft(all.undeployed.map((d: { version: string }) => d.version)).toEqual(['2']);
    expect.soft(deployed('Foo')).toEqual([]);

    const again = await cli(['record-undeployment', '-a', 'Foo', '--environment', 'test']);
    expect.soft(again.stderr).toContain('Foo is not currently deployed to test');
    expect(again.code).toBe(2);
  });

  it('unknown version, environment or pacticipant: exit 2, naming what exists', async () => {
    const v = await cli(['record-deployment', '-a', 'Foo', '-e', '9', '--environment', 'test']);
    expect.soft(v.stderr).toContain("error: Foo has no version '9' in the Pact Broker");
    expect.soft(v.stderr).toMatch(/versions of Foo: .*'1'/);
    expect(v.code).toBe(2);

    const e = await cli(['record-deployment', '-a', 'Foo', '-e', '1', '--environment', 'staging']);
    expect.soft(e.stderr).toContain("error: the Pact Broker has no environment 'staging'");
    expect.soft(e.stderr).toContain("environments: 'test', 'production'");
    expect(e.code).toBe(2);

    const p = await cli(['record-deployment', '-a', 'Fooo', '-e', '1', '--environment', 'test']);
    expect.soft(p.stderr).toContain("the Pact Broker has no pacticipant named 'Fooo'");
    expect.soft(p.stderr).toContain("pacticipants: 'Bar', 'Foo'");
    expect(p.code).toBe(2);

    const u = await cli(['record-undeployment', '-a', 'Foo', '--environment', 'staging']);
    expect.soft(u.stderr).toContain("the Pact Broker has no environment 'staging'");
    expect(u.code).toBe(2);
    expect.soft(broker.state.deployedVersions).toEqual([]);
  });
});

describe('record-release / record-support-ended', () => {
  it('round trip; releases accumulate; ending support twice is an error naming what is supported', async () => {
    const r = await cli(['record-release', '-a', 'Foo', '-e', '1', '--environment', 'production']);
    expect.soft(r.stdout).toContain('Recorded release of Foo version 1 to production environment');
    expect(r.code).toBe(0);
    await json(['record-release', '-a', 'Foo', '-e', '2', '--environment', 'production']);
    const supported = () => broker.state.releasedVersions.filter((x) => x.currentlySupported).map((x) => x.version);
    expect.soft(supported()).toEqual(['1', '2']);

    const s = await json(['record-support-ended', '-a', 'Foo', '-e', '1', '--environment', 'production']);
    expect.soft(s).toMatchObject({ pacticipant: 'Foo', version: '1', environment: 'production' });
    expect.soft(supported()).toEqual(['2']);

    const again = await cli(['record-support-ended', '-a', 'Foo', '-e', '1', '--environment', 'production']);
    expect.soft(again.stderr).toContain('Foo 1 is not currently released and supported in production');
    expect.soft(again.stderr).toContain("versions of Foo supported there: '2'");
    expect(again.code).toBe(2);

    const unknownVersion = await cli(['record-release', '-a', 'Foo', '-e', '7', '--environment', 'production']);
    expect.soft(unknownVersion.stderr).toContain("Foo has no version '7'");
    expect(unknownVersion.code).toBe(2);
    const unknownEnv = await cli(['record-support-ended', '-a', 'Foo', '-e', '2', '--environment', 'prod']);
    expect.soft(unknownEnv.stderr).toContain("the Pact Broker has no environment 'prod'");
    expect(unknownEnv.code).toBe(2);
  });
});

describe('environments', () => {
  it('create → list → update → describe → delete, read back through the broker', async () => {
    const created = await json(['create-environment', '--name', 'uat', '--display-name', 'UAT', '--contact-name', 'Team A', '--contact-email-address', 'a@example.com']);
    expect.soft(created).toMatchObject({ name: 'uat', displayName: 'UAT', production: false });
    const uuid = created.uuid as string;

    const list = await json(['list-environments']);
    expect.soft(list.environments.map((e: { name: string }) => e.name)).toEqual(['test', 'production', 'uat']);
    const text = await cli(['list-environments']);
    expect.soft(text.stdout).toMatch(new RegExp(`${uuid} \\| uat\\s+\\| UAT\\s+\\| false`));

    const id = await cli(['update-environment', '--uuid', uuid, '--name', 'acceptance', '--production', '--output', 'id']);
    expect.soft(id.stdout.trim()).toBe(uuid);
    const described = await json(['describe-environment', '--uuid', uuid]);
    expect.soft(described).toMatchObject({ uuid, name: 'acceptance', displayName: 'UAT', production: true });
    expect.soft(described.contacts).toEqual([{ name: 'Team A', details: { emailAddress: 'a@example.com' } }]);

    const byName = await json(['update-environment', '--name', 'acceptance', '--no-production']);
    expect.soft(byName).toMatchObject({ name: 'acceptance', production: false });
    const d = await cli(['describe-environment', '--name', 'acceptance']);
    expect.soft(d.stdout).toContain('Production:   false');

    const del = await cli(['delete-environment', '--name', 'acceptance']);
    expect.soft(del.stdout).toContain(`Deleted acceptance environment (UUID ${uuid})`);
    expect(del.code).toBe(0);
    expect.soft((await json(['list-environments'])).environments.map((e: { name: string }) => e.name)).toEqual(['test', 'production']);

    const gone = await cli(['describe-environment', '--uuid', uuid]);
    expect.soft(gone.stderr).toContain(`no environment uuid '${uuid}'`);
    expect.soft(gone.stderr).toContain('test (5d7f6e2a-0000-4000-8000-000000000001)');
    expect(gone.code).toBe(2);
  });

  it('create-environment --output id prints just the uuid; a duplicate name is the broker\'s 400', async () => {
    const r = await cli(['create-environment', '--name', 'perf', '--production', '--output', 'id']);
    expect(r.code).toBe(0);
    expect.soft(r.stdout.trim()).toMatch(/^[0-9a-f-]{36}$/);
    expect.soft(broker.state.environmentByName('perf')?.production).toBe(true);
    const dup = await cli(['create-environment', '--name', 'perf']);
    expect.soft(dup.stderr).toContain("Another environment with name 'perf' already exists");
    expect(dup.code).toBe(2);
    const none = await cli(['describe-environment']);
    expect.soft(none.stderr).toContain('--uuid UUID or --name NAME');
    expect(none.code).toBe(2);
  });
});

describe('pacticipants', () => {
  it('create, update only what changed, describe, list', async () => {
    const c = await json(['create-or-update-pacticipant', '--name', 'Baz', '--display-name', 'Baz service', '--main-branch', 'trunk']);
    expect.soft(c).toMatchObject({ action: 'created', pacticipant: { name: 'Baz', displayName: 'Baz service', mainBranch: 'trunk' } });
    const u = await cli(['create-or-update-pacticipant', '--name', 'Baz', '--repository-url', 'https://git.example.com/baz']);
    expect.soft(u.stdout).toContain('Updated pacticipant Baz');
    const patch = broker.requests.find((q) => q.method === 'PATCH');
    expect.soft(patch?.json).toEqual({ repositoryUrl: 'https://git.example.com/baz' });
    const same = await json(['create-or-update-pacticipant', '--name', 'Baz', '--main-branch', 'trunk']);
    expect.soft(same.action).toBe('unchanged');

    const d = await json(['describe-pacticipant', '--name', 'Baz']);
    expect.soft(d).toMatchObject({ name: 'Baz', displayName: 'Baz service', mainBranch: 'trunk', repositoryUrl: 'https://git.example.com/baz' });
    const list = await json(['list-pacticipants']);
    expect.soft(list.pacticipants.map((p: { name: string }) => p.name).sort()).toEqual(['Bar', 'Baz', 'Foo']);

    const missing = await cli(['describe-pacticipant', '--name', 'Qux']);
    expect.soft(missing.stderr).toContain("no pacticipant named 'Qux'");
    expect(missing.code).toBe(2);
  });
});

describe('versions', () => {
  it('create-version-tag: the version must exist unless --auto-create-version; tags read back', async () => {
    const no = await cli(['create-version-tag', '-a', 'Foo', '-e', '5', '-t', 'prod']);
    expect.soft(no.stderr).toContain("Foo has no version '5'");
    expect(no.code).toBe(2);

    const ok = await cli(['create-version-tag', '-a', 'Foo', '-e', '1', '-t', 'prod', '-t', 'stable']);
    expect.soft(ok.stdout).toContain("Tagged Foo version 1 with 'prod'");
    expect(ok.code).toBe(0);
    expect.soft(broker.state.version('Foo', '1')?.tags).toEqual(['prod', 'stable']);

    const auto = await json(['create-version-tag', '-a', 'Foo', '-e', '5', '-t', 'dev', '--auto-create-version']);
    expect.soft(auto).toMatchObject({ createdVersion: true, tags: ['dev'] });
    expect.soft(broker.state.version('Foo', '5')?.tags).toEqual(['dev']);

    const git = await cli(['create-version-tag', '-a', 'Foo', '-e', '1', '--tag-with-git-branch'], { GITHUB_ACTIONS: 'true', GITHUB_REF: 'refs/heads/feat/login' });
    expect(git.code, git.stderr).toBe(0);
    expect.soft(broker.state.version('Foo', '1')?.tags).toContain('feat/login');
    const tagPut = broker.requests.find((q) => q.method === 'PUT' && q.path.includes('feat%2Flogin'));
    expect.soft(tagPut).toBeDefined();
  });

  it('create-or-update-version and describe-version', async () => {
    const c = await json(['create-or-update-version', '-a', 'Foo', '-e', '3', '--branch', 'feat/x', '-t', 'rc']);
    expect.soft(c).toMatchObject({ pacticipant: 'Foo', number: '3', branches: ['feat/x'], tags: ['rc'], created: true });
    expect.soft(broker.state.version('Foo', '3')?.branches).toEqual(['feat/x']);

    const plain = await json(['create-or-update-version', '-a', 'Baz', '-e', '0.1.0']);
    expect.soft(plain).toMatchObject({ pacticipant: 'Baz', number: '0.1.0', created: true });
    expect.soft(broker.state.version('Baz', '0.1.0')).toBeDefined();

    const latest = await json(['describe-version', '-a', 'Foo']);
    expect.soft(latest.number).toBe('3');
    const one = await cli(['describe-version', '-a', 'Foo', '-e', '1']);
    expect.soft(one.stdout).toContain('Version:     1');
    expect.soft(one.stdout).toContain('Branches:    main');
    const id = await cli(['describe-version', '-a', 'Foo', '--output', 'id']);
    expect.soft(id.stdout.trim()).toBe('3');
    const unknown = await cli(['describe-version', '-a', 'Foo', '-e', '42']);
    expect.soft(unknown.stderr).toContain("Foo has no version '42'");
    expect(unknown.code).toBe(2);
  });
});
