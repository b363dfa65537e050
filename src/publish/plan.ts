/**
 * What will be sent, decided before any network call: one request per consumer with all its pacts,
 * the consumer version, branch, tags and build URL, and where each of those came from. Pure.
 */
import { UsageError } from '../errors.js';
import type { VersionProperties } from '../ci/detect.js';
import type { PactFile } from './load.js';

export interface Sourced {
  value: string;
  source: string;
}

export interface PublishInputs {
  consumerVersion?: Sourced;
  branch?: Sourced;
  tags: string[];
  tagWithGitBranch: boolean;
  buildUrl?: Sourced;
  merge: boolean;
  /** Take the build URL (and a CI branch) from CI: on in CI, or with -r. */
  autoDetect: boolean;
  /** Take the branch from CI or git when none is given: off only with --no-auto-detect-version-properties. */
  detectBranch: boolean;
  detected: VersionProperties;
}

export interface ConsumerPublication {
  consumer: string;
  version: string;
  branch?: string;
  tags: string[];
  buildUrl?: string;
  pacts: PactFile[];
}

export interface PublishPlan {
  publications: ConsumerPublication[];
  /** What was used and where it came from, e.g. `version abc123 (GITHUB_SHA)`. */
  facts: string[];
  /** Things the user should fix or know (e.g. uncommitted pact files published as a commit). */
  warnings: string[];
  merge: boolean;
}

export function planPublication(files: PactFile[], inputs: PublishInputs): PublishPlan {
  const facts: string[] = [];
  const { detected } = inputs;
  // The version is needed in any case; detection is the only sensible fallback.
  const version = inputs.consumerVersion ?? detected.version;
  if (!version) {
    throw new UsageError('no consumer version: none was given and none could be detected (no CI variables, no git repository)', {
      hint: 'Pass --consumer-app-version <version> (-a), set publish.consumerVersion, or run inside a git repository.',
    });
  }
  facts.push(`version ${version.value} (${version.source})`);
  const branch = inputs.branch ?? (inputs.autoDetect || inputs.detectBranch ? detected.branch : undefined);
  if (branch) facts.push(`branch ${branch.value} (${branch.source})`);
  const buildUrl = inputs.buildUrl ?? (inputs.autoDetect ? detected.buildUrl : undefined);
  if (buildUrl) facts.push(`build URL ${buildUrl.value} (${buildUrl.source})`);

  const tags = [...inputs.tags];
  if (inputs.tagWithGitBranch) {
    const gitBranch = inputs.branch ?? detected.branch;
    if (!gitBranch) {
      throw new UsageError('--tag-with-git-branch: no git branch could be detected (detached HEAD, or not a git repository)', {
        hint: 'Pass the tag explicitly with --tag, or run on a branch.',
      });
    }
    tags.push(gitBranch.value);
  }
  const uniqueTags = [...new Set(tags)];
  if (uniqueTags.length) facts.push(`tags ${uniqueTags.join(', ')}`);

  const byConsumer = new Map<string, PactFile[]>();
  for (const f of files) {
    const list = byConsumer.get(f.pact.consumer.name) ?? [];
    list.push(f);
    byConsumer.set(f.pact.consumer.name, list);
  }
  const publications = [...byConsumer].map(([consumer, pacts]) => {
    const p: ConsumerPublication = { consumer, version: version.value, tags: uniqueTags, pacts };
    if (branch) p.branch = branch.value;
    if (buildUrl) p.buildUrl = buildUrl.value;
    return p;
  });
  return { publications, facts, warnings: [], merge: inputs.merge };
}

/** The pb:publish-contracts request body for one consumer. */
export function contractsRequestBody(p: ConsumerPublication, merge: boolean): Record<string, unknown> {
  return {
    pacticipantName: p.consumer,
    pacticipantVersionNumber: p.version,
    ...(p.branch ? { branch: p.branch } : {}),
    ...(p.tags.length ? { tags: p.tags } : {}),
    ...(p.buildUrl ? { buildUrl: p.buildUrl } : {}),
    contracts: p.pacts.map((f) => ({
      consumerName: p.consumer,
      providerName: f.pact.provider.name,
      specification: 'pact',
      contentType: 'application/json',
      content: f.bytes.toString('base64'),
      ...(merge ? { onConflict: 'merge' } : {}),
    })),
  };
}
