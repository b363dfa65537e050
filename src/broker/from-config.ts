/** A BrokerClient from the resolved `broker` config section — the one place that mapping lives. */
import type { BrokerConfig } from '../config/types.js';
import { UsageError } from '../errors.js';
import { BrokerClient, type BrokerClientOptions } from './client.js';

export function brokerClientFromConfig(b: BrokerConfig, extra: Partial<BrokerClientOptions> = {}): BrokerClient {
  if (!b.baseUrl) {
    throw new UsageError('no Pact Broker base URL configured', {
      hint: 'Pass --broker-base-url, set PACT_BROKER_BASE_URL, or set broker.baseUrl in the config file.',
    });
  }
  // Credentials written into the URL (https://user:pass@host) become basic auth: fetch refuses userinfo.
  const url = new URL(b.baseUrl);
  const fromUrl = url.username && !b.token && !b.username;
  const username = fromUrl ? decodeURIComponent(url.username) : b.username;
  const password = fromUrl ? decodeURIComponent(url.password) : b.password;
  url.username = '';
  url.password = '';
  return new BrokerClient({
    baseUrl: url.toString(),
    ...(b.token ? { token: b.token } : {}),
    ...(username ? { username, password: password ?? '' } : {}),
    retries: b.retries,
    timeoutMs: b.timeoutMs,
    ...(b.caFile ? { caFile: b.caFile } : {}),
    ...extra,
  });
}

/** Credentials written into a base URL's userinfo, so the redactor can learn them. */
export function urlCredentials(baseUrl: string | undefined): { username: string; password: string } | undefined {
  if (!baseUrl) return undefined;
  try {
    const url = new URL(baseUrl);
    return url.password ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } : undefined;
  } catch {
    return undefined;
  }
}
