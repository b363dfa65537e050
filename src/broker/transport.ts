/**
 * HTTP to the broker: timeouts, retries with exponential back-off and Retry-After, proxy and CA
 * settings. `fetch` is a seam: undici's by default, anything fetch-shaped in tests (msw only
 * intercepts the global fetch).
 */
import { readFileSync } from 'node:fs';
import { ConfigError, NetworkError } from '../errors.js';

export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  redirect?: 'follow' | 'manual';
  dispatcher?: unknown;
}
export type FetchLike = (url: string, init: FetchInit) => Promise<Response>;

export interface TransportOptions {
  fetch?: FetchLike;
  /** Retries after the first attempt. */
  retries: number;
  timeoutMs: number;
  /** Cap on the sum of back-off waits. */
  maxTotalWaitMs?: number;
  /** First back-off delay; doubles each retry. */
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  log?: (line: string) => void;
  caFile?: string;
  env?: NodeJS.ProcessEnv;
}

export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface TransportResponse {
  status: number;
  headers: Headers;
  text: string;
}

const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

export const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function isLoopback(url: URL): boolean {
  const h = url.hostname.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\./.test(h);
}

/** Retry-After as seconds or an HTTP date → milliseconds (undefined when absent/invalid). */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** undici's fetch with a proxy-aware dispatcher; loopback always goes direct. */
function undiciFetch(options: TransportOptions): FetchLike {
  let dispatchers: Promise<{ direct: unknown; proxied: unknown; fetch: FetchLike }> | undefined;
  // Read eagerly: an unreadable CA file is a config error, not a network failure to retry.
  const env = options.env ?? process.env;
  const extraCa = options.caFile ? readCa(options.caFile, env) : undefined;
  // The proxy settings come from the injected env (EnvHttpProxyAgent would read process.env).
  const proxyEnv = { httpProxy: env.http_proxy ?? env.HTTP_PROXY ?? '', httpsProxy: env.https_proxy ?? env.HTTPS_PROXY ?? '', noProxy: env.no_proxy ?? env.NO_PROXY ?? '' };
  const load = () =>
    // node:tls (and with it node:crypto) only when a CA file is given: ~8 ms of start-up otherwise.
    (dispatchers ??= Promise.all([import('undici'), extraCa ? import('node:tls') : undefined]).then(([undici, tls]) => {
      const connect = extraCa && tls ? { ca: [...tls.rootCertificates, ...extraCa] } : undefined;
      return {
        direct: new undici.Agent(connect ? { connect } : {}),
        // Like curl: plain-HTTP targets are forwarded in absolute form, HTTPS ones tunnelled with CONNECT.
        proxied: new undici.EnvHttpProxyAgent({ proxyTunnel: false, ...proxyEnv, ...(connect ? { connect, requestTls: connect, proxyTls: connect } : {}) }),
        fetch: undici.fetch as unknown as FetchLike,
      };
    }));
  return async (url, init) => {
    const d = await load();
    return d.fetch(url, { ...init, dispatcher: isLoopback(new URL(url)) ? d.direct : d.proxied });
  };
}

function readCa(caFile: string, env: NodeJS.ProcessEnv): string[] {
  const extra: string[] = [];
  try {
    extra.push(readFileSync(caFile, 'utf8'));
  } catch (error) {
    throw new ConfigError(`broker.caFile: cannot read '${caFile}': ${(error as Error).message}`, [], { cause: error });
  }
  // Passing `ca` replaces Node's store, so the defaults are added when connecting, and NODE_EXTRA_CA_CERTS here.
  const nodeExtra = env.NODE_EXTRA_CA_CERTS;
  if (nodeExtra) {
    try {
      extra.push(readFileSync(nodeExtra, 'utf8'));
    } catch {
      /* Node itself warns about an unreadable NODE_EXTRA_CA_CERTS */
    }
  }
  return extra;
}

export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

function describeNetworkError(error: unknown): string {
  const err = error as { cause?: { code?: string; message?: string }; code?: string; message?: string };
  const code = err.cause?.code ?? err.code;
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'DNS lookup failed',
    ECONNRESET: 'connection reset',
    UND_ERR_SOCKET: 'connection closed by the server',
    ETIMEDOUT: 'connection timed out',
    UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
    CERT_HAS_EXPIRED: 'TLS certificate expired',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate not trusted (try --ca-file)',
    SELF_SIGNED_CERT_IN_CHAIN: 'self-signed TLS certificate (try --ca-file)',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate (try --ca-file)',
  };
  return (code && reasons[code]) ?? err.cause?.message ?? err.message ?? String(error);
}

type Outcome = { response: TransportResponse } | { error: NetworkError; reason: string };

export function createTransport(options: TransportOptions): Transport {
  const doFetch = options.fetch ?? undiciFetch(options);
  const sleep = options.sleep ?? defaultSleep;
  const maxTotalWait = options.maxTotalWaitMs ?? 30_000;
  const baseDelay = options.baseDelayMs ?? 1_000;
  const log = options.log;
  const clip = (text: string) => (text.length > 2000 ? `${text.slice(0, 2000)}… (${text.length} chars)` : text);

  async function once(request: TransportRequest, attempt: number): Promise<Outcome> {
    const started = Date.now();
    if (log) {
      log(`→ ${request.method} ${request.url}${attempt > 0 ? ` (retry ${attempt})` : ''}`);
      for (const [k, v] of Object.entries(request.headers)) log(`  ${k}: ${/^authorization$/i.test(k) ? '[redacted]' : v}`);
      if (request.body) log(`  ${clip(request.body)}`);
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs);
    try {
      const init: FetchInit = { method: request.method, headers: request.headers, signal: controller.signal, redirect: 'follow' };
      if (request.body !== undefined) init.body = request.body;
      const response = await doFetch(request.url, init);
      const text = await response.text();
      log?.(`← ${response.status} ${request.method} ${request.url} (${Date.now() - started} ms)`);
      if (log && text) log(`  ${clip(text)}`);
      return { response: { status: response.status, headers: response.headers, text } };
    } catch (error) {
      const timedOut = controller.signal.aborted;
      const reason = timedOut ? `no answer within ${options.timeoutMs} ms` : describeNetworkError(error);
      log?.(`✗ ${request.method} ${request.url}: ${reason}`);
      const hint = timedOut
        ? 'The broker did not answer in time; raise broker.timeoutMs (PACT_BROKER_TIMEOUT_MS) or check the network.'
        : 'Check the broker base URL (--broker-base-url / PACT_BROKER_BASE_URL), the network and any proxy settings (HTTPS_PROXY, NO_PROXY).';
      return { reason, error: new NetworkError(`could not reach the Pact Broker at ${request.url}: ${reason}`, request.url, { hint, cause: error }) };
    } finally {
      clearTimeout(timer);
    }
  }

  return async (request) => {
    let waited = 0;
    for (let attempt = 0; ; attempt++) {
      const outcome = await once(request, attempt);
      const retryable = 'error' in outcome || RETRY_STATUSES.has(outcome.response.status);
      const budget = maxTotalWait - waited;
      if (!retryable || attempt >= options.retries || budget <= 0) {
        if ('error' in outcome) throw outcome.error;
        return outcome.response;
      }
      const asked = 'response' in outcome ? retryAfterMs(outcome.response.headers.get('retry-after')) : undefined;
      const delay = Math.min(asked ?? baseDelay * 2 ** attempt, budget);
      log?.(`  ${'error' in outcome ? outcome.reason : `HTTP ${outcome.response.status}`}; retrying in ${Math.round(delay)} ms`);
      await sleep(delay);
      waited += delay;
    }
  };
}
