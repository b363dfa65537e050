/**
 * HTTP to the broker: timeouts, retries with exponential back-off and Retry-After, one deadline
 * for the whole run, a cap on response bodies, proxy, CA and TLS settings. `fetch` is a seam:
 * undici's by default, anything fetch-shaped in tests (msw only intercepts the global fetch).
 *
 * What is retried: a request that cannot have changed anything (GET, PUT, DELETE, or a POST the
 * caller marks idempotent) after connection errors, timeouts, cut-off bodies, 408, 429 and 5xx. A
 * plain POST only when it cannot have reached the broker (connection refused, DNS, connect
 * timeout) or the broker said it did not process it (408, 429): resending it after a 500 or a
 * reset stored the same verification result five times. Anything else is an ambiguous outcome,
 * reported as such (BrokerOutcomeUnknownError, from the client) instead of being sent again.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, NetworkError, type PactshipError } from '../errors.js';
import { BrokerDeadlineError, BrokerOutcomeUnknownError, ResponseTooLargeError } from './errors.js';

export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  redirect?: 'follow' | 'manual';
  dispatcher?: unknown;
}
export type FetchLike = (url: string, init: FetchInit) => Promise<Response>;

export const DEFAULT_MAX_RESPONSE_BYTES = 50 * 1024 * 1024;
export const DEFAULT_DEADLINE_MS = 120_000;

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
  now?: () => number;
  /** Verbose wire log. */
  log?: (line: string) => void;
  /** One line per retry, shown without --verbose. */
  notice?: (line: string) => void;
  caFile?: string;
  skipSslVerification?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Largest response body read; a larger one fails the request. */
  maxResponseBytes?: number;
  /** Shared by every request of the run. */
  deadline?: Deadline;
}

export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Safe to send twice (defaults to true for every method but POST). */
  idempotent?: boolean;
  /** Header names whose values the wire log must not show (credentials, custom headers). */
  sensitiveHeaders?: string[];
}

export interface TransportResponse {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * The time one run may spend waiting on the broker, retries and back-off included. Counted only
 * while a request is in flight (several at once count once), so a can-i-deploy poll interval or
 * the time spent verifying does not use it up.
 */
export class Deadline {
  private used = 0;
  private inFlight = 0;
  private since = 0;
  constructor(
    readonly budgetMs: number,
    private readonly now: () => number = Date.now,
  ) {}
  enter(): void {
    if (this.inFlight++ === 0) this.since = this.now();
  }
  leave(): void {
    if (--this.inFlight === 0) this.used += this.now() - this.since;
  }
  remaining(): number {
    return this.budgetMs - this.used - (this.inFlight > 0 ? this.now() - this.since : 0);
  }
}

const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
/** Statuses that say the request was not processed: safe to resend even a POST. */
const NOT_PROCESSED_STATUSES = new Set([408, 429]);

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
      const ca = extraCa && tls ? [...tls.rootCertificates, ...extraCa] : undefined;
      const connect = ca || options.skipSslVerification ? { ...(ca ? { ca } : {}), ...(options.skipSslVerification ? { rejectUnauthorized: false } : {}) } : undefined;
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

/** Why a request failed, and whether the request can have reached the broker. */
interface Failure {
  reason: string;
  /** false: it certainly did not arrive (nothing sent); true: it may have. */
  mayHaveArrived: boolean;
  /** Certificate problems and the like: retrying cannot help. */
  permanent?: boolean;
  /** The host is unknown or refuses connections. */
  unreachable?: boolean;
  /** What to do about a permanent failure. */
  hint?: string;
  cause: unknown;
}

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const TLS_REASONS: Record<string, string> = {
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate not trusted (try --ca-file)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'TLS certificate not trusted (try --ca-file)',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed TLS certificate (try --ca-file)',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate (try --ca-file)',
  ERR_TLS_CERT_ALTNAME_INVALID: "the TLS certificate is for another host name",
};
const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  UND_ERR_SOCKET: 'connection closed by the server',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_HEADERS_OVERFLOW: 'response headers too large',
};

function errorCode(error: unknown): string | undefined {
  const err = error as { cause?: { code?: string; cause?: { code?: string } }; code?: string };
  return err?.cause?.code ?? err?.cause?.cause?.code ?? err?.code;
}

