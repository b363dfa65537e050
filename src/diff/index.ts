/**
 * `pactship diff`: what publishing the local pacts would change, per provider, against a branch,
 * version or environment — and whether the provider versions in each environment have verified
 * that contract already. Informs only; can-i-deploy decides. Also the library API.
 */
import type { BrokerClient } from '../broker/client.js';
import { describeAgainst, resolveAgainst, type Against, type AgainstRequest } from './against.js';
import { diffPactContent, hasChanges, interactionRefs, type ContentDiff } from './compare.js';
import type { LocalPact } from './local.js';
import { publishedPacts, type PublishedPact } from './published.js';
import type { Obj } from './raw.js';
import { environmentsOf, pactFetcher, verificationStatus, type EnvironmentStatus } from './verification.js';

export type { AgainstRequest, Against } from './against.js';
export type { ContentDiff, FieldChange, InteractionRef } from './compare.js';
export type { EnvironmentStatus, ProviderVersionStatus } from './verification.js';
export { loadLocalPacts, type LocalPact } from './local.js';

export interface Comparison {
  /** What was compared against; null when the broker has nothing for this provider there. */
  against: Omit<PublishedPact, 'content'> | null;
  diff: ContentDiff;
}

export interface ProviderDiff {
  provider: string;
  /** The local pact file (absent when only the broker has a pact with this provider). */
  file?: string;
  /** new: nothing published at `against`; removed: published there, but no local pact. */
  status: 'changed' | 'unchanged' | 'new' | 'removed';
  comparisons: Comparison[];
  /** Per environment; undefined when the broker has no environments (older brokers) or for removed pacts. */
  verification?: EnvironmentStatus[];
  /** Some provider version in an environment has not verified these interactions; null = nothing to tell (deployed nowhere). */
  needsProviderWork: boolean | null;
}

export interface ConsumerDiff {
  consumer: string;
  against: Against & { description: string };
  providers: ProviderDiff[];
}

export interface DiffReport {
  results: ConsumerDiff[];
}

export interface DiffOptions {
  client: BrokerClient;
  pacts: LocalPact[];
  against: AgainstRequest;
  /** Ask the matrix about each environment (default true). */
  verification?: boolean;
}

function allOf(content: Obj, as: 'added' | 'removed'): ContentDiff {
  const refs = interactionRefs(content);
  return { added: as === 'added' ? refs : [], removed: as === 'removed' ? refs : [], changed: [], unchanged: 0 };
}

function withoutContent(p: PublishedPact): Omit<PublishedPact, 'content'> {
  const { content: _c, ...rest } = p;
  return rest;
}

function needsWork(envs: EnvironmentStatus[] | undefined): boolean | null {
  const versions = (envs ?? []).flatMap((e) => e.providerVersions);
  if (versions.length === 0) return null;
  return versions.some((v) => v.status !== 'verified');
}

async function diffConsumer(options: DiffOptions, consumer: string, locals: LocalPact[]): Promise<ConsumerDiff> {
  const { client } = options;
  const against = await resolveAgainst(client, consumer, options.against);
  const published = await publishedPacts(client, consumer, against, locals.map((l) => l.provider));
  const fetchPact = pactFetcher(client);
  const environments = options.verification === false ? undefined : await environmentsOf(client);
  const providers: ProviderDiff[] = [];
  for (const local of locals) {
    const theirs = published.get(local.provider) ?? [];
    const comparisons: Comparison[] = theirs.length
      ? theirs.map((p) => ({ against: withoutContent(p), diff: diffPactContent(p.content, local.content) }))
      : [{ against: null, diff: allOf(local.content, 'added') }];
    const status = theirs.length === 0 ? 'new' : comparisons.some((c) => hasChanges(c.diff)) ? 'changed' : 'unchanged';
    const verification =
      environments === undefined
        ? undefined
        : await verificationStatus(client, fetchPact, environments, {
            consumer,
            provider: local.provider,
            local: local.content,
            againstVersions: theirs.map((p) => p.consumerVersion).filter((v): v is string => v !== undefined),
          });
    providers.push({ provider: local.provider, file: local.file, status, comparisons, ...(verification ? { verification } : {}), needsProviderWork: needsWork(verification) });
  }
  for (const [provider, theirs] of published) {
    if (locals.some((l) => l.provider === provider)) continue;
    providers.push({
      provider,
      status: 'removed',
      comparisons: theirs.map((p) => ({ against: withoutContent(p), diff: allOf(p.content, 'removed') })),
      needsProviderWork: false,
    });
  }
  return { consumer, against: { ...against, description: describeAgainst(against) }, providers };
}

export async function diffPacts(options: DiffOptions): Promise<DiffReport> {
  const consumers = [...new Set(options.pacts.map((p) => p.consumer))];
  const results: ConsumerDiff[] = [];
  for (const consumer of consumers) results.push(await diffConsumer(options, consumer, options.pacts.filter((p) => p.consumer === consumer)));
  return { results };
}
