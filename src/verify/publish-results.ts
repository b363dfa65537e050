/**
 * Publishing verification results (broker-api.md section 5): first the provider version's branch
 * and tags, then one POST per pact to its `pb:publish-verification-results` link. Returns what was
 * sent and what was not; the caller saves the unsent part (unsent.ts) and fails with exit 2.
 */
import type { BrokerClient } from '../broker/client.js';
import type { HalResource } from '../broker/hal.js';
import type { UnsentEntry } from './unsent.js';

export interface PublishInput {
  provider: string;
  /** The provider resource (a pact's `pb:provider` link), else found through the index. */
  providerUrl?: string;
  providerVersion: string;
  branch?: string;
  tags: string[];
  entries: UnsentEntry[];
}

export interface PublishOutcome {
  sent: { entry: UnsentEntry; location?: string }[];
  unsent: UnsentEntry[];
  /** Messages of what failed (branch/tag recording, posts). */
  errors: string[];
}

async function providerResource(broker: BrokerClient, input: PublishInput): Promise<HalResource> {
  if (input.providerUrl) return broker.get(input.providerUrl);
  return broker.follow('pb:pacticipant', { pacticipant: input.provider });
}

/** PUT {} to the branch-version and version-tag relations (creating the version as needed). */
export async function recordProviderVersion(broker: BrokerClient, input: PublishInput): Promise<void> {
  if (!input.branch && input.tags.length === 0) return;
  let provider: HalResource | undefined;
  try {
    provider = await providerResource(broker, input);
  } catch {
    provider = undefined; // unknown yet: the index relations create it
  }
  const index = () => broker.index();
  if (input.branch) {
    const params = { branch: input.branch, version: input.providerVersion, pacticipant: input.provider };
    const url = provider?.can('pb:branch-version') ? provider.href('pb:branch-version', params) : (await index()).href('pb:pacticipant-branch-version', params);
    await broker.put(url, {});
  }
  for (const tag of input.tags) {
    const params = { tag, version: input.providerVersion, pacticipant: input.provider };
    const url = provider?.can('pb:version-tag') ? provider.href('pb:version-tag', params) : (await index()).href('pb:pacticipant-version-tag', params);
    await broker.put(url, {});
  }
}

export async function publishResults(broker: BrokerClient, input: PublishInput): Promise<PublishOutcome> {
  const outcome: PublishOutcome = { sent: [], unsent: [], errors: [] };
  try {
    await recordProviderVersion(broker, input);
  } catch (error) {
    // Results without the branch would break pending calculations: keep them all for a resend.
    outcome.errors.push(`recording provider version ${input.providerVersion} (branch/tags) failed: ${(error as Error).message}`);
    outcome.unsent.push(...input.entries);
    return outcome;
  }
  for (const entry of input.entries) {
    try {
      const res = await broker.post(entry.url, entry.payload);
      const location = res.headers.get('location') ?? undefined;
      outcome.sent.push({ entry, ...(location ? { location } : {}) });
    } catch (error) {
      outcome.errors.push(`${entry.consumer}: ${(error as Error).message}`);
      outcome.unsent.push(entry);
    }
  }
  return outcome;
}