function describeNetworkError(error: unknown): Failure {
  const code = errorCode(error);
  const err = error as { cause?: { message?: string }; message?: string };
  if (code && TLS_REASONS[code]) {
    return {
      reason: TLS_REASONS[code],
      mayHaveArrived: false,
      permanent: true,
      hint: 'Fix the certificate, or trust its CA with --ca-file (broker.caFile); --skip-ssl-verification only as a last resort.',
      cause: error,
    };
  }
  // fetch refuses some ports outright (6000, 5060, …, the fetch standard's "bad ports"): nothing was sent, nothing will be.
  if (err?.cause?.message === 'bad port') {
    return { reason: 'fetch refuses this port (one of the "bad ports" browsers block)', mayHaveArrived: false, permanent: true, hint: 'Serve the broker on another port.', cause: error };
  }
  const reason = (code && REASONS[code]) ?? err?.cause?.message ?? err?.message ?? String(error);
  const notSent = code !== undefined && NOT_SENT_CODES.has(code);
  return { reason, mayHaveArrived: !notSent, unreachable: code !== undefined && UNREACHABLE_CODES.has(code), cause: error };
}

const MB = 1024 * 1024;
const formatMb = (bytes: number) => `${Math.round((bytes / MB) * 10) / 10} MB`;
const seconds = (ms: number) => `${Math.round(ms / 100) / 10}s`;

type Outcome = { response: TransportResponse } | { failure: Failure; timedOut?: boolean };

/** Body reading state, so a failure can say how far it got. */
interface Progress {
  headersArrived: boolean;
  bytes: number;
  declared?: number;
}

