import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StandInBroker } from '../support/broker/index.js';
import { startBroker } from '../support/broker/index.js';
import { call, pact } from './helpers.js';

let broker: StandInBroker;

beforeAll(async () => {
  broker = await startBroker();
});
afterAll(async () => {
  await broker.close();
});
beforeEach(() => broker.reset());

interface Entry {
  shortDescription: string;
  verificationProperties: { pending?: boolean; wip?: boolean; notices: { when: string; text: string }[] };
  _links: { self: { href: string; name: string } };
}

async function forVerification(body: unknown, provider = 'Bar'): Promise<{ status: number; body: any; pacts: Entry[] }> {
  const res = await call(`${broker.url}/pacts/provider/${provider}/for-verification`, { method: 'POST', body });
  return { status: res.status, body: res.body, pacts: res.body?._embedded?.pacts ?? [] };
}

function names(pacts: Entry[]): string[] {
  return pacts.map((p) => p._links.self.name).sort();
}

function seed(): void {
  // Foo: main 1 → 2, feat/a 3; Baz: master 10, feat/a 11 (Baz's main branch auto-detected as master)
  broker.publishPact({ pact: pact('Foo', 'Bar', ['one']), consumerVersion: '1', branch: 'main', tags: ['prod'] });
  broker.publishPact({ pact: pact('Foo', 'Bar', ['two']), consumerVersion: '2', branch: 'main' });
  broker.publishPact({ pact: pact('Foo', 'Bar', ['three']), consumerVersion: '3', branch: 'feat/a' });
  broker.publishPact({ pact: pact('Baz', 'Bar', ['ten']), consumerVersion: '10', branch: 'master' });
  broker.publishPact({ pact: pact('Baz', 'Bar', ['eleven']), consumerVersion: '11', branch: 'feat/a' });
}

describe('selectors', () => {
  beforeEach(seed);

  it('mainBranch selects the latest pact from each consumer main branch', async () => {
    const res = await forVerification({ consumerVersionSelectors: [{ mainBranch: true }], includePendingStatus: false });
    expect(res.status).toBe(200);
    expect(names(res.pacts)).toEqual(['Pact between Baz (10) and Bar', 'Pact between Foo (2) and Bar']);
    expect(res.pacts[0]?.shortDescription).toBe('latest from main branch');
    expect(res.pacts[0]?.verificationProperties.pending).toBeUndefined();
    expect(res.pacts[0]?._links.self.href).toMatch(/\/pacts\/provider\/Bar\/consumer\/(Foo|Baz)\/pact-version\/[0-9a-f]{64}\/metadata\/[A-Za-z0-9_-]+$/);
    expect(res.pacts[0]?.verificationProperties.notices[0]?.when).toBe('before_verification');
  });

  it('branch with fallbackBranch, and consumer filter', async () => {
    const res = await forVerification({ consumerVersionSelectors: [{ branch: 'feat/b', fallbackBranch: 'main' }] });
    expect(names(res.pacts)).toEqual(['Pact between Foo (2) and Bar']);
    const feat = await forVerification({ consumerVersionSelectors: [{ branch: 'feat/a', consumer: 'Baz' }] });
    expect(names(feat.pacts)).toEqual(['Pact between Baz (11) and Bar']);
  });

  it('matchingBranch uses providerVersionBranch', async () => {
    const res = await forVerification({ consumerVersionSelectors: [{ matchingBranch: true }], providerVersionBranch: 'feat/a' });
    expect(names(res.pacts)).toEqual(['Pact between Baz (11) and Bar', 'Pact between Foo (3) and Bar']);
  });

  it('deployedOrReleased, deployed and environment', async () => {
    broker.recordDeployment({ pacticipant: 'Foo', version: '1', environment: 'production' });
    broker.recordDeployment({ pacticipant: 'Baz', version: '10', environment: 'test' });
    const any = await forVerification({ consumerVersionSelectors: [{ deployedOrReleased: true }] });
    expect(names(any.pacts)).toEqual(['Pact between Baz (10) and Bar', 'Pact between Foo (1) and Bar']);
    const prod = await forVerification({ consumerVersionSelectors: [{ environment: 'production' }] });
    expect(names(prod.pacts)).toEqual(['Pact between Foo (1) and Bar']);
    const released = await forVerification({ consumerVersionSelectors: [{ released: true }] });
    expect(released.pacts).toEqual([]);
  });

  it('tag with latest, all tagged, and latest alone', async () => {
    broker.publishPact({ pact: pact('Foo', 'Bar', ['four']), consumerVersion: '4', tags: ['prod'] });
    const latest = await forVerification({ consumerVersionSelectors: [{ tag: 'prod', latest: true }] });
    expect(names(latest.pacts)).toEqual(['Pact between Foo (4) and Bar']);
    const all = await forVerification({ consumerVersionSelectors: [{ tag: 'prod' }] });
    expect(names(all.pacts)).toEqual(['Pact between Foo (1) and Bar', 'Pact between Foo (4) and Bar']);
    const overall = await forVerification({ consumerVersionSelectors: [{ latest: true }] });
    expect(names(overall.pacts)).toEqual(['Pact between Baz (11) and Bar', 'Pact between Foo (4) and Bar']);
  });

  it('de-duplicates by content and lists every selected consumer version', async () => {
    broker.publishPact({ pact: pact('Foo', 'Bar', ['two']), consumerVersion: '5', branch: 'feat/c' });
    const res = await forVerification({ consumerVersionSelectors: [{ mainBranch: true, consumer: 'Foo' }, { branch: 'feat/c' }] });
    expect(res.pacts).toHaveLength(1);
    expect(res.pacts[0]?._links.self.name).toBe('Pact between Foo (2, 5) and Bar');
    expect(res.pacts[0]?.shortDescription).toBe('latest from main branch, latest from branch feat/c');
  });

  it('no selectors = main branch (or latest) plus deployed/released', async () => {
    broker.publishPact({ pact: pact('Qux', 'Bar'), consumerVersion: 'q1' });
    const res = await forVerification({});
    expect(names(res.pacts)).toEqual(['Pact between Baz (10) and Bar', 'Pact between Foo (2) and Bar', 'Pact between Qux (q1) and Bar']);
  });

  it.each([
    [{ consumer: 'Foo' }],
    [{ mainBranch: true, branch: 'main' }],
    [{ matchingBranch: true, tag: 'x' }],
    [{ tag: 'x', branch: 'y' }],
    [{ branch: 'main', environment: 'test' }],
    [{ deployed: true, released: true }],
    [{ branch: 'main', latest: false }],
    [{ environment: 'nowhere' }],
    [{ fallbackTag: 'x', tag: 'y' }],
    [{ matchingBranch: true }],
  ])('rejects invalid selector %j with 400 errors', async (selector) => {
    const res = await forVerification({ consumerVersionSelectors: [{ mainBranch: true }, selector] });
    expect(res.status).toBe(400);
    expect(res.body.errors.consumerVersionSelectors[0]).toMatch(/\(at index 1\)$/);
  });

  it('404s for an unknown provider; empty list for a provider without pacts', async () => {
    expect((await forVerification({}, 'Nope')).status).toBe(404);
    broker.state.ensurePacticipant('Lonely');
    const empty = await forVerification({}, 'Lonely');
    expect(empty.status).toBe(200);
    expect(empty.pacts).toEqual([]);
  });
});

