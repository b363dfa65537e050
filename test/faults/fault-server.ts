/**
 * A scriptable faulty HTTP server on loopback, for the fault e2e tests (issue #9): per-request
 * rules decide what goes wrong (a status, a stall before or after the headers, a reset before or
 * in the middle of the body, a truncated body, a huge or endless body, a redirect to another
 * origin, or "forward, let the target apply it, then fail"). Requests that match no rule are
 * forwarded to a target (the stand-in broker, a test provider) or answered by a fallback handler.
 * Every request is recorded, forwarded or not.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FaultAction =
  /** Answer with this status (default body: none). */
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string | object }
  /** Read the request, never answer. */
  | { kind: 'stall' }
  /** Send the headers (announcing `declaredLength` bytes) and `prefix`, then nothing more. */
  | { kind: 'stall-body'; prefix: string; declaredLength?: number; status?: number }
  /** Close the connection without an answer. */
  | { kind: 'reset' }
  /** Forward, then send the target's headers and only `afterBytes` of its body, and close the connection. */
  | { kind: 'reset-mid-body'; afterBytes: number }
  /** Forward, then send only the first `bytes` of the target's body, with a matching Content-Length (a clean but cut body). */
  | { kind: 'truncate'; bytes: number }
  /** A 200 JSON body of `bytes` bytes; `announce: false` sends it chunked, without Content-Length. */
  | { kind: 'huge'; bytes: number; announce?: boolean }
  /** A 200 body that never ends. */
  | { kind: 'endless' }
  | { kind: 'redirect'; location: string; status?: number }
  /** Forward (the target applies the request), then answer with this instead of the target's answer. */
  | { kind: 'forward-then'; then: Exclude<FaultAction, { kind: 'forward-then' } | { kind: 'delay' }> }
  /** Wait, then forward. */
  | { kind: 'delay'; ms: number };

export interface FaultRule {
  method?: string;
  /** Matched against the path without the query. */
  path?: string | RegExp;
  /** How many matching requests it applies to (default: all). */
  times?: number;
  action: FaultAction;
}

export interface RecordedRequest {
  method: string;
  /** Path and query. */
  url: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The rule applied, if any. */
  fault?: FaultAction['kind'];
}

export interface FallbackReply {
  status?: number;
  headers?: Record<string, string>;
  body?: string | object;
}

export interface FaultServerOptions {
  /** Forward unmatched requests here (an origin, e.g. the stand-in broker's). */
  target?: string;
  /** Otherwise answer them with this (default: 200 `{}`). */
  fallback?: (req: RecordedRequest) => FallbackReply | Promise<FallbackReply>;
}

export interface FaultServer {
  url: string;
  requests: RecordedRequest[];
  rule(rule: FaultRule): void;
  clearRules(): void;
  setTarget(origin: string): void;
  close(): Promise<void>;
}

