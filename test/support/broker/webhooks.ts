/**
 * Webhooks (broker-api.md section 10): validation with every message at once, the HAL
 * representation (secrets shown as `**********`), template rendering, and execution — a real HTTP
 * request to the target, reported the way pact_broker's execution resource does.
 *
 * Simplifications: the host whitelist knows exact names, `*.domain` wildcards and IPv4 CIDR ranges
 * (no regexes); events run one after another in the background; there are no triggered-webhook
 * resources, only `state.webhookExecutions`.
 */
import type { WebhookWhitelist } from './context.js';
import type { Urls } from './hal.js';
import { isNonBlankString, isRecord, Problems } from './http.js';
import { encodeMetadata } from './metadata.js';
import type {
  BrokerEvent,
  BrokerState,
  PactPublication,
  PacticipantVersion,
  VerificationRecord,
  Webhook,
  WebhookExecution,
  WebhookPacticipant,
  WebhookRequest,
} from './state.js';
import { WEBHOOK_EVENT_NAMES } from './state.js';

export const REDACTED = '**********';

/** Header names whose values pact_broker never shows. */
const SECRET_HEADER = /authorization|token/i;

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE'];

const WHITELIST_DOC = 'See /doc/webhooks#whitelist for more information.';

// ---- validation -------------------------------------------------------------------------------

export interface WebhookInput {
  description?: string;
  consumer?: WebhookPacticipant;
  provider?: WebhookPacticipant;
  enabled: boolean;
  events: string[];
  request: WebhookRequest;
}

/** A uuid chosen by the client (PUT): pact_broker wants 16+ characters of A-Z a-z 0-9 _ -. */
export function uuidProblem(uuid: string): string | undefined {
  return /^[A-Za-z0-9_-]{16,}$/.test(uuid) ? undefined : 'must be at least 16 characters long and contain only letters, numbers, underscores and dashes';
}

function renderWithPlaceholder(text: string, placeholder: string): string {
  return text.replace(/\$\{pactbroker\.[A-Za-z]+\}/g, placeholder);
}

function hostAllowed(host: string, whitelist: string[]): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return whitelist.some((entry) => {
    const e = entry.toLowerCase();
    if (e.startsWith('*.')) {
      const domain = e.slice(2);
      return h.endsWith(`.${domain}`) && !h.slice(0, -domain.length - 1).includes('.');
    }
    const cidr = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(e);
    if (cidr) return inCidr(h, cidr[1] as string, Number(cidr[2]));
    return h === e;
  });
}

function ipv4(text: string): number | undefined {
  const parts = text.split('.').map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isInteger(n) || n < 0 || n > 255)) return undefined;
  return parts.reduce((acc, n) => acc * 256 + n, 0);
}

function inCidr(host: string, network: string, bits: number): boolean {
  const [h, n] = [ipv4(host), ipv4(network)];
  if (h === undefined || n === undefined) return false;
  const size = 2 ** (32 - bits);
  return Math.floor(h / size) === Math.floor(n / size);
}

function validatePacticipant(role: 'consumer' | 'provider', value: unknown, state: BrokerState, problems: Problems): WebhookPacticipant | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) {
    problems.add(role, 'must be an object');
    return undefined;
  }
  const name = value['name'];
  const label = value['label'];
  const hasName = isNonBlankString(name);
  const hasLabel = isNonBlankString(label);
  if (!hasName && !hasLabel) problems.add(role, 'cannot be blank.');
  if (hasName && hasLabel) problems.add(`${role}.label`, 'name and label cannot be provided at the same time');
  if (hasName && !state.pacticipant(name)) problems.add(`${role}.name`, 'does not match an existing pacticipant');
  return { ...(hasName ? { name } : {}), ...(hasLabel ? { label } : {}) };
}

