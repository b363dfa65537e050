/**
 * The Pact Broker client: starts at the index and follows HAL links, never a hard-coded path.
 * Credentials and custom headers go only to the broker's own origin, also across redirects (which
 * are followed here, hop by hop, for that reason); every non-2xx becomes a typed error carrying
 * the broker's message.
 */
import { findJsonError } from '../pact/json-text.js';
import { BrokerHttpError, BrokerOutcomeUnknownError, BrokerResponseError, brokerHttpError } from './errors.js';
import { HalResource } from './hal.js';
import { createTransport, Deadline, DEFAULT_DEADLINE_MS, type FetchLike, type Transport, type TransportResponse } from './transport.js';

export interface BrokerClientOptions {
  baseUrl: string;
  token?: string;
  username?: string;
  password?: string;
  retries?: number;
  timeoutMs?: number;
  /** Budget for all requests of this client (the run), retries and back-off included. */
  deadlineMs?: number;
  /** Largest response body read (default 50 MB). */
  maxResponseBytes?: number;
  /** Sent with every request to the broker's origin, never elsewhere. */
  customHeaders?: [name: string, value: string][];
  skipSslVerification?: boolean;
  caFile?: string;
  fetch?: FetchLike;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Verbose wire log (already-redacting sink). */
  log?: (line: string) => void;
  /** Warnings the user should see (e.g. misconfigured base URL, retries). */
  warn?: (message: string) => void;
  env?: NodeJS.ProcessEnv;
  /** Injected transport (tests); otherwise built from the options above. */
  transport?: Transport;
}

export interface RequestOptions {
  contentType?: string;
  /** Extra Accept types, e.g. problem+json. */
  accept?: string;
  /**
   * Safe to send twice. Every method but POST is, and so is a POST to a read-only relation
   * (READ_ONLY_POST_RELATIONS); another POST whose repetition changes nothing (publishing the
   * same contracts again) may say so.
   */
  idempotent?: boolean;
  /** Reads a 2xx JSON body instead of JSON.parse (pacts: the lossless reader keeps `1.0` and big integers). */
  parse?: (text: string) => unknown;
}

const trimSlash = (s: string) => s.replace(/\/+$/, '');
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 10;
/** Index relations whose POST is a query (pacts for verification): resending it changes nothing. */
const READ_ONLY_POST_RELATIONS = new Set(['pb:provider-pacts-for-verification']);

export class BrokerClient {
  readonly baseUrl: string;
  private readonly origin: string;
  private readonly transport: Transport;
  private indexPromise: Promise<HalResource> | undefined;
  /** URLs of relations whose POST only reads (see READ_ONLY_POST_RELATIONS). */
  private readonly readOnlyPosts = new Set<string>();
  /** Response header of the last index fetch (used by doctor). */
  brokerVersion: string | undefined;

