import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StandInBroker } from '../support/broker/index.js';
import { startBroker } from '../support/broker/index.js';
import { call, contractsBody, expand, pact } from './helpers.js';

let broker: StandInBroker;

beforeAll(async () => {
  broker = await startBroker({ prefix: '/pact' });
});
afterAll(async () => {
  await broker.close();
});
beforeEach(() => broker.reset());

async function index(): Promise<Record<string, { href: string; templated?: boolean }>> {
  return (await call(broker.url)).body._links;
}

describe('index', () => {
  it('serves every relation under the prefix with absolute hrefs and the broker version header', async () => {
    const res = await call(broker.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/hal+json');
    expect(res.headers.get('x-pact-broker-version')).toBe('2.110.0');
    const links = res.body._links;
    expect(links.self.href).toBe(broker.url);
    expect(broker.url).toMatch(/\/pact$/);
    for (const rel of [
      'pb:publish-contracts',
      'pb:publish-pact',
      'pb:provider-pacts-for-verification',
      'pb:latest-pact-versions',
      'pb:pacticipants',
      'pb:pacticipant',
      'pb:pacticipant-version',
      'pb:pacticipant-version-tag',
      'pb:pacticipant-branch-version',
      'pb:latest-version',
      'pb:environments',
      'pb:environment',
      'pb:can-i-deploy-pacticipant-version-to-environment',
    ]) {
      expect.soft(links[rel]?.href, rel).toMatch(new RegExp(`^${broker.url}/`));
    }
    expect(links['pb:pacticipant'].templated).toBe(true);
    expect(broker.requests[0]?.path).toBe('/');
    expect(broker.requests[0]?.url).toBe('/pact');
  });

  it('404s outside the prefix', async () => {
    const res = await call(`${broker.origin}/pacticipants`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'The requested document was not found on this server.' });
  });

  it('builds hrefs from selfBaseUrl and honours legacy/omitRelations', async () => {
    const other = await startBroker({ selfBaseUrl: 'http://wrong.example/broker/', legacy: true, omitRelations: ['pb:environments'], brokerVersion: '2.80.0' });
    try {
      const res = await call(other.url);
      expect(res.body._links.self.href).toBe('http://wrong.example/broker');
      expect(res.body._links['pb:publish-contracts']).toBeUndefined();
      expect(res.body._links['pb:environments']).toBeUndefined();
      expect(res.body._links['pb:publish-pact'].href).toMatch(/^http:\/\/wrong\.example\/broker\/pacts\//);
      expect(res.headers.get('x-pact-broker-version')).toBe('2.80.0');
    } finally {
      await other.close();
    }
  });
});

describe('auth', () => {
  it('401s without credentials, 403s read-only writes, lets read-only fetch for verification', async () => {
    const b = await startBroker({ auth: { username: 'admin', password: 'pw' }, readOnly: { username: 'ro', password: 'ro' } });
    try {
      const none = await fetch(b.url);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/^Basic/);
      expect(await none.text()).toBe('');
      const basic = (u: string, p: string): Record<string, string> => ({ Authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}` });
      expect((await call(b.url, { headers: basic('admin', 'nope') })).status).toBe(401);
      expect((await call(b.url, { headers: basic('admin', 'pw') })).status).toBe(200);
      expect((await call(b.url, { headers: basic('ro', 'ro') })).status).toBe(200);
      const publish = await call(`${b.url}/contracts/publish`, { method: 'POST', body: contractsBody(pact('Foo', 'Bar'), '1'), headers: basic('ro', 'ro') });
      expect(publish.status).toBe(403);
      expect((await call(`${b.url}/contracts/publish`, { method: 'POST', body: contractsBody(pact('Foo', 'Bar'), '1'), headers: basic('admin', 'pw') })).status).toBe(200);
      const fv = await call(`${b.url}/pacts/provider/Bar/for-verification`, { method: 'POST', body: {}, headers: basic('ro', 'ro') });
      expect(fv.status).toBe(200);
      expect(b.requests).toHaveLength(7);
    } finally {
      await b.close();
    }
  });

  it('accepts a bearer token', async () => {
    const b = await startBroker({ auth: { token: 's3cret' } });
    try {
      expect((await call(b.url)).status).toBe(401);
      expect((await call(b.url, { headers: { Authorization: 'Bearer s3cret' } })).status).toBe(200);
    } finally {
      await b.close();
    }
  });
});

describe('publish contracts', () => {
  it('stores the pact, version, branch and tags and links the pact', async () => {
    const links = await index();
    const res = await call(links['pb:publish-contracts']!.href, { method: 'POST', body: contractsBody(pact('Foo', 'Bar'), '1.0.0', { branch: 'main', tags: ['main', 'dev'] }) });
    expect(res.status).toBe(200);
    expect(res.body._embedded.version).toMatchObject({ number: '1.0.0', branch: 'main' });
    expect(res.body.notices.map((n: { type: string }) => n.type)).toContain('success');
    expect(res.body._links['pb:pacticipant-version-tags']).toHaveLength(2);
    const contract = res.body._links['pb:contracts'][0];
    expect(contract.href).toBe(`${broker.url}/pacts/provider/Bar/consumer/Foo/version/1.0.0`);
    const fetched = await call(contract.href);
    expect(fetched.status).toBe(200);
    expect(fetched.body.consumer).toEqual({ name: 'Foo' });
    expect(fetched.body._links['pb:publish-verification-results'].href).toMatch(/\/verification-results$/);
    expect(fetched.body._links['pb:provider'].href).toBe(`${broker.url}/pacticipants/Bar`);

    expect(broker.state.pacts).toHaveLength(1);
    expect(broker.state.pacts[0]?.sha).toMatch(/^[0-9a-f]{64}$/);
    expect(broker.state.version('Foo', '1.0.0')).toMatchObject({ branches: ['main'], tags: ['main', 'dev'] });
    expect(broker.state.pacticipant('Foo')?.mainBranch).toBe('main');
    expect(broker.state.pacticipant('Bar')).toBeDefined();
  });

  it('rejects an invalid body with an errors object, and problem+json when asked', async () => {
    const body = contractsBody(pact('Foo', 'Bar'), '1');
    (body['contracts'] as Record<string, unknown>[])[0]!['consumerName'] = 'Other';
    const res = await call(`${broker.url}/contracts/publish`, { method: 'POST', body });
    expect(res.status).toBe(400);
    expect(res.body.errors.contracts[0]).toMatch(/consumerName.*\(at index 0\)/);
    const problem = await call(`${broker.url}/contracts/publish`, { method: 'POST', body: { contracts: [] }, headers: { Accept: 'application/problem+json, application/hal+json' } });
    expect(problem.status).toBe(400);
    expect(problem.headers.get('content-type')).toContain('application/problem+json');
    expect(problem.body).toMatchObject({ title: 'Validation errors', status: 400 });
    expect(problem.body.errors.length).toBeGreaterThan(0);
  });

  it('409s on changed content for the same version, with a diff; overwrite and merge are allowed', async () => {
    const url = `${broker.url}/contracts/publish`;
    expect((await call(url, { method: 'POST', body: contractsBody(pact('Foo', 'Bar', ['a']), '1') })).status).toBe(200);
    expect((await call(url, { method: 'POST', body: contractsBody(pact('Foo', 'Bar', ['a']), '1') })).status).toBe(200);
    const res = await call(url, { method: 'POST', body: contractsBody(pact('Foo', 'Bar', ['b']), '1') });
    expect(res.status).toBe(409);
    expect(res.body.notices[0].type).toBe('error');
    expect(res.body.notices[1].text).toContain('+ ');
    expect(res.body.errors.content[0]).toContain('Cannot change the content');
    const merged = await call(url, { method: 'POST', body: contractsBody(pact('Foo', 'Bar', ['b']), '1', { onConflict: 'merge' }) });
    expect(merged.status).toBe(200);
    const stored = broker.state.pact('Foo', 'Bar', '1')?.content['interactions'] as { description: string }[];
    expect(stored.map((i) => i.description)).toEqual(['a', 'b']);
    const over = await call(url, { method: 'POST', body: contractsBody(pact('Foo', 'Bar', ['c']), '1', { onConflict: 'overwrite' }) });
    expect(over.status).toBe(200);
    expect((broker.state.pact('Foo', 'Bar', '1')?.content['interactions'] as unknown[]).length).toBe(1);
  });

  it('allows modification when configured', async () => {
    const b = await startBroker({ allowContractModification: true });
    try {
      b.publishPact({ pact: pact('Foo', 'Bar', ['a']), consumerVersion: '1' });
      const res = await call(`${b.url}/contracts/publish`, { method: 'POST', body: contractsBody(pact('Foo', 'Bar', ['b']), '1') });
      expect(res.status).toBe(200);
    } finally {
      await b.close();
    }
  });
});

describe('legacy publishing', () => {
  it('PUTs a pact, then a tag and a branch version, creating what is needed', async () => {
    const links = await index();
    const put = await call(expand(links['pb:publish-pact']!.href, { provider: 'Bar', consumer: 'Foo', consumerApplicationVersion: '1.0.0' }), { method: 'PUT', body: pact('Foo', 'Bar') });
    expect(put.status).toBe(201);
    expect(broker.state.pacts).toHaveLength(1);
    const again = await call(expand(links['pb:publish-pact']!.href, { provider: 'Bar', consumer: 'Foo', consumerApplicationVersion: '1.0.0' }), { method: 'PUT', body: pact('Foo', 'Bar', ['x']) });
    expect(again.status).toBe(409);
    const tag = await call(expand(links['pb:pacticipant-version-tag']!.href, { pacticipant: 'Baz', version: '2', tag: 'prod' }), { method: 'PUT', body: {} });
    expect(tag.status).toBe(201);
    const branch = await call(expand(links['pb:pacticipant-branch-version']!.href, { pacticipant: 'Foo', branch: 'feat/x', version: '1.0.0' }), { method: 'PUT', body: {} });
    expect(branch.status).toBe(201);
    expect(broker.requests.at(-1)?.url).toContain('feat%2Fx');
    expect(broker.state.version('Baz', '2')?.tags).toEqual(['prod']);
    expect(broker.state.version('Foo', '1.0.0')?.branches).toEqual(['feat/x']);
  });
});

describe('pacticipants and versions', () => {
  it('creates, gets, patches and lists pacticipants', async () => {
    const links = await index();
    const missing = await call(expand(links['pb:pacticipant']!.href, { pacticipant: 'Foo Service' }));
    expect(missing.status).toBe(404);
    const created = await call(links['pb:pacticipants']!.href, { method: 'POST', body: { name: 'Foo Service', mainBranch: 'trunk', repositoryUrl: 'https://git/foo' } });
    expect(created.status).toBe(201);
    expect(created.body._links.self.href).toBe(`${broker.url}/pacticipants/Foo%20Service`);
    const dup = await call(links['pb:pacticipants']!.href, { method: 'POST', body: { name: 'Foo Service' } });
    expect(dup.status).toBe(400);
    const patched = await call(created.body._links.self.href, { method: 'PATCH', body: { displayName: 'Foo!' } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Foo Service', displayName: 'Foo!', mainBranch: 'trunk' });
    const list = await call(links['pb:pacticipants']!.href);
    expect(list.body._embedded.pacticipants).toHaveLength(1);
  });

  it('describes a version with record-deployment/record-release links per environment, 404 when unknown', async () => {
    broker.publishPact({ pact: pact('Foo', 'Bar'), consumerVersion: '1', branch: 'main' });
    const links = await index();
    const v = await call(expand(links['pb:pacticipant-version']!.href, { pacticipant: 'Foo', version: '1' }));
    expect(v.status).toBe(200);
    expect(v.body.number).toBe('1');
    expect(v.body._links['pb:record-deployment'].map((l: { name: string }) => l.name)).toEqual(['test', 'production']);
    expect(v.body._links['pb:record-release'].map((l: { name: string }) => l.name)).toEqual(['test', 'production']);
    const unknown = await call(expand(links['pb:pacticipant-version']!.href, { pacticipant: 'Foo', version: '2' }));
    expect(unknown.status).toBe(404);
    const latest = await call(expand(links['pb:latest-version']!.href, { pacticipant: 'Foo' }));
    expect(latest.body.number).toBe('1');
  });

  it('gives the provider resource templated branch-version and version-tag links', async () => {
    broker.publishPact({ pact: pact('Foo', 'Bar'), consumerVersion: '1' });
    const provider = await call(`${broker.url}/pacticipants/Bar`);
    expect(provider.body._links['pb:branch-version']).toMatchObject({ templated: true });
    expect(provider.body._links['pb:branch-version'].href).toContain('{branch}');
    expect(provider.body._links['pb:version-tag'].href).toContain('{tag}');
    const put = await call(expand(provider.body._links['pb:version-tag'].href, { version: '9', tag: 'prod' }), { method: 'PUT', body: {} });
    expect(put.status).toBe(201);
  });
});

describe('latest pact versions', () => {
  it('lists the latest pact per integration', async () => {
    broker.publishPact({ pact: pact('Foo', 'Bar'), consumerVersion: '1' });
    broker.publishPact({ pact: pact('Foo', 'Bar', ['x']), consumerVersion: '2' });
    broker.publishPact({ pact: pact('Baz', 'Bar'), consumerVersion: '7' });
    const links = await index();
    const res = await call(links['pb:latest-pact-versions']!.href);
    expect(res.body.pacts).toHaveLength(2);
    expect(res.body.pacts[0]._embedded.consumer._embedded.version.number).toBe('2');
  });
});