describe('pending and WIP', () => {
  it('is pending until a version on the provider branch verifies the content successfully', async () => {
    broker.publishPact({ pact: pact('Foo', 'Bar'), consumerVersion: '1', branch: 'main' });
    const body = { consumerVersionSelectors: [{ mainBranch: true }], providerVersionBranch: 'main', includePendingStatus: true };
    const first = await forVerification(body);
    expect(first.pacts[0]?.verificationProperties.pending).toBe(true);
    const whens = first.pacts[0]?.verificationProperties.notices.map((n) => n.when);
    expect(whens).toContain('after_verification:success_true_published_true');
    expect(whens).toContain('after_verification:success_false_published_false');

    broker.recordVerification({ consumer: 'Foo', provider: 'Bar', consumerVersion: '1', providerVersion: 'p1', success: false, branch: 'main' });
    expect((await forVerification(body)).pacts[0]?.verificationProperties.pending).toBe(true);
    broker.recordVerification({ consumer: 'Foo', provider: 'Bar', consumerVersion: '1', providerVersion: 'p2', success: true, branch: 'feat/x' });
    expect((await forVerification(body)).pacts[0]?.verificationProperties.pending).toBe(true);
    broker.recordVerification({ consumer: 'Foo', provider: 'Bar', consumerVersion: '1', providerVersion: 'p3', success: true, branch: 'main' });
    const after = await forVerification(body);
    expect(after.pacts[0]?.verificationProperties.pending).toBe(false);
    expect(after.pacts[0]?.verificationProperties.notices.some((n) => n.text.includes('previously been successfully verified'))).toBe(true);
  });

  it('a new provider branch inherits successes from before it was created, like pact_broker', async () => {
    broker.publishPact({ pact: pact('Foo', 'Bar'), consumerVersion: '1', branch: 'main' });
    broker.recordVerification({ consumer: 'Foo', provider: 'Bar', consumerVersion: '1', providerVersion: 'p1', success: true, branch: 'main' });
    const body = { consumerVersionSelectors: [{ mainBranch: true }], providerVersionBranch: 'feat/new', includePendingStatus: true };
    expect((await forVerification(body)).pacts[0]?.verificationProperties.pending).toBe(false);

    broker.publishPact({ pact: pact('Foo', 'Bar', ['changed']), consumerVersion: '2', branch: 'main' });
    await call(`${broker.url}/pacticipants/Bar/branches/feat%2Fnew/versions/p2`, { method: 'PUT', body: {} });
    broker.recordVerification({ consumer: 'Foo', provider: 'Bar', consumerVersion: '2', providerVersion: 'p3', success: true, branch: 'main' });
    expect((await forVerification(body)).pacts[0]?.verificationProperties.pending).toBe(true);
    expect((await forVerification({ ...body, providerVersionBranch: 'main' })).pacts[0]?.verificationProperties.pending).toBe(false);
  });

  it('includes WIP pacts since the date for a provider branch, not already selected, still pending', async () => {
    broker.publishPact({ pact: pact('Foo', 'Bar', ['main']), consumerVersion: '1', branch: 'main', createdAt: new Date('2024-01-01') });
    broker.publishPact({ pact: pact('Foo', 'Bar', ['old']), consumerVersion: '2', branch: 'feat/old', createdAt: new Date('2024-01-01') });
    broker.publishPact({ pact: pact('Foo', 'Bar', ['new']), consumerVersion: '3', branch: 'feat/new', createdAt: new Date('2024-06-01') });
    broker.publishPact({ pact: pact('Foo', 'Bar', ['done']), consumerVersion: '4', branch: 'feat/done', createdAt: new Date('2024-06-01') });
    broker.recordVerification({ consumer: 'Foo', provider: 'Bar', consumerVersion: '4', providerVersion: 'p1', success: true, branch: 'main' });
    const body = { consumerVersionSelectors: [{ mainBranch: true }], providerVersionBranch: 'main', includePendingStatus: true, includeWipPactsSince: '2024-03-01' };
    const res = await forVerification(body);
    expect(names(res.pacts)).toEqual(['Pact between Foo (1) and Bar', 'Pact between Foo (3) and Bar']);
    const wip = res.pacts.find((p) => p._links.self.name.includes('(3)'));
    expect(wip?.verificationProperties).toMatchObject({ wip: true, pending: true });
    expect(wip?.shortDescription).toBe('WIP');
    const noBranch = await forVerification({ ...body, providerVersionBranch: undefined });
    expect(names(noBranch.pacts)).toEqual(['Pact between Foo (1) and Bar']);
    const blank = await forVerification({ ...body, providerVersionBranch: '' });
    expect(blank.status).toBe(400);
  });
});

