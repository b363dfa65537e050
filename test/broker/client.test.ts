import { http, HttpResponse, delay } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BrokerClient } from '../../src/broker/client.js';
import {
  BrokerConflictError,
  BrokerHttpError,
  BrokerNotFoundError,
  BrokerResponseError,
  BrokerUnauthorizedError,
  MissingRelationError,
  brokerProblems,
} from '../../src/broker/errors.js';
import { NetworkError } from '../../src/errors.js';

const BASE = 'http://broker.test/pact';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const index = (self = BASE) => ({
  _links: {
    self: { href: self },
    'pb:pacticipant': { href: `${BASE}/pacticipants/{pacticipant}`, templated: true },
    'pb:pacticipant-version': { href: `${BASE}/pacticipants/{pacticipant}/versions/{version}`, templated: true },
  },
});

function client(extra: Partial<ConstructorParameters<typeof BrokerClient>[0]> = {}) {
  const sleeps: number[] = [];
  const warnings: string[] = [];
  const c = new BrokerClient({
    baseUrl: BASE,
    fetch: (url, init) => globalThis.fetch(url, init as RequestInit),
    sleep: async (ms) => void sleeps.push(ms),
    warn: (m) => warnings.push(m),
    retries: 4,
    timeoutMs: 1_000,
    ...extra,
  });
  return { c, sleeps, warnings };
}