async function readBody(response: Response, maxBytes: number, progress: Progress, method: string, url: string, signal: AbortSignal): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared)) progress.declared = declared;
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new ResponseTooLargeError(method, url, maxBytes, `it announced ${formatMb(declared)}`);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  // Not every fetch ties the body to the signal: stop reading on abort either way.
  const onAbort = () => void reader.cancel().catch(() => undefined);
  signal.addEventListener('abort', onAbort, { once: true });
  const chunks: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (signal.aborted) throw new DOMException('the body stalled', 'AbortError');
    if (done) break;
    progress.bytes += value.byteLength;
    if (progress.bytes > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new ResponseTooLargeError(method, url, maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function createTransport(options: TransportOptions): Transport {
  const doFetch = options.fetch ?? undiciFetch(options);
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const maxTotalWait = options.maxTotalWaitMs ?? 30_000;
  const baseDelay = options.baseDelayMs ?? 1_000;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const deadline = options.deadline ?? new Deadline(DEFAULT_DEADLINE_MS, now);
  const log = options.log;
  const clip = (text: string) => (text.length > 2000 ? `${text.slice(0, 2000)}… (${text.length} chars)` : text);
  /** Has any request of this run been answered? Before that, an unreachable broker fails fast. */
  let contacted = false;

  async function once(request: TransportRequest, attempt: number, idempotent: boolean): Promise<Outcome> {
    const started = now();
    const budget = deadline.remaining();
    if (budget <= 0) throw new BrokerDeadlineError(request.method, request.url, deadline.budgetMs);
    if (log) {
      const hidden = new Set((request.sensitiveHeaders ?? []).map((h) => h.toLowerCase()));
      log(`→ ${request.method} ${request.url}${attempt > 0 ? ` (retry ${attempt})` : ''}`);
      for (const [k, v] of Object.entries(request.headers)) log(`  ${k}: ${/^authorization$/i.test(k) || hidden.has(k.toLowerCase()) ? '[redacted]' : v}`);
      if (request.body) log(`  ${clip(request.body)}`);
    }
    const limit = Math.min(options.timeoutMs, budget);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), limit);
    const progress: Progress = { headersArrived: false, bytes: 0 };
    try {
      const init: FetchInit = { method: request.method, headers: request.headers, signal: controller.signal, redirect: 'manual' };
      if (request.body !== undefined) init.body = request.body;
      const response = await doFetch(request.url, init);
      progress.headersArrived = true;
      contacted = true;
      const text = await readBody(response, maxBytes, progress, request.method, request.url, controller.signal);
      log?.(`← ${response.status} ${request.method} ${request.url} (${now() - started} ms)`);
      if (log && text) log(`  ${clip(text)}`);
      return { response: { status: response.status, headers: response.headers, text } };
    } catch (error) {
      if (error instanceof ResponseTooLargeError) throw error;
      const timedOut = controller.signal.aborted;
      const cutByDeadline = timedOut && limit < options.timeoutMs;
      let failure: Failure;
      if (timedOut && progress.headersArrived) {
        failure = {
          reason: `the response headers arrived but the body stalled after ${progress.bytes} bytes${progress.declared !== undefined ? ` of ${progress.declared}` : ''} (nothing more within ${limit} ms)`,
          mayHaveArrived: true,
          cause: error,
        };
      } else if (timedOut) {
        failure = { reason: `no answer within ${limit} ms`, mayHaveArrived: true, cause: error };
      } else if (progress.headersArrived) {
        const of = progress.declared !== undefined ? ` of the ${progress.declared} announced` : '';
        failure = { reason: `the response was truncated at byte ${progress.bytes}${of}: ${describeNetworkError(error).reason}`, mayHaveArrived: true, cause: error };
      } else {
        failure = describeNetworkError(error);
      }
      log?.(`✗ ${request.method} ${request.url}: ${failure.reason}`);
      if (cutByDeadline) throw new BrokerDeadlineError(request.method, request.url, deadline.budgetMs, failure.reason, !idempotent && failure.mayHaveArrived);
      return { failure, timedOut };
    } finally {
      clearTimeout(timer);
    }
  }

  function networkError(request: TransportRequest, outcome: { failure: Failure; timedOut?: boolean }, idempotent: boolean): PactshipError {
    const { failure } = outcome;
    if (!idempotent && failure.mayHaveArrived) {
      return new BrokerOutcomeUnknownError(request.method, request.url, failure.reason, { cause: failure.cause });
    }
    const hint = outcome.timedOut
      ? 'The broker did not answer in time; raise broker.timeoutMs (PACT_BROKER_TIMEOUT_MS) or check the network.'
      : failure.hint ?? 'Check the broker base URL (--broker-base-url / PACT_BROKER_BASE_URL), the network and any proxy settings (HTTPS_PROXY, NO_PROXY).';
    return new NetworkError(`could not reach the Pact Broker at ${request.url}: ${failure.reason}`, request.url, { hint, cause: failure.cause });
  }

  async function send(request: TransportRequest): Promise<TransportResponse> {
    const idempotent = request.idempotent ?? request.method.toUpperCase() !== 'POST';
    let waited = 0;
    for (let attempt = 0; ; attempt++) {
      const outcome = await once(request, attempt, idempotent);
      let retryable: boolean;
      let maxAttempts = options.retries;
      if ('failure' in outcome) {
        const { failure } = outcome;
        retryable = !failure.permanent && (idempotent || !failure.mayHaveArrived);
        // Nothing answered yet and the host is unknown or refuses: a typo or a broker that is down.
        // One quick retry (a broker just starting), then say so, rather than back off for 15 s.
        if (failure.unreachable && !contacted) maxAttempts = Math.min(maxAttempts, 1);
      } else {
        const { status } = outcome.response;
        retryable = idempotent ? RETRY_STATUSES.has(status) : NOT_PROCESSED_STATUSES.has(status);
      }
      const budget = maxTotalWait - waited;
      if (!retryable || attempt >= maxAttempts || budget <= 0) {
        if ('failure' in outcome) throw networkError(request, outcome, idempotent);
        return outcome.response;
      }
      const asked = 'response' in outcome ? retryAfterMs(outcome.response.headers.get('retry-after'), now()) : undefined;
      const quick = 'failure' in outcome && outcome.failure.unreachable && !contacted;
      const delay = Math.min(asked ?? (quick ? Math.min(baseDelay, 250) : baseDelay * 2 ** attempt), budget);
      const why = 'failure' in outcome ? outcome.failure.reason : `answered ${outcome.response.status}`;
      if (delay >= deadline.remaining()) {
        // A status being retried here said "not processed" (for a POST: 408 or 429).
        throw new BrokerDeadlineError(request.method, request.url, deadline.budgetMs, why, !idempotent && 'failure' in outcome && outcome.failure.mayHaveArrived);
      }
      const line = `${request.method} ${request.url}: ${why}; retrying in ${seconds(delay)} (attempt ${attempt + 2}/${maxAttempts + 1}) …`;
      if (options.notice) options.notice(line);
      else log?.(`  ${line}`);
      await sleep(delay);
      waited += delay;
    }
  }

  return async (request) => {
    deadline.enter();
    try {
      return await send(request);
    } finally {
      deadline.leave();
    }
  };
}
