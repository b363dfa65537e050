/**
 * The broker client's failure modes (issue #9), through its fetch seam: what is retried and what
 * is not, the run's deadline, the response cap, cut-off and stalled bodies, redirects and where
 * credentials and custom headers go. Fake clock: back-off waits cost no real time.
 */
import { describe, expect, it } from 'vitest';
import { BrokerClient, type BrokerClientOptions } from '../../src/broker/client.js';
import {
  BrokerDeadlineError,
  BrokerHttpError,
  BrokerOutcomeUnknownError,
  BrokerResponseError,
  ResponseTooLargeError,
} from '../../src/broker/errors.js';
import type { FetchInit } from '../../src/broker/transport.js';
import { NetworkError } from '../../src/errors.js';

const BASE = 'http://broker.test/pact';

interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

type Handler = (call: Call, init: FetchInit) => Response | Promise<Response>;

function netError(code: string, message = 'fetch failed'): Error {
  return Object.assign(new TypeError(message), { cause: Object.assign(new Error(code), { code }) });
}

/** A client over a scripted fetch; each call takes the next handler (the last one repeats). */
function scripted(handlers: Handler[], extra: Partial<BrokerClientOptions> = {}) {
  const calls: Call[] = [];
  const sleeps: number[] = [];
  const warnings: string[] = [];
  let clock = 1_000_000;
  const client = new BrokerClient({
    baseUrl: BASE,
    retries: 4,
    timeoutMs: 1_000,
    fetch: async (url, init) => {
      const call = { method: init.method, url, headers: init.headers, body: init.body };
      calls.push(call);
      const handler = handlers[Math.min(calls.length - 1, handlers.length - 1)]!;
      return handler(call, init);
    },
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    now: () => clock,
    warn: (m) => warnings.push(m),
    ...extra,
  });
  return { client, calls, sleeps, warnings, advance: (ms: number) => (clock += ms) };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/hal+json', ...headers } });

const refused: Handler = () => {
  throw netError('ECONNREFUSED');
};
const reset: Handler = () => {
  throw netError('ECONNRESET');
};

describe('a POST is not sent twice once it may have arrived', () => {
  it('500: no retry; the error says the outcome is unknown, with the status, the broker message and its log reference', async () => {
    const { client, calls } = scripted([() => json({ error: { message: 'An error has occurred', reference: 'ref-42' } }, 500)]);
    const error = await client.post(`${BASE}/results`, { success: true }).catch((e: unknown) => e);
    expect(calls).toHaveLength(1);
    expect(error).toBeInstanceOf(BrokerOutcomeUnknownError);
    const e = error as BrokerOutcomeUnknownError;
    expect(e.status).toBe(500);
    expect(e.url).toBe(`${BASE}/results`);
    expect(e.method).toBe('POST');
    expect(e.mayHaveArrived).toBe(true);
    expect(e.message).toBe(`POST ${BASE}/results may or may not have been applied by the Pact Broker: the broker answered 500 (An error has occurred (error reference ref-42))`);
    expect(e.hint).toMatch(/not sent again/);
    expect(e.cause).toBeInstanceOf(BrokerHttpError);
  });

  it.each([
    ['a reset after sending', reset],
    ['a timeout', (_c: Call, init: FetchInit) => new Promise<Response>((_r, reject) => init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))],
    ['502 from a proxy', () => new Response('bad gateway', { status: 502 })],
  ])('%s: no retry, outcome unknown', async (_name, handler) => {
    const { client, calls } = scripted([handler as Handler], { timeoutMs: 30 });
    const error = await client.post(`${BASE}/results`, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerOutcomeUnknownError);
    expect(calls).toHaveLength(1);
  });

  it('a connection refused before anything was sent is retried, once the broker has been reached', async () => {
    const { client, calls } = scripted([() => json({ _links: {} }), refused, refused, () => json({}, 201)]);
    await client.index();
    const res = await client.post(`${BASE}/results`, { a: 1 });
    expect(res.status).toBe(201);
    expect(calls.map((c) => c.method)).toEqual(['GET', 'POST', 'POST', 'POST']);
  });

  it.each([429, 408])('%i (not processed) is retried', async (status) => {
    const { client, calls } = scripted([() => new Response(null, { status }), () => json({}, 201)]);
    expect((await client.post(`${BASE}/results`, {})).status).toBe(201);
    expect(calls).toHaveLength(2);
  });

  it('a POST the caller marks idempotent (a read, or publishing the same contracts) is retried after a 500', async () => {
    const { client, calls } = scripted([() => json({}, 500), () => json({ ok: 1 })]);
    expect((await client.post(`${BASE}/for-verification`, {}, { idempotent: true })).data).toEqual({ ok: 1 });
    expect(calls).toHaveLength(2);
  });

  it('the for-verification query (a POST to pb:provider-pacts-for-verification, found through the index) is retried like a read', async () => {
    const index = { _links: { 'pb:provider-pacts-for-verification': { href: `${BASE}/pacts/provider/{provider}/for-verification`, templated: true } } };
    const { client, calls } = scripted([() => json(index), () => json({}, 503), () => json({ _embedded: { pacts: [] } })]);
    const url = await client.href('pb:provider-pacts-for-verification', { provider: 'Items' });
    expect((await client.post(url, { consumerVersionSelectors: [] })).status).toBe(200);
    expect(calls.map((c) => c.method)).toEqual(['GET', 'POST', 'POST']);
  });

  it('GET, PUT and DELETE are retried after a 500 and a reset', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const { client, calls } = scripted([() => json({}, 500), reset, () => json({})]);
      await client.request(method, `${BASE}/x`, method === 'PUT' ? {} : undefined);
      expect(calls).toHaveLength(3);
    }
  });
});