describe('verification results', () => {
  it('stores results against the content sha and the consumer versions in the metadata', async () => {
    broker.publishPact({ pact: pact('Foo', 'Bar'), consumerVersion: '1', branch: 'main' });
    broker.publishPact({ pact: pact('Foo', 'Bar'), consumerVersion: '2', branch: 'feat/x' });
    const res = await forVerification({ consumerVersionSelectors: [{ mainBranch: true }, { branch: 'feat/x' }] });
    expect(res.pacts).toHaveLength(1);
    const fetched = await call(res.pacts[0]!._links.self.href);
    expect(fetched.status).toBe(200);
    expect(fetched.body.interactions).toHaveLength(1);
    const publishHref: string = fetched.body._links['pb:publish-verification-results'].href;

    const bad = await call(publishHref, { method: 'POST', body: { success: 'yes', providerApplicationVersion: ' ', buildUrl: 'not a url' } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['buildUrl', 'providerApplicationVersion', 'success']);

    const ok = await call(publishHref, {
      method: 'POST',
      body: { success: true, providerApplicationVersion: 'p1', buildUrl: 'https://ci/1', testResults: [{ interactionDescription: 'x', success: true }] },
    });
    expect(ok.status).toBe(201);
    expect(ok.headers.get('location')).toBe(ok.body._links.self.href);
    expect((await call(ok.headers.get('location')!)).status).toBe(200);
    const stored = broker.state.verifications[0];
    expect(stored).toMatchObject({ consumer: 'Foo', provider: 'Bar', providerVersion: 'p1', success: true, consumerVersions: ['1', '2'] });
    expect(stored?.sha).toBe(broker.state.pact('Foo', 'Bar', '1')?.sha);
    expect(broker.state.version('Bar', 'p1')).toBeDefined();
  });

  it('uses the consumer version of a plain pact URL', async () => {
    broker.publishPact({ pact: pact('Foo', 'Bar'), consumerVersion: '1' });
    broker.publishPact({ pact: pact('Foo', 'Bar'), consumerVersion: '2' });
    const fetched = await call(`${broker.url}/pacts/provider/Bar/consumer/Foo/version/1`);
    const res = await call(fetched.body._links['pb:publish-verification-results'].href, { method: 'POST', body: { success: false, providerApplicationVersion: 'p9' } });
    expect(res.status).toBe(201);
    expect(broker.state.verifications[0]?.consumerVersions).toEqual(['1']);
  });
});
