import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StandInBroker } from '../support/broker/index.js';
import { startBroker } from '../support/broker/index.js';
import { call, expand, pact } from './helpers.js';

let broker: StandInBroker;

beforeAll(async () => {
  broker = await startBroker();
});
afterAll(async () => {
  await broker.close();
});
beforeEach(() => broker.reset());

async function canIDeploy(pacticipant: string, version: string, environment: string): Promise<any> {
  const links = (await call(broker.url)).body._links;
  const res = await call(expand(links['pb:can-i-deploy-pacticipant-version-to-environment'].href, { pacticipant, version, environment }));
  expect(res.status).toBe(200);
  return res.body;
}

async function matrix(query: string): Promise<{ status: number; body: any }> {
  return call(`${broker.url}/matrix?${query}`);
}

describe('can-i-deploy', () => {
  beforeEach(() => {
    broker.publishPact({ pact: pact('Foo', 'Bar'), consumerVersion: 'c1', branch: 'main' });
  });

  it('yes when the provider version in the environment verified the pact', async () => {
    broker.recordVerification({ consumer: 'Foo', provider: 'Bar', consumerVersion: 'c1', providerVersion: 'p1', success: true });
    broker.recordDeployment({ pacticipant: 'Bar', version: 'p1', environment: 'production' });
    const body = await canIDeploy('Foo', 'c1', 'production');
    expect(body.summary).toMatchObject({ deployable: true, success: 1, failed: 0, unknown: 0 });
    expect(body.matrix[0]).toMatchObject({
      consumer: { name: 'Foo', version: { number: 'c1', branch: 'main' } },
      provider: { name: 'Bar', version: { number: 'p1' } },
      verificationResult: { success: true },
    });
    expect(body.notices[0].type).toBe('success');
  });

  it('no when that verification failed', async () => {
    broker.recordVerification({ consumer: 'Foo', provider: 'Bar', consumerVersion: 'c1', providerVersion: 'p1', success: false });
    broker.recordDeployment({ pacticipant: 'Bar', version: 'p1', environment: 'production' });
    const body = await canIDeploy('Foo', 'c1', 'production');
    expect(body.summary).toMatchObject({ deployable: false, failed: 1 });
    expect(body.summary.reason).toContain('failed');
  });

  it('unknown when the deployed provider version has not verified it (only another version did)', async () => {
    broker.recordVerification({ consumer: 'Foo', provider: 'Bar', consumerVersion: 'c1', providerVersion: 'p2', success: true });
    broker.recordDeployment({ pacticipant: 'Bar', version: 'p1', environment: 'production' });
    const body = await canIDeploy('Foo', 'c1', 'production');
    expect(body.summary).toMatchObject({ deployable: null, unknown: 1 });
    expect(body.summary.reason).toContain('There is no verified pact between version c1 of Foo and the version of Bar currently deployed to production (p1)');
    expect(body.matrix[0].provider.version).toBeNull();
    expect(body.matrix[0].verificationResult).toBeNull();
  });

  it('unknown when the consumer’s provider has no version in the environment (a consumer needs its provider)', async () => {
    const body = await canIDeploy('Foo', 'c1', 'production');
    expect(body.summary.deployable).toBeNull();
    expect(body.summary.unknown).toBeGreaterThan(0);
  });

  it('checks a provider against the consumer versions in the environment', async () => {
    broker.publishPact({ pact: pact('Foo', 'Bar', ['new']), consumerVersion: 'c2' });
    broker.recordDeployment({ pacticipant: 'Foo', version: 'c1', environment: 'production' });
    broker.recordVerification({ consumer: 'Foo', provider: 'Bar', consumerVersion: 'c1', providerVersion: 'p1', success: true });
    broker.recordVerification({ consumer: 'Foo', provider: 'Bar', consumerVersion: 'c2', providerVersion: 'p2', success: false });
    expect((await canIDeploy('Bar', 'p1', 'production')).summary.deployable).toBe(true);
    expect((await canIDeploy('Bar', 'p2', 'production')).summary.deployable).toBeNull();
    broker.recordDeployment({ pacticipant: 'Foo', version: 'c2', environment: 'production' });
    expect((await canIDeploy('Bar', 'p2', 'production')).summary.deployable).toBe(false);
  });

  it('400s for an unknown environment or pacticipant', async () => {
    expect((await call(`${broker.url}/can-i-deploy?pacticipant=Foo&version=c1&environment=nope`)).status).toBe(400);
    expect((await call(`${broker.url}/can-i-deploy?pacticipant=Nope&version=1&environment=test`)).status).toBe(400);
  });
});

