/** can-i-deploy / can-i-merge through the built binary against the stand-in broker. */
import { freePort } from '../support/ports.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBroker, type StandInBroker } from '../support/broker/index.js';
import { runCli } from '../support/cli.js';

let broker: StandInBroker;

const pact = (consumer: string, provider: string, description = 'get a thing') => ({
  consumer: { name: consumer },
  provider: { name: provider },
  interactions: [{ description, request: { method: 'GET', path: '/thing' }, response: { status: 200 } }],
  metadata: { pactSpecification: { version: '2.0.0' } },
});

const env = () => ({ PACT_BROKER_BASE_URL: broker.url, PACT_BROKER_HTTP_RETRIES: '0' });
const cli = (args: string[], extraEnv: Record<string, string | undefined> = {}) => runCli(args, { env: { ...env(), ...extraEnv } });
const matrixRequests = () => broker.requests.filter((r) => r.path === '/matrix');

beforeAll(async () => {
  broker = await startBroker();
});
afterAll(async () => {
  await broker.close();
});
beforeEach(() => {
  broker.reset();
  // Foo 1 has a pact with Bar; Bar 10 runs in production.
  broker.publishPact({ pact: pact('Foo', 'Bar'), consumerVersion: '1', branch: 'main' });
  broker.recordDeployment({ pacticipant: 'Bar', version: '10', environment: 'production' });
});

