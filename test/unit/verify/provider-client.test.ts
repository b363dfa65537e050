/**
 * The provider client against real sockets on loopback: every request settles, a failure never
 * leaves the next request hanging or failing, and bodies are capped.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderRequest } from '../../../src/config/types.js';
import { DEFAULT_MAX_RESPONSE_BYTES, formatByteLimit, ProviderClient, ProviderRequestError } from '../../../src/verify/provider-client.js';
import { ROOT } from '../../support/cli.js';

type Route = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

let server: Server;
let base: string;
const routes = new Map<string, Route>();
const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: body.toString() });
      const route = routes.get(new URL(req.url ?? '/', 'http://x').pathname);
      if (route) route(req, res, body);
      else res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let client: ProviderClient;
afterEach(async () => {
  await client?.close();
  routes.clear();
  seen.length = 0;
});

const get = (p: string, over: Partial<ProviderRequest> = {}): ProviderRequest => ({ method: 'GET', url: `${base}${p}`, headers: {}, ...over });

async function failure(promise: Promise<unknown>): Promise<ProviderRequestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderRequestError);
  return error as ProviderRequestError;
}

describe('ProviderClient', () => {
  it('returns status, lower-cased headers (a repeated one as an array) and the body bytes', async () => {
    routes.set('/h', (_req, res) => {
      res.setHeader('X-One', '1');
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.writeHead(201, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    });
    client = new ProviderClient({ timeoutMs: 5000, connections: 1 });
    const r = await client.send(get('/h', { headers: { Accept: 'application/json', 'X-Many': ['a', 'b'] } }));
    expect(r.status).toBe(201);
    expect(r.headers['x-one']).toBe('1');
    expect(r.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(Buffer.from(r.body).toString()).toBe('{"ok":true}');
    expect(seen[0]?.headers.accept).toBe('application/json');
    expect(seen[0]?.headers['x-many']).toBe('a, b');
  });

  it('sends the body with its own length, whatever Content-Length the pact wrote', async () => {
    client = new ProviderClient({ timeoutMs: 5000, connections: 1 });
    await client.send(get('/post', { method: 'POST', headers: { 'Content-Type': 'text/plain', 'Content-Length': '999' }, body: 'héllo' }));
    await client.send(get('/post', { method: 'POST', headers: {}, body: new Uint8Array([1, 2, 3]) }));
    expect(seen.map((s) => [s.headers['content-length'], s.body.length])).toEqual([
      ['6', 5],
      ['3', 3],
    ]);
  });

  it('a header or method Node will not send fails only that request; the next one settles', async () => {
    client = new ProviderClient({ timeoutMs: 5000, connections: 1 });
    const badName = await failure(client.send(get('/x', { headers: { 'Bad Name': 'v' } })));
    expect(badName.kind).toBe('invalid');
    expect(badName.message).toMatch(/^request not sent: GET http:\/\/127\.0\.0\.1:\d+\/x: /);
    const badValue = await failure(client.send(get('/x', { headers: { 'X-Evil': 'a\r\nInjected: 1' } })));
    expect(badValue.kind).toBe('invalid');
    const badMethod = await failure(client.send(get('/x', { method: 'GE T' })));
    expect(badMethod.kind).toBe('invalid');
    expect((await client.send(get('/after'))).status).toBe(200);
    expect(seen.map((s) => s.url)).toEqual(['/after']);
  });

  it('caps the body: a declared or streamed body over maxResponseBytes fails with its size, and the next request works', async () => {
    const big = Buffer.alloc(4096, 'x');
    routes.set('/declared', (_req, res) => res.writeHead(200, { 'Content-Length': big.length }).end(big));
    routes.set('/chunked', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      for (let i = 0; i < 8; i++) res.write(big.subarray(0, 512));
      res.end();
    });
    routes.set('/fits', (_req, res) => res.end(big.subarray(0, 1000)));
    client = new ProviderClient({ timeoutMs: 5000, connections: 1, maxResponseBytes: 1000 });
    for (const p of ['/declared', '/chunked']) {
      const e = await failure(client.send(get(p)));
      expect(e.kind).toBe('too-large');
      expect(e.message).toContain('response larger than 1000 bytes');
    }
    expect((await client.send(get('/fits'))).body.byteLength).toBe(1000);
  });

  it('the default cap is 50 MB, and says so', () => {
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(50 * 1024 * 1024);
    expect(formatByteLimit(DEFAULT_MAX_RESPONSE_BYTES)).toBe('50 MB');
    expect(formatByteLimit(1536 * 1024)).toBe('1.5 MB');
  });

  it('a connection dropped mid-response fails that request; the next one gets a fresh connection', async () => {
    routes.set('/half', (_req, res) => {
      res.writeHead(200, { 'Content-Length': 100 });
      res.write('only part of it');
      setTimeout(() => res.socket?.destroy(), 10);
    });
    client = new ProviderClient({ timeoutMs: 5000, connections: 1 });
    const e = await failure(client.send(get('/half')));
    expect(e.kind).toBe('dropped');
    expect((await client.send(get('/after'))).status).toBe(200);
  });

  it('a provider that does not answer in time: timeout, then the next request works', async () => {
    routes.set('/slow', (_req, res) => setTimeout(() => res.end('late'), 1000));
    client = new ProviderClient({ timeoutMs: 100, connections: 1 });
    const e = await failure(client.send(get('/slow')));
    expect(e.kind).toBe('timeout');
    expect(e.message).toContain('within 100 ms');
    expect((await client.send(get('/after'), { timeoutMs: 5000 })).status).toBe(200);
  });

  it('connection refused', async () => {
    client = new ProviderClient({ timeoutMs: 5000, connections: 1 });
    const port = (server.address() as AddressInfo).port;
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const freePort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(freePort).not.toBe(port);
    const e = await failure(client.send({ method: 'GET', url: `http://127.0.0.1:${freePort}/`, headers: {} }));
    expect(e.kind).toBe('refused');
  });

  it('reuses one kept-alive connection for a run of requests', async () => {
    const ports = new Set<number>();
    routes.set('/who', (req, res) => {
      ports.add(req.socket.remotePort ?? 0);
      res.end('me');
    });
    client = new ProviderClient({ timeoutMs: 5000, connections: 1 });
    for (let i = 0; i < 5; i++) await client.send(get('/who'));
    expect(ports.size).toBe(1);
  });

  it('talks to an HTTPS provider (node:https loaded on first use): an untrusted certificate fails each request with the reason', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pactship-provider-tls-'));
    try {
      execFileSync('openssl', [
        'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
        '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      ], { stdio: 'ignore' });
    } catch {
      return; // no openssl here
    }
    const tls = createHttpsServer({ key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) }, (_req, res) => res.end('secure'));
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    try {
      client = new ProviderClient({ timeoutMs: 5000, connections: 1 });
      const url = `https://127.0.0.1:${(tls.address() as AddressInfo).port}/x`;
      for (let i = 0; i < 2; i++) {
        const e = await failure(client.send({ method: 'GET', url, headers: {} }));
        expect(e.message).toMatch(/self[- ]signed certificate/);
      }
    } finally {
      tls.close();
      tls.closeAllConnections();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has one code path: Node’s own http client, nothing to fall back to, and no undici internals anywhere', () => {
    // The previous client deep-imported undici/lib/... and silently fell back to the whole package
    // when that failed. Imports are read from the sources: a fallback needs a second import.
    const imports = (file: string) => [...readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\()['"]([^'"]+)['"]/g)].map((m) => m[1]!);
    expect(imports(path.join(ROOT, 'src/verify/provider-client.ts')).filter((i) => !i.startsWith('node:') && !i.startsWith('.'))).toEqual([]);
    const deep = readdirSync(path.join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => imports(path.join(ROOT, 'src', f)).filter((i) => i.startsWith('undici/')).map((i) => `${f}: ${i}`));
    expect(deep).toEqual([]);
  });
});