describe('retries are announced, also without --verbose', () => {
  it('one "retrying in Ns (attempt k/n)" line per retry', async () => {
    const { client, warnings, sleeps } = scripted([() => new Response(null, { status: 503 }), () => new Response(null, { status: 503 }), () => json({})]);
    await client.get(`${BASE}/x`);
    expect(sleeps).toEqual([1000, 2000]);
    expect(warnings).toEqual([
      `GET ${BASE}/x: answered 503; retrying in 1s (attempt 2/5) …`,
      `GET ${BASE}/x: answered 503; retrying in 2s (attempt 3/5) …`,
    ]);
  });
});

describe('an unreachable broker fails fast', () => {
  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'])('%s on the first request: one quick retry, then a clear message', async (code) => {
    const { client, calls, sleeps } = scripted([() => { throw netError(code); }]);
    const error = await client.index().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(calls).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeLessThanOrEqual(250);
    expect((error as Error).message).toMatch(new RegExp(`^could not reach the Pact Broker at ${BASE}: (connection refused|host not found|DNS lookup failed)$`));
  });

  it('a port fetch refuses ("bad port") is never retried', async () => {
    const { client, calls } = scripted([() => { throw Object.assign(new TypeError('fetch failed'), { cause: new Error('bad port') }); }]);
    const error = (await client.index().catch((e: unknown) => e)) as NetworkError;
    expect(calls).toHaveLength(1);
    expect(error.message).toBe(`could not reach the Pact Broker at ${BASE}: fetch refuses this port (one of the "bad ports" browsers block)`);
    expect(error.hint).toBe('Serve the broker on another port.');
  });

  it('a TLS certificate problem is never retried', async () => {
    const { client, calls } = scripted([() => { throw netError('SELF_SIGNED_CERT_IN_CHAIN'); }]);
    const error = (await client.index().catch((e: unknown) => e)) as NetworkError;
    expect(calls).toHaveLength(1);
    expect(error.message).toContain('self-signed TLS certificate');
    expect(error.hint).toMatch(/--ca-file/);
  });
});

