/**
 * Webhooks on the broker: create (POST pb:webhooks), create-or-update (PUT pb:webhook with our
 * uuid: 201 created, 200 updated), read, list, delete, and execute now (POST the webhook's pb:execute).
 * Every document that leaves here has its secrets masked, whatever the broker sent.
 */
import type { BrokerClient } from '../broker/client.js';
import { BrokerHttpError, BrokerNotFoundError, MissingRelationError } from '../broker/errors.js';
import type { HalResource } from '../broker/hal.js';
import { PactshipError, type PactshipErrorOptions } from '../errors.js';
import { isSecretHeader } from '../secret-headers.js';
import { MASK, webhookBody, type WebhookSpec } from './spec.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The broker refused the webhook (400): every `field: message` it gave. */
export class WebhookRejectedError extends PactshipError {
  override readonly code: string = 'WEBHOOK_REJECTED';
  constructor(
    message: string,
    readonly problems: string[],
    options: PactshipErrorOptions = {},
  ) {
    super(message, { ...options, details: problems });
  }
}

export class UnknownWebhookError extends PactshipError {
  override readonly code: string = 'UNKNOWN_WEBHOOK';
}

/** Masks the password and secret header values in a webhook (or execution) document, at any depth. */
export function maskSecrets<T>(value: T): T {
  const walk = (v: unknown, key?: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (isObj(v)) {
      const out: Obj = {};
      for (const [k, x] of Object.entries(v)) {
        if (k === 'password' && typeof x === 'string') out[k] = MASK;
        else if (k === 'headers' && isObj(x)) out[k] = Object.fromEntries(Object.entries(x).map(([h, hv]) => [h, isSecretHeader(h) && hv !== '' ? MASK : walk(hv)]));
        else out[k] = walk(x, k);
      }
      return out;
    }
    // Execution logs print headers as `Name: value` lines.
    if (typeof v === 'string' && key === 'logs') {
      return v.replace(/\b([\w-]*(?:authorization|token|api[-_]?key|secret|password|cookie)[\w-]*)("?\s*:\s*)([^\r\n]+)/gi, (_m, name: string, sep: string) => `${name}${sep}${MASK}`);
    }
    return v;
  };
  return walk(value) as T;
}

export interface WebhookInfo {
  uuid: string;
  description?: string;
  /** The broker's URL of this webhook. */
  url: string;
  consumer?: string;
  provider?: string;
  events: string[];
  enabled: boolean;
  request: { method: string; url: string };
  /** The broker's document, secrets masked. */
  document: Obj;
}

function party(v: unknown): string | undefined {
  if (!isObj(v)) return undefined;
  return str(v.name) ?? (str(v.label) ? `label:${str(v.label)}` : undefined);
}

export function toWebhookInfo(res: HalResource): WebhookInfo {
  const d = res.data as Obj;
  const self = res.links('self')[0]?.href ?? res.url;
  const request = isObj(d.request) ? d.request : {};
  const info: WebhookInfo = {
    uuid: str(d.uuid) ?? decodeURIComponent(new URL(self).pathname.split('/').filter(Boolean).at(-1) ?? '?'),
    url: self,
    events: (Array.isArray(d.events) ? d.events : []).map((e) => (isObj(e) ? str(e.name) : undefined)).filter((e): e is string => !!e),
    enabled: d.enabled !== false,
    request: { method: str(request.method) ?? '?', url: str(request.url) ?? '?' },
    document: maskSecrets(d),
  };
  if (str(d.description)) info.description = str(d.description) as string;
  const consumer = party(d.consumer);
  const provider = party(d.provider);
  if (consumer) info.consumer = consumer;
  if (provider) info.provider = provider;
  return info;
}

function rejected(error: BrokerHttpError, what: string): WebhookRejectedError {
  const whitelist = error.problems.some((p) => /whitelist/i.test(p));
  const pacticipant = error.problems.some((p) => /existing pacticipant/i.test(p));
  const hints = [
    whitelist ? "The broker's webhook whitelist decides which schemes, hosts and methods are allowed (pact_broker settings webhook_scheme_whitelist, webhook_host_whitelist, webhook_http_method_whitelist); ask the broker's administrators, or target an allowed host." : '',
    pacticipant ? 'A consumer or provider named in a webhook must already exist in the broker (names are case-sensitive): publish a pact or run pactship create-or-update-pacticipant first.' : '',
  ].filter(Boolean);
  // problem+json pointers (`/request/url`) read better as the broker's field names (`request.url`).
  const problems = error.problems.map((p) => p.replace(/^\/([^:\s]*): /, (_m, ptr: string) => `${ptr.replace(/\//g, '.')}: `));
  return new WebhookRejectedError(`the Pact Broker rejected the webhook (${error.status} to ${error.method} ${what})`, problems.length ? problems : [error.message], {
    hint: hints.join(' ') || 'The messages above come from the broker and name the fields to fix.',
    cause: error,
  });
}

async function send(client: BrokerClient, method: 'POST' | 'PUT', url: string, spec: WebhookSpec): Promise<HalResource & { status: number }> {
  try {
    return await client.request(method, url, webhookBody(spec));
  } catch (error) {
    if (error instanceof BrokerHttpError && error.status === 400) throw rejected(error, url);
    throw error;
  }
}

export interface SavedWebhook extends WebhookInfo {
  action: 'created' | 'updated';
}

export async function createWebhook(client: BrokerClient, spec: WebhookSpec): Promise<SavedWebhook> {
  const res = await send(client, 'POST', await client.href('pb:webhooks'), spec);
  return { ...toWebhookInfo(res), action: 'created' };
}

export async function createOrUpdateWebhook(client: BrokerClient, uuid: string, spec: WebhookSpec): Promise<SavedWebhook> {
  const index = await client.index();
  if (!index.can('pb:webhook')) {
    throw new PactshipError('this Pact Broker cannot create a webhook with a chosen uuid (its index has no pb:webhook relation)', {
      details: new MissingRelationError('pb:webhook', index.url, index.relations).details,
      hint: 'It needs pact_broker >= 2.49.0; upgrade the broker, or use pactship create-webhook (the broker then picks the uuid).',
    });
  }
  const res = await send(client, 'PUT', index.href('pb:webhook', { uuid }), spec);
  return { ...toWebhookInfo(res), action: res.status === 201 ? 'created' : 'updated' };
}

/** GET the webhook; a 404 names the uuid and how to list the ones that exist. */
export async function getWebhook(client: BrokerClient, uuid: string): Promise<HalResource> {
  try {
    return await client.follow('pb:webhook', { uuid });
  } catch (error) {
    if (error instanceof BrokerNotFoundError) {
      throw new UnknownWebhookError(`the Pact Broker has no webhook with uuid '${uuid}'`, {
        hint: 'List the webhooks and their uuids with: pactship list-webhooks',
        cause: error,
      });
    }
    throw error;
  }
}

export async function deleteWebhook(client: BrokerClient, uuid: string): Promise<WebhookInfo> {
  const res = await getWebhook(client, uuid);
  await client.delete(res.links('self')[0]?.href ?? res.url);
  return toWebhookInfo(res);
}

/** Every webhook, read one by one: the list resource only links them. */
export async function listWebhooks(client: BrokerClient): Promise<WebhookInfo[]> {
  const list = await client.follow('pb:webhooks');
  const links = list.links('pb:webhooks');
  const out: WebhookInfo[] = [];
  for (const link of links) out.push(toWebhookInfo(await client.get(link.href)));
  return out;
}

export interface WebhookTestReport {
  webhook: WebhookInfo;
  success: boolean;
  request: { method: string; url: string; headers: Record<string, string>; body?: unknown };
  /** Absent when the broker hides it (no host whitelist) or the request failed. */
  response?: { status: number; headers: Record<string, string>; body?: unknown };
  /** Why the response is not shown, when the broker says. */
  message?: string;
  error?: string;
  logs: string;
  /** The broker's execution document, secrets masked. */
  document: Obj;
}

function stringMap(v: unknown): Record<string, string> {
  if (!isObj(v)) return {};
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, Array.isArray(x) ? x.join(', ') : String(x)]));
}

