/** A BrokerClient from the resolved `broker` config section — the one place that mapping lives. */
import type { BrokerConfig } from '../config/types.js';
import { UsageError } from '../errors.js';
import { BrokerClient, type BrokerClientOptions } from './client.js';

/** Userinfo as the URL holds it, percent-decoded; a stray `%` stays as written. */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * `Name: value` lines → pairs. Problems name the entry by position and its header name only: the
 * value is often a credential (an API gateway key) and is never echoed.
 */
export function parseCustomHeaders(lines: string[]): [string, string][] {
  const problems: string[] = [];
  const headers: [string, string][] = [];
  lines.forEach((line, i) => {
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    const value = colon > 0 ? line.slice(colon + 1).trim() : '';
    const which = `custom header #${i + 1}${TOKEN.test(name) ? ` (${name})` : ''}`;
    if (!TOKEN.test(name)) problems.push(`${which}: expected 'Name: value' with a header name before the colon`);
    else if (/[\r\n\0]/.test(value)) problems.push(`${which}: the value contains a line break or NUL`);
    else headers.push([name, value]);
  });
  if (problems.length > 0) {
    throw new UsageError(problems.length === 1 ? problems[0]! : `${problems.length} malformed custom headers`, {
      details: problems.length === 1 ? [] : problems,
      hint: "Write them as --custom-header 'Name: value' (or broker.customHeaders in the config file).",
    });
  }
  return headers;
}

export function brokerClientFromConfig(b: BrokerConfig, extra: Partial<BrokerClientOptions> = {}): BrokerClient {
  if (!b.baseUrl) {
    throw new UsageError('no Pact Broker base URL configured', {
      hint: 'Pass --broker-base-url, set PACT_BROKER_BASE_URL, or set broker.baseUrl in the config file.',
    });
  }
  // Credentials written into the URL (https://user:pass@host) become basic auth: fetch refuses userinfo.
  const url = new URL(b.baseUrl);
  const fromUrl = url.username && !b.token && !b.username;
  const username = fromUrl ? safeDecode(url.username) : b.username;
  const password = fromUrl ? safeDecode(url.password) : b.password;
  url.username = '';
  url.password = '';
  const customHeaders = parseCustomHeaders(b.customHeaders ?? []);
  return new BrokerClient({
    baseUrl: url.toString(),
    ...(b.token ? { token: b.token } : {}),
    ...(username ? { username, password: password ?? '' } : {}),
    retries: b.retries,
    timeoutMs: b.timeoutMs,
    ...(b.deadlineMs !== undefined ? { deadlineMs: b.deadlineMs } : {}),
    ...(b.maxResponseMb !== undefined ? { maxResponseBytes: Math.round(b.maxResponseMb * 1024 * 1024) } : {}),
    ...(customHeaders.length ? { customHeaders } : {}),
    ...(b.skipSslVerification ? { skipSslVerification: true } : {}),
    ...(b.caFile ? { caFile: b.caFile } : {}),
    ...extra,
  });
}

/** Credentials written into a base URL's userinfo, so the redactor can learn them. */
export function urlCredentials(baseUrl: string | undefined): { username: string; password: string } | undefined {
  if (!baseUrl) return undefined;
  try {
    const url = new URL(baseUrl);
    return url.password ? { username: safeDecode(url.username), password: safeDecode(url.password) } : undefined;
  } catch {
    return undefined;
  }
}