  constructor(private readonly options: BrokerClientOptions) {
    this.baseUrl = trimSlash(options.baseUrl);
    this.origin = new URL(this.baseUrl).origin;
    if (options.skipSslVerification && this.baseUrl.startsWith('https:')) {
      options.warn?.(
        'TLS certificate verification is OFF for the broker (--skip-ssl-verification): anyone between here and the broker can read ' +
          'and change this traffic, credentials included. Trust the broker\'s CA with --ca-file instead.',
      );
    }
    this.transport =
      options.transport ??
      createTransport({
        retries: options.retries ?? 4,
        timeoutMs: options.timeoutMs ?? 30_000,
        deadline: new Deadline(options.deadlineMs ?? DEFAULT_DEADLINE_MS, options.now),
        ...(options.maxResponseBytes !== undefined ? { maxResponseBytes: options.maxResponseBytes } : {}),
        ...(options.skipSslVerification ? { skipSslVerification: true } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(options.sleep ? { sleep: options.sleep } : {}),
        ...(options.now ? { now: options.now } : {}),
        ...(options.log ? { log: options.log } : {}),
        ...(options.warn ? { notice: options.warn } : {}),
        ...(options.caFile ? { caFile: options.caFile } : {}),
        ...(options.env ? { env: options.env } : {}),
      });
  }

  get authKind(): 'bearer' | 'basic' | 'none' {
    return this.options.token ? 'bearer' : this.options.username ? 'basic' : 'none';
  }

  /** The request headers for `url`: credentials and custom headers only for the broker's origin. */
  private headersFor(url: string, base: Record<string, string>): Record<string, string> {
    const headers = { ...base };
    if (new URL(url).origin !== this.origin) return headers;
    if (this.options.token) headers.Authorization = `Bearer ${this.options.token}`;
    else if (this.options.username !== undefined && this.options.password !== undefined) {
      headers.Authorization = `Basic ${Buffer.from(`${this.options.username}:${this.options.password}`).toString('base64')}`;
    }
    // A custom header replaces a same-named one (any case), e.g. its own Authorization or Accept.
    for (const [name, value] of this.options.customHeaders ?? []) {
      for (const existing of Object.keys(headers)) if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
      headers[name] = value;
    }
    return headers;
  }

  /** One request, redirects followed; 2xx → parsed JSON resource, anything else → typed error. */
  async request<T = Record<string, unknown>>(
    method: string,
    url: string,
    body?: unknown,
    opts: RequestOptions = {},
  ): Promise<HalResource<T> & { status: number; headers: Headers }> {
    const idempotent = opts.idempotent ?? (method.toUpperCase() !== 'POST' || this.readOnlyPosts.has(url));
    let text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    let current = { method, url };
    let response: TransportResponse;
    for (let hop = 0; ; hop++) {
      const base: Record<string, string> = {
        Accept: opts.accept ?? 'application/hal+json, application/json;q=0.9, application/problem+json;q=0.8',
      };
      if (text !== undefined) base['Content-Type'] = opts.contentType ?? 'application/json';
      const headers = this.headersFor(current.url, base);
      response = await this.transport({
        method: current.method,
        url: current.url,
        headers,
        idempotent,
        sensitiveHeaders: (this.options.customHeaders ?? []).map(([name]) => name),
        ...(text !== undefined ? { body: text } : {}),
      });
      const location = response.headers.get('location');
      if (!REDIRECTS.has(response.status) || !location) break;
      if (hop >= MAX_REDIRECTS) {
        throw new BrokerResponseError(current.url, `${method} ${url}: more than ${MAX_REDIRECTS} redirects (last to ${location})`, {
          hint: 'Check the broker base URL and the proxy in front of the broker.',
        });
      }
      // As fetch does: 303, and 301/302 after a POST, continue as a GET without the body.
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && current.method === 'POST')) {
        current = { method: 'GET', url: new URL(location, current.url).toString() };
        text = undefined;
      } else {
        current = { method: current.method, url: new URL(location, current.url).toString() };
      }
    }
    const finalUrl = current.url;
    const type = response.headers.get('content-type') ?? '';
    const ok = response.status >= 200 && response.status <= 299;
    const parsed = parseJsonBody(response.text, ok ? opts.parse : undefined);
    if (!ok) {
      const error = brokerHttpError(response.status, current.method, finalUrl, parsed.json, parsed.json === undefined ? response.text : '');
      if (!idempotent && response.status >= 500) throw outcomeUnknown(error);
      throw error;
    }
    if (response.text.trim() !== '' && (parsed.json === undefined || typeof parsed.json !== 'object')) {
      const looksJson = /json/i.test(type) || /^\s*[[{]/.test(response.text);
      throw new BrokerResponseError(
        finalUrl,
        looksJson && parsed.problem
          ? `${current.method} ${finalUrl} answered ${response.status} with JSON that ${parsed.problem}`
          : `${current.method} ${finalUrl} answered ${response.status} with ${type || 'a body'} that is not JSON`,
        {
          hint: /html/i.test(type) || /^\s*</.test(response.text)
            ? 'This looks like an HTML page (an SSO/login page or a proxy?): check the base URL and the credentials.'
            : parsed.truncated
              ? 'The response was cut off on the way (a proxy or a broker restarting?); try again.'
              : 'Check that the base URL points at a Pact Broker.',
        },
      );
    }
    const resource = new HalResource<T>(finalUrl, (parsed.json ?? {}) as never) as HalResource<T> & { status: number; headers: Headers };
    resource.status = response.status;
    resource.headers = response.headers;
    return resource;
  }

  get<T = Record<string, unknown>>(url: string, opts?: RequestOptions) {
    return this.request<T>('GET', url, undefined, opts);
  }
  /** Not retried once it may have arrived, unless `opts.idempotent` (see RequestOptions). */
  post<T = Record<string, unknown>>(url: string, body: unknown, opts?: RequestOptions) {
    return this.request<T>('POST', url, body, opts);
  }
  put<T = Record<string, unknown>>(url: string, body: unknown, opts?: RequestOptions) {
    return this.request<T>('PUT', url, body, opts);
  }
  patch<T = Record<string, unknown>>(url: string, body: unknown, opts: RequestOptions = { contentType: 'application/merge-patch+json' }) {
    return this.request<T>('PATCH', url, body, opts);
  }
  delete<T = Record<string, unknown>>(url: string) {
    return this.request<T>('DELETE', url);
  }

  /** The index, fetched once. Warns when the broker's idea of its own URL differs from ours. */
  index(): Promise<HalResource> {
    this.indexPromise ??= this.get(this.baseUrl).then((index) => {
      this.brokerVersion = index.headers.get('x-pact-broker-version') ?? undefined;
      const self = index.links('self')[0]?.href;
      if (self && trimSlash(self) !== this.baseUrl) {
        this.options.warn?.(
          `the broker says its base URL is ${trimSlash(self)} but it was called as ${this.baseUrl}: links will point there. ` +
            'Check the broker base URL, or the broker/proxy configuration (PACT_BROKER_BASE_URL on the broker, X-Forwarded-* headers).',
        );
      }
      return index;
    });
    return this.indexPromise;
  }

  /** `follow('pb:pacticipant', {pacticipant: 'Foo'})`: expand an index relation and GET it. */
  async follow<T = Record<string, unknown>>(rel: string, params: Record<string, string | number | boolean> = {}) {
    const index = await this.index();
    return this.get<T>(index.href(rel, params));
  }

  /** Expanded href of an index relation. */
  async href(rel: string, params: Record<string, string | number | boolean> = {}): Promise<string> {
    const url = (await this.index()).href(rel, params);
    if (READ_ONLY_POST_RELATIONS.has(rel)) this.readOnlyPosts.add(url);
    return url;
  }

  /** The matrix has no relation: it lives under the index's self href. */
  async matrixUrl(): Promise<string> {
    const index = await this.index();
    return `${trimSlash(index.links('self')[0]?.href ?? this.baseUrl)}/matrix`;
  }
}

function outcomeUnknown(error: BrokerHttpError): BrokerOutcomeUnknownError {
  return new BrokerOutcomeUnknownError(error.method, error.url, `the broker answered ${error.status}${error.problems.length === 1 ? ` (${error.problems[0]})` : ''}`, {
    status: error.status,
    details: error.problems.length > 1 ? error.problems : [],
    cause: error,
  });
}

/** JSON.parse, and when it fails, where: a body cut off early says at which byte. */
function parseJsonBody(text: string, parse: (text: string) => unknown = JSON.parse): { json?: unknown; problem?: string; truncated?: boolean } {
  if (text.trim() === '') return {};
  try {
    return { json: parse(text) };
  } catch (error) {
    let found: { offset: number; reason: string } | undefined;
    try {
      found = findJsonError(text);
    } catch {
      found = undefined; // nesting too deep for the scanner: V8's own message will do
    }
    const bytes = Buffer.byteLength(text);
    if (found && (found.offset >= text.length || found.reason === 'unterminated string')) return { problem: `is truncated: it ends at byte ${bytes} in the middle of a value`, truncated: true };
    if (found) return { problem: `is not valid at byte ${Buffer.byteLength(text.slice(0, found.offset))} of ${bytes}: ${found.reason}` };
    return { problem: `is not valid: ${(error as Error).message.slice(0, 200)}` };
  }
}
