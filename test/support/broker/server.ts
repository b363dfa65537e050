/**
 * node:http server: records every request, applies injected faults, checks auth, routes, and
 * writes HAL (or problem+json) replies with the X-Pact-Broker-Version header.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Ctx, ResolvedOptions, Route } from './context.js';
import type { Urls } from './hal.js';
import type { Reply } from './http.js';
import { HttpError, isRecord, methodNotAllowed, notFound, serverErrorBody, unsupportedMediaType } from './http.js';
import type { BrokerState } from './state.js';

export interface RecordedRequest {
  method: string;
  /** Path and query as sent, including the prefix. */
  url: string;
  /** Path as sent (still URL-encoded) WITHOUT the prefix, e.g. `/contracts/publish`; the index is `/`. */
  path: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: string;
  json?: unknown;
  /** Date.now() when the request arrived. */
  time: number;
}

export interface Fault {
  method?: string;
  /** Matched against the (still URL-encoded) path WITHOUT the prefix, e.g. `/contracts/publish`. */
  path: string | RegExp;
  /** With neither status, body nor drop, the fault only delays and the request is then served normally. */
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Destroy the socket without a response. */
  drop?: boolean;
  /** How many requests it applies to (default Infinity). */
  times?: number;
}

export type Credentials = { token: string } | { username: string; password: string };

export interface ServerConfig {
  prefix: string;
  auth: Credentials | undefined;
  readOnly: { username: string; password: string } | undefined;
  state: BrokerState;
  urls: () => Urls;
  options: ResolvedOptions;
  routes: Route[];
  requests: RecordedRequest[];
  faults: { fault: Fault; remaining: number }[];
}

const HAL = 'application/hal+json;charset=utf-8';