interface Upstream {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

function forward(target: string, req: IncomingMessage, body: Buffer): Promise<Upstream> {
  const url = new URL(req.url ?? '/', target);
  const headers = { ...req.headers, host: url.host };
  delete headers['content-length'];
  return new Promise((resolve, reject) => {
    const out = httpRequest(url, { method: req.method, headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const h: Record<string, string | string[]> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined && k !== 'transfer-encoding' && k !== 'connection') h[k] = v;
        resolve({ status: res.statusCode ?? 502, headers: h, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    out.on('error', reject);
    out.end(body);
  });
}

function reply(res: ServerResponse, status: number, headers: Record<string, string | string[]>, body: string | Buffer): void {
  const h = { ...headers };
  for (const k of Object.keys(h)) if (k.toLowerCase() === 'content-length') delete h[k];
  res.writeHead(status, { ...h, 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(body);
}

function bodyText(body: string | object | undefined): string {
  return body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
}

/** `{"data":"xxxx…"}` of exactly `bytes` bytes (at least 12). */
function hugeJson(bytes: number): Buffer {
  const filler = Math.max(0, bytes - 11);
  return Buffer.concat([Buffer.from('{"data":"'), Buffer.alloc(filler, 'x'), Buffer.from('"}')]);
}

async function act(action: FaultAction, req: IncomingMessage, res: ServerResponse, body: Buffer, upstream: () => Promise<Upstream>): Promise<void> {
  switch (action.kind) {
    case 'status': {
      const text = bodyText(action.body);
      const type: Record<string, string> = typeof action.body === 'object' ? { 'Content-Type': 'application/json' } : {};
      reply(res, action.status, { ...type, ...(action.headers ?? {}) }, text);
      return;
    }
    case 'stall':
      return; // the socket stays open until the client gives up or the server closes
    case 'stall-body':
      res.writeHead(action.status ?? 200, {
        'Content-Type': 'application/hal+json',
        'Content-Length': String(action.declaredLength ?? action.prefix.length + 1000),
      });
      res.write(action.prefix);
      return;
    case 'reset':
      req.socket.destroy();
      return;
    case 'reset-mid-body': {
      const up = await upstream();
      res.writeHead(up.status, { ...up.headers, 'content-length': String(up.body.length) });
      res.write(up.body.subarray(0, action.afterBytes), () => setTimeout(() => req.socket.destroy(), 20));
      return;
    }
    case 'truncate': {
      const up = await upstream();
      reply(res, up.status, up.headers, up.body.subarray(0, action.bytes));
      return;
    }
    case 'huge': {
      const data = hugeJson(action.bytes);
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (action.announce !== false) headers['Content-Length'] = String(data.length);
      res.writeHead(200, headers);
      // In pieces, respecting back-pressure: a client that stops reading stops the writing.
      let offset = 0;
      const next = () => {
        while (offset < data.length) {
          const chunk = data.subarray(offset, offset + 64 * 1024);
          offset += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', next);
            return;
          }
        }
        res.end();
      };
      res.on('close', () => (offset = data.length));
      next();
      return;
    }
    case 'endless': {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"data":"');
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let open = true;
      res.on('close', () => (open = false));
      const next = () => {
        while (open) {
          if (!res.write(chunk)) {
            res.once('drain', next);
            return;
          }
        }
      };
      next();
      return;
    }
    case 'redirect':
      reply(res, action.status ?? 302, { Location: action.location }, '');
      return;
    case 'forward-then':
      await upstream();
      await act(action.then, req, res, body, upstream);
      return;
    case 'delay':
      await new Promise((r) => setTimeout(r, action.ms));
      return;
  }
}

function matches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method && rule.method.toUpperCase() !== method) return false;
  if (rule.path === undefined) return true;
  if (typeof rule.path === 'string') return rule.path === path;
  rule.path.lastIndex = 0;
  return rule.path.test(path);
}

export async function startFaultServer(options: FaultServerOptions = {}): Promise<FaultServer> {
  let target = options.target;
  const rules: { rule: FaultRule; remaining: number }[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks);
      const method = (req.method ?? 'GET').toUpperCase();
      const path = new URL(req.url ?? '/', 'http://fault.invalid').pathname;
      const record: RecordedRequest = { method, url: req.url ?? '/', path, headers: req.headers, body: body.toString('utf8') };
      requests.push(record);
      let upstreamResult: Promise<Upstream> | undefined;
      const upstream = () => {
        if (!target) throw new Error('fault server: this rule needs a target to forward to');
        return (upstreamResult ??= forward(target, req, body));
      };
      const entry = rules.find((r) => r.remaining > 0 && matches(r.rule, method, path));
      if (entry) {
        entry.remaining -= 1;
        record.fault = entry.rule.action.kind;
        await act(entry.rule.action, req, res, body, upstream);
        if (entry.rule.action.kind !== 'delay') return;
      }
      if (target) {
        const up = await upstream();
        reply(res, up.status, up.headers, up.body);
        return;
      }
      const fb: FallbackReply = options.fallback ? await options.fallback(record) : { status: 200, body: {} };
      const text = bodyText(fb.body);
      reply(res, fb.status ?? 200, { ...(typeof fb.body === 'object' ? { 'Content-Type': 'application/json' } : {}), ...(fb.headers ?? {}) }, text);
    })().catch((error: unknown) => {
      if (!res.headersSent) reply(res, 599, { 'Content-Type': 'text/plain' }, `fault server: ${String(error)}`);
      else req.socket.destroy();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    rule(rule) {
      rules.push({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });
    },
    clearRules() {
      rules.length = 0;
    },
    setTarget(origin) {
      target = origin;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