describe('can-i-deploy: the answer and the exit code', () => {
  it('a consumer whose provider is not in the environment at all: says to deploy the provider first', async () => {
    const r = await cli(['can-i-deploy', '-a', 'Foo', '-e', '1', '--to-environment', 'test']);
    expect.soft(r.stdout).toContain('Bar has no version deployed or released in test, and Foo 1 needs it there');
    expect.soft(r.stdout).toContain('pactship record-deployment --pacticipant Bar');
    expect(r.code).toBe(1);
  });

  it('yes: exit 0, the table and the reason (text)', async () => {
    broker.recordVerification({ consumer: 'Foo', provider: 'Bar', consumerVersion: '1', providerVersion: '10', success: true });
    const r = await cli(['can-i-deploy', '--pacticipant', 'Foo', '--version', '1', '--to-environment', 'production']);
    expect.soft(r.stderr).toBe('');
    expect.soft(r.stdout).toContain('Computer says yes \\o/');
    expect.soft(r.stdout).toMatch(/CONSUMER\s+\| C\.VERSION \| PROVIDER \| P\.VERSION \| SUCCESS\? \| RESULT#/);
    expect.soft(r.stdout).toMatch(/Foo\s+\| 1\s+\| Bar\s+\| 10\s+\| true\s+\| 1/);
    expect.soft(r.stdout).toContain('VERIFICATION RESULTS');
    expect.soft(r.stdout).toMatch(/1\. http:\/\/127\.0\.0\.1:\d+\/pacts\/provider\/Bar\/consumer\/Foo\/pact-version\/\w+\/verification-results\/1 \(success\)/);
    expect.soft(r.stdout).not.toContain('What is missing');
    expect(r.code).toBe(0);
    const q = matrixRequests()[0]?.url ?? '';
    expect.soft(decodeURIComponent(q)).toContain('q[][pacticipant]=Foo&q[][version]=1&latestby=cvp&environment=production');
  });

  it('yes: exit 0 with --output json, the broker body plus pactship fields', async () => {
    broker.recordVerification({ consumer: 'Foo', provider: 'Bar', consumerVersion: '1', providerVersion: '10', success: true });
    const r = await cli(['can-i-deploy', '-a', 'Foo', '-e', '1', '--to-environment', 'production', '--output', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect.soft(doc.summary.deployable).toBe(true);
    expect.soft(doc.matrix).toHaveLength(1);
    expect.soft(doc.pactship).toMatchObject({ answer: 'yes', deployable: true, exitCode: 0, dryRun: false, attempts: 1, missing: [] });
  });

  it('no (failed verification): exit 1, says what failed and how to fix it', async () => {
    broker.recordVerification({ consumer: 'Foo', provider: 'Bar', consumerVersion: '1', providerVersion: '10', success: false });
    const r = await cli(['can-i-deploy', '-a', 'Foo', '-e', '1', '--to-environment', 'production']);
    expect.soft(r.stdout).toContain('Computer says no');
    expect.soft(r.stdout).toMatch(/Foo\s+\| 1\s+\| Bar\s+\| 10\s+\| false/);
    expect.soft(r.stdout).toContain('What is missing:');
    expect.soft(r.stdout).toContain('Bar 10 failed to verify the pact from Foo 1');
    // The fix verifies exactly that pact, by its URL from the matrix row.
    expect.soft(r.stdout).toMatch(/pactship verify --pact-url http:\/\/127\.0\.0\.1:\d+\/pacts\/provider\/Bar\/consumer\/Foo\/\S+ --publish-verification-results/);
    expect(r.code).toBe(1);

    const j = await cli(['can-i-deploy', '-a', 'Foo', '-e', '1', '--to-environment', 'production', '-o', 'json']);
    expect(j.code).toBe(1);
    const doc = JSON.parse(j.stdout);
    expect.soft(doc.summary.deployable).toBe(false);
    expect.soft(doc.pactship.answer).toBe('no');
    expect.soft(doc.pactship.exitCode).toBe(1);
    expect.soft(doc.pactship.missing[0]).toMatchObject({ kind: 'verification-failed', consumer: 'Foo', consumerVersion: '1', provider: 'Bar' });
  });

  it('unknown (not verified yet): exit 1, names the deployed provider version and the verify that would fix it', async () => {
    const r = await cli(['can-i-deploy', '-a', 'Foo', '-e', '1', '--to-environment', 'production']);
    expect.soft(r.stdout).toContain('Computer says no');
    expect.soft(r.stdout).toContain('unknown');
    expect.soft(r.stdout).toMatch(/Foo\s+\| 1\s+\| Bar\s+\| \?\?\?\s+\| \?\?\?/);
    expect.soft(r.stdout).toContain('Bar 10 (in production) has not verified the pact from Foo 1');
    expect.soft(r.stdout).toMatch(/pactship verify --pact-url \S+ --provider-app-version 10 --publish-verification-results/);
    expect(r.code).toBe(1);

    const j = await cli(['can-i-deploy', '-a', 'Foo', '-e', '1', '--to-environment', 'production', '-o', 'json']);
    expect(j.code).toBe(1);
    const doc = JSON.parse(j.stdout);
    expect.soft(doc.summary.deployable).toBe(null);
    expect.soft(doc.pactship).toMatchObject({ answer: 'unknown', exitCode: 1, unknownAfterRetries: true });
  });

  it('a provider being deployed: names its own unverified version and the verify that fixes it', async () => {
    broker.recordDeployment({ pacticipant: 'Foo', version: '1', environment: 'production' });
    const r = await cli(['can-i-deploy', '-a', 'Bar', '-e', '10', '--to-environment', 'production']);
    expect.soft(r.stdout).toContain('Bar 10 has not verified the pact from Foo 1');
    expect.soft(r.stdout).toMatch(/pactship verify --pact-url \S+ --provider-app-version 10 --publish-verification-results/);
    expect(r.code).toBe(1);
    // A version the broker has never heard of: the broker's own reason is shown, exit 1.
    const unknown = await cli(['can-i-deploy', '-a', 'Bar', '-e', '11', '--to-environment', 'production']);
    expect.soft(unknown.stdout).toContain('Computer says no');
    expect.soft(unknown.stdout).toMatch(/version 11 of Bar|11 exists for Bar/);
    expect(unknown.code).toBe(1);
  });

  it('several selectors in argv order, no target: each -a starts a selector (latestby=cvpv)', async () => {
    broker.recordVerification({ consumer: 'Foo', provider: 'Bar', consumerVersion: '1', providerVersion: '10', success: true });
    const r = await cli(['can-i-deploy', '-a', 'Foo', '-e', '1', '-a', 'Bar', '--version', '10']);
    expect.soft(r.stdout).toContain('Computer says yes');
    expect(r.code).toBe(0);
    const q = decodeURIComponent(matrixRequests()[0]?.url ?? '');
    expect.soft(q).toContain('q[][pacticipant]=Foo&q[][version]=1&q[][pacticipant]=Bar&q[][version]=10&latestby=cvpv');
    expect.soft(q).not.toContain('environment=');
  });

  it('--latest and --branch selectors', async () => {
    broker.recordVerification({ consumer: 'Foo', provider: 'Bar', consumerVersion: '1', providerVersion: '10', success: true });
    const r = await cli(['can-i-deploy', '-a', 'Foo', '--branch', 'main', '--to-environment', 'production']);
    expect(r.code).toBe(0);
    expect.soft(decodeURIComponent(matrixRequests()[0]?.url ?? '')).toContain('q[][pacticipant]=Foo&q[][latest]=true&q[][branch]=main&latestby=cvp');
    const l = await cli(['can-i-deploy', '-a', 'Foo', '--latest', '--to-environment', 'production']);
    expect(l.code).toBe(0);
  });
});

describe('can-i-deploy: retry while unknown', () => {
  it('asks again until the verification result arrives, then says yes', async () => {
    const running = cli(['can-i-deploy', '-a', 'Foo', '-e', '1', '--to-environment', 'production', '--retry-while-unknown', '50', '--retry-interval', '0.2']);
    // Wait (without any timing assertion) until the CLI has asked at least once, then publish the result.
    for (let i = 0; i < 500 && matrixRequests().length < 1; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(matrixRequests().length).toBeGreaterThanOrEqual(1);
    broker.recordVerification({ consumer: 'Foo', provider: 'Bar', consumerVersion: '1', providerVersion: '10', success: true });
    const r = await running;
    expect.soft(r.stdout).toContain('Waiting for verification results to be published');
    expect.soft(r.stdout).toContain('Computer says yes');
    expect(r.code).toBe(0);
    expect(matrixRequests().length).toBeGreaterThanOrEqual(2);
  });

  it('still unknown after the retries: exit 1, and says so (JSON too)', async () => {
    const r = await cli(['can-i-deploy', '-a', 'Foo', '-e', '1', '--to-environment', 'production', '--retry-while-unknown', '2', '--retry-interval', '0', '-o', 'json']);
    expect(r.code).toBe(1);
    expect.soft(matrixRequests()).toHaveLength(3);
    const doc = JSON.parse(r.stdout);
    expect.soft(doc.pactship).toMatchObject({ answer: 'unknown', attempts: 3, retriesAllowed: 2, unknownAfterRetries: true, exitCode: 1 });
    expect.soft(r.stderr).toContain('Waiting for verification results');
  });
});

describe('can-i-deploy: --ignore and --dry-run', () => {
  it('--ignore Bar (flag, NAME@VERSION, Ruby-style --version after it, and env) turns the unknown into yes', async () => {
    for (const args of [['--ignore', 'Bar'], ['--ignore', 'Bar@10'], ['--ignore', 'Bar', '--version', '10']]) {
      broker.requests.length = 0;
      const r = await cli(['can-i-deploy', '-a', 'Foo', '-e', '1', '--to-environment', 'production', ...args]);
      expect.soft(r.code, args.join(' ')).toBe(0);
      expect.soft(r.stdout).toMatch(/\| ignored/);
      const q = decodeURIComponent(matrixRequests()[0]?.url ?? '');
      expect.soft(q).toContain('ignore[][pacticipant]=Bar');
      if (args.length > 2 || args[1]?.includes('@')) expect.soft(q).toContain('ignore[][version]=10');
    }
    const e = await cli(['can-i-deploy', '-a', 'Foo', '-e', '1', '--to-environment', 'production'], { PACT_BROKER_CAN_I_DEPLOY_IGNORE: 'Bar' });
    expect.soft(e.code).toBe(0);
  });

  it('--dry-run prints the real answer and exits 0 (flag and env)', async () => {
    broker.recordVerification({ consumer: 'Foo', provider: 'Bar', consumerVersion: '1', providerVersion: '10', success: false });
    const r = await cli(['can-i-deploy', '-a', 'Foo', '-e', '1', '--to-environment', 'production', '--dry-run']);
    expect.soft(r.stdout).toContain('[dry-run] Computer says no');
    expect.soft(r.stdout).toContain('Dry run enabled');
    expect(r.code).toBe(0);

    const j = await cli(['can-i-deploy', '-a', 'Foo', '-e', '1', '--to-environment', 'production', '-o', 'json'], { PACT_BROKER_CAN_I_DEPLOY_DRY_RUN: 'true' });
    expect(j.code).toBe(0);
    const doc = JSON.parse(j.stdout);
    expect.soft(doc.summary.deployable).toBe(false);
    expect.soft(doc.pactship).toMatchObject({ answer: 'no', dryRun: true, exitCode: 0 });
  });

  it('--dry-run does not hide a broker error: exit 2', async () => {
    const r = await cli(['can-i-deploy', '-a', 'Foo', '-e', '1', '--to-environment', 'nope', '--dry-run']);
    expect.soft(r.stderr).toContain("the Pact Broker has no environment 'nope'");
    expect(r.code).toBe(2);
  });
});

describe('can-i-deploy: could not ask (exit 2)', () => {
  it('unknown environment or pacticipant: exit 2 naming what exists, and a JSON document under --output json', async () => {
    const r = await cli(['can-i-deploy', '-a', 'Foo', '-e', '1', '--to-environment', 'nope']);
    expect.soft(r.stderr).toContain("error: the Pact Broker has no environment 'nope'");
    expect.soft(r.stderr).toContain("environments: 'test', 'production'");
    expect(r.code).toBe(2);
    const p = await cli(['can-i-deploy', '-a', 'Fooo', '-e', '1', '--to-environment', 'production']);
    expect.soft(p.stderr).toContain("error: the Pact Broker has no pacticipant named 'Fooo'");
    expect.soft(p.stderr).toContain("pacticipants: 'Bar', 'Foo'");
    expect(p.code).toBe(2);
    const j = await cli(['can-i-deploy', '-a', 'Foo', '-e', '1', '--to-environment', 'nope', '-o', 'json']);
    expect(j.code).toBe(2);
    const doc = JSON.parse(j.stdout);
    expect.soft(doc.pactship).toMatchObject({ answer: 'error', exitCode: 2 });
    expect.soft(doc.pactship.error).toMatchObject({ code: 'UNKNOWN_ENVIRONMENT', message: "the Pact Broker has no environment 'nope'" });
  });

  it('unreachable broker: exit 2', async () => {
    const port = await freePort();
    const r = await cli(['can-i-deploy', '-a', 'Foo', '-e', '1', '--to-environment', 'production', '-o', 'json'], { PACT_BROKER_BASE_URL: `http://127.0.0.1:${port}` });
    expect(r.code).toBe(2);
    expect.soft(r.stderr).toContain('could not reach the Pact Broker');
    expect.soft(JSON.parse(r.stdout).pactship.answer).toBe('error');
  });

  it('selector mistakes are usage errors: exit 2 before any request', async () => {
    const r = await cli(['can-i-deploy', '-e', '1', '-a', 'Foo', '--to-environment', 'production']);
    expect.soft(r.stderr).toContain('--version must follow the --pacticipant it applies to');
    expect(r.code).toBe(2);
    const n = await cli(['can-i-deploy', '-a', 'Foo', '--to-environment', 'production']);
    expect.soft(n.stderr).toContain('--pacticipant Foo: say which version');
    expect(n.code).toBe(2);
    const both = await cli(['can-i-deploy', '-a', 'Foo', '-e', '1', '--to-environment', 'production', '--to', 'prod']);
    expect(both.code).toBe(2);
    expect(broker.requests).toHaveLength(0);
  });
});

describe('can-i-merge', () => {
  it('checks against the latest main-branch versions', async () => {
    broker.recordVerification({ consumer: 'Foo', provider: 'Bar', consumerVersion: '1', providerVersion: '10', success: true, branch: 'main' });
    const r = await cli(['can-i-merge', '--pacticipant', 'Foo', '--version', '1']);
    expect.soft(r.stdout).toContain('Computer says yes');
    expect(r.code).toBe(0);
    const q = decodeURIComponent(matrixRequests()[0]?.url ?? '');
    expect.soft(q).toContain('latest=true&mainBranch=true');

    broker.recordVerification({ consumer: 'Foo', provider: 'Bar', consumerVersion: '1', providerVersion: '12', success: false, branch: 'main' });
    const no = await cli(['can-i-merge', '-a', 'Foo', '-e', '1', '-o', 'json']);
    expect(no.code).toBe(1);
    expect.soft(JSON.parse(no.stdout).summary.deployable).toBe(false);
  });
});
