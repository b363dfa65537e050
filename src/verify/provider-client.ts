/**
 * HTTP to the provider (and its state-change endpoint) with Node's own http/https client: one
 * keep-alive agent per run, nothing rebuilt per interaction. Node's client is used rather than
 * undici because loading undici costs ~70 ms of start-up even bundled, more than the whole budget
 * of a one-interaction run, and its WebAssembly parser made the process wait for V8's background
 * compiler at exit (see README, Performance).
 *
 * Every request settles: a response, or a ProviderRequestError (refused, timeout, dropped, too
 * large, or rejected before sending, e.g. a header Node will not send). After any failure the
 * agent is retired and the next request gets a fresh one, so a socket left in an unknown state
 * is never reused. `localhost` works whether the provider listens on 127.0.0.1 or ::1: resolvers
 * often map it to one family only, so both loopback addresses are offered and the one that
 * answered is tried first next time.
 */
import { isIP } from 'node:net';
import type { LookupAddress } from 'node:dns';
import { Agent as HttpAgent, request as httpRequest, type AgentOptions, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import type { ProviderRequest } from '../config/types.js';

export interface ProviderResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Uint8Array;
}

export type SendFailure = 'refused' | 'timeout' | 'dropped' | 'too-large' | 'invalid' | 'other';

/** A request that got no (usable) response. The runner turns it into an interaction error. */
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
  /** Larger response bodies fail the request (default 50 MB); the body is read up to this size only. */
  maxResponseBytes?: number;
  /** false: accept any TLS certificate from an https provider (--disable-ssl-verification). */
  rejectUnauthorized?: boolean;
}

export interface SendOptions {
  timeoutMs?: number;
  /** Retry once when a kept-alive socket was dropped under us (safe only where replays are harmless). */
  retryOnDrop?: boolean;
}

const MB = 1024 * 1024;
export const DEFAULT_MAX_RESPONSE_BYTES = 50 * MB;

const DROPPED = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
const TIMEOUTS = new Set(['ETIMEDOUT', 'ECONNTIMEDOUT']);

/** `52428800` → `50 MB`; below a megabyte, in bytes. */
export function formatByteLimit(bytes: number): string {
  return bytes >= MB ? `${Number((bytes / MB).toFixed(2))} MB` : `${bytes} bytes`;
}

type Lookup = NonNullable<AgentOptions['lookup']>;

interface AgentPair {
  http?: HttpAgent;
  https?: HttpAgent;
}

export class ProviderClient {
  private current: AgentPair = {};
  /** Every agent ever created (retired ones may still carry a request); all destroyed by close(). */
  private readonly agents = new Set<HttpAgent>();
  private https: typeof import('node:https') | undefined;
  private preferredLoopback: 4 | 6 = 4;
  private readonly maxResponseBytes: number;

  constructor(private readonly options: ProviderClientOptions) {
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  }

  async send(request: ProviderRequest, o: SendOptions = {}): Promise<ProviderResponse> {
    const timeoutMs = o.timeoutMs ?? this.options.timeoutMs;
    try {
      return await this.once(request, timeoutMs);
    } catch (error) {
      if (o.retryOnDrop && error instanceof ProviderRequestError && error.kind === 'dropped') return this.once(request, timeoutMs);
      throw error;
    }
  }

  async close(): Promise<void> {
    for (const agent of this.agents) agent.destroy();
    this.agents.clear();
    this.current = {};
  }

  /** The agent for a protocol: synchronous for http (no promise per request); https loads node:https once. */
  private agentFor(protocol: string): { agent: HttpAgent; request: typeof httpRequest } | Promise<{ agent: HttpAgent; request: typeof httpRequest }> {
    if (protocol !== 'https:') {
      const agent = (this.current.http ??= this.track(new HttpAgent(this.agentOptions())));
      return { agent, request: httpRequest };
    }
    if (!this.https) {
      return import('node:https').then((https) => {
        this.https ??= https;
        return this.agentFor(protocol);
      });
    }
    const https = this.https;
    const tls = this.options.rejectUnauthorized === false ? { rejectUnauthorized: false } : {};
    const agent = (this.current.https ??= this.track(new https.Agent({ ...this.agentOptions(), ...tls })));
    return { agent, request: https.request };
  }

  private agentOptions(): AgentOptions {
    return {
      keepAlive: true,
      maxSockets: Math.max(1, this.options.connections),
      scheduling: 'lifo',
      // Both loopback addresses for `localhost`, tried in turn (Node's happy-eyeballs connect).
      lookup: this.lookup,
      autoSelectFamily: true,
    };
  }

  private track(agent: HttpAgent): HttpAgent {
    this.agents.add(agent);
    return agent;
  }

  /** Subsequent requests get new agents; this one is destroyed once its in-flight requests are done. */
  private retire(agent: HttpAgent): void {
    if (this.current.http === agent) delete this.current.http;
    if (this.current.https === agent) delete this.current.https;
    const destroyWhenIdle = () => {
      const busy = Object.values(agent.sockets).some((list) => list && list.length > 0) || Object.values(agent.requests).some((list) => list && list.length > 0);
      if (busy) return;
      agent.destroy();
      this.agents.delete(agent);
    };
    destroyWhenIdle();
    if (this.agents.has(agent)) agent.on('free', () => setImmediate(destroyWhenIdle));
  }

