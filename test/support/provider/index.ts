/**
 * Real provider HTTP servers for verify tests: node:http on 127.0.0.1 (or ::1), port 0.
 * Every request (including state-change calls) goes into one ordered `events` log, so tests can
 * assert "setup, then request, then teardown".
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProviderRequestRecord {
  method: string;
  /** Path and query as received. */
  url: string;
  path: string;
  query: URLSearchParams;
  /** Lower-cased names; repeated headers joined by the server as Node does. */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
}

export interface StateCall {
  state: string;
  params: Record<string, unknown>;
  action: string;
}

export type ProviderEvent = { kind: 'request'; request: ProviderRequestRecord } | { kind: 'state'; call: StateCall };

export interface Reply {
  status?: number;
  headers?: Record<string, string | string[]>;
  /** Objects are sent as JSON (with a JSON content type unless one is given). */
  body?: string | Buffer | object;
  /** Wait before answering (timeouts). */
  delayMs?: number;
  /** Destroy the socket without answering. */
  drop?: boolean;
}

export type Handler = (req: ProviderRequestRecord) => Reply | Promise<Reply>;

export interface ProviderOptions {
  host?: string;
  /** Path of the state-change endpoint (default `/_pact/state`). */
  statePath?: string;
  /** Answer to state-change calls (default 200 `{}`). */
  onState?: (call: StateCall) => Reply | Promise<Reply>;
}

export interface TestProvider {
  url: string;
  stateChangeUrl: string;
  port: number;
  events: ProviderEvent[];
  requests: ProviderRequestRecord[];
  stateCalls: StateCall[];
  /** Sockets ever opened (keep-alive check). */
  connections: number;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, reply: Reply): void {
  if (reply.drop) {
    res.socket?.destroy();
    return;
  }
  const headers: Record<string, string | string[]> = { ...(reply.headers ?? {}) };
  let body: Buffer | string = '';
  if (reply.body !== undefined) {
    if (typeof reply.body === 'string' || Buffer.isBuffer(reply.body)) body = reply.body;
    else {
      body = JSON.stringify(reply.body);
      if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
    }
  }
  res.writeHead(reply.status ?? 200, headers);
  res.end(body);
}

export async function startTestProvider(handler: Handler, options: ProviderOptions = {}): Promise<TestProvider> {
  const statePath = options.statePath ?? '/_pact/state';
  const events: ProviderEvent[] = [];
  const requests: ProviderRequestRecord[] = [];
  const stateCalls: StateCall[] = [];
  let connections = 0;
  const server = createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://provider');
      if (req.method === 'POST' && url.pathname === statePath) {
        const call = JSON.parse(body.toString('utf8') || '{}') as StateCall;
        stateCalls.push(call);
        events.push({ kind: 'state', call });
        const reply: Reply = options.onState ? await options.onState(call) : { status: 200, body: {} };
        if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
        send(res, reply);
        return;
      }
      const record: ProviderRequestRecord = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        text: body.toString('utf8'),
      };
      requests.push(record);
      events.push({ kind: 'request', request: record });
      const reply = await handler(record);
      if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
      send(res, reply);
    } catch (error) {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(error));
    }
  });
  server.on('connection', () => connections++);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const provider: TestProvider = {
    url: `http://${hostPart}:${port}`,
    stateChangeUrl: `http://${hostPart}:${port}${statePath}`,
    port,
    events,
    requests,
    stateCalls,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return provider;
}

export { freePort } from '../ports.js';