function validateRequest(value: unknown, whitelist: WebhookWhitelist, problems: Problems): WebhookRequest | undefined {
  if (value === undefined || value === null) {
    problems.add('request', 'is missing');
    return undefined;
  }
  if (!isRecord(value)) {
    problems.add('request', 'must be an object');
    return undefined;
  }
  const method = value['method'];
  const url = value['url'];
  if (!isNonBlankString(method)) problems.add('request.method', 'is missing');
  else if (!HTTP_METHODS.includes(method.toUpperCase())) problems.add('request.method', `Invalid HTTP method '${method}'`);
  else if (!whitelist.methods.some((m) => m.toUpperCase() === method.toUpperCase())) {
    problems.add(
      'request.method',
      whitelist.methods.length === 1 ? `must be ${whitelist.methods[0]}. ${WHITELIST_DOC}` : `must be one of ${whitelist.methods.join(', ')}. ${WHITELIST_DOC}`,
    );
  }
  if (!isNonBlankString(url)) problems.add('request.url', 'is missing');
  else {
    let parsed: URL | undefined;
    try {
      parsed = new URL(renderWithPlaceholder(url, 'placeholder'));
    } catch {
      parsed = undefined;
    }
    if (!parsed || !parsed.hostname) problems.add('request.url', `Invalid URL '${url}'. Expected format: http://example.org`);
    else if (new URL(renderWithPlaceholder(url, 'differentplaceholder')).hostname !== parsed.hostname) {
      problems.add('request.url', 'cannot have a template parameter in the host');
    } else if (!whitelist.schemes.includes(parsed.protocol.replace(/:$/, ''))) {
      problems.add('request.url', `scheme must be ${whitelist.schemes.join(', ')}. ${WHITELIST_DOC}`);
    } else if (whitelist.hosts.length > 0 && !hostAllowed(parsed.hostname, whitelist.hosts)) {
      problems.add('request.url', `host must be in the whitelist ${whitelist.hosts.map((h) => JSON.stringify(h)).join(', ')}. ${WHITELIST_DOC}`);
    }
  }
  const headers = value['headers'];
  if (headers !== undefined && headers !== null && !(isRecord(headers) && Object.values(headers).every((v) => typeof v === 'string'))) {
    problems.add('request.headers', 'must be an object of string values');
  }
  for (const key of ['username', 'password'] as const) {
    const v = value[key];
    if (v !== undefined && v !== null && typeof v !== 'string') problems.add(`request.${key}`, 'must be a string');
  }
  const out: WebhookRequest = { method: typeof method === 'string' ? method.toUpperCase() : '', url: typeof url === 'string' ? url : '' };
  if (isRecord(headers) && Object.keys(headers).length > 0) out.headers = headers as Record<string, string>;
  if (value['body'] !== undefined && value['body'] !== null) out.body = value['body'];
  if (typeof value['username'] === 'string' && value['username'] !== '') out.username = value['username'];
  if (typeof value['password'] === 'string') out.password = value['password'];
  return out;
}

/** Every problem at once, like the broker: `{errors: {"request.url": [...], "events": [...]}}`. */
export function validateWebhook(body: unknown, state: BrokerState, whitelist: WebhookWhitelist, problems: Problems): WebhookInput | undefined {
  if (!isRecord(body)) {
    problems.add('body', 'must be a JSON object');
    return undefined;
  }
  const consumer = validatePacticipant('consumer', body['consumer'], state, problems);
  const provider = validatePacticipant('provider', body['provider'], state, problems);
  const request = validateRequest(body['request'], whitelist, problems);
  const events: string[] = [];
  const rawEvents = body['events'];
  if (rawEvents !== undefined && rawEvents !== null && !Array.isArray(rawEvents)) problems.add('events', 'must be an array');
  else if (Array.isArray(rawEvents)) {
    if (rawEvents.length === 0) problems.add('events', 'size cannot be less than 1');
    rawEvents.forEach((e: unknown, i) => {
      const name = isRecord(e) ? e['name'] : undefined;
      if (typeof name === 'string' && (WEBHOOK_EVENT_NAMES as readonly string[]).includes(name)) events.push(name);
      else problems.add('events', `name must be one of: ${WEBHOOK_EVENT_NAMES.join(', ')} (at index ${i})`);
    });
  }
  const description = body['description'];
  if (description !== undefined && description !== null && typeof description !== 'string') problems.add('description', 'must be a string');
  const enabled = body['enabled'];
  if (enabled !== undefined && enabled !== null && typeof enabled !== 'boolean') problems.add('enabled', 'must be true or false');
  if (!request) return undefined;
  return {
    ...(typeof description === 'string' && description !== '' ? { description } : {}),
    ...(consumer ? { consumer } : {}),
    ...(provider ? { provider } : {}),
    enabled: enabled !== false,
    // pact_broker defaults a webhook without events to contract_content_changed.
    events: events.length > 0 || Array.isArray(rawEvents) ? events : ['contract_content_changed'],
    request,
  };
}

// ---- representation ---------------------------------------------------------------------------

export function redactHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k] = SECRET_HEADER.test(k) ? REDACTED : v;
  return out;
}