  /** `localhost` → both loopback addresses, the one that answered last first; other names as the resolver says. */
  private readonly lookup: Lookup = ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (hostname !== 'localhost') {
      // node:dns only for other names (loopback IPs never get here: nothing to resolve).
      import('node:dns').then(
        (dns) => dns.lookup(hostname, options as never, callback as never),
        (error: unknown) => callback(error),
      );
      return;
    }
    const v4: LookupAddress = { address: '127.0.0.1', family: 4 };
    const v6: LookupAddress = { address: '::1', family: 6 };
    const order = this.preferredLoopback === 6 ? [v6, v4] : [v4, v6];
    if (options.all) callback(null, order);
    else callback(null, order[0]?.address, order[0]?.family);
  }) as Lookup;

  private async once(request: ProviderRequest, timeoutMs: number): Promise<ProviderResponse> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch (error) {
      throw new ProviderRequestError(`request not sent: invalid URL '${request.url}'`, 'invalid', request.url, { cause: error });
    }
    const pick = this.agentFor(url.protocol);
    const { agent, request: send } = 'then' in pick ? await pick : pick;
    const body = request.body === undefined ? undefined : typeof request.body === 'string' ? Buffer.from(request.body) : request.body;
    const requestOptions: RequestOptions = {
      agent,
      method: request.method,
      path: `${url.pathname}${url.search}`,
      headers: withoutFraming(request.headers),
    };
    // SNI carries host names only (RFC 6066 §3; Node warns about an IP address there).
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (url.protocol === 'https:' && !isIP(host)) (requestOptions as { servername?: string }).servername = host;

    const describe = `${request.method} ${request.url}`;
    const loopback = url.hostname === 'localhost';

    return new Promise<ProviderResponse>((resolve, reject) => {
      let settled = false;
      let responded = false;
      let req: ClientRequest | undefined;
      let timer: NodeJS.Timeout | undefined;
      const finish = (outcome: { response: ProviderResponse } | { error: ProviderRequestError }) => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        if ('response' in outcome) {
          resolve(outcome.response);
          return;
        }
        req?.destroy();
        this.retire(agent);
        reject(outcome.error);
      };
      const fail = (error: ProviderRequestError) => finish({ error });

      try {
        req = send({ protocol: url.protocol, hostname: url.hostname.replace(/^\[|\]$/g, ''), port: url.port || undefined, ...requestOptions }, (res) => {
          responded = true;
          if (loopback) this.preferredLoopback = res.socket?.remoteFamily === 'IPv6' ? 6 : 4;
          this.read(res, describe, request.url, (response) => finish({ response }), fail);
        });
      } catch (error) {
        // Node refuses to send it (a method or header that is not valid HTTP): only this request fails.
        fail(new ProviderRequestError(`request not sent: ${describe}: ${(error as Error).message}`, 'invalid', request.url, { cause: error }));
        return;
      }
      if (timeoutMs > 0) timer = setTimeout(() => fail(new ProviderRequestError(`no response from ${describe} within ${timeoutMs} ms`, 'timeout', request.url)), timeoutMs);
      req.on('error', (error) => fail(classify(error, describe, request.url)));
      req.on('close', () => {
        if (!responded) fail(new ProviderRequestError(`connection dropped by the provider: ${describe}`, 'dropped', request.url));
      });
      req.end(body);
    });
  }

  /** Reads the body up to the limit; settles through `done` or `fail` exactly once (the caller guards). */
  private read(res: IncomingMessage, describe: string, url: string, done: (r: ProviderResponse) => void, fail: (e: ProviderRequestError) => void): void {
    const limit = this.maxResponseBytes;
    const tooLarge = () => new ProviderRequestError(`response larger than ${formatByteLimit(limit)}: ${describe}`, 'too-large', url);
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      fail(tooLarge());
      return;
    }
    // A declared length gets its buffer up front and each chunk is copied in as it arrives: no
    // second copy of a large body and no list of chunks held until the end.
    const sized = Number.isSafeInteger(declared) && declared > 0 ? Buffer.allocUnsafe(declared) : undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      if (size + chunk.length > limit) {
        fail(tooLarge());
        return;
      }
      if (sized && size + chunk.length <= sized.length) chunk.copy(sized, size);
      else chunks.push(chunk);
      size += chunk.length;
    });
    res.on('end', () => {
      let bytes: Buffer;
      if (sized && size === sized.length) bytes = sized;
      else if (sized) bytes = Buffer.concat([sized.subarray(0, Math.min(size, sized.length)), ...chunks], size);
      else bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
      done({ status: res.statusCode ?? 0, headers: responseHeaders(res.rawHeaders), body: bytes });
    });
    res.on('error', (error) => fail(classify(error, describe, url)));
    res.on('close', () => {
      if (!res.complete) fail(new ProviderRequestError(`connection dropped by the provider mid-response: ${describe}`, 'dropped', url));
    });
  }
}

function classify(error: unknown, describe: string, url: string): ProviderRequestError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return new ProviderRequestError(`connection refused: ${describe}`, 'refused', url, { cause: error });
  if (code && TIMEOUTS.has(code)) return new ProviderRequestError(`no response from ${describe} (${code})`, 'timeout', url, { cause: error });
  if (code && DROPPED.has(code)) return new ProviderRequestError(`connection dropped by the provider: ${describe}`, 'dropped', url, { cause: error });
  const reason = error instanceof Error ? error.message : String(error);
  return new ProviderRequestError(`request failed: ${describe}: ${code ? `${code} ` : ''}${reason}`, 'other', url, { cause: error });
}

/** Node frames the body it is given (Content-Length from the bytes): a length copied from the pact could only disagree. */
function withoutFraming(headers: Record<string, string | string[]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const name in headers) {
    if (!Object.hasOwn(headers, name)) continue;
    const lower = name.toLowerCase();
    if (lower !== 'content-length' && lower !== 'transfer-encoding') out[name] = headers[name] as string | string[];
  }
  return out;
}

/** Raw name/value pairs → lower-cased names; a repeated header becomes an array, in order. */
function responseHeaders(raw: string[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    const seen = out[name];
    if (seen === undefined) out[name] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else out[name] = [seen, value];
  }
  return out;
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
