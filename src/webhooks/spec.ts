/**
 * From curl-like switches (the Ruby `pact-broker create-webhook` ones) to the webhook body the
 * broker takes. Pure: the `-d @file` reader is injected. Every problem is reported at once.
 */
import { UsageError } from '../errors.js';
import { isSecretHeader } from '../secret-headers.js';

/** One switch per broker event, in the order the help lists them. */
export const WEBHOOK_EVENTS = [
  { flag: 'contract-published', event: 'contract_published', help: 'when a pact is published' },
  { flag: 'contract-content-changed', event: 'contract_content_changed', help: 'when the content of a pact changes' },
  {
    flag: 'contract-requiring-verification-published',
    event: 'contract_requiring_verification_published',
    help: 'when a pact is published that a provider version (main branch head, deployed or released) has not verified yet; once per such version',
  },
  { flag: 'provider-verification-published', event: 'provider_verification_published', help: 'when a verification result is published' },
  { flag: 'provider-verification-succeeded', event: 'provider_verification_succeeded', help: 'when a successful verification result is published' },
  { flag: 'provider-verification-failed', event: 'provider_verification_failed', help: 'when a failed verification result is published' },
] as const;

export type WebhookEventName = (typeof WEBHOOK_EVENTS)[number]['event'];

export interface WebhookFlags {
  request?: string;
  header?: string[];
  data?: string;
  user?: string;
  consumer?: string;
  consumerLabel?: string;
  provider?: string;
  providerLabel?: string;
  description?: string;
  contractPublished?: boolean;
  contractContentChanged?: boolean;
  contractRequiringVerificationPublished?: boolean;
  providerVerificationPublished?: boolean;
  providerVerificationSucceeded?: boolean;
  providerVerificationFailed?: boolean;
}

/** `{name}` or `{label}` (labels need a broker that supports them; it says so if not). */
export type WebhookParty = { name: string } | { label: string };

export interface WebhookSpec {
  description?: string;
  consumer?: WebhookParty;
  provider?: WebhookParty;
  events: WebhookEventName[];
  request: {
    method: string;
    url: string;
    headers: Record<string, string>;
    /** JSON when `-d` parsed as JSON, else the string as given. */
    body?: unknown;
    username?: string;
    password?: string;
  };
}


export const MASK = '**********';

const camel = (flag: string) => flag.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase()) as keyof WebhookFlags;

export interface SpecInput {
  url: string;
  flags: WebhookFlags;
  /** Reads `-d @file` (relative to the working directory); throws with a message when it cannot. */
  readFile: (path: string) => string;
}

export function webhookSpec({ url, flags, readFile }: SpecInput): WebhookSpec {
  const problems: string[] = [];
  const events = WEBHOOK_EVENTS.filter((e) => flags[camel(e.flag)] === true).map((e) => e.event);
  if (events.length === 0) {
    problems.push(`choose at least one event: ${WEBHOOK_EVENTS.map((e) => `--${e.flag}`).join(', ')}`);
  }
  const headers: Record<string, string> = {};
  for (const h of flags.header ?? []) {
    const colon = h.indexOf(':');
    const name = colon > 0 ? h.slice(0, colon).trim() : '';
    if (!name) problems.push(`--header '${isSecretHeader(h) ? `${h.split(/[:\s]/)[0]}…` : h}' is not 'Name: value'`);
    else headers[name] = h.slice(colon + 1).trim();
  }
  let username: string | undefined;
  let password: string | undefined;
  if (flags.user !== undefined) {
    const colon = flags.user.indexOf(':');
    if (colon <= 0) problems.push("--user must be 'username:password'");
    else {
      username = flags.user.slice(0, colon);
      password = flags.user.slice(colon + 1);
    }
  }
  let body: unknown;
  if (flags.data !== undefined) {
    let text = flags.data;
    if (text.startsWith('@')) {
      try {
        text = readFile(text.slice(1));
      } catch (error) {
        problems.push(`--data ${flags.data}: cannot read the file: ${(error as Error).message}`);
        text = '';
      }
    }
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  const party = (role: 'consumer' | 'provider'): WebhookParty | undefined => {
    const name = flags[role];
    const label = flags[`${role}Label`];
    if (name !== undefined && label !== undefined) problems.push(`--${role} and --${role}-label cannot be used together`);
    return name !== undefined ? { name } : label !== undefined ? { label } : undefined;
  };
  const consumer = party('consumer');
  const provider = party('provider');
  const method = (flags.request ?? 'POST').toUpperCase();
  if (problems.length > 0) {
    throw new UsageError(problems.length === 1 ? (problems[0] as string) : `${problems.length} problems with the webhook options`, {
      ...(problems.length > 1 ? { details: problems } : {}),
      hint: 'Example: pactship create-webhook https://ci.example.com/hooks -X POST -H "Content-Type: application/json" -d \'{"pactUrl":"${pactbroker.pactUrl}"}\' --provider user-service --contract-requiring-verification-published',
    });
  }
  return {
    ...(flags.description !== undefined ? { description: flags.description } : {}),
    ...(consumer ? { consumer } : {}),
    ...(provider ? { provider } : {}),
    events,
    request: {
      method,
      url,
      headers,
      ...(body !== undefined ? { body } : {}),
      ...(username !== undefined ? { username, password: password ?? '' } : {}),
    },
  };
}

/** The JSON the broker takes (POST pb:webhooks, PUT pb:webhook). */
export function webhookBody(spec: WebhookSpec): Record<string, unknown> {
  const request: Record<string, unknown> = { method: spec.request.method, url: spec.request.url };
  if (Object.keys(spec.request.headers).length > 0) request.headers = spec.request.headers;
  if (spec.request.body !== undefined) request.body = spec.request.body;
  if (spec.request.username !== undefined) {
    request.username = spec.request.username;
    request.password = spec.request.password ?? '';
  }
  return {
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    ...(spec.consumer ? { consumer: spec.consumer } : {}),
    ...(spec.provider ? { provider: spec.provider } : {}),
    events: spec.events.map((name) => ({ name })),
    request,
  };
}

/** The values that must never be printed: the password and secret header values (whole, and after the scheme). */
export function specSecrets(spec: WebhookSpec): string[] {
  const out: string[] = [];
  if (spec.request.password) {
    out.push(spec.request.password);
    // …and as it travels in a Basic Authorization header.
    out.push(Buffer.from(`${spec.request.username ?? ''}:${spec.request.password}`).toString('base64'));
  }
  for (const [name, value] of Object.entries(spec.request.headers)) {
    if (!isSecretHeader(name) || value === '') continue;
    out.push(value);
    const afterScheme = /^\S+\s+(.+)$/.exec(value)?.[1];
    if (afterScheme) out.push(afterScheme);
  }
  return out;
}