/** Runs the webhook now (POST pb:execute): the broker sends the request and reports what happened. */
export async function testWebhook(client: BrokerClient, uuid: string): Promise<WebhookTestReport> {
  const res = await getWebhook(client, uuid);
  const webhook = toWebhookInfo(res);
  const execute = res.can('pb:execute') ? res.href('pb:execute') : res.href('execute');
  const result = await client.post(execute, undefined);
  const d = maskSecrets(result.data as Obj);
  const req = isObj(d.request) ? d.request : {};
  const response = isObj(d.response) ? d.response : undefined;
  const error = isObj(d.error) ? str(d.error.message) : str(d.error);
  const report: WebhookTestReport = {
    webhook,
    success: d.success === true,
    request: {
      method: webhook.request.method,
      url: str(req.url) ?? webhook.request.url,
      headers: stringMap(req.headers),
      ...(req.body !== undefined && req.body !== null ? { body: req.body } : {}),
    },
    logs: str(d.logs) ?? '',
    document: d,
  };
  if (response && typeof response.status === 'number') {
    report.response = { status: response.status, headers: stringMap(response.headers), ...(response.body !== undefined ? { body: response.body } : {}) };
  }
  if (str(d.message)) report.message = str(d.message) as string;
  if (error) report.error = error;
  return report;
}