/** "POST 127.0.0.1" — pact_broker's request description, used as the link name in lists. */
export function requestDescription(w: Webhook): string {
  let host = w.request.url;
  try {
    host = new URL(renderWithPlaceholder(w.request.url, 'placeholder')).host;
  } catch {
    /* keep the raw URL */
  }
  return `${w.request.method} ${host}`;
}

function title(w: Webhook): string {
  if (w.description) return w.description;
  const who = [w.consumer?.name ?? (w.consumer?.label ? `label ${w.consumer.label}` : undefined), w.provider?.name ?? (w.provider?.label ? `label ${w.provider.label}` : undefined)];
  return `Webhook for ${who[0] ?? 'any consumer'} and ${who[1] ?? 'any provider'}`;
}

export function webhookResource(urls: Urls, w: Webhook): Record<string, unknown> {
  const request: Record<string, unknown> = { method: w.request.method, url: w.request.url };
  if (w.request.headers) request['headers'] = redactHeaders(w.request.headers);
  if (w.request.body !== undefined) request['body'] = w.request.body;
  if (w.request.username !== undefined) request['username'] = w.request.username;
  if (w.request.password !== undefined) request['password'] = REDACTED;
  const links: Record<string, unknown> = {
    self: { title: title(w), href: urls.webhook(w.uuid) },
    'pb:execute': { title: 'Test the execution of the webhook with the latest matching pact or verification by sending a POST request to this URL', href: urls.webhookExecution(w.uuid) },
    'pb:webhooks': { title: 'All webhooks', href: urls.webhooks() },
  };
  if (w.consumer?.name) links['pb:consumer'] = { title: 'Consumer', name: w.consumer.name, href: urls.pacticipant(w.consumer.name) };
  if (w.provider?.name) links['pb:provider'] = { title: 'Provider', name: w.provider.name, href: urls.pacticipant(w.provider.name) };
  return {
    uuid: w.uuid,
    ...(w.description === undefined ? {} : { description: w.description }),
    ...(w.consumer ? { consumer: w.consumer } : {}),
    ...(w.provider ? { provider: w.provider } : {}),
    enabled: w.enabled,
    request,
    events: w.events.map((name) => ({ name })),
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
    _links: links,
  };
}

export function webhooksResource(urls: Urls, webhooks: Webhook[]): Record<string, unknown> {
  return {
    _links: {
      self: { title: 'Webhooks', href: urls.webhooks() },
      'pb:create': { title: 'POST to create a webhook', href: urls.webhooks() },
      'pb:webhooks': webhooks.map((w) => ({ title: title(w), name: requestDescription(w), href: urls.webhook(w.uuid) })),
    },
  };
}

// ---- what a webhook is about --------------------------------------------------------------------

function matchesParty(state: BrokerState, filter: WebhookPacticipant | undefined, name: string): boolean {
  if (!filter) return true;
  if (filter.name !== undefined) return filter.name === name;
  return filter.label !== undefined && (state.pacticipant(name)?.labels ?? []).includes(filter.label);
}

export function appliesTo(state: BrokerState, w: Webhook, consumer: string, provider: string): boolean {
  return matchesParty(state, w.consumer, consumer) && matchesParty(state, w.provider, provider);
}

/** The values of `${pactbroker.*}` for one run. Unknown parameters are left as written. */
export type TemplateContext = Record<string, string>;

function pactUrl(urls: Urls, pact: PactPublication): string {
  return urls.pactVersion(pact.provider, pact.consumer, pact.sha, encodeMetadata({ cv: [pact.consumerVersion] }));
}

function versionFields(prefix: 'consumer' | 'provider', v: PacticipantVersion | undefined): TemplateContext {
  return {
    [`${prefix}VersionNumber`]: v?.number ?? '',
    [`${prefix}VersionBranch`]: v?.branches.at(-1) ?? '',
    [`${prefix}VersionTags`]: (v?.tags ?? []).join(', '),
  };
}

export function contextFor(
  state: BrokerState,
  urls: Urls,
  eventName: string,
  pact: PactPublication,
  verification?: VerificationRecord,
  providerVersion?: PacticipantVersion,
): TemplateContext {
  const pv = providerVersion ?? (verification ? state.version(pact.provider, verification.providerVersion) : undefined);
  const status = verification === undefined ? undefined : verification.success;
  return {
    pactUrl: pactUrl(urls, pact),
    consumerName: pact.consumer,
    providerName: pact.provider,
    ...versionFields('consumer', state.version(pact.consumer, pact.consumerVersion)),
    ...versionFields('provider', pv),
    consumerLabels: (state.pacticipant(pact.consumer)?.labels ?? []).join(', '),
    providerLabels: (state.pacticipant(pact.provider)?.labels ?? []).join(', '),
    verificationResultUrl: verification ? urls.verification(verification.provider, verification.consumer, verification.sha, verification.number) : '',
    githubVerificationStatus: status === undefined ? 'pending' : status ? 'success' : 'failure',
    bitbucketVerificationStatus: status === undefined ? 'INPROGRESS' : status ? 'SUCCESSFUL' : 'FAILED',
    eventName,
  };
}

