/** Pacticipant versions: look one up (naming what exists when it is not there), tag, branch, describe. */
import type { BrokerClient } from '../broker/client.js';
import { BrokerNotFoundError } from '../broker/errors.js';
import type { HalResource } from '../broker/hal.js';
import { UsageError } from '../errors.js';
import { UnknownVersionError, listKnown } from './errors.js';
import { findPacticipant, unknownPacticipant } from './pacticipants.js';

export interface VersionInfo {
  pacticipant: string;
  number: string;
  branch?: string;
  branches: string[];
  tags: string[];
  buildUrl?: string;
  createdAt?: string;
  url?: string;
  /** Environment names offered by the version's record-deployment links. */
  environments?: string[];
}

type Obj = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const names = (v: unknown): string[] =>
  Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : str((x as Obj | null)?.name))).filter((x): x is string => !!x) : [];

export function toVersionInfo(res: HalResource, pacticipant: string): VersionInfo {
  const d = res.data as Obj;
  const embedded = (d._embedded ?? {}) as Obj;
  const branches = [...new Set([...names(embedded.branchVersions), ...names(d.branches)])];
  const branch = str(d.branch) ?? branches.at(-1);
  if (branch && !branches.includes(branch)) branches.push(branch);
  const tags = [...new Set([...names(embedded.tags), ...names(d.tags)])];
  const info: VersionInfo = {
    pacticipant: str((embedded.pacticipant as Obj | undefined)?.name) ?? pacticipant,
    number: str(d.number) ?? '?',
    branches,
    tags,
  };
  if (branch) info.branch = branch;
  if (str(d.buildUrl)) info.buildUrl = str(d.buildUrl) as string;
  if (str(d.createdAt)) info.createdAt = str(d.createdAt) as string;
  const self = res.links('self')[0]?.href;
  if (self) info.url = self;
  const envs = res.links('pb:record-deployment').map((l) => l.name).filter((n): n is string => !!n);
  if (envs.length > 0) info.environments = envs;
  return info;
}

/** Version numbers of a pacticipant, newest first as far as the broker orders them; never throws. */
async function knownVersions(client: BrokerClient, pacticipant: HalResource): Promise<string[]> {
  try {
    if (!pacticipant.can('pb:versions')) return [];
    const res = await client.get(pacticipant.href('pb:versions'));
    const list = res.embedded<Obj>('versions').map((v) => str(v.number)).filter((n): n is string => !!n);
    return list;
  } catch {
    return [];
  }
}

/** GET `pb:pacticipant-version`; a 404 becomes an error naming the pacticipant's versions (or the pacticipants). */
export async function getVersion(client: BrokerClient, pacticipant: string, version: string): Promise<HalResource> {
  try {
    return await client.follow('pb:pacticipant-version', { pacticipant, version });
  } catch (error) {
    if (!(error instanceof BrokerNotFoundError)) throw error;
    throw await unknownVersion(client, pacticipant, version);
  }
}

async function unknownVersion(client: BrokerClient, pacticipant: string, version: string): Promise<Error> {
  const p = await findPacticipant(client, pacticipant);
  if (!p) return unknownPacticipant(client, pacticipant);
  const known = await knownVersions(client, p);
  const latest = (p.data._embedded as Obj | undefined)?.latestVersion as Obj | undefined;
  const latestNumber = str(latest?.number);
  const details = known.length > 0 ? [`versions of ${pacticipant}: ${listKnown(known)}`] : latestNumber ? [`latest version of ${pacticipant}: '${latestNumber}'`] : [];
  return new UnknownVersionError(`${pacticipant} has no version '${version}' in the Pact Broker`, known.length ? known : latestNumber ? [latestNumber] : [], {
    details,
    hint: 'A version exists once a pact or verification result was published for it, or it was created with create-or-update-version / create-version-tag --auto-create-version.',
  });
}

export async function describeVersion(
  client: BrokerClient,
  input: { pacticipant: string; version?: string; latest?: boolean; tag?: string },
): Promise<VersionInfo> {
  if (input.version !== undefined) return toVersionInfo(await getVersion(client, input.pacticipant, input.version), input.pacticipant);
  const index = await client.index();
  const useTag = input.tag !== undefined && input.tag !== '';
  const rel = useTag ? 'pb:latest-tagged-version' : 'pb:latest-version';
  const url = index.href(rel, { pacticipant: input.pacticipant, ...(useTag ? { tag: input.tag as string } : {}) });
  try {
    return toVersionInfo(await client.get(url), input.pacticipant);
  } catch (error) {
    if (!(error instanceof BrokerNotFoundError)) throw error;
    const p = await findPacticipant(client, input.pacticipant);
    if (!p) throw await unknownPacticipant(client, input.pacticipant);
    throw new UnknownVersionError(
      useTag ? `${input.pacticipant} has no version tagged '${input.tag}'` : `${input.pacticipant} has no versions yet`,
      await knownVersions(client, p),
    );
  }
}

export interface TagResult {
  pacticipant: string;
  version: string;
  tags: string[];
  createdVersion: boolean;
}

export async function createVersionTags(
  client: BrokerClient,
  input: { pacticipant: string; version: string; tags: string[]; autoCreateVersion: boolean },
): Promise<TagResult> {
  if (input.tags.length === 0) throw new UsageError('no tags given', { hint: 'Pass --tag TAG (repeatable) or --tag-with-git-branch.' });
  let createdVersion = false;
  if (!input.autoCreateVersion) {
    await getVersion(client, input.pacticipant, input.version);
  } else {
    try {
      await client.follow('pb:pacticipant-version', { pacticipant: input.pacticipant, version: input.version });
    } catch (error) {
      if (!(error instanceof BrokerNotFoundError)) throw error;
      createdVersion = true;
    }
  }
  const index = await client.index();
  for (const tag of input.tags) {
    await client.put(index.href('pb:pacticipant-version-tag', { pacticipant: input.pacticipant, version: input.version, tag }), {});
  }
  return { pacticipant: input.pacticipant, version: input.version, tags: input.tags, createdVersion };
}

/** PUT the version onto its branch and tags (each creates what is missing), or PUT the version itself. */
export async function createOrUpdateVersion(
  client: BrokerClient,
  input: { pacticipant: string; version: string; branch?: string; tags: string[] },
): Promise<VersionInfo & { created: boolean }> {
  const index = await client.index();
  const { pacticipant, version } = input;
  let created = false;
  try {
    await client.follow('pb:pacticipant-version', { pacticipant, version });
  } catch (error) {
    if (!(error instanceof BrokerNotFoundError)) throw error;
    created = true;
  }
  if (input.branch !== undefined) {
    await client.put(index.href('pb:pacticipant-branch-version', { pacticipant, branch: input.branch, version }), {});
  }
  for (const tag of input.tags) {
    await client.put(index.href('pb:pacticipant-version-tag', { pacticipant, version, tag }), {});
  }
  if (input.branch === undefined && input.tags.length === 0 && created) {
    await client.put(index.href('pb:pacticipant-version', { pacticipant, version }), {});
  }
  return { ...toVersionInfo(await getVersion(client, pacticipant, version), pacticipant), created };
}