describe('retries', () => {
  it('retries 503 with exponential back-off, then succeeds', async () => {
    let calls = 0;
    server.use(http.get(`${BASE}/x`, () => (++calls < 3 ? new HttpResponse(null, { status: 503 }) : HttpResponse.json({ ok: true }))));
    const { c, sleeps } = client();
    const r = await c.get(`${BASE}/x`);
    expect(r.data).toEqual({ ok: true });
    expect(calls).toBe(3);
    expect(sleeps).toEqual([1000, 2000]);
  });

  it.each([408, 429, 500, 502, 504])('retries %i', async (status) => {
    let calls = 0;
    server.use(http.get(`${BASE}/x`, () => (++calls < 2 ? new HttpResponse(null, { status }) : HttpResponse.json({}))));
    await client().c.get(`${BASE}/x`);
    expect(calls).toBe(2);
  });

  it('honours Retry-After (seconds)', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/x`, () =>
        ++calls < 2 ? new HttpResponse(null, { status: 429, headers: { 'Retry-After': '7' } }) : HttpResponse.json({}),
      ),
    );
    const { c, sleeps } = client();
    await c.get(`${BASE}/x`);
    expect(sleeps).toEqual([7000]);
  });

  it('caps the total wait', async () => {
    server.use(http.get(`${BASE}/x`, () => new HttpResponse(null, { status: 429, headers: { 'Retry-After': '25' } })));
    const { c, sleeps } = client();
    await expect(c.get(`${BASE}/x`)).rejects.toBeInstanceOf(BrokerHttpError);
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(30_000);
    expect(sleeps).toEqual([25_000, 5_000]);
  });

  it.each([400, 401, 403, 404, 409, 422])('does not retry %i', async (status) => {
    let calls = 0;
    server.use(http.get(`${BASE}/x`, () => (calls++, HttpResponse.json({ error: 'no' }, { status }))));
    await expect(client().c.get(`${BASE}/x`)).rejects.toBeInstanceOf(BrokerHttpError);
    expect(calls).toBe(1);
  });

  it('gives up after the configured retries with the last status', async () => {
    let calls = 0;
    server.use(http.get(`${BASE}/x`, () => (calls++, new HttpResponse('down', { status: 502 }))));
    const { c, sleeps } = client({ retries: 2 });
    const error = await c.get(`${BASE}/x`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerHttpError);
    expect((error as BrokerHttpError).status).toBe(502);
    expect(calls).toBe(3);
    expect(sleeps).toEqual([1000, 2000]);
  });

  it('retries connection errors and then fails with a NetworkError naming the URL', async () => {
    let calls = 0;
    server.use(http.get(`${BASE}/x`, () => (calls++, HttpResponse.error())));
    const error = await client({ retries: 1 }).c.get(`${BASE}/x`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).message).toContain(`${BASE}/x`);
    expect(calls).toBe(2);
  });

  it('times out a request that never answers', async () => {
    server.use(http.get(`${BASE}/x`, async () => {
      await delay('infinite');
      return HttpResponse.json({});
    }));
    const error = await client({ retries: 0, timeoutMs: 50 }).c.get(`${BASE}/x`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toContain('no answer within 50 ms');
  });
});

describe('errors carry the broker message, whatever its shape', () => {
  const cases: [string, number, unknown, string[]][] = [
    ['notices', 409, { notices: [{ type: 'error', text: 'Cannot change content' }, { type: 'info', text: 'diff: …' }] }, ['Cannot change content', 'diff: …']],
    ['errors object', 400, { errors: { consumerVersionSelectors: ['must be an array (at index 0)'], 'b.c': 'bad' } }, ['consumerVersionSelectors: must be an array (at index 0)', 'b.c: bad']],
    ['errors array of strings', 400, { errors: ['one', 'two'] }, ['one', 'two']],
    ['problem+json', 400, { title: 'Validation errors', status: 400, errors: [{ title: 'Invalid body parameter', detail: 'must be a boolean', pointer: '/includePendingStatus' }] }, ['/includePendingStatus: must be a boolean']],
    ['error string', 404, { error: 'The requested document was not found on this server.' }, ['The requested document was not found on this server.']],
    ['error.message', 500, { error: { message: 'An error has occurred. Reference abc', reference: 'abc' } }, ['An error has occurred. Reference abc']],
    ['problem+json without errors', 403, { title: 'Forbidden', detail: 'no access' }, ['Forbidden: no access']],
  ];
  it.each(cases)('%s', async (_name, status, body, problems) => {
    server.use(http.get(`${BASE}/x`, () => HttpResponse.json(body as Record<string, unknown>, { status })));
    const error = (await client({ retries: 0 }).c.get(`${BASE}/x`).catch((e: unknown) => e)) as BrokerHttpError;
    expect(error.problems).toEqual(problems);
    expect(error.status).toBe(status);
    expect(error.url).toBe(`${BASE}/x`);
  });

  it('maps statuses to typed errors', async () => {
    server.use(
      http.get(`${BASE}/401`, () => new HttpResponse(null, { status: 401, headers: { 'WWW-Authenticate': 'Basic' } })),
      http.get(`${BASE}/404`, () => HttpResponse.json({ error: 'nope' }, { status: 404 })),
      http.get(`${BASE}/409`, () => HttpResponse.json({ notices: [{ text: 'changed' }] }, { status: 409 })),
    );
    const { c } = client({ retries: 0 });
    await expect(c.get(`${BASE}/401`)).rejects.toBeInstanceOf(BrokerUnauthorizedError);
    await expect(c.get(`${BASE}/404`)).rejects.toBeInstanceOf(BrokerNotFoundError);
    await expect(c.get(`${BASE}/409`)).rejects.toBeInstanceOf(BrokerConflictError);
  });

  it('a raw non-JSON error body is shown as an excerpt', () => {
    expect(brokerProblems(undefined, '<html>\n  <body>Bad Gateway</body></html>')).toEqual(['<html> <body>Bad Gateway</body></html>']);
  });

  it('a non-JSON 2xx (an SSO login page) is an error that says so', async () => {
    server.use(http.get(BASE, () => HttpResponse.html('<html><form action="/login"></form></html>')));
    const error = await client().c.index().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerResponseError);
    expect((error as BrokerResponseError).hint).toMatch(/HTML page/);
  });
});

describe('HAL navigation', () => {
  it('starts at the index under a path prefix (trailing slash or not) and expands templates URL-encoded', async () => {
    const seen: string[] = [];
    server.use(
      http.get(BASE, () => HttpResponse.json(index())),
      http.get(`${BASE}/pacticipants/:name/versions/:version`, ({ request }) => {
        seen.push(new URL(request.url).pathname);
        return HttpResponse.json({ number: '1' });
      }),
    );
    const { c } = client({ baseUrl: `${BASE}/` });
    await c.follow('pb:pacticipant-version', { pacticipant: 'My Consumer', version: 'feat/1.0' });
    expect(seen).toEqual(['/pact/pacticipants/My%20Consumer/versions/feat%2F1.0']);
  });

  it('a missing relation lists the relations the broker offered', async () => {
    server.use(http.get(BASE, () => HttpResponse.json(index())));
    const error = (await client().c.follow('pb:environments').catch((e: unknown) => e)) as MissingRelationError;
    expect(error).toBeInstanceOf(MissingRelationError);
    expect(error.available).toEqual(['self', 'pb:pacticipant', 'pb:pacticipant-version']);
    expect(error.hint).toMatch(/too old/);
  });

  it('warns when the index self href differs from the configured base URL', async () => {
    server.use(http.get(BASE, () => HttpResponse.json(index('http://internal:9292'))));
    const { c, warnings } = client();
    await c.index();
    expect(warnings.join('\n')).toContain('http://internal:9292');
  });

  it('fetches the index once', async () => {
    let calls = 0;
    server.use(http.get(BASE, () => (calls++, HttpResponse.json(index()))));
    const { c } = client();
    await c.index();
    await c.index();
    expect(calls).toBe(1);
  });
});

describe('auth', () => {
  it('sends bearer auth to the broker origin only', async () => {
    const auth: Record<string, string | null> = {};
    server.use(
      http.get(`${BASE}/x`, ({ request }) => ((auth.broker = request.headers.get('authorization')), HttpResponse.json({}))),
      http.get('http://elsewhere.test/pact.json', ({ request }) => ((auth.other = request.headers.get('authorization')), HttpResponse.json({}))),
    );
    const { c } = client({ token: 'tok' });
    await c.get(`${BASE}/x`);
    await c.get('http://elsewhere.test/pact.json');
    expect(auth).toEqual({ broker: 'Bearer tok', other: null });
  });

  it('sends basic auth', async () => {
    let got: string | null = null;
    server.use(http.get(`${BASE}/x`, ({ request }) => ((got = request.headers.get('authorization')), HttpResponse.json({}))));
    await client({ username: 'u', password: 'p' }).c.get(`${BASE}/x`);
    expect(got).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
  });
});
