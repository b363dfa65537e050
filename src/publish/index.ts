/** Publishing as a library call: files → validated pacts → plan → broker. Used by the CLI and the API. */
import path from 'node:path';
import type { BrokerClientOptions } from '../broker/client.js';
import { brokerClientFromConfig } from '../broker/from-config.js';
import { detectVersionProperties, isCI, systemGit, uncommittedChanges, type Git } from '../ci/detect.js';
import { describeSource, loadConfig } from '../config/load.js';
import type { ResolvedConfig } from '../config/types.js';
import { findPactFiles } from '../files/find-pacts.js';
import { loadPactFiles } from './load.js';
import { planPublication, type PublishPlan, type Sourced } from './plan.js';
import { sendPlan, type PublishResult } from './send.js';

export { contractsRequestBody } from './plan.js';
export type { PublishPlan } from './plan.js';
export type { PublishResult, PublishedPact } from './send.js';

export interface PrepareOptions {
  resolved: ResolvedConfig;
  /** Paths/globs given on the command line (else publish.pactFiles). */
  inputs: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  git?: Git;
}

export async function preparePublication(o: PrepareOptions): Promise<PublishPlan> {
  const { config, sources } = o.resolved;
  const patterns = o.inputs.length > 0 ? o.inputs : config.publish.pactFiles;
  const files = await findPactFiles(patterns, { cwd: o.cwd, recursive: false });
  const pacts = await loadPactFiles(files, o.cwd);
  const autoDetect = config.publish.autoDetectVersionProperties ?? isCI(o.env);
  const git = o.git ?? systemGit(o.cwd);
  const detected = await detectVersionProperties({ env: o.env, git });
  const sourced = (key: 'consumerVersion' | 'branch' | 'buildUrl'): Sourced | undefined => {
    const value = config.publish[key];
    return value === undefined ? undefined : { value, source: describeSource(sources.get(`publish.${key}`)) };
  };
  const plan = planPublication(pacts, {
    ...optional('consumerVersion', sourced('consumerVersion')),
    ...optional('branch', sourced('branch')),
    ...optional('buildUrl', sourced('buildUrl')),
    tags: config.publish.tags,
    tagWithGitBranch: config.publish.tagWithGitBranch,
    merge: config.publish.merge,
    autoDetect,
    detectBranch: config.publish.autoDetectVersionProperties !== false,
    detected,
  });
  plan.warnings.push(...(await uncommittedWarnings(plan, git, o.cwd)));
  if (pacts.some((p) => p.pact.specVersionAssumed)) {
    plan.facts.push(
      `note: ${pacts.filter((p) => p.pact.specVersionAssumed).length} file(s) name no pact specification version; treated as V3`,
    );
  }
  return plan;
}

/**
 * A version that is the commit SHA promises "this content is that commit's": a pact file with
 * uncommitted changes breaks the promise (the next build of the same commit publishes other content).
 */
async function uncommittedWarnings(plan: PublishPlan, git: Git, cwd: string): Promise<string[]> {
  const version = plan.publications[0]?.version;
  if (!version || !/^[0-9a-f]{7,40}$/i.test(version)) return [];
  const head = await git(['rev-parse', 'HEAD']);
  if (!head || !head.toLowerCase().startsWith(version.toLowerCase())) return [];
  const files = plan.publications.flatMap((p) => p.pacts.map((f) => f.path));
  const changed = await uncommittedChanges(git, files);
  if (changed.length === 0) return [];
  const shown = changed.map((f) => path.relative(cwd, f) || f);
  return [
    `${shown.join(', ')} ${shown.length === 1 ? 'has' : 'have'} uncommitted changes, but the version ${version} is the commit SHA: ` +
      'the broker will keep this content as that commit\'s. Commit the pact files first, or publish with another --consumer-app-version.',
  ];
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

export interface PublishOptions {
  pactFiles?: string[];
  consumerVersion?: string;
  branch?: string;
  tags?: string[];
  buildUrl?: string;
  merge?: boolean;
  brokerBaseUrl?: string;
  brokerToken?: string;
  brokerUsername?: string;
  brokerPassword?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Client options for tests (fetch seam, sleep). */
  client?: Partial<BrokerClientOptions>;
}

/** `import { publish } from 'pactship'`: the same as `pactship publish`, with the same config layering. */
export async function publish(options: PublishOptions = {}): Promise<PublishResult & { plan: PublishPlan }> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const resolved = await loadConfig({
    cwd,
    env,
    flags: {
      'broker.baseUrl': options.brokerBaseUrl,
      'broker.token': options.brokerToken,
      'broker.username': options.brokerUsername,
      'broker.password': options.brokerPassword,
      'publish.consumerVersion': options.consumerVersion,
      'publish.branch': options.branch,
      'publish.tags': options.tags,
      'publish.buildUrl': options.buildUrl,
      'publish.merge': options.merge,
    },
  });
  const plan = await preparePublication({ resolved, inputs: options.pactFiles ?? [], cwd, env });
  const client = brokerClientFromConfig(resolved.config.broker, { env, ...options.client });
  return { ...(await sendPlan(client, plan)), plan };
}
