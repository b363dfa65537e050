/**
 * The stand-in's webhooks, branch deletion, provider states and version→pacts links, black-box over
 * HTTP: what pactship's broker commands rely on must behave like pact_broker (broker-api.md section 10).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StandInBroker } from '../support/broker/index.js';
import { startBroker } from '../support/broker/index.js';
import { freePort } from '../support/ports.js';
import { startTestProvider, type TestProvider } from '../support/provider/index.js';
import { call, contractsBody, expand, pact } from './helpers.js';

let broker: StandInBroker;
let target: TestProvider;
let status = 200;

beforeAll(async () => {
  broker = await startBroker();
  target = await startTestProvider(() => ({ status, body: { received: true } }));
});
afterAll(async () => {
  await broker.close();
  await target.close();
});
beforeEach(() => {
  broker.reset();
  target.requests.length = 0;
  status = 200;
});

async function links(): Promise<Record<string, { href: string }>> {
  return (await call(broker.url)).body._links;
}

const webhook = (extra: Record<string, unknown> = {}) => ({
  description: 'verify changed pacts',
  provider: { name: 'Bar' },
  events: [{ name: 'contract_requiring_verification_published' }],
  request: {
    method: 'POST',
    url: `${target.url}/hooks?pact=\${pactbroker.pactUrl}`,
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer s3cr3t-token' },
    body: { pactUrl: '${pactbroker.pactUrl}', providerVersion: '${pactbroker.providerVersionNumber}', unknown: '${pactbroker.nope}' },
    username: 'ci-user',
    password: 'ci-password',
  },
  ...extra,
});

describe('webhooks', () => {
  it('POST creates (201 + Location), GET shows secrets as **********, list links it, DELETE → 204 then 404', async () => {
    await call(`${broker.url}/contracts/publish`, { method: 'POST', body: contractsBody(pact('Foo', 'Bar'), '1', { branch: 'main' }) });
    const l = await links();
    const created = await call(l['pb:webhooks']!.href, { method: 'POST', body: webhook() });
    expect(created.status).toBe(201);
    const uuid = created.body.uuid as string;
    expect(created.headers.get('location')).toBe(`${broker.url}/webhooks/${uuid}`);
    expect(created.body.request.password).toBe('**********');
    expect(created.body.request.headers.Authorization).toBe('**********');
    expect(created.body.request.headers['Content-Type']).toBe('application/json');
    expect(JSON.stringify(created.body)).not.toMatch(/s3cr3t|ci-password/);
    expect(created.body._links['pb:execute'].href).toBe(`${broker.url}/webhooks/${uuid}/execute`);
    expect(created.body._links['pb:provider'].name).toBe('Bar');

    const got = await call(expand(l['pb:webhook']!.href, { uuid }));
    expect(got.body.events).toEqual([{ name: 'contract_requiring_verification_published' }]);
    const list = await call(l['pb:webhooks']!.href);
    expect(list.body._links['pb:webhooks']).toEqual([{ title: 'verify changed pacts', name: `POST ${new URL(target.url).host}`, href: `${broker.url}/webhooks/${uuid}` }]);

    expect((await call(got.body._links.self.href, { method: 'DELETE' })).status).toBe(204);
    expect((await call(got.body._links.self.href)).status).toBe(404);
    expect((await call(`${got.body._links.self.href}/execute`, { method: 'POST' })).status).toBe(404);
  });

  it('rejects with every validation message at once', async () => {
    const res = await call(`${broker.url}/webhooks`, {
      method: 'POST',
      body: {
        consumer: { name: 'Nobody' },
        provider: { name: 'Bar', label: 'x' },
        events: [{ name: 'contract_published' }, { name: 'pact_changed' }],
        request: { method: 'GET', url: 'ftp://example.org/hook' },
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual({
      'consumer.name': ['does not match an existing pacticipant'],
      'provider.label': ['name and label cannot be provided at the same time'],
      'provider.name': ['does not match an existing pacticipant'],
      'request.method': ['must be POST. See /doc/webhooks#whitelist for more information.'],
      'request.url': ['scheme must be http, https. See /doc/webhooks#whitelist for more information.'],
      events: [expect.stringMatching(/^name must be one of: contract_content_changed, .* \(at index 1\)$/)],
    });
    const host = await call(`${broker.url}/webhooks`, { method: 'POST', body: { events: [{ name: 'contract_published' }], request: { method: 'POST', url: 'https://ci.example.com/x' } } });
    expect(host.body.errors['request.url']).toEqual(['host must be in the whitelist "127.0.0.1", "localhost". See /doc/webhooks#whitelist for more information.']);
    const templated = await call(`${broker.url}/webhooks`, { method: 'POST', body: { events: [{ name: 'contract_published' }], request: { method: 'POST', url: 'http://${pactbroker.consumerName}.example/x' } } });
    expect(templated.body.errors['request.url']).toEqual(['cannot have a template parameter in the host']);
  });

  it('PUT: 201 new, 200 replace keeping the password, 400 for a short uuid', async () => {
    await call(`${broker.url}/contracts/publish`, { method: 'POST', body: contractsBody(pact('Foo', 'Bar'), '1') });
    const url = `${broker.url}/webhooks/my-webhook-uuid-0001`;
    expect((await call(url, { method: 'PUT', body: webhook() })).status).toBe(201);
    const { username: _u, password: _p, ...withoutPassword } = webhook().request;
    const replaced = await call(url, { method: 'PUT', body: webhook({ description: 'renamed', request: { ...withoutPassword, username: 'ci-user' } }) });
    expect(replaced.status).toBe(200);
    expect(replaced.body.description).toBe('renamed');
    expect(broker.state.webhook('my-webhook-uuid-0001')?.request.password).toBe('ci-password');
    const short = await call(`${broker.url}/webhooks/short`, { method: 'PUT', body: webhook() });
    expect(short.status).toBe(400);
    expect(Object.keys(short.body.errors)).toEqual(['uuid']);
  });

  it('pb:execute sends the rendered request to the target and reports request, response and logs (secrets redacted)', async () => {
    await call(`${broker.url}/contracts/publish`, { method: 'POST', body: contractsBody(pact('Foo', 'Bar'), '1', { branch: 'main' }) });
    const created = await call(`${broker.url}/webhooks`, { method: 'POST', body: webhook() });
    status = 202;
    const res = await call(created.body._links['pb:execute'].href, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);
    expect(res.body.response.status).toBe(202);
    expect(res.body.response.body).toEqual({ received: true });
    expect(res.body.request.headers.Authorization).toBe('**********');
    expect(res.body.request.body.pactUrl).toMatch(new RegExp(`^${broker.url}/pacts/provider/Bar/consumer/Foo/pact-version/[0-9a-f]{64}/metadata/`));
    expect(res.body.request.body.unknown).toBe('${pactbroker.nope}');
    expect(res.body.logs).toContain('Webhook execution successful');
    expect(JSON.stringify(res.body)).not.toMatch(/s3cr3t|ci-password|Y2ktdXNlcjpjaS1wYXNzd29yZA/);

    const received = target.requests[0];
    expect(received?.path).toBe('/hooks');
    expect(received?.query.get('pact')).toBe(res.body.request.body.pactUrl);
    expect(received?.headers['authorization']).toBe(`Basic ${Buffer.from('ci-user:ci-password').toString('base64')}`);

    status = 500;
    const failed = await call(created.body._links['pb:execute'].href, { method: 'POST' });
    expect(failed.body.success).toBe(false);
    expect(failed.body.response.status).toBe(500);
  });

  it('without a host whitelist the response is hidden; a refused connection is an unsuccessful execution', async () => {
    const open = await startBroker({ webhookWhitelist: { hosts: [] } });
    try {
      const created = await call(`${open.url}/webhooks`, { method: 'POST', body: { events: [{ name: 'contract_published' }], request: { method: 'POST', url: `${target.url}/x` } } });
      const res = await call(created.body._links['pb:execute'].href, { method: 'POST' });
      expect(res.body.success).toBe(true);
      expect(res.body.response).toBeUndefined();
      expect(res.body.message).toContain('redacted');
      expect(res.body.request.url).toBe(`${target.url}/x`);
    } finally {
      await open.close();
    }
    const refused = `http://127.0.0.1:${await freePort()}/refused`;
    const created = await call(`${broker.url}/webhooks`, { method: 'POST', body: { events: [{ name: 'contract_published' }], request: { method: 'POST', url: refused } } });
    const res = await call(created.body._links['pb:execute'].href, { method: 'POST' });
    expect(res.body.success).toBe(false);
    expect(res.body.error.message).toMatch(/ECONNREFUSED/);
  });

  it('events: a changed pact fires contract_requiring_verification_published once per provider version to verify', async () => {
    broker.setMainBranch('Bar', 'main');
    broker.publishPact({ pact: pact('Foo', 'Bar'), consumerVersion: '1', branch: 'main' });
    broker.recordVerification({ consumer: 'Foo', provider: 'Bar', consumerVersion: '1', providerVersion: 'p-main', success: true, branch: 'main' });
    broker.recordDeployment({ pacticipant: 'Bar', version: 'p-prod', environment: 'production' });
    await call(`${broker.url}/webhooks`, { method: 'POST', body: webhook() });
    // Same content again: nothing requires verification.
    broker.publishPact({ pact: pact('Foo', 'Bar'), consumerVersion: '2', branch: 'main' });
    expect(await broker.webhooksSettled()).toEqual([]);
    broker.publishPact({ pact: pact('Foo', 'Bar', ['get a thing', 'get another']), consumerVersion: '3', branch: 'feat' });
    const runs = await broker.webhooksSettled();
    expect(runs.map((r) => [r.eventName, JSON.parse(r.request.body ?? '{}').providerVersion, r.success])).toEqual([
      ['contract_requiring_verification_published', 'p-main', true],
      ['contract_requiring_verification_published', 'p-prod', true],
    ]);
    expect(target.requests).toHaveLength(2);
  });
});

describe('branches, provider states, pact versions of a version', () => {
  beforeEach(async () => {
    const p1 = { ...pact('Foo', 'Bar'), interactions: [{ description: 'a', providerState: 'user 1 exists', request: { method: 'GET', path: '/' }, response: { status: 200 } }] };
    const p2 = {
      consumer: { name: 'Baz' },
      provider: { name: 'Bar' },
      interactions: [{ description: 'b', providerStates: [{ name: 'user 1 exists' }, { name: 'user has orders', params: { count: 2 } }], request: { method: 'GET', path: '/' }, response: { status: 200 } }],
      metadata: { pactSpecification: { version: '3.0.0' } },
    };
    broker.publishPact({ pact: p1, consumerVersion: '1', branch: 'main' });
    broker.publishPact({ pact: p2, consumerVersion: '7', branch: 'main' });
    broker.publishPact({ pact: pact('Foo', 'Qux'), consumerVersion: '1', branch: 'main' });
  });

  it('DELETE pb:pacticipant-branch removes the branch, keeps the versions; 404 the second time', async () => {
    const href = expand((await links())['pb:pacticipant-branch']!.href, { pacticipant: 'Foo', branch: 'main' });
    expect((await call(href, { method: 'DELETE' })).status).toBe(204);
    expect(broker.state.version('Foo', '1')?.branches).toEqual([]);
    expect((await call(href, { method: 'DELETE' })).status).toBe(404);
  });

  it('provider-states lists de-duplicated states with their consumers; 404 on old brokers and unknown providers', async () => {
    const res = await call(`${broker.url}/pacts/provider/Bar/provider-states`);
    expect(res.body).toEqual({
      providerStates: [
        { name: 'user 1 exists', consumers: ['Foo', 'Baz'] },
        { name: 'user has orders', params: { count: 2 }, consumers: ['Baz'] },
      ],
    });
    expect((await call(`${broker.url}/pacts/provider/Bar/provider-states/branch/feat`)).body).toEqual({ providerStates: [] });
    expect((await call(`${broker.url}/pacts/provider/Nope/provider-states`)).status).toBe(404);
    const old = await startBroker({ providerStatesResource: false });
    try {
      old.publishPact({ pact: pact('Foo', 'Bar'), consumerVersion: '1' });
      expect((await call(`${old.url}/pacts/provider/Bar/provider-states`)).status).toBe(404);
    } finally {
      await old.close();
    }
  });

  it("a version links its pacts (pb:pact-versions), ordered by provider", async () => {
    const v = await call(expand((await links())['pb:pacticipant-version']!.href, { pacticipant: 'Foo', version: '1' }));
    expect(v.body._links['pb:pact-versions']).toEqual([
      { title: 'Pact', name: 'Pact between Foo (1) and Bar', href: `${broker.url}/pacts/provider/Bar/consumer/Foo/version/1` },
      { title: 'Pact', name: 'Pact between Foo (1) and Qux', href: `${broker.url}/pacts/provider/Qux/consumer/Foo/version/1` },
    ]);
  });
});
