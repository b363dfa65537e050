/**
 * What to compare with. `--against-branch`, `--against-version`, `--against-environment` say it
 * outright; `--against X` looks X up as each of the three and takes the one that exists — if X is
 * more than one (a branch called `production`…) it stops and asks for the explicit flag rather than
 * guess. Nothing given: the consumer's main branch (as the broker knows it).
 */
import type { BrokerClient } from '../broker/client.js';
import { BrokerNotFoundError } from '../broker/errors.js';
import type { HalResource } from '../broker/hal.js';
import { UsageError } from '../errors.js';
import { listEnvironments } from '../release/environments.js';
import { listKnown } from '../release/errors.js';
import { findPacticipant } from '../release/pacticipants.js';

export type AgainstRequest =
  | { kind: 'auto'; value: string }
  | { kind: 'branch' | 'version' | 'environment'; value: string }
  | { kind: 'main-branch' };

export type Against =
  | { kind: 'branch'; branch: string; mainBranch: boolean }
  | { kind: 'version'; version: string }
  | { kind: 'environment'; environment: string }
  /** The consumer is not in the broker yet: everything is new. */
  | { kind: 'nothing'; reason: string };

export function describeAgainst(a: Against): string {
  switch (a.kind) {
    case 'branch':
      return `branch ${a.branch}${a.mainBranch ? ' (the main branch)' : ''}`;
    case 'version':
      return `version ${a.version}`;
    case 'environment':
      return `environment ${a.environment}`;
    case 'nothing':
      return 'nothing published yet';
  }
}

type Obj = Record<string, unknown>;

/** The consumer's branches; undefined when the broker cannot list them (older brokers). */
async function branchesOf(client: BrokerClient, pacticipant: HalResource): Promise<string[] | undefined> {
  if (!pacticipant.can('pb:branches')) return undefined;
  return (await client.get(pacticipant.href('pb:branches'))).embedded<Obj>('branches').map((b) => String(b.name ?? ''));
}

async function versionExists(client: BrokerClient, consumer: string, version: string): Promise<boolean> {
  try {
    await client.follow('pb:pacticipant-version', { pacticipant: consumer, version });
    return true;
  } catch (error) {
    if (error instanceof BrokerNotFoundError) return false;
    throw error;
  }
}

async function environmentNames(client: BrokerClient): Promise<string[]> {
  const index = await client.index();
  return index.can('pb:environments') ? (await listEnvironments(client)).map((e) => e.name) : [];
}

export async function resolveAgainst(client: BrokerClient, consumer: string, request: AgainstRequest): Promise<Against> {
  const pacticipant = await findPacticipant(client, consumer);
  if (!pacticipant) {
    if (request.kind === 'main-branch') return { kind: 'nothing', reason: `${consumer} is not in the Pact Broker yet` };
    throw new UsageError(`cannot compare: the Pact Broker has no pacticipant named '${consumer}' (the consumer of the local pacts)`, {
      hint: 'Nothing of it was ever published. Check the consumer name in the pact files, or run pactship diff without --against to see everything as new.',
    });
  }
  if (request.kind === 'main-branch') {
    const main = typeof pacticipant.data.mainBranch === 'string' && pacticipant.data.mainBranch !== '' ? pacticipant.data.mainBranch : undefined;
    if (!main) {
      throw new UsageError(`cannot compare: ${consumer} has no main branch set in the Pact Broker`, {
        hint: `Say what to compare with (--against-branch main, --against-environment production, --against-version V), or set it: pactship create-or-update-pacticipant --name ${consumer} --main-branch main`,
      });
    }
    return { kind: 'branch', branch: main, mainBranch: true };
  }
  const main = typeof pacticipant.data.mainBranch === 'string' ? pacticipant.data.mainBranch : undefined;
  if (request.kind === 'branch') {
    const branches = await branchesOf(client, pacticipant);
    if (branches && !branches.includes(request.value)) {
      throw new UsageError(`cannot compare: ${consumer} has no branch '${request.value}' in the Pact Broker`, { details: [`branches of ${consumer}: ${listKnown(branches)}`] });
    }
    return { kind: 'branch', branch: request.value, mainBranch: request.value === main };
  }
  if (request.kind === 'version') {
    if (!(await versionExists(client, consumer, request.value))) {
      throw new UsageError(`cannot compare: ${consumer} has no version '${request.value}' in the Pact Broker`, {
        hint: 'A version exists once a pact was published for it. Check the version (often a git SHA).',
      });
    }
    return { kind: 'version', version: request.value };
  }
  if (request.kind === 'environment') {
    const envs = await environmentNames(client);
    if (!envs.includes(request.value)) {
      throw new UsageError(`cannot compare: the Pact Broker has no environment '${request.value}'`, { details: [`environments: ${listKnown(envs)}`] });
    }
    return { kind: 'environment', environment: request.value };
  }

  const x = request.value;
  const [branches, envs, isVersion] = await Promise.all([branchesOf(client, pacticipant).then((b) => b ?? []), environmentNames(client), versionExists(client, consumer, x)]);
  const found: Against[] = [];
  if (branches.includes(x)) found.push({ kind: 'branch', branch: x, mainBranch: x === main });
  if (isVersion) found.push({ kind: 'version', version: x });
  if (envs.includes(x)) found.push({ kind: 'environment', environment: x });
  if (found.length === 1) return found[0] as Against;
  if (found.length > 1) {
    const kinds = found.map((f) => f.kind);
    throw new UsageError(`--against '${x}' is ambiguous: it is ${kinds.map((k) => (k === 'environment' ? 'an environment' : `a ${k} of ${consumer}`)).join(' and ')}`, {
      hint: `Say which: ${kinds.map((k) => `--against-${k} ${x}`).join(' or ')}`,
    });
  }
  throw new UsageError(`cannot compare: '${x}' is not a branch or version of ${consumer}, nor an environment, in the Pact Broker`, {
    details: [`branches of ${consumer}: ${listKnown(branches)}`, `environments: ${listKnown(envs)}`],
    hint: 'Check the spelling (case-sensitive); for a version use the exact version number (often a git SHA).',
  });
}
