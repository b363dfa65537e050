/**
 * The Pact Broker client: starts at the index and follows HAL links, never a hard-coded path.
 * Credentials go only to the broker's own origin; every non-2xx becomes a typed error carrying
 * the broker's message.
 */
import { BrokerResponseError, brokerHttpError } from './errors.js';
import { HalResource } from './hal.js';
import { createTransport, type FetchLike, type Transport } from './transport.js';

export interface BrokerClientOptions {
  baseUrl: string;
  token?: string;
  username?: string;
  password?: string;
  retries?: number;
  timeoutMs?: number;
  caFile?: string;
  fetch?: FetchLike;
  sleep?: (ms: number) => Promise<void>;
  /** Verbose wire log (already-redacting sink). */
  log?: (line: string) => void;
  /** Warnings the user should see (e.g. misconfigured base URL). */
  warn?: (message: string) => void;
  env?: NodeJS.ProcessEnv;
  /** Injected transport (tests); otherwise built from the options above. */
  transport?: Transport;
}

export interface RequestOptions {
  contentType?: string;
  /** Extra Accept types, e.g. problem+json. */
  accept?: string;
}

const trimSlash = (s: string) => s.replace(/\/+$/, '');

export class BrokerClient {
  readonly baseUrl: string;
  private readonly origin: string;
  private readonly transport: Transport;
  private indexPromise: Promise<HalResource> | undefined;
  /** Response header of the last index fetch (used by doctor). */
  brokerVersion: string | undefined;

  constructor(private readonly options: BrokerClientOptions) {
    this.baseUrl = trimSlash(options.baseUrl);
    this.origin = new URL(this.baseUrl).origin;
    this.transport =
      options.transport ??
      createTransport({
        retries: options.retries ?? 4,
        timeoutMs: options.timeoutMs ?? 30_000,
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(options.sleep ? { sleep: options.sleep } : {}),
        ...(options.log ? { log: options.log } : {}),
        ...(options.caFile ? { caFile: options.caFile } : {}),
        ...(options.env ? { env: options.env } : {}),
      });
  }

  get authKind(): 'bearer' | 'basic' | 'none' {
    return this.options.token ? 'bearer' : this.options.username ? 'basic' : 'none';
  }

  private authHeader(url: string): Record<string, string> {
    if (new URL(url).origin !== this.origin) return {};
    if (this.options.token) return { Authorization: `Bearer ${this.options.token}` };
    if (this.options.username !== undefined && this.options.password !== undefined) {
      return { Authorization: `Basic ${Buffer.from(`${this.options.username}:${this.options.password}`).toString('base64')}` };
    }
    return {};
  }

  /** One request; 2xx → parsed JSON resource, anything else → typed error. */
  async request<T = Record<string, unknown>>(
    method: string,
    url: string,
    body?: unknown,
    opts: RequestOptions = {},
  ): Promise<HalResource<T> & { status: number; headers: Headers }> {
    const headers: Record<string, string> = {
      Accept: opts.accept ?? 'application/hal+json, application/json;q=0.9, application/problem+json;q=0.8',
      ...this.authHeader(url),
    };
    if (body !== undefined) headers['Content-Type'] = opts.contentType ?? 'application/json';
    const response = await this.transport({
      method,
      url,
      headers,
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    let json: unknown;
    const type = response.headers.get('content-type') ?? '';
    if (response.text.trim() !== '') {
      try {
        json = JSON.parse(response.text);
      } catch {
        json = undefined;
      }
    }
    if (response.status < 200 || response.status > 299) {
      throw brokerHttpError(response.status, method, url, json, json === undefined ? response.text : '');
    }
    if (response.text.trim() !== '' && (json === undefined || typeof json !== 'object')) {
      throw new BrokerResponseError(url, `${method} ${url} answered ${response.status} with ${type || 'a body'} that is not JSON`, {
        hint: /html/i.test(type) || /^\s*</.test(response.text)
          ? 'This looks like an HTML page (an SSO/login page or a proxy?): check the base URL and the credentials.'
          : 'Check that the base URL points at a Pact Broker.',
      });
    }
    const resource = new HalResource<T>(url, (json ?? {}) as never) as HalResource<T> & { status: number; headers: Headers };
    resource.status = response.status;
    resource.headers = response.headers;
    return resource;
  }

  get<T = Record<string, unknown>>(url: string, opts?: RequestOptions) {
    return this.request<T>('GET', url, undefined, opts);
  }
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
    return (await this.index()).href(rel, params);
  }

  /** The matrix has no relation: it lives under the index's self href. */
  async matrixUrl(): Promise<string> {
    const index = await this.index();
    return `${trimSlash(index.links('self')[0]?.href ?? this.baseUrl)}/matrix`;
  }
}
