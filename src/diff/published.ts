/**
 * The pacts the broker has for the consumer at the `against` point, per provider:
 *  - a version: the version's `pb:pact-versions`;
 *  - a branch or an environment: what each provider would verify from there — POST
 *    `pb:provider-pacts-for-verification` with `{branch|environment, consumer}` (allowed for
 *    read-only credentials too). Which providers: the local ones plus every provider the consumer
 *    has a pact with (`pb:latest-pact-versions`), so a provider it stopped talking to shows up.
 */
import type { BrokerClient } from '../broker/client.js';
import { BrokerNotFoundError } from '../broker/errors.js';
import type { HalResource } from '../broker/hal.js';
import { readLatestPacts } from '../release/latest-pacts.js';
import type { Against } from './against.js';
import { isObj, type Obj } from './raw.js';

export interface PublishedPact {
  provider: string;
  consumerVersion?: string;
  url: string;
  /** Why the broker picked it (for-verification's short description), when it says. */
  why?: string;
  /** The pact JSON without the broker's `_links`. */
  content: Obj;
}

function toPublished(res: HalResource, why?: string): PublishedPact {
  const { _links: _l, createdAt: _c, ...content } = res.data as Obj;
  const provider = isObj(content.provider) && typeof content.provider.name === 'string' ? content.provider.name : '?';
  const consumerVersion = res.links('pb:consumer-version')[0]?.name;
  return {
    provider,
    url: res.url,
    content: content as Obj,
    ...(consumerVersion ? { consumerVersion } : {}),
    ...(why ? { why } : {}),
  };
}

async function providersOf(client: BrokerClient, consumer: string): Promise<string[]> {
  const index = await client.index();
  if (!index.can('pb:latest-pact-versions')) return [];
  return readLatestPacts((await client.get(index.href('pb:latest-pact-versions'))).data)
    .filter((p) => p.consumer === consumer)
    .map((p) => p.provider);
}

async function forVerification(client: BrokerClient, provider: string, selector: Record<string, unknown>): Promise<PublishedPact[]> {
  let res: HalResource;
  try {
    res = await client.post(await client.href('pb:provider-pacts-for-verification', { provider }), {
      consumerVersionSelectors: [selector],
      includePendingStatus: false,
    });
  } catch (error) {
    if (error instanceof BrokerNotFoundError) return []; // the provider is not in the broker
    throw error;
  }
  const out: PublishedPact[] = [];
  for (const p of res.embedded<Obj>('pacts')) {
    const links = isObj(p._links) ? p._links : {};
    const href = isObj(links.self) && typeof links.self.href === 'string' ? links.self.href : undefined;
    if (!href) continue;
    out.push(toPublished(await client.get(href), typeof p.shortDescription === 'string' ? p.shortDescription : undefined));
  }
  return out;
}

export async function publishedPacts(client: BrokerClient, consumer: string, against: Against, localProviders: string[]): Promise<Map<string, PublishedPact[]>> {
  const byProvider = new Map<string, PublishedPact[]>();
  const add = (p: PublishedPact) => byProvider.set(p.provider, [...(byProvider.get(p.provider) ?? []), p]);
  if (against.kind === 'nothing') return byProvider;
  if (against.kind === 'version') {
    const version = await client.follow('pb:pacticipant-version', { pacticipant: consumer, version: against.version });
    for (const link of version.links('pb:pact-versions')) add(toPublished(await client.get(link.href), `version ${against.version}`));
    return byProvider;
  }
  const selector = against.kind === 'branch' ? { branch: against.branch, consumer } : { environment: against.environment, consumer };
  const providers = [...new Set([...localProviders, ...(await providersOf(client, consumer))])];
  for (const provider of providers) for (const p of await forVerification(client, provider, selector)) add(p);
  return byProvider;
}