/** For pb:execute: the latest matching pact (and its latest verification), or placeholders. */
export function testContext(state: BrokerState, urls: Urls, w: Webhook): TemplateContext {
  const pact = state.pacts
    .filter((p) => appliesTo(state, w, p.consumer, p.provider))
    .sort((a, b) => (state.version(a.consumer, a.consumerVersion)?.order ?? 0) - (state.version(b.consumer, b.consumerVersion)?.order ?? 0))
    .at(-1);
  const eventName = w.events[0] ?? 'contract_content_changed';
  if (pact) return contextFor(state, urls, eventName, pact, state.verificationOf(pact.provider, pact.sha));
  const consumer = w.consumer?.name ?? 'placeholder-consumer';
  const provider = w.provider?.name ?? 'placeholder-provider';
  return {
    pactUrl: `${urls.integration(provider, consumer)}/version/placeholder-consumer-version`,
    consumerName: consumer,
    providerName: provider,
    consumerVersionNumber: 'placeholder-consumer-version',
    consumerVersionBranch: 'placeholder-consumer-branch',
    consumerVersionTags: '',
    providerVersionNumber: 'placeholder-provider-version',
    providerVersionBranch: 'placeholder-provider-branch',
    providerVersionTags: '',
    consumerLabels: '',
    providerLabels: '',
    verificationResultUrl: '',
    githubVerificationStatus: 'pending',
    bitbucketVerificationStatus: 'INPROGRESS',
    eventName,
  };
}

export function render(text: string, context: TemplateContext, escape: (v: string) => string = (v) => v): string {
  return text.replace(/\$\{pactbroker\.([A-Za-z]+)\}/g, (whole, name: string) => (Object.hasOwn(context, name) ? escape(context[name] as string) : whole));
}

function renderJson(value: unknown, context: TemplateContext): unknown {
  if (typeof value === 'string') return render(value, context);
  if (Array.isArray(value)) return value.map((v) => renderJson(v, context));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderJson(v, context)]));
  return value;
}

// ---- execution ---------------------------------------------------------------------------------

export interface ExecutionOutcome {
  execution: WebhookExecution;
  /** Whether the broker shows the target's response (it does only with a host whitelist). */
  showResponse: boolean;
}

const stamp = () => `[${new Date().toISOString()}]`;

/** Sends the request now. Never throws: a failure is an unsuccessful execution with an error. */
export async function executeWebhook(
  w: Webhook,
  context: TemplateContext,
  whitelist: WebhookWhitelist,
  trigger: WebhookExecution['trigger'],
): Promise<ExecutionOutcome> {
  const url = render(w.request.url, context, encodeURIComponent);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(w.request.headers ?? {})) headers[k] = render(v, context);
  let body: string | undefined;
  if (w.request.body !== undefined) {
    body = typeof w.request.body === 'string' ? render(w.request.body, context) : JSON.stringify(renderJson(w.request.body, context));
  }
  if (w.request.username !== undefined) {
    headers['Authorization'] = `Basic ${Buffer.from(`${w.request.username}:${w.request.password ?? ''}`).toString('base64')}`;
  }
  const shownHeaders = redactHeaders(headers);
  const showResponse = whitelist.hosts.length > 0;
  const logs: string[] = [`${stamp()} INFO: HTTP/1.1 ${w.request.method} ${url}`];
  for (const [k, v] of Object.entries(shownHeaders)) logs.push(`${stamp()} INFO: ${k}: ${v}`);
  if (body !== undefined) logs.push(`${stamp()} INFO: ${body}`);
  const execution: WebhookExecution = {
    webhookUuid: w.uuid,
    trigger,
    eventName: context['eventName'] ?? '',
    request: { method: w.request.method, url, headers: shownHeaders, ...(body === undefined ? {} : { body }) },
    success: false,
    logs: '',
    at: new Date(),
  };
  try {
    const res = await fetch(url, {
      method: w.request.method,
      headers,
      ...(body === undefined || ['GET', 'HEAD'].includes(w.request.method) ? {} : { body }),
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    const resHeaders: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      resHeaders[k] = v;
    });
    execution.response = { status: res.status, headers: resHeaders, body: text };
    execution.success = res.status >= 200 && res.status < 300;
    if (showResponse) {
      logs.push(`${stamp()} INFO: HTTP/1.1 ${res.status} ${res.statusText}`);
      for (const [k, v] of Object.entries(resHeaders)) logs.push(`${stamp()} INFO: ${k}: ${v}`);
      if (text !== '') logs.push(`${stamp()} INFO: ${text}`);
    } else {
      logs.push(`${stamp()} INFO: Webhook response has been redacted temporarily for security purposes. Please see the Pact Broker application logs for the response body.`);
    }
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    execution.error = `${cause?.code ?? (error as Error).name}: ${cause?.message ?? (error as Error).message}`;
    logs.push(`${stamp()} ERROR: Error executing webhook ${execution.error}`);
  }
  logs.push(`${stamp()} INFO: Webhook execution ${execution.success ? 'successful' : 'failed'}`);
  execution.logs = logs.join('\n');
  return { execution, showResponse };
}

function parseMaybeJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The body of POST pb:execute. */
export function executionResource(urls: Urls, outcome: ExecutionOutcome): Record<string, unknown> {
  const { execution: e, showResponse } = outcome;
  const out: Record<string, unknown> = {
    request: { headers: e.request.headers, body: parseMaybeJson(e.request.body) ?? null, url: e.request.url },
  };
  if (showResponse) {
    if (e.response) out['response'] = { status: e.response.status, headers: e.response.headers, body: parseMaybeJson(e.response.body) };
    if (e.error) out['error'] = { message: e.error };
  } else {
    out['message'] = `Webhook response has been redacted temporarily for security purposes. Please see the Pact Broker application logs for the response body. (The host whitelist at ${urls.base}/doc/webhooks#whitelist is empty.)`;
  }
  out['logs'] = e.logs;
  out['success'] = e.success;
  out['_links'] = {
    webhook: { href: urls.webhook(e.webhookUuid) },
    'try-again': { title: 'Execute the webhook again', href: urls.webhookExecution(e.webhookUuid) },
  };
  return out;
}

// ---- events ------------------------------------------------------------------------------------

/** Provider versions that must verify a new pact: the main-branch head and every deployed/released version. */
function requiredProviderVersions(state: BrokerState, pact: PactPublication): PacticipantVersion[] {
  const provider = pact.provider;
  const found: PacticipantVersion[] = [];
  const main = state.pacticipant(provider)?.mainBranch;
  const head = main === undefined ? undefined : state.latestVersion(provider, (v) => v.branches.includes(main));
  if (head) found.push(head);
  for (const v of state.versionsInEnvironment(provider, undefined, 'either')) if (!found.includes(v)) found.push(v);
  return found.filter((v) => !state.verifications.some((x) => x.provider === provider && x.sha === pact.sha && x.providerVersion === v.number && x.success));
}

/** The runs an event causes: one per matching enabled webhook (and per required provider version). */
export function runsFor(state: BrokerState, urls: Urls, event: BrokerEvent): { webhook: Webhook; context: TemplateContext }[] {
  const runs: { webhook: Webhook; context: TemplateContext }[] = [];
  if (event.kind === 'pact-published') {
    const { pact } = event;
    for (const w of state.webhooks.filter((x) => x.enabled && appliesTo(state, x, pact.consumer, pact.provider))) {
      if (w.events.includes('contract_published')) runs.push({ webhook: w, context: contextFor(state, urls, 'contract_published', pact) });
      if (event.contentChanged && w.events.includes('contract_content_changed')) {
        runs.push({ webhook: w, context: contextFor(state, urls, 'contract_content_changed', pact) });
      }
      if (event.contentChanged && w.events.includes('contract_requiring_verification_published')) {
        for (const pv of requiredProviderVersions(state, pact)) {
          runs.push({ webhook: w, context: contextFor(state, urls, 'contract_requiring_verification_published', pact, undefined, pv) });
        }
      }
    }
    return runs;
  }
  const v = event.verification;
  const pact = state.pactsBySha(v.consumer, v.provider, v.sha).at(-1);
  if (!pact) return runs;
  for (const w of state.webhooks.filter((x) => x.enabled && appliesTo(state, x, v.consumer, v.provider))) {
    const names = ['provider_verification_published', v.success ? 'provider_verification_succeeded' : 'provider_verification_failed'];
    for (const name of names) if (w.events.includes(name)) runs.push({ webhook: w, context: contextFor(state, urls, name, pact, v) });
  }
  return runs;
}