function headerRecord(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function matches(fault: Fault, method: string, path: string): boolean {
  if (fault.method !== undefined && fault.method.toUpperCase() !== method) return false;
  if (typeof fault.path === 'string') return fault.path === path || fault.path.replace(/\/$/, '') === path.replace(/\/$/, '');
  fault.path.lastIndex = 0;
  return fault.path.test(path);
}

function credentialsMatch(creds: Credentials, authorization: string | undefined): boolean {
  if (authorization === undefined) return false;
  if ('token' in creds) return authorization === `Bearer ${creds.token}`;
  const expected = `Basic ${Buffer.from(`${creds.username}:${creds.password}`, 'utf8').toString('base64')}`;
  return authorization === expected;
}

/** Turn `{errors: {field: ["msg (at index 0)"]}}` into RFC 9457 problem+json. */
function toProblem(body: unknown, base: string): unknown {
  const errors: { type: string; title: string; detail: string; pointer: string }[] = [];
  const raw = isRecord(body) ? body['errors'] : undefined;
  const push = (field: string, message: string): void => {
    const index = /\(at index (\d+)\)$/.exec(message)?.[1];
    errors.push({
      type: `${base}/problems/invalid-body-property-value`,
      title: 'Invalid body parameter',
      detail: message,
      pointer: `/${field}${index === undefined ? '' : `/${index}`}`,
    });
  };
  if (Array.isArray(raw)) for (const m of raw) push('', String(m));
  else if (isRecord(raw)) for (const [k, msgs] of Object.entries(raw)) for (const m of Array.isArray(msgs) ? msgs : [msgs]) push(k, String(m));
  return { title: 'Validation errors', type: `${base}/problems/validation-error`, status: 400, errors };
}

function send(res: ServerResponse, method: string, reply: Reply, config: ServerConfig, accept: string): void {
  const headers: Record<string, string> = { 'X-Pact-Broker-Version': config.options.brokerVersion, ...reply.headers };
  let body = reply.body;
  let contentType = HAL;
  if (reply.status === 400 && accept.includes('application/problem+json') && isRecord(body) && 'errors' in body) {
    body = toProblem(body, config.urls().base);
    contentType = 'application/problem+json;charset=utf-8';
  }
  let text = '';
  if (body !== undefined && reply.status !== 204) {
    text = typeof body === 'string' ? body : JSON.stringify(body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = contentType;
  }
  headers['Content-Length'] = String(Buffer.byteLength(text));
  res.writeHead(reply.status, headers);
  res.end(method === 'HEAD' ? undefined : text);
}

function splitPath(path: string): string[] | undefined {
  const parts = path.split('/').filter((p, i, all) => !(p === '' && (i === 0 || i === all.length - 1)));
  try {
    return parts.map((p) => decodeURIComponent(p));
  } catch {
    return undefined;
  }
}

function route(routes: Route[], method: string, segments: string[]): { route: Route; params: Record<string, string> } | { allowed: string[] } {
  const allowed: string[] = [];
  for (const r of routes) {
    const pattern = r.path === '' ? [] : r.path.split('/');
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const ok = pattern.every((p, i) => {
      const s = segments[i] as string;
      if (p.startsWith(':')) {
        params[p.slice(1)] = s;
        return true;
      }
      return p === s;
    });
    if (!ok) continue;
    if (r.method === method || (method === 'HEAD' && r.method === 'GET')) return { route: r, params };
    allowed.push(r.method);
  }
  return { allowed };
}

export function createHandler(config: ServerConfig): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void handle(config, req, res).catch((error: unknown) => {
      process.stderr.write(`stand-in broker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      if (!res.headersSent) send(res, 'GET', { status: 500, body: serverErrorBody(randomUUID()) }, config, '');
    });
  };
}

async function handle(config: ServerConfig, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const rawUrl = req.url ?? '/';
  const body = await readBody(req);
  const parsed = new URL(rawUrl, 'http://stand-in.invalid');
  const fullPath = parsed.pathname;
  const { prefix } = config;
  const inPrefix = prefix === '' || fullPath === prefix || fullPath.startsWith(`${prefix}/`);
  const path = inPrefix ? fullPath.slice(prefix.length) || '/' : fullPath;
  const headers = headerRecord(req);
  let json: unknown;
  if (body.trim() !== '') {
    try {
      json = JSON.parse(body);
    } catch {
      json = undefined;
    }
  }
  const recorded: RecordedRequest = { method, url: rawUrl, path, query: parsed.searchParams, headers, body, time: Date.now() };
  if (json !== undefined) recorded.json = json;
  config.requests.push(recorded);
  const accept = headers['accept'] ?? '';

  // Faults: first match wins, before auth and routing.
  const entry = config.faults.find((f) => f.remaining > 0 && matches(f.fault, method, path));
  if (entry) {
    entry.remaining -= 1;
    if (entry.remaining <= 0) config.faults.splice(config.faults.indexOf(entry), 1);
    const f = entry.fault;
    if (f.delayMs !== undefined && f.delayMs > 0) await new Promise((r) => setTimeout(r, f.delayMs));
    if (f.drop) {
      req.socket.destroy();
      return;
    }
    if (f.status !== undefined || f.body !== undefined) {
      const status = f.status ?? 500;
      const faultBody = f.body !== undefined ? f.body : status >= 500 ? serverErrorBody(randomUUID()) : undefined;
      send(res, method, { status, body: faultBody, ...(f.headers ? { headers: f.headers } : {}) }, config, accept);
      return;
    }
  }

  // Auth.
  if (config.auth !== undefined || config.readOnly !== undefined) {
    const full = config.auth === undefined || credentialsMatch(config.auth, headers['authorization']);
    const readOnly = config.readOnly !== undefined && credentialsMatch(config.readOnly, headers['authorization']);
    if (!full && !readOnly) {
      send(res, method, { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="Pact Broker"' } }, config, accept);
      return;
    }
    const isRead = method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
    const isForVerification = method === 'POST' && /\/for-verification\/?$/.test(path);
    if (readOnly && (config.auth === undefined || !credentialsMatch(config.auth, headers['authorization'])) && !isRead && !isForVerification) {
      send(res, method, { status: 403, body: { error: 'You do not have permission to perform this action (read-only credentials)' } }, config, accept);
      return;
    }
  }

  const reply = await dispatch(config, method, path, inPrefix, parsed, headers, body, json);
  send(res, method, reply, config, accept);
}

async function dispatch(
  config: ServerConfig,
  method: string,
  path: string,
  inPrefix: boolean,
  parsed: URL,
  headers: Record<string, string>,
  body: string,
  json: unknown,
): Promise<Reply> {
  try {
    const segments = inPrefix ? splitPath(path) : undefined;
    if (segments === undefined) throw notFound();
    const found = route(config.routes, method, segments);
    if (!('route' in found)) {
      if (found.allowed.length === 0) throw notFound();
      if (method === 'OPTIONS') return { status: 204, headers: { Allow: [...found.allowed, 'OPTIONS'].join(', ') } };
      throw methodNotAllowed(found.allowed);
    }
    const contentType = (headers['content-type'] ?? '').toLowerCase();
    const required = found.route.contentTypes;
    if (required !== undefined && !required.some((t) => contentType.startsWith(t))) throw unsupportedMediaType(required.join(' or '));
    if (body.trim() !== '' && ['POST', 'PUT', 'PATCH'].includes(method)) {
      if (contentType !== '' && !contentType.includes('json')) throw unsupportedMediaType('application/json');
      if (json === undefined) throw new HttpError({ status: 400, body: { errors: { body: ['Invalid JSON in request body'] } } });
    }
    const ctx: Ctx = {
      method,
      params: found.params,
      query: parsed.searchParams,
      rawQuery: parsed.search.replace(/^\?/, ''),
      headers,
      body,
      json,
      state: config.state,
      urls: config.urls(),
      options: config.options,
    };
    return await found.route.handler(ctx);
  } catch (error) {
    if (error instanceof HttpError) return error.reply;
    throw error;
  }
}