describe('matrix', () => {
  beforeEach(() => {
    broker.publishPact({ pact: pact('Foo', 'Bar'), consumerVersion: 'c1', branch: 'main', tags: ['prod'] });
    broker.publishPact({ pact: pact('Foo', 'Baz'), consumerVersion: 'c1' });
    broker.recordVerification({ consumer: 'Foo', provider: 'Bar', consumerVersion: 'c1', providerVersion: 'p1', success: true, branch: 'main', tags: ['prod'] });
    broker.recordVerification({ consumer: 'Foo', provider: 'Baz', consumerVersion: 'c1', providerVersion: 'z1', success: false, tags: ['prod'] });
  });

  it('parses nested q[] selectors and the environment target', async () => {
    broker.recordDeployment({ pacticipant: 'Bar', version: 'p1', environment: 'test' });
    const res = await matrix('q[][pacticipant]=Foo&q[][version]=c1&latestby=cvp&environment=test');
    expect(res.status).toBe(200);
    // Bar p1 in test verified c1; Baz has no version in test, so that half is unknown.
    expect(res.body.summary).toMatchObject({ deployable: null, success: 1, unknown: 1 });
    broker.recordDeployment({ pacticipant: 'Baz', version: 'z1', environment: 'test' });
    const both = await matrix('q[][pacticipant]=Foo&q[][version]=c1&latestby=cvp&environment=test&ignore[][pacticipant]=Baz');
    expect(both.body.summary).toMatchObject({ deployable: true, success: 1 });
  });

  it('supports the legacy latest tag target and ignore', async () => {
    const res = await matrix('q%5B%5D%5Bpacticipant%5D=Foo&q%5B%5D%5Bversion%5D=c1&latestby=cvp&latest=true&tag=prod');
    expect(res.body.summary).toMatchObject({ deployable: false, success: 1, failed: 1 });
    const ignored = await matrix('q[][pacticipant]=Foo&q[][version]=c1&latestby=cvp&latest=true&tag=prod&ignore[][pacticipant]=Baz');
    expect(ignored.body.summary).toMatchObject({ deployable: true, success: 1, failed: 0, ignored: 1 });
    expect(ignored.body.matrix.find((r: any) => r.provider.name === 'Baz').ignored).toBe(true);
  });

  it('is unknown (null), not false, when one verification failed and another is missing, like pact_broker', async () => {
    broker.recordDeployment({ pacticipant: 'Baz', version: 'z1', environment: 'test' });
    broker.recordDeployment({ pacticipant: 'Bar', version: 'p0', environment: 'test' });
    const res = await matrix('q[][pacticipant]=Foo&q[][version]=c1&latestby=cvp&environment=test');
    expect(res.body.summary).toMatchObject({ deployable: null, failed: 1, unknown: 1 });
    expect(res.body.summary.ignored).toBeUndefined();
  });

  it('warns about ignore selectors for unknown pacticipants', async () => {
    const res = await matrix('q[][pacticipant]=Foo&q[][version]=c1&latestby=cvp&latest=true&tag=prod&ignore[][pacticipant]=Nope');
    expect(res.status).toBe(200);
    expect(res.body.notices).toContainEqual({ type: 'warning', text: 'WARNING: Cannot ignore any version of Nope (no such pacticipant exists)' });
  });

  it('supports can-i-merge (latest on main branch) and explicit version pairs', async () => {
    broker.setMainBranch('Bar', 'main');
    const merge = await matrix('q[][pacticipant]=Foo&q[][version]=c1&latestby=cvp&latest=true&mainBranch=true&ignore[][pacticipant]=Baz');
    expect(merge.body.summary.deployable).toBe(true);
    expect(merge.body.matrix.filter((r: any) => !r.ignored)).toHaveLength(1);
    const pair = await matrix('q[][pacticipant]=Foo&q[][version]=c1&q[][pacticipant]=Baz&q[][version]=z1&latestby=cvpv');
    expect(pair.body.summary).toMatchObject({ deployable: false, failed: 1 });
    expect(pair.body.matrix).toHaveLength(1);
  });

  it('is not deployable for a version that does not exist, 400 without selectors', async () => {
    const res = await matrix('q[][pacticipant]=Foo&q[][version]=nope&environment=test');
    expect(res.body.summary.deployable).toBe(false);
    expect(res.body.summary.reason).toContain('No pacts or verifications have been published for version nope of Foo');
    expect((await matrix('environment=test')).status).toBe(400);
  });
});