describe('one deadline for all broker work of a run', () => {
  it('a broker that takes every request to its timeout stops the run at the deadline, not after 5 × 30 s per request', async () => {
    // Each attempt costs the full 30 s request timeout on the fake clock.
    let s: ReturnType<typeof scripted>;
    const slow: Handler = () => {
      s.advance(30_000);
      throw netError('UND_ERR_SOCKET', 'other side closed');
    };
    s = scripted([slow], { timeoutMs: 30_000, deadlineMs: 120_000 });
    const started = 1_000_000;
    const first = await s.client.get(`${BASE}/a`).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(BrokerDeadlineError);
    expect((first as Error).message).toMatch(/the broker deadline of 120 s for this run is used up \(last: connection closed by the server\)/);
    expect((first as BrokerDeadlineError).hint).toMatch(/--broker-deadline-ms/);
    // The next request of the same run fails at once, without a call.
    const before = s.calls.length;
    const second = await s.client.get(`${BASE}/b`).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(BrokerDeadlineError);
    expect(s.calls.length).toBe(before);
    // 4 attempts and 3 back-offs (the fake always costs 30 s; a real attempt is cut at the deadline),
    // where before the deadline every request took 5 × 30 s + 15 s of back-off.
    expect(s.calls).toHaveLength(4);
    expect(s.advance(0) - started).toBeLessThan(5 * 30_000);
  });

  it('cuts a request in flight at the deadline and says it may have arrived', async () => {
    const hang: Handler = (_c, init) => new Promise((_r, reject) => init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    const { client } = scripted([hang], { timeoutMs: 60_000, deadlineMs: 50, now: Date.now });
    const error = (await client.post(`${BASE}/results`, {}).catch((e: unknown) => e)) as BrokerDeadlineError;
    expect(error).toBeInstanceOf(BrokerDeadlineError);
    expect(error.mayHaveArrived).toBe(true);
    expect(error.hint).toMatch(/may or may not have been applied/);
  });

  it('time between requests (a can-i-deploy poll, verifying) does not count', async () => {
    const s = scripted([() => json({})], { deadlineMs: 1_000 });
    await s.client.get(`${BASE}/a`);
    s.advance(10_000);
    await expect(s.client.get(`${BASE}/b`)).resolves.toBeDefined();
  });
});

describe('response bodies', () => {
  const stream = (chunks: (string | 'hang' | 'error')[]) =>
    new ReadableStream<Uint8Array>({
      async start(controller) {
        for (const c of chunks) {
          if (c === 'hang') return;
          if (c === 'error') {
            await new Promise((r) => setTimeout(r, 5));
            controller.error(netError('UND_ERR_SOCKET', 'terminated'));
            return;
          }
          controller.enqueue(new TextEncoder().encode(c));
        }
        controller.close();
      },
    });

  it('a body over the cap fails with "response larger than N MB", not retried', async () => {
    const big = 'x'.repeat(64 * 1024);
    const { client, calls } = scripted([() => new Response(stream([big, big, big]), { headers: { 'content-type': 'application/json' } })], {
      maxResponseBytes: 100 * 1024,
    });
    const error = await client.get(`${BASE}/huge`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as Error).message).toBe(`GET ${BASE}/huge: response larger than 0.1 MB`);
    expect(calls).toHaveLength(1);
  });

  it('an announced Content-Length over the cap fails before reading', async () => {
    const { client } = scripted([() => new Response('{}', { headers: { 'content-length': String(200 * 1024 * 1024) } })]);
    const error = await client.get(`${BASE}/huge`).catch((e: unknown) => e);
    expect((error as Error).message).toBe(`GET ${BASE}/huge: response larger than 50 MB (it announced 200 MB)`);
  });

  it('a body that stalls after the headers says so', async () => {
    const { client } = scripted([() => new Response(stream(['{"a":', 'hang']), { headers: { 'content-length': '100' } })], { retries: 0, timeoutMs: 50 });
    const error = await client.get(`${BASE}/stall`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toBe(
      `could not reach the Pact Broker at ${BASE}/stall: the response headers arrived but the body stalled after 5 bytes of 100 (nothing more within 50 ms)`,
    );
  });

  it('a connection lost mid-body says at which byte, and a GET is tried again', async () => {
    const { client, calls } = scripted([() => new Response(stream(['{"a":[1,2', 'error']), { headers: { 'content-length': '40' } }), () => json({ a: 1 })]);
    expect((await client.get(`${BASE}/cut`)).data).toEqual({ a: 1 });
    expect(calls).toHaveLength(2);
    const again = scripted([() => new Response(stream(['{"a":[1,2', 'error']), { headers: { 'content-length': '40' } })], { retries: 0 });
    const error = await again.client.get(`${BASE}/cut`).catch((e: unknown) => e);
    expect((error as Error).message).toBe(`could not reach the Pact Broker at ${BASE}/cut: the response was truncated at byte 9 of the 40 announced: connection closed by the server`);
  });

  it('JSON that ends early says it was truncated, and at which byte', async () => {
    const { client } = scripted([() => new Response('{"_links": {"self": {"href": "ht', { headers: { 'content-type': 'application/hal+json' } })]);
    const error = (await client.get(`${BASE}/x`).catch((e: unknown) => e)) as BrokerResponseError;
    expect(error).toBeInstanceOf(BrokerResponseError);
    expect(error.message).toBe(`GET ${BASE}/x answered 200 with JSON that is truncated: it ends at byte 32 in the middle of a value`);
    expect(error.hint).toMatch(/cut off/);
  });

  it('JSON with an error inside says where', async () => {
    const { client } = scripted([() => new Response('{"a": 1,, "b": 2}', { headers: { 'content-type': 'application/json' } })]);
    const error = (await client.get(`${BASE}/x`).catch((e: unknown) => e)) as BrokerResponseError;
    expect(error.message).toBe(`GET ${BASE}/x answered 200 with JSON that is not valid at byte 8 of 17: expected a property name, got ","`);
  });
});

describe('redirects, credentials and custom headers', () => {
  const custom: [string, string][] = [['X-Gateway-Key', 'gw-secret']];

  it('custom headers and credentials go to the broker origin, also after a same-origin redirect', async () => {
    const { client, calls } = scripted([() => new Response(null, { status: 307, headers: { location: '/pact/moved' } }), () => json({})], {
      token: 'tok',
      customHeaders: custom,
    });
    await client.get(`${BASE}/x`);
    expect(calls.map((c) => [c.url, c.headers.Authorization, c.headers['X-Gateway-Key']])).toEqual([
      [`${BASE}/x`, 'Bearer tok', 'gw-secret'],
      ['http://broker.test/pact/moved', 'Bearer tok', 'gw-secret'],
    ]);
  });

  it('never to another origin: not to a link there, not across a redirect', async () => {
    const { client, calls } = scripted(
      [() => json({}), () => new Response(null, { status: 302, headers: { location: 'http://elsewhere.test/x' } }), () => json({})],
      { username: 'u', password: 'p', customHeaders: custom },
    );
    await client.get('http://other.test/pact.json');
    await client.get(`${BASE}/redirects`);
    expect(calls.map((c) => [c.url, c.headers.Authorization ?? null, c.headers['X-Gateway-Key'] ?? null])).toEqual([
      ['http://other.test/pact.json', null, null],
      [`${BASE}/redirects`, `Basic ${Buffer.from('u:p').toString('base64')}`, 'gw-secret'],
      ['http://elsewhere.test/x', null, null],
    ]);
  });

  it('a custom header replaces a same-named default (e.g. its own Authorization)', async () => {
    const { client, calls } = scripted([() => json({})], { token: 'tok', customHeaders: [['authorization', 'Custom xyz']] });
    await client.get(`${BASE}/x`);
    expect(calls[0]!.headers).toMatchObject({ authorization: 'Custom xyz' });
    expect(calls[0]!.headers.Authorization).toBeUndefined();
  });

  it('303 after a POST continues as a GET without the body; 307 keeps method and body', async () => {
    const { client, calls } = scripted([
      () => new Response(null, { status: 303, headers: { location: `${BASE}/done` } }),
      () => json({}),
      () => new Response(null, { status: 307, headers: { location: `${BASE}/again` } }),
      () => json({}, 201),
    ]);
    await client.post(`${BASE}/a`, { x: 1 });
    await client.post(`${BASE}/b`, { y: 2 });
    expect(calls.map((c) => `${c.method} ${c.url} ${c.body ?? ''}`)).toEqual([
      `POST ${BASE}/a {"x":1}`,
      `GET ${BASE}/done `,
      `POST ${BASE}/b {"y":2}`,
      `POST ${BASE}/again {"y":2}`,
    ]);
  });

  it('a redirect loop ends with an error naming it', async () => {
    const { client } = scripted([() => new Response(null, { status: 302, headers: { location: `${BASE}/loop` } })]);
    await expect(client.get(`${BASE}/loop`)).rejects.toThrow(/more than 10 redirects/);
  });

  it('the verbose wire log hides custom header values and credentials', async () => {
    const lines: string[] = [];
    const { client } = scripted([() => json({})], { token: 'tok', customHeaders: custom, log: (l) => lines.push(l) });
    await client.get(`${BASE}/x`);
    expect(lines.join('\n')).toContain('X-Gateway-Key: [redacted]');
    expect(lines.join('\n')).not.toContain('gw-secret');
    expect(lines.join('\n')).not.toContain('tok');
  });

  it('--skip-ssl-verification warns loudly, once per client', () => {
    const warnings: string[] = [];
    new BrokerClient({ baseUrl: 'https://broker.test', skipSslVerification: true, warn: (m) => warnings.push(m) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/TLS certificate verification is OFF/);
  });
});

describe('the broker error reference', () => {
  it.each([
    [{ error: { message: 'An error has occurred', reference: 'abc123' } }, ['An error has occurred (error reference abc123)']],
    [{ error: { message: 'An error has occurred. The details have been logged with the reference abc123', reference: 'abc123' } }, ['An error has occurred. The details have been logged with the reference abc123']],
    [{ error: { reference: 'abc123' } }, ['error reference abc123']],
  ])('is always shown: %j', async (body, problems) => {
    const { client } = scripted([() => json(body, 500)], { retries: 0 });
    const error = (await client.get(`${BASE}/x`).catch((e: unknown) => e)) as BrokerHttpError;
    expect(error.problems).toEqual(problems);
  });
});
