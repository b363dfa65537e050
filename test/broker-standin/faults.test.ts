import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StandInBroker } from '../support/broker/index.js';
import { startBroker } from '../support/broker/index.js';
import { call } from './helpers.js';

let broker: StandInBroker;

beforeAll(async () => {
  broker = await startBroker({ prefix: '/pact' });
});
afterAll(async () => {
  await broker.close();
});
beforeEach(() => broker.reset());

describe('faults', () => {
  it('returns the injected status (default 500 body) a limited number of times', async () => {
    broker.fault({ path: '/', status: 503, times: 2, headers: { 'Retry-After': '1' } });
    const first = await call(broker.url);
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('1');
    expect(first.body.error.message).toMatch(/reference/);
    expect((await call(broker.url)).status).toBe(503);
    expect((await call(broker.url)).status).toBe(200);
    expect(broker.requests.map((r) => r.path)).toEqual(['/', '/', '/']);
  });

  it('matches method and regex paths without the prefix and can return a custom body', async () => {
    broker.fault({ method: 'POST', path: /for-verification$/, status: 400, body: { errors: { x: ['nope'] } } });
    expect((await call(`${broker.url}/pacticipants`)).status).toBe(200);
    const res = await call(`${broker.url}/pacts/provider/Bar/for-verification`, { method: 'POST', body: {} });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: { x: ['nope'] } });
    broker.clearFaults();
    expect((await call(`${broker.url}/pacts/provider/Bar/for-verification`, { method: 'POST', body: {} })).status).toBe(404);
  });

  it('drops the connection', async () => {
    broker.fault({ path: '/pacticipants', drop: true, times: 1 });
    await expect(fetch(`${broker.url}/pacticipants`)).rejects.toThrow();
    expect((await call(`${broker.url}/pacticipants`)).status).toBe(200);
  });

  it('delays and then serves normally', async () => {
    broker.fault({ path: '/', delayMs: 200 });
    const start = Date.now();
    const res = await call(broker.url);
    expect(res.status).toBe(200);
    expect(Date.now() - start).toBeGreaterThanOrEqual(190);
  });

  it('records method, url, path, query, headers and json body', async () => {
    await call(`${broker.url}/environments?name=test`, { headers: { 'X-Custom': 'yes' } });
    await call(`${broker.url}/pacticipants`, { method: 'POST', body: { name: 'Foo' } });
    const [get, post] = broker.requests;
    expect(get).toMatchObject({ method: 'GET', url: '/pact/environments?name=test', path: '/environments' });
    expect(get?.query.get('name')).toBe('test');
    expect(get?.headers['x-custom']).toBe('yes');
    expect(post?.json).toEqual({ name: 'Foo' });
    expect(post?.body).toBe('{"name":"Foo"}');
  });
});
