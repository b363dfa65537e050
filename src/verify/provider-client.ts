/**
 * HTTP to the provider (and its state-change endpoint): one keep-alive undici Pool per origin for
 * the whole run, nothing rebuilt per interaction. `localhost` works whether the provider listens
 * on 127.0.0.1 or ::1: resolvers often map it to one family only, so the connector tries both
 * loopback addresses and sticks with the one that answered.
 */
import type { Pool as PoolType } from 'undici';
import type { ProviderRequest } from '../config/types.js';

export interface ProviderResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Uint8Array;
}

export type SendFailure = 'refused' | 'timeout' | 'dropped' | 'other';

/** A request that got no response. The runner turns it into an interaction error. */
export class ProviderRequestError extends Error {
  constructor(
    message: string,
    readonly kind: SendFailure,
    readonly url: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProviderRequestError';
  }
}

export interface ProviderClientOptions {
  timeoutMs: number;
  /** Max sockets per origin (the verification concurrency). */
  connections: number;
}

export interface SendOptions {
  timeoutMs?: number;
  /** Retry once when a kept-alive socket was dropped under us (safe only where replays are harmless). */
  retryOnDrop?: boolean;
}

const DROPPED = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'UND_ERR_CLOSED']);
const TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);

function errorCode(error: unknown): string | undefined {
  const e = error as { code?: string; errors?: { code?: string }[]; cause?: { code?: string } };
  return e?.code ?? e?.errors?.[0]?.code ?? e?.cause?.code;
}

export class ProviderClient {
  private readonly pools = new Map<string, PoolType>();
  private undici: UndiciParts | undefined;

  constructor(private readonly options: ProviderClientOptions) {}

  private async pool(origin: string): Promise<PoolType> {
    let pool = this.pools.get(origin);
    if (!pool) {
      this.undici ??= await loadUndici();
      pool = new this.undici.Pool(origin, {
        connect: localhostConnector(this.undici, this.options.timeoutMs),
        connections: Math.max(1, this.options.connections),
        pipelining: 1,
        keepAliveTimeout: 30_000,
        headersTimeout: 0,
        bodyTimeout: 0,
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  async send(request: ProviderRequest, o: SendOptions = {}): Promise<ProviderResponse> {
    try {
      return await this.once(request, o.timeoutMs ?? this.options.timeoutMs);
    } catch (error) {
      if (o.retryOnDrop && error instanceof ProviderRequestError && error.kind === 'dropped') {
        return this.once(request, o.timeoutMs ?? this.options.timeoutMs);
      }
      throw error;
    }
  }

  private async once(request: ProviderRequest, timeoutMs: number): Promise<ProviderResponse> {
    const url = new URL(request.url);
    const pool = await this.pool(url.origin);
    const controller = new AbortController();
    const timer = timeoutMs > 0 ? setTimeout(() => controller.abort(), timeoutMs) : undefined;
    try {
      const res = await pool.request({
        method: request.method as 'GET',
        path: `${url.pathname}${url.search}`,
        headers: request.headers,
        ...(request.body !== undefined ? { body: typeof request.body === 'string' ? request.body : Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength) } : {}),
        signal: controller.signal,
      });
      const body = new Uint8Array(await res.body.arrayBuffer());
      const headers: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = v;
      return { status: res.statusCode, headers, body };
    } catch (error) {
      const code = errorCode(error);
      if (controller.signal.aborted || (code && TIMEOUTS.has(code))) {
        throw new ProviderRequestError(`no response from ${request.method} ${request.url} within ${timeoutMs} ms`, 'timeout', request.url, { cause: error });
      }
      if (code === 'ECONNREFUSED') {
        throw new ProviderRequestError(`connection refused: ${request.method} ${request.url}`, 'refused', request.url, { cause: error });
      }
      if (code && DROPPED.has(code)) {
        throw new ProviderRequestError(`connection dropped by the provider: ${request.method} ${request.url}`, 'dropped', request.url, { cause: error });
      }
      const reason = error instanceof Error ? error.message : String(error);
      throw new ProviderRequestError(`request failed: ${request.method} ${request.url}: ${code ? `${code} ` : ''}${reason}`, 'other', request.url, { cause: error });
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.destroy().catch(() => undefined)));
  }
}

type Connector = import('undici').buildConnector.connector;
interface UndiciParts {
  Pool: typeof import('undici').Pool;
  buildConnector: typeof import('undici').buildConnector;
}

/**
 * Only the Pool and the connector: the full `undici` entry point costs ~100 ms of start-up, these
 * two ~35 ms. Falls back to the entry point if a future undici moves them.
 */
async function loadUndici(): Promise<UndiciParts> {
  try {
    const [pool, connect, api, dispatcher] = await Promise.all([
      import('undici/lib/dispatcher/pool.js' as string) as Promise<{ default: UndiciParts['Pool'] }>,
      import('undici/lib/core/connect.js' as string) as Promise<{ default: UndiciParts['buildConnector'] }>,
      import('undici/lib/api/index.js' as string) as Promise<{ default: Record<string, unknown> }>,
      import('undici/lib/dispatcher/dispatcher.js' as string) as Promise<{ default: { prototype: object } }>,
    ]);
    // What undici's index.js does: `request()` and friends live on Dispatcher.prototype.
    if (typeof (dispatcher.default.prototype as { request?: unknown }).request !== 'function') Object.assign(dispatcher.default.prototype, api.default);
    if (typeof pool.default === 'function' && typeof connect.default === 'function') return { Pool: pool.default, buildConnector: connect.default };
  } catch {
    /* fall through */
  }
  const undici = await import('undici');
  return { Pool: undici.Pool, buildConnector: undici.buildConnector };
}

/** Tries 127.0.0.1 then ::1 for `localhost` (remembering the winner); other hosts connect as usual. */
function localhostConnector(undici: UndiciParts, timeoutMs: number): Connector {
  const base = undici.buildConnector({ timeout: timeoutMs, autoSelectFamily: true });
  let preferred: string | undefined;
  return (options, callback) => {
    if (options.hostname !== 'localhost') return base(options, callback);
    const order = preferred === '::1' ? ['::1', '127.0.0.1'] : ['127.0.0.1', '::1'];
    const attempt = (i: number): void => {
      base({ ...options, hostname: order[i] as string, servername: options.servername ?? 'localhost' }, (error, socket) => {
        if (error && i + 1 < order.length && errorCode(error) === 'ECONNREFUSED') {
          attempt(i + 1);
          return;
        }
        if (!error) preferred = order[i];
        if (error) callback(error, null);
        else callback(null, socket as NonNullable<typeof socket>);
      });
    };
    attempt(0);
  };
}

/** `http://localhost:1/x` → the URL with 127.0.0.1 and with [::1]; other URLs as they are. */
export function loopbackAlternatives(url: string): string[] {
  const u = new URL(url);
  if (u.hostname !== 'localhost') return [url];
  const v4 = new URL(url);
  v4.hostname = '127.0.0.1';
  const v6 = new URL(url);
  v6.hostname = '[::1]';
  return [v4.toString(), v6.toString()];
}
