/**
 * Sends a publish plan: one POST to pb:publish-contracts per consumer; brokers without that
 * relation get the legacy flow (branch and tags PUT, then each pact PUT to pb:publish-pact).
 */
import type { BrokerClient } from '../broker/client.js';
import { PactshipError } from '../errors.js';
import type { BrokerNotice } from '../broker/errors.js';
import type { HalLink } from '../broker/hal.js';
import { contractsRequestBody, type ConsumerPublication, type PublishPlan } from './plan.js';

export interface PublishedPact {
  consumer: string;
  provider: string;
  file: string;
  version: string;
  url?: string;
}

export interface PublishResult {
  mode: 'contracts' | 'legacy';
  published: PublishedPact[];
  notices: BrokerNotice[];
}

/** Some consumers were published before one failed: says which, so nobody has to guess what to redo. */
export class PartialPublishError extends PactshipError {
  override readonly code: string = 'PUBLISH_PARTIAL';
  constructor(
    readonly failedConsumer: string,
    readonly published: PublishedPact[],
    cause: PactshipError | Error,
  ) {
    const done = [...new Set(published.map((p) => `${p.consumer} → ${p.provider} (${p.version})`))];
    super(`publishing ${failedConsumer} failed: ${cause.message}`, {
      details: [...(cause instanceof PactshipError ? cause.details : []), `published before the failure: ${done.join(', ')}`],
      hint: `${cause instanceof PactshipError && cause.hint ? `${cause.hint} ` : ''}Publishing again is safe: the pacts already published are accepted unchanged.`,
      cause,
    });
  }
}

export async function sendPlan(client: BrokerClient, plan: PublishPlan): Promise<PublishResult> {
  const index = await client.index();
  const result: PublishResult = { mode: index.can('pb:publish-contracts') ? 'contracts' : 'legacy', published: [], notices: [] };
  for (const publication of plan.publications) {
    try {
      if (result.mode === 'contracts') await publishContracts(client, index.href('pb:publish-contracts'), publication, plan.merge, result);
      else await publishLegacy(client, publication, plan.merge, result);
    } catch (error) {
      if (result.published.length === 0 || !(error instanceof Error)) throw error;
      throw new PartialPublishError(publication.consumer, result.published, error);
    }
  }
  return result;
}

async function publishContracts(
  client: BrokerClient,
  url: string,
  p: ConsumerPublication,
  merge: boolean,
  result: PublishResult,
): Promise<void> {
  // Idempotent: the broker accepts the same contracts for the same version again unchanged, so a
  // retry after a 5xx cannot record anything twice.
  const response = await client.post<{ notices?: BrokerNotice[] }>(url, contractsRequestBody(p, merge), { idempotent: true });
  result.notices.push(...(response.data.notices ?? []));
  const contractLinks: HalLink[] = response.links('pb:contracts');
  p.pacts.forEach((f, i) => {
    // The broker names each contract link "Pact between C (v) and P"; fall back to position.
    const link = contractLinks.find((l) => l.name?.includes(` and ${f.pact.provider.name}`)) ?? contractLinks[i];
    result.published.push({
      consumer: p.consumer,
      provider: f.pact.provider.name,
      file: f.path,
      version: p.version,
      ...(link ? { url: link.href } : {}),
    });
  });
}

async function publishLegacy(client: BrokerClient, p: ConsumerPublication, merge: boolean, result: PublishResult): Promise<void> {
  const index = await client.index();
  if (p.branch) {
    await client.put(index.href('pb:pacticipant-branch-version', { pacticipant: p.consumer, branch: p.branch, version: p.version }), {});
  }
  for (const tag of p.tags) {
    await client.put(index.href('pb:pacticipant-version-tag', { pacticipant: p.consumer, version: p.version, tag }), {});
  }
  for (const f of p.pacts) {
    const url = index.href('pb:publish-pact', {
      provider: f.pact.provider.name,
      consumer: p.consumer,
      consumerApplicationVersion: p.version,
    });
    // The file's own bytes, not a re-serialization. PATCH asks the broker to merge.
    const body = f.bytes.toString('utf8');
    const response = merge ? await client.patch(url, body, { contentType: 'application/json' }) : await client.put(url, body);
    result.published.push({
      consumer: p.consumer,
      provider: f.pact.provider.name,
      file: f.path,
      version: p.version,
      url: response.links('self')[0]?.href ?? url,
    });
  }
  result.notices.push({
    type: 'info',
    text: `The broker has no pb:publish-contracts relation (older than 2.86?); published ${p.pacts.length} pact(s) for ${p.consumer} with the legacy API.`,
  });
  if (p.buildUrl) result.notices.push({ type: 'warning', text: 'The legacy publish API cannot record a build URL; it was not sent.' });
}
