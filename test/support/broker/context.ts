/** What a route handler gets, and how routes are declared. */
import type { Urls } from './hal.js';
import type { Reply } from './http.js';
import type { BrokerState } from './state.js';

export interface ResolvedOptions {
  legacy: boolean;
  omitRelations: string[];
  brokerVersion: string;
  /** Which webhook targets the broker accepts (pact_broker's webhook_*_whitelist settings). */
  webhookWhitelist: WebhookWhitelist;
  /** Serve `/pacts/provider/{provider}/provider-states` (pact_broker >= 2.113.0). */
  providerStatesResource: boolean;
}

export interface WebhookWhitelist {
  /** Host names, `*.domain` wildcards, IPs or CIDR ranges; empty = any host (and responses hidden). */
  hosts: string[];
  schemes: string[];
  methods: string[];
}

export interface Ctx {
  method: string;
  /** Decoded path parameters (`:name` segments of the route). */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The raw query string without `?` (for Rack-style nested parsing). */
  rawQuery: string;
  headers: Record<string, string>;
  body: string;
  /** Parsed JSON body; undefined when there was no body. */
  json: unknown;
  state: BrokerState;
  urls: Urls;
  options: ResolvedOptions;
}

/** Most handlers answer at once; webhook execution awaits the target. */
export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

export interface Route {
  method: string;
  /** Segments separated by `/`; `:name` captures one decoded segment. Empty string = the index. */
  path: string;
  handler: Handler;
  /** Accepted request content types (prefix match); default: any JSON type. 415 otherwise. */
  contentTypes?: string[];
}

export function param(ctx: Ctx, name: string): string {
  const value = ctx.params[name];
  if (value === undefined) throw new Error(`route has no :${name}`);
  return value;
}
